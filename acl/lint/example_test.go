package lint_test

import (
	"fmt"
	"os"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

func ExampleValidate() {
	target, err := lint.NewTarget("elasticache", "redis-6.2")
	if err != nil {
		panic(err)
	}
	ds, err := lint.Validate("on ~* >secretpassword123456 reset %R~x (+get)", target)
	if err != nil {
		panic(err)
	}
	for _, d := range ds {
		if d.Severity == lint.Error {
			fmt.Println(d)
		}
	}
	// Output:
	// 1:7: error: AC2001: password rule `>***` in access string
	// 1:29: error: AC2002: `reset` in access string
	// 1:35: error: AC1004: read/write key pattern `%R~x` needs Redis 7.0 or later
	// 1:40: error: AC1004: selector `(+get)` needs Redis 7.0 or later
}

func ExampleLinter_Lint() {
	target, _ := lint.ParseTarget("valkey/valkey-8.0")
	l, err := lint.New(lint.Config{Target: target, Disabled: map[string]bool{"AC5003": true}})
	if err != nil {
		panic(err)
	}
	in := input.ReadText("users.acl", `user default off
user app on #8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92 ~app:* +@read +@geo
user admin on #8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92 ~* +@all
`)
	// The server refuses comments in ACL files: suppressions come from
	// elsewhere (aclcheck's .aclcheck.yaml).
	in.IgnoreUser("admin", []string{"AC5001"}, "break-glass administrator")
	ds := l.Lint(in)
	lint.WriteText(os.Stdout, ds, []*input.Input{in}, lint.TextOptions{NoSource: true})
	// Output:
	// users.acl:2:93: warning: AC5004: looks read-only (+@read) but `+@geo` grants writes: GEOADD, GEORADIUS, GEORADIUSBYMEMBER, GEOSEARCHSTORE
	//     The compiled permissions allow commands that write, which the key patterns do not stop: GEOADD, GEORADIUS, GEORADIUSBYMEMBER, GEOSEARCHSTORE. Grant the read commands of the category one by one, or remove the writes.
}

func ExampleLookup() {
	r := lint.Lookup("AC5008")
	fmt.Println(r.ID, r.Severity, r.Title)
	fmt.Println(r.Bad)
	// Output:
	// AC5008 warning pattern looks like an exclusion but grants
	// on ~app:* ~-secret:* +get
}
