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
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// shape describes a rule list as "Type:word" items, selectors recursively.
func shape(rules []acl.Rule) string {
	var parts []string
	for _, r := range rules {
		s := fmt.Sprintf("%T:%s", r, acl.Unredacted(r))
		if sel, ok := r.(*acl.Selector); ok {
			s = fmt.Sprintf("Selector[%s](%s)", map[bool]string{true: "quote-error", false: ""}[sel.QuoteError], shape(sel.Rules))
		}
		parts = append(parts, strings.TrimPrefix(s, "*acl."))
	}
	return strings.Join(parts, " ")
}

func TestParseShapes(t *testing.T) {
	tests := []struct {
		src     string
		dialect acl.Dialect
		want    string
		errs    []string // Reply() of each error, in order
	}{
		{src: "on ~app:* %R~ro:* &chan* -@all +@read +set -config|set (~other:* +get)",
			want: "Keyword:on KeyPattern:~app:* KeyPattern:%R~ro:* ChannelPattern:&chan* Keyword:-@all CategoryRule:+@read CommandRule:+set CommandRule:-config|set Selector[](KeyPattern:~other:* CommandRule:+get)"},
		{src: "(~a))", want: "Selector[](KeyPattern:~a))"},
		{src: "(~a (~b +set)", want: `Selector[](KeyPattern:~a BadRule:(~b CommandRule:+set)`,
			errs: []string{"ERR Error in ACL SETUSER modifier '(~a (~b +set)': Syntax error"}},
		{src: "(~a (~b +set)", dialect: acl.Redis70, want: "Selector[](KeyPattern:~b CommandRule:+set)"},
		{src: `on (~a "b)`, want: "Keyword:on Selector[quote-error]()"},
		{src: `(~a "b"c +get)`, want: "Selector[quote-error]()"},
		{src: `("~\x41" +get) ('~a' "+get")`, want: "Selector[](KeyPattern:~A CommandRule:+get) Selector[](KeyPattern:~a CommandRule:+get)"},
		{src: "() ( )", want: "Selector[]() Selector[]()"},
		{src: `("~a b" +get)`, want: `Selector[](KeyPattern:~a b CommandRule:+get)`,
			errs: []string{`ERR Error in ACL SETUSER modifier '("~a b" +get)': Syntax error`}},
		{src: "(on >pw reset)", want: "Selector[](BadRule:on BadRule:>pw BadRule:reset)",
			errs: []string{"ERR Error in ACL SETUSER modifier '(on >pw reset)': Syntax error",
				"ERR Error in ACL SETUSER modifier '(on >pw reset)': Syntax error",
				"ERR Error in ACL SETUSER modifier '(on >pw reset)': Syntax error"}},
		{src: "%R %RW %R~~x %wR~y ~* ALLKEYS +@ALL nocommands", want: "KeyPattern:%R KeyPattern:%RW KeyPattern:%R~~x KeyPattern:%wR~y Keyword:~* Keyword:ALLKEYS Keyword:+@ALL Keyword:nocommands"},
		{src: "% %~x %RR~x %X~a", want: "KeyPattern:% KeyPattern:%~x KeyPattern:%RR~x KeyPattern:%X~a", errs: []string{
			"ERR Error in ACL SETUSER modifier '%': Syntax error", "ERR Error in ACL SETUSER modifier '%~x': Syntax error",
			"ERR Error in ACL SETUSER modifier '%RR~x': Syntax error", "ERR Error in ACL SETUSER modifier '%X~a': Syntax error"}},
		{src: "#abc !" + strings.Repeat("A", 64), want: "Password:#abc Password:!" + strings.Repeat("A", 64), errs: []string{
			"ERR Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
			"ERR Error in ACL SETUSER modifier '!" + strings.Repeat("A", 64) + "': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"}},
		{src: "+ - +@ -@x +get|x|y", want: "CommandRule:+ CommandRule:- CategoryRule:+@ CategoryRule:-@x CommandRule:+get|x|y"},
		{src: "foo @all ) db=0,1 alldbs resetdbs", want: "BadRule:foo BadRule:@all BadRule:) DBRule:db=0,1 Keyword:alldbs Keyword:resetdbs", errs: []string{
			"ERR Error in ACL SETUSER modifier 'foo': Syntax error", "ERR Error in ACL SETUSER modifier '@all': Syntax error",
			"ERR Error in ACL SETUSER modifier ')': Syntax error"}},
		{src: "on (+PING (+SELECT (+DEL", want: "Keyword:on", errs: []string{"ERR Unmatched parenthesis in acl selector starting at '(+PING'."}},
		{src: "on (+PING (+SELECT (+DEL", dialect: acl.Redis70, want: "Keyword:on", errs: []string{"ERR Unmatched parenthesis in acl selector starting at '(+DEL'."}},
		{src: "", want: ""},
		{src: " \t\n ", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.dialect.String()+"/"+tt.src, func(t *testing.T) {
			a, err := acl.Parse(tt.src, acl.WithDialect(tt.dialect))
			require.NotNil(t, a)
			assert.Equal(t, tt.want, shape(a.Rules))
			var got []string
			var list acl.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					got = append(got, e.UnredactedReply())
				}
			}
			assert.Equal(t, tt.errs, got)
		})
	}
}

func TestParsePositions(t *testing.T) {
	src := "on\n  ~a  (~b  +get)\t%X"
	a, err := acl.Parse(src, acl.WithFilename("users.acl"), acl.WithStart(acl.Pos{Offset: 100, Line: 7, Column: 5}))
	require.Error(t, err)
	var got []string
	for r := range a.All() {
		got = append(got, fmt.Sprintf("%s %d-%d %s", r.String(), r.Range().Start.Offset, r.Range().End.Offset, r.Range()))
	}
	assert.Equal(t, []string{
		"on 100-102 users.acl:7:5-7",
		"~a 105-107 users.acl:8:3-5",
		"(~b +get) 109-119 users.acl:8:7-17",
		"~b 110-112 users.acl:8:8-10",
		"+get 114-118 users.acl:8:12-16",
		"%X 120-122 users.acl:8:18-20",
	}, got)
	sel := a.Rules[2].(*acl.Selector)
	assert.Equal(t, "users.acl:8:7 users.acl:8:16", sel.Lparen.String()+" "+sel.Rparen.String())
	var e *acl.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "users.acl:8:18: Syntax error in \"%X\"", e.Error())
	assert.ErrorIs(t, err, acl.ErrSyntax)
}

func TestParseRedactsSecrets(t *testing.T) {
	a, err := acl.Parse("on >secretpassword123 <oldsecret #" + strings.Repeat("z", 64))
	require.Error(t, err)
	assert.Equal(t, "on >*** <*** #***", a.Redacted())
	assert.NotContains(t, err.Error(), "zzzz")
	assert.Contains(t, err.Error(), `"#***"`)
}

// roundTrip checks that printing a tree and parsing it again gives the same
// tree.
func roundTrip(t *testing.T, src string, d acl.Dialect) {
	a, _ := acl.Parse(src, acl.WithDialect(d))
	if a == nil || a.Err != nil {
		return
	}
	printed := a.Unredacted()
	b, _ := acl.Parse(printed, acl.WithDialect(d))
	if b == nil || b.Err != nil {
		t.Fatalf("%q printed as %q, which does not parse: %v", src, printed, b.Err)
	}
	if shape(a.Rules) != shape(b.Rules) {
		t.Fatalf("round trip of %q via %q:\n got  %s\n want %s", src, printed, shape(b.Rules), shape(a.Rules))
	}
}

func TestRoundTrip(t *testing.T) {
	for _, src := range []string{
		"on ~app:* %R~ro:* &chan* -@all +@read +set -config|set (~other:* +get)",
		`("~a)" +get) ("(x" "" '\x01' "é")`, "(~a))", `(~a "b)`, "())", "( ) (~\"x\")",
	} {
		roundTrip(t, src, acl.Redis72)
		roundTrip(t, src, acl.Redis70)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"on ~app:* %R~ro:* &chan* -@all +@read +set -config|set (~other:* +get)",
		`(~a "b) ("~\x41" +get) (~a (~b +set)`, "%R~~x %RW ~* allkeys +select|0 -@all",
		"(((", ")))", "(x)(y)", "\x00 \xff (\x00)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, d := range []acl.Dialect{acl.Redis72, acl.Redis70} {
			a, err := acl.Parse(src, acl.WithDialect(d))
			if a == nil && errors.Is(err, acl.ErrLimit) {
				return
			}
			if a == nil {
				t.Fatalf("Parse(%q) = nil, %v", src, err)
			}
			roundTrip(t, src, d)
		}
	})
}

func TestParseHostileInput(t *testing.T) {
	tests := map[string]struct {
		src   string
		rules int
	}{
		"1 MiB word":        {strings.Repeat("~", 1<<20), 1},
		"MaxRules words":    {strings.Repeat("+get ", acl.MaxRules), acl.MaxRules},
		"NUL bytes":         {"on\x00 ~\x00a (\x00)", 3},
		"invalid UTF-8":     {"~\xff\xfe &\xc3 (+get \xe2)", 3},
		"deep parens":       {strings.Repeat("(", 50000) + "x" + strings.Repeat(")", 50000), 1},
		"unbalanced parens": {strings.Repeat("( ", 50000), 0},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			a, _ := acl.Parse(tt.src)
			require.NotNil(t, a)
			assert.Len(t, a.Rules, tt.rules)
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	a, err := acl.Parse(strings.Repeat("x", acl.MaxSource+1))
	assert.Nil(t, a)
	assert.ErrorIs(t, err, acl.ErrLimit)
	for _, src := range []string{
		strings.Repeat("+get ", acl.MaxRules+1),
		"on " + strings.Repeat("(+get) ", acl.MaxRules/2),
	} {
		a, err = acl.Parse(src)
		assert.Nil(t, a)
		assert.ErrorIs(t, err, acl.ErrLimit)
		assert.Contains(t, err.Error(), "rules exceeds the limit of 16384")
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"#" + strings.Repeat("a", 64) + " !x <y": "#*** !*** <***",
		"on >pw ~* +@all":                        "on >*** ~* +@all",
		"on ~a (~b +get >MySecretPass1) +get":    "on ~a (~b +get >***) +get",
		"on ~a ( >MySecretPass1 +get":            "on ~a ( >*** +get",
		"on (>MySecretPass1":                     "on (>***",
		"on >MySecretPass1)":                     "on >***",
		`on (~a ">sec ret" +get)`:                `on (~a >*** +get)`,
		`on (~a ">sec ret +get)`:                 `on (~a ">***)`,
		`on (~a "\x3esecret")`:                   `on (~a >***)`,
		`on ("~a >secret")`:                      `on (>***)`,
		"~a>b +get|>x":                           "~a>b +get|>x", // not password rules
		"(~a >x (~b +get)":                       "(~a >*** (~b +get)",
		"":                                       "",
	} {
		assert.Equal(t, want, acl.Redact(in), in)
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
	tab := testutil.Table(t, "valkey-8.0")
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
		for r := range a.All() {
			fmt.Fprintf(&b, "%s %v|", r.String(), r)
		}
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
