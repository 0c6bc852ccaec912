package input_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

func TestDetectFormat(t *testing.T) {
	want := map[string]input.Format{
		"api-elasticache.yaml": input.API,
		"api-memorydb.json":    input.API,
		"cloudformation.json":  input.CloudFormation,
		"cloudformation.yaml":  input.CloudFormation,
		"terraform-plan.json":  input.Terraform,
	}
	for name, f := range want {
		b, err := os.ReadFile(filepath.Join("../../../testdata/aws", name))
		if err != nil {
			t.Fatal(err)
		}
		if got := input.DetectFormat(name, string(b)); got != f {
			t.Errorf("DetectFormat(%s) = %v, want %v", name, got, f)
		}
	}
	if got := input.DetectFormat("users.acl", "user app on ~* +@all\n"); got != input.Text {
		t.Errorf("DetectFormat(users.acl) = %v, want text", got)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range []input.Format{input.Auto, input.Text, input.API, input.CloudFormation, input.Terraform} {
		if got, err := input.ParseFormat(f.String()); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f, got, err)
		}
	}
	if got, err := input.ParseFormat(""); err != nil || got != input.Auto {
		t.Errorf(`ParseFormat("") = %v, %v`, got, err)
	}
	for _, bad := range []string{"acl", "yaml", "strings"} {
		if _, err := input.ParseFormat(bad); err == nil {
			t.Errorf("ParseFormat(%q): want an error", bad)
		}
	}
}

func TestReadGroupMembers(t *testing.T) {
	in, err := input.Read("g.yaml", `UserGroups:
  - UserGroupId: grp
    Engine: redis
    UserIds: [default, app, other]
Users:
  - UserId: app
    UserName: application
    Engine: redis
    AccessString: on ~app:* +@read
`, input.Auto, input.ElastiCache)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for g := range in.RedisGroups() {
		for m, u := range g.Users(in) {
			name, ok := g.MemberName(in, m)
			got = append(got, fmt.Sprintf("%s:%v:%s:%v", m.Value, u != nil, name, ok))
		}
	}
	want := "[default:false:default:true app:true:application:true other:false::false]"
	if fmt.Sprint(got) != want {
		t.Errorf("members = %v, want %s", got, want)
	}
}

func ExampleReadText() {
	in := input.ReadText("users.acl", "# aclcheck:ignore AC5001 admin\nuser admin on ~* +@all\n")
	fmt.Println(in.Format, in.Strings[0].UserName, in.Strings[0].Text, in.Strings[0].Start)
	fmt.Println(in.Directives[0].IDs, in.Directives[0].Reason, in.Directives[0].Line)
	// Output:
	// acl admin on ~* +@all users.acl:2:12
	// [AC5001] admin 2
}

// TestQuotedPositions: each byte of a decoded quoted access string maps
// back to the source text that produced it.
func TestQuotedPositions(t *testing.T) {
	for _, tc := range []struct{ quoted, text string }{
		{`'on ~a''b +get'`, `on ~a'b +get`},
		{`"on ~a\"b \u00e9 +get"`, `on ~a"b é +get`},
	} {
		content := "Users:\n  - UserId: app\n    UserName: app\n    Engine: redis\n    AccessString: " + tc.quoted + "\n"
		in, err := input.Read("u.yaml", content, input.API, input.ElastiCache)
		if err != nil {
			t.Fatal(err)
		}
		s := in.Users[0].Access
		if s.Text != tc.text || len(s.Map) != len(s.Text)+1 {
			t.Fatalf("%s: text %q, %d positions", tc.quoted, s.Text, len(s.Map))
		}
		plus := strings.Index(s.Text, "+")
		if got, want := s.Map[plus].Offset, strings.Index(content, "+get"); got != want {
			t.Errorf("%s: + at offset %d, want %d", tc.quoted, got, want)
		}
		if got, want := s.Map[len(s.Text)].Offset, strings.LastIndexAny(content, `'"`); got != want {
			t.Errorf("%s: end at offset %d, want %d", tc.quoted, got, want)
		}
	}
}

func TestReadString(t *testing.T) {
	for _, c := range []struct {
		in, text, user string
		col            int
		origin         input.Origin
	}{
		{"on ~a +get", "on ~a +get", "", 1, input.FromString},
		{"-@all +get", "-@all +get", "", 1, input.FromString},
		{"user alice on ~a +get", "on ~a +get", "alice", 12, input.FromACLFile},
		{"  user\talice  on ~a  ", "on ~a", "alice", 15, input.FromACLFile},
		{"ACL SETUSER bob on ~a", "on ~a", "bob", 17, input.FromString},
		{"redis-cli acl setuser bob on", "on", "bob", 27, input.FromString},
		{"> ACL SETUSER bob", "", "bob", 18, input.FromString},
		{"user", "user", "", 1, input.FromString},
		{"acl", "acl", "", 1, input.FromString},
		{"username on", "username on", "", 1, input.FromString},
	} {
		in := input.ReadString("<arg1>", c.in)
		if len(in.Strings) != 1 {
			t.Fatalf("ReadString(%q): %d strings", c.in, len(in.Strings))
		}
		s := in.Strings[0]
		if s.Text != c.text || s.UserName != c.user || s.Start.Column != c.col || s.Origin != c.origin || s.Start.Filename != "<arg1>" {
			t.Errorf("ReadString(%q) = %q user %q col %d origin %d, want %q %q %d %d", c.in, s.Text, s.UserName, s.Start.Column, s.Origin, c.text, c.user, c.col, c.origin)
		}
	}
}

// TestNameSecret checks which pasted and file user names are hidden where
// the line is shown: those that may be a password or hash rule, after
// parentheses, quotes and backslashes.
func TestNameSecret(t *testing.T) {
	for name, secret := range map[string]bool{
		">pw": true, `"<pw`: true, `("#h`: true, `\"!h`: true, "('>pw": true,
		"alice": false, "(alice": false, `"a>b`: false, "app:1": false,
	} {
		for _, in := range []*input.Input{
			input.ReadString("<arg1>", "user "+name+" on ~a +get"),
			input.ReadText("users.acl", "user "+name+" on ~a +get\n"),
		} {
			s := in.Strings[0]
			if got := s.NameSecret != nil; got != secret || s.UserName != name {
				t.Errorf("%s: user %q: name %q hidden %v, want %v", s.Start.Filename, name, s.UserName, got, secret)
			} else if secret && s.NameSecret.End.Offset-s.NameSecret.Start.Offset != len(name) {
				t.Errorf("%s: user %q: hidden range %v covers other bytes", s.Start.Filename, name, *s.NameSecret)
			}
		}
	}
}

func TestAddUnresolved(t *testing.T) {
	var in input.Input
	in.AddUnresolved(input.Unresolved{Resource: "r", Reasons: []string{"depends on var.b", "depends on var.a", "depends on var.b", "depends on var.a"}})
	in.AddUnresolved(input.Unresolved{Resource: "s"})
	if len(in.Unresolved) != 2 {
		t.Fatalf("%d unresolved, want 2", len(in.Unresolved))
	}
	if got := strings.Join(in.Unresolved[0].Reasons, ", "); got != "depends on var.b, depends on var.a" {
		t.Errorf("reasons %q, want each once in order", got)
	}
	if in.Unresolved[1].Resource != "s" || in.Unresolved[1].Reasons != nil {
		t.Errorf("second: %+v", in.Unresolved[1])
	}
}
