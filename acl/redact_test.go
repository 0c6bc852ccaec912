package acl_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/canary"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"on >pw ~* +@all", "on >*** ~* +@all"},
		{"on ~a (~b +get >MySecretPass1) +get", "on ~a (~b +get >***) +get"},
		{"on ~a ( >MySecretPass1 +get", "on ~a ( >*** +get"},
		{"on (>MySecretPass1", "on (>***"},
		{"on >MySecretPass1)", "on >***"},
		{`on (~a ">sec ret" +get)`, `on (~a >*** +get)`},
		{`on (~a ">sec ret +get)`, `on (~a ">***)`},
		{`on (~a "\x3esecret")`, `on (~a >***)`},
		{`on ("~a >secret")`, `on (>***)`},
		{"#" + strings.Repeat("a", 64) + " !x <y", "#*** !*** <***"},
		{"~a>b +get|>x", "~a>b +get|>x"}, // not password rules
		{"(~a >x (~b +get)", "(~a >*** (~b +get)"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, acl.Redact(tt.in), tt.in)
	}
}

func TestSecrets(t *testing.T) {
	a, _ := acl.Parse("on ~a (~b >pw) <x", acl.WithStart(acl.Pos{Filename: "f", Offset: 10, Line: 3, Column: 5}))
	s := a.Secrets()
	require.Len(t, s, 2)
	assert.Equal(t, acl.Secret{Range: acl.Range{
		Start: acl.Pos{Filename: "f", Offset: 20, Line: 3, Column: 15},
		End:   acl.Pos{Filename: "f", Offset: 23, Line: 3, Column: 18}}, Op: '>'}, s[0])
	assert.Equal(t, "<***", s[1].Masked())
	assert.Equal(t, 25, s[1].Range.Start.Offset)
}

// TestRedactionCanaries parses, binds and compiles every canary access
// string and checks everything the library prints: errors, replies, the
// printed tree and rules, ACL LIST's redacted form, explanations.
func TestRedactionCanaries(t *testing.T) {
	tab, err := category.ForEngine("valkey-8.0")
	require.NoError(t, err)
	runs := 0
	for _, tmpl := range canary.AccessStrings {
		for _, p := range canary.Pairs {
			out := [2]string{}
			for i, secret := range []string{p.A, p.B} {
				out[i] = libraryOutput(canary.Fill(tmpl, secret), tab)
				runs++
			}
			if leak := canary.Leak(out[0]+out[1], p.A, p.B); leak != "" {
				t.Errorf("%q: output holds %q:\n%s", tmpl, leak, out[0])
			}
			if out[0] != out[1] {
				t.Errorf("%q: output depends on the secret:\n%s\n---\n%s", tmpl, out[0], out[1])
			}
		}
	}
	t.Logf("%d runs", runs)
}

func libraryOutput(src string, tab *category.Table) string {
	var b strings.Builder
	for _, d := range []acl.Dialect{acl.Redis72, acl.Redis70} {
		a, err := acl.Parse(src, acl.WithDialect(d), acl.WithFilename("f"))
		errs := []error{err}
		fmt.Fprintf(&b, "%v\n%s\n%s\n%s\n", a, a.String(), a.Redacted(), a.RedactedSource())
		acl.Inspect(a, func(r acl.Rule) bool {
			fmt.Fprintf(&b, "%s %v|", r.String(), r)
			return true
		})
		errs = append(errs, acl.Bind(a, tab).Err())
		u, err := acl.Compile(a, tab, "u")
		errs = append(errs, err)
		if u != nil {
			fmt.Fprintln(&b, u.Describe(true))
			fmt.Fprintln(&b, u.Explain([]string{"GET", "a"}))
		}
		for _, err := range errs {
			if err == nil {
				continue
			}
			fmt.Fprintf(&b, "%v %+v\n", err, err)
			var l acl.ErrorList
			if errors.As(err, &l) {
				for _, e := range l {
					fmt.Fprintf(&b, "%s %s %s %v\n", e.Error(), e.Reply(), e.RedactedWord(), e)
				}
			}
			var e *acl.Error
			if errors.As(err, &e) {
				fmt.Fprintf(&b, "%s %s\n", e.Reply(), e.RedactedWord())
			}
		}
		fmt.Fprintln(&b, acl.Redact(src))
	}
	return b.String()
}
