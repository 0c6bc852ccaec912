package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/internal/canary"
)

var (
	canaryOnce    sync.Once
	canaryLinters []*Linter
)

// canaryWord is a password or hash rule holding secret, written as
// variant says: bare, glued to parentheses, quoted.
func canaryWord(secret string, variant byte) string {
	prefixes := []string{"", "(", `"`, "'", `("`, `\"`, "(~a ", `"~a `}
	suffixes := []string{"", ")", `"`, "'", `")`, " +get)", `\"`, `"x`}
	op := "><#!"[variant&3]
	return prefixes[variant>>2&7] + string(op) + secret + suffixes[variant>>5&7]
}

// FuzzCanarySecrets hides a secret in random access strings, ACL files and
// API documents, and checks that neither lint's text, JSON and SARIF
// output nor the library's errors and printed forms show a piece of it, or
// change when the secret does.
func FuzzCanarySecrets(f *testing.F) {
	for i, tmpl := range canary.AccessStrings {
		f.Add(strings.ReplaceAll(tmpl, canary.Hole, "x"), uint16(i*7), byte(i*37))
	}
	f.Add("", uint16(0), byte(0))
	f.Add(`user app on ~a ("~b +get`, uint16(12), byte(0x45))
	f.Add("on ~a (~b \x00 +get) +get", uint16(14), byte(0x81))
	f.Fuzz(func(t *testing.T, src string, at uint16, variant byte) {
		if len(src) > 2000 {
			return
		}
		canaryOnce.Do(func() { canaryLinters = newLinters(t, "valkey/valkey-8.0", "elasticache/redis-6.2") })
		p := canary.Pairs[0]
		if variant&0x80 != 0 && variant&2 != 0 { // # or !: a well-formed hash
			p = canary.Pairs[len(canary.Pairs)-1]
		}
		pos := int(at) % (len(src) + 1)
		var out [2]string
		for i, secret := range []string{p.A, p.B} {
			access := src[:pos] + " " + canaryWord(secret, variant) + " " + src[pos:]
			out[i] = canaryOutput(t, access, secret, canaryLinters[int(variant>>4)&1])
		}
		if leak := canary.Leak(out[0]+out[1], p.A, p.B); leak != "" {
			t.Fatalf("output holds %q:\n%s", leak, out[0])
		}
		if out[0] != out[1] {
			t.Fatalf("output depends on the secret:\n%s\n---\n%s", out[0], out[1])
		}
	})
}

// canaryOutput returns everything lint and the library print about
// access, given on its own, as a line of an ACL file and in an API
// document with password as its Passwords.
func canaryOutput(t *testing.T, access, password string, l *Linter) string {
	var b strings.Builder
	pw, _ := json.Marshal(password)
	as, _ := json.Marshal(access)
	inputs := []*input.Input{
		input.ReadText("strings.txt", access+"\n"),
		input.ReadText("users.acl", "user alice "+access+"\n"),
	}
	if in, err := input.Read("api.json", `{"Users": [{"UserId": "u", "UserName": "u", "Engine": "valkey", "AccessString": `+string(as)+
		`, "AuthenticationMode": {"Type": "password", "Passwords": [`+string(pw)+`]}}]}`, input.Auto, input.ElastiCache); err == nil {
		inputs = append(inputs, in)
	} else {
		fmt.Fprintln(&b, err)
	}
	var ds Diagnostics
	for _, in := range inputs {
		ds = append(ds, l.Lint(in)...)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, ds, inputs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&buf, ds); err != nil {
		t.Fatal(err)
	}
	if err := WriteSARIF(&buf, ds, inputs, "fuzz"); err != nil {
		t.Fatal(err)
	}
	b.Write(buf.Bytes())
	a, err := acl.Parse(access, acl.WithDialect(acl.DialectOf(l.Table())))
	errs := []error{err}
	if a != nil {
		fmt.Fprintf(&b, "%v %s %s\n", a, a.Redacted(), a.RedactedSource())
		errs = append(errs, acl.Bind(a, l.Table()).Err())
		u, err := acl.Compile(a, l.Table(), "u")
		errs = append(errs, err)
		if u != nil {
			fmt.Fprintln(&b, u.Describe(true), u.Explain([]string{"GET", "a"}))
		}
	}
	for _, err := range errs {
		var list acl.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				fmt.Fprintln(&b, e, e.Reply(), e.RedactedWord())
			}
		} else if err != nil {
			fmt.Fprintln(&b, err)
		}
	}
	fmt.Fprintln(&b, acl.Redact(access))
	return b.String()
}
