package aclgen

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

func TestWords(t *testing.T) {
	require.Equal(t, []string{"on", "~a", "+get", "(~b", "+set)"}, Words(" on\t~a\n+get  (~b\v\f+set)\r"))
	require.Equal(t, []string{"~a\u00a0b", "é"}, Words("~a\u00a0b é"), "only ASCII whitespace splits")
	require.Empty(t, Words(" \t "))
}

func TestSafe(t *testing.T) {
	for _, s := range []string{
		"", "on ~a +get", "%R~a", "%r", "%Wr~x", "%RX~a", "(~x", "(~x +get", "(~a (~b +set)", "on (~a (~b +set)",
		"+select|0", "(+select|0)", `("+select|a" ~b)`, `(~a "b)`, `(+select|a"b)`, "-client|kill", `("~a b")`,
		"a\x00b", `("~\x00")`, "on\x00x", "+select|0\x00x", "%R\x00~a", `("+get\x00")`, "( %\x00rw~x)",
	} {
		require.True(t, Safe(s), "%q", s)
	}
	for _, s := range []string{
		"%", "%~a", "on %", "%X~a", "(%~a)", "( %R~a % )", `("%" +get)`, `("\x25~a")`,
		`+select|a"b`, "+select|a'b", `("+select|a b")`, `("+get|x\ty")`, `('-client|kill x')`,
		"on (~x", "on\t(~x", "on (~x +get", "+get (", "on  (", "%\x00R~a", "+select|a'\x00", "+select|a\x00'",
		"(%\x00)", `("+select|a\x00 b")`, "(~a %\x00R~x +get)", "( %\x00R~x ~a)",
	} {
		require.False(t, Safe(s), "%q", s)
	}
}

func TestDeterministic(t *testing.T) {
	tb := testutil.Table(t, "redis-7.0")
	a, b, c := New(42, tb), New(42, tb), New(43, tb)
	differ := 0
	for i := 0; i < 2000; i++ {
		x, y, z := a.Access(), b.Access(), c.Access()
		require.Equal(t, x, y, "same seed, different access strings")
		p, q := a.Argv(x), b.Argv(y)
		require.Equal(t, p, q, "same seed, different command lines")
		require.NotEmpty(t, p)
		if x != z {
			differ++
		}
	}
	require.Greater(t, differ, 1500, "another seed should give other strings")
}

// Safe's splitting and merging agree with the acl parser's, which is
// checked against the recorded corpora: no generated string reaches a
// crash input through either.
func TestAccessIsSafe(t *testing.T) {
	tb := testutil.Table(t, "redis-7.0")
	g := New(7, tb)
	for i := 0; i < 20000; i++ {
		s := g.Access()
		require.True(t, Safe(s), "%q", s)
		require.NotContains(t, s, "\x00")
		for _, d := range []acl.Dialect{acl.Redis70, acl.Redis72} {
			a, _ := acl.Parse(s, acl.WithDialect(d))
			require.NotNil(t, a)
			for r := range a.All() {
				switch n := r.(type) {
				case *acl.KeyPattern:
					w := n.Word
					require.False(t, w[0] == '%' && (len(w) < 2 || !strings.ContainsRune("RrWw", rune(w[1]))), "%q: %q", s, w)
				case *acl.CommandRule:
					require.False(t, n.HasArg && strings.ContainsAny(n.Name, " \t\n\v\f\r\"'\x00"), "%q: %q", s, n.Word)
				}
			}
		}
	}
}

// With Special, access strings hold NUL bytes and command lines NUL, CR
// or LF bytes, and access strings stay safe.
func TestSpecialIsSafe(t *testing.T) {
	g := New(11, testutil.Table(t, "redis-7.0"))
	g.Special = 1
	nul, line := 0, 0
	for i := 0; i < 5000; i++ {
		s := g.Access()
		require.True(t, Safe(s), "%q", s)
		if strings.IndexByte(s, 0) >= 0 {
			nul++
		}
		if slices.ContainsFunc(g.Argv(s), HasSpecial) {
			line++
		}
	}
	require.Equal(t, 5000, nul)
	require.Equal(t, 5000, line)
}

// TestCoverage checks that the default generator produces every rule form
// of the issue, commands from the whole table, and the command line quirks.
func TestCoverage(t *testing.T) {
	tb := testutil.Table(t, "redis-7.0")
	g := New(11, tb)
	forms := map[string]*regexp.Regexp{
		"on/off":              regexp.MustCompile(`(?i)^(on|off)$`),
		"mixed case":          regexp.MustCompile(`^(On|oN|OFF|ALLKEYS|AllKeys|NoPass|RESETCHANNELS)$`),
		"nopass/resetpass":    regexp.MustCompile(`(?i)^(nopass|resetpass)$`),
		">pw":                 regexp.MustCompile(`^>`),
		"<pw":                 regexp.MustCompile(`^<`),
		"#hash":               regexp.MustCompile(`^#[0-9a-f]{64}$`),
		"#bad hash":           regexp.MustCompile(`^#([0-9a-f]{0,63}|[0-9a-f]{65}|.*[^0-9a-f].*)$`),
		"!hash":               regexp.MustCompile(`^![0-9a-f]{64}$`),
		"!bad hash":           regexp.MustCompile(`^!([0-9a-f]{0,63}|.*[^0-9a-f].*)$`),
		"~pat":                regexp.MustCompile(`^~.`),
		"%R~":                 regexp.MustCompile(`^%[Rr]~`),
		"%W~":                 regexp.MustCompile(`^%[Ww]~`),
		"%RW~":                regexp.MustCompile(`^%[Rr][Ww]~`),
		"%WR~":                regexp.MustCompile(`^%[Ww][Rr]~`),
		"%R without ~":        regexp.MustCompile(`^%[RrWw]+$`),
		"bad %":               regexp.MustCompile(`^%[RrWw]*([RrWw]{2}|[^RrWw~])`),
		"allkeys/resetkeys":   regexp.MustCompile(`(?i)^(allkeys|resetkeys|~\*)$`),
		"&pat":                regexp.MustCompile(`^&.`),
		"allchannels/reset":   regexp.MustCompile(`(?i)^(allchannels|resetchannels|&\*)$`),
		"+cmd":                regexp.MustCompile(`^\+[a-zA-Z]`),
		"-cmd":                regexp.MustCompile(`^-[a-zA-Z]`),
		"+container|sub":      regexp.MustCompile(`^\+(?i:config|client|acl|xinfo|object)\|`),
		"-container|sub":      regexp.MustCompile(`^-(?i:config|client|acl|xinfo|object|cluster|memory|command)\|`),
		"+cmd|arg":            regexp.MustCompile(`^\+(?i:select|debug|get|set)\|`),
		"+@cat":               regexp.MustCompile(`^\+@[a-zA-Z]`),
		"-@cat":               regexp.MustCompile(`^-@[a-zA-Z]`),
		"unknown cmd":         regexp.MustCompile(`^[+-](?i:nosuch|foo|getx)`),
		"unknown category":    regexp.MustCompile(`^[+-]@(nosuch|reads|json)$`),
		"all/nocommands":      regexp.MustCompile(`(?i)^(allcommands|nocommands|[+-]@all)$`),
		"selector":            regexp.MustCompile(`^\(.*\)$`),
		"selector quotes":     regexp.MustCompile(`^\(.*["'].*\)$`),
		"selector escapes":    regexp.MustCompile(`^\(.*\\x[0-9a-f]{2}.*\)$`),
		"empty selector":      regexp.MustCompile(`^\(\s*\)$`),
		"unmatched (":         regexp.MustCompile(`^\([^)]*$`),
		"clearselectors":      regexp.MustCompile(`(?i)^clearselectors$`),
		"reset":               regexp.MustCompile(`(?i)^reset$`),
		"sanitize":            regexp.MustCompile(`(?i)^(skip-)?sanitize-payload$`),
		"garbage":             regexp.MustCompile(`^(foo|all|@all|\+|-|\+\+get|\)|keys)$`),
		"glob metacharacters": regexp.MustCompile(`^(~|%[RrWw]+~).*(\[.*\]|\?|\\)`),
	}
	seen := map[string]int{}
	named := map[string]bool{}
	for i := 0; i < 4000; i++ {
		s := g.Access()
		words := Words(s)
		toks, _ := effectiveTokens(words, false)
		// A selector's words, merged, and the rules inside it.
		var merged []string
		for j := 0; j < len(words); j++ {
			w := words[j]
			if strings.HasPrefix(w, "(") {
				k := j
				for k < len(words)-1 && !strings.HasSuffix(words[k], ")") {
					k++
				}
				w = strings.Join(words[j:k+1], " ")
			}
			merged = append(merged, w)
		}
		for _, w := range slices.Concat(words, merged, toks) {
			for name, re := range forms {
				if re.MatchString(w) {
					seen[name]++
				}
			}
		}
		for _, tok := range toks {
			if len(tok) > 1 && (tok[0] == '+' || tok[0] == '-') && tok[1] != '@' {
				name, _, _ := strings.Cut(tok[1:], "|")
				if c := tb.Lookup(name); c != nil {
					named[c.Name] = true
				}
			}
		}
	}
	for name := range forms {
		if seen[name] == 0 {
			t.Errorf("form %s never generated", name)
		}
	}
	top := 0
	for _, c := range slices.Collect(tb.All()) {
		if !c.IsSubcommand() {
			top++
		}
	}
	require.Greater(t, len(named), top*95/100, "commands named in rules: %d of %d", len(named), top)
}

func TestArgvCoverage(t *testing.T) {
	tb := testutil.Table(t, "redis-7.0")
	g := New(13, tb)
	used := map[string]bool{}
	counts := map[string]int{}
	count := func(what string, ok bool) {
		if ok {
			counts[what]++
		}
	}
	for i := 0; i < 3000; i++ {
		access := g.Access()
		for j := 0; j < 10; j++ {
			argv := g.Argv(access)
			require.NotEmpty(t, argv)
			for _, a := range argv {
				require.NotContains(t, a, "\x00")
			}
			c, err := tb.Resolve(argv)
			var ae *category.ArityError
			count("arity error", errors.As(err, &ae))
			count("unknown command", errors.Is(err, category.ErrUnknownCommand))
			count("unknown subcommand", errors.Is(err, category.ErrUnknownSubcommand))
			if err != nil {
				continue
			}
			used[c.Name] = true
			name := c.Name
			count("mixed case", argv[0] != strings.ToLower(argv[0]))
			if c.Extractor == "eval" || c.Extractor == "zunionInterDiff" || c.Extractor == "lmpop" {
				i := 2
				if c.Extractor != "eval" {
					i = 1
				}
				for _, q := range []string{"01", "+1", "1x", "-1"} {
					count("numkeys "+q, argv[i] == q)
				}
			}
			if name == "sort" {
				for _, o := range []string{"by", "get", "store"} {
					count("sort "+o, slices.ContainsFunc(argv, func(a string) bool { return strings.EqualFold(a, o) }))
				}
			}
			if len(c.KeySpecs) > 0 {
				keys := c.Keys(argv, nil)
				count("keys", len(keys) > 0)
			}
		}
	}
	for _, name := range []string{"publish", "subscribe", "psubscribe", "ssubscribe", "spublish", "migrate", "xreadgroup", "georadius", "bitfield", "set"} {
		if !used[name] {
			t.Errorf("%s never generated", name)
		}
	}
	for _, what := range []string{"arity error", "unknown command", "unknown subcommand", "mixed case",
		"numkeys 01", "numkeys +1", "numkeys 1x", "numkeys -1", "sort by", "sort get", "sort store", "keys"} {
		if counts[what] == 0 {
			t.Errorf("%s never generated", what)
		}
	}
	require.Greater(t, len(used), tb.Len()*90/100, "commands used: %d of %d", len(used), tb.Len())
}

// Keys drawn for a pattern often match it: instantiate follows Redis's
// glob metacharacters.
func TestInstantiate(t *testing.T) {
	g := New(5, testutil.Table(t, "redis-7.0"))
	for _, p := range []string{"app:*", "k?", "[a-c]x", `\*x`, "[^x]y", "a[]]b"} {
		for i := 0; i < 50; i++ {
			s := g.instantiate(p)
			switch p {
			case "app:*":
				require.True(t, strings.HasPrefix(s, "app:"), s)
			case "k?":
				require.Len(t, s, 2)
			case "[a-c]x":
				require.Contains(t, []string{"ax", "bx", "cx"}, s)
			case `\*x`:
				require.Equal(t, "*x", s)
			case "[^x]y":
				require.True(t, strings.HasSuffix(s, "y"), s)
			}
		}
	}
}

func TestAllowed(t *testing.T) {
	g := New(7, testutil.Table(t, "redis-7.0"))
	u := testutil.User(t, "redis-7.0", "on ~app:* -@all +get +set")
	n := 0
	for argv, d := range g.Allowed(u, "on ~app:* -@all +get +set", 200) {
		require.True(t, u.Check(argv).Allowed(), "%q", argv)
		require.Contains(t, []string{"get", "set"}, d.Command.Name, "%q", argv)
		n++
	}
	require.Positive(t, n)
	require.Less(t, n, 200, "some drawn lines are denied")
	off := testutil.User(t, "redis-7.0", "off ~* +@all")
	for range g.Allowed(off, "off ~* +@all", 50) {
		t.Fatal("a disabled user is allowed nothing")
	}
}
