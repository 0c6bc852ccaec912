package glob_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

// check asserts that Match and Compile(pattern).Match both give want.
func check(t *testing.T, pattern, subject string, want bool) {
	t.Helper()
	if got := glob.Match(pattern, subject); got != want {
		t.Errorf("Match(%s, %s) = %v, want %v", short(pattern), short(subject), got, want)
	}
	p := glob.Compile(pattern)
	if got := p.Match(subject); got != want {
		t.Errorf("Compile(%s).Match(%s) = %v (%s path), want %v", short(pattern), short(subject), got, glob.KindOf(p), want)
	}
}

// short quotes s for a message, abbreviating long strings.
func short(s string) string {
	if len(s) <= 60 {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q…(%d bytes)", s[:40], len(s))
}

// recordedPair is one entry of testdata/glob-redis-vs-gobwas.json, recorded
// with ACL DRYRUN on Redis 7.0.15, 7.2.6 and Valkey 8.0.1.
type recordedPair struct {
	Pattern string `json:"p"`
	Subject string `json:"s"`
	Redis   bool   `json:"redis"`
}

func loadRecorded(t *testing.T) []recordedPair {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "glob-redis-vs-gobwas.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pairs []recordedPair
	if err := json.Unmarshal(data, &pairs); err != nil {
		t.Fatal(err)
	}
	return pairs
}

func TestRecordedVerdicts(t *testing.T) {
	pairs := loadRecorded(t)
	if len(pairs) != 72 {
		t.Fatalf("testdata/glob-redis-vs-gobwas.json has %d pairs, want 72", len(pairs))
	}
	for _, c := range pairs {
		t.Run(fmt.Sprintf("%q/%q", c.Pattern, c.Subject), func(t *testing.T) {
			check(t, c.Pattern, c.Subject, c.Redis)
		})
	}
}

// semanticCases are the consequences of spec §5, one named case each.
// TestOracleDifferential sends those a key pattern can hold to redis-server.
var semanticCases = []struct {
	name             string
	pattern, subject string
	want             bool
}{
	{"empty pattern matches empty", "", "", true},
	{"empty pattern rejects nonempty", "", "a", false},
	{"star rejects empty", "*", "", false},
	{"double star rejects empty", "**", "", false},
	{"triple star rejects empty", "***", "", false},
	{"star matches one byte", "*", "a", true},
	{"star matches NUL", "*", "\x00", true},
	{"prefix star matches prefix itself", "a*", "a", true},
	{"prefix star rejects empty", "a*", "", false},
	{"star then question needs a byte", "a*?", "a", false},
	{"star then question", "a*?", "ab", true},
	{"infix matches alone", "*a*", "a", true},
	{"suffix matches alone", "*a", "a", true},
	{"star matches empty in the middle", "h*llo", "hllo", true},
	{"question is one byte", "?", "é", false},
	{"two questions match a two-byte rune", "??", "é", true},
	{"question rejects empty", "?", "", false},
	{"caret negates", "[^abc]", "d", true},
	{"caret negation rejects member", "[^abc]", "a", false},
	{"bang is literal", "[!abc]", "!", true},
	{"bang does not negate", "[!abc]", "d", false},
	{"bang class contains a", "[!abc]", "a", true},
	{"caret after first is literal", "[a^]", "^", true},
	{"mixed ranges", "[a-cx-z0]", "y", true},
	{"mixed ranges literal", "[a-cx-z0]", "0", true},
	{"mixed ranges miss", "[a-cx-z0]", "m", false},
	{"reversed range", "[c-a]", "b", true},
	{"reversed range bound", "[c-a]", "a", true},
	{"leading dash literal", "[-a]", "-", true},
	{"a-] is a range to ]", "[a-]", "_", true},
	{"a-] range includes ]", "[a-]", "]", true},
	{"a-] range excludes dash", "[a-]", "-", false},
	{"a-]x is one class: x", "[a-]x", "x", true},
	{"a-]x is one class: caret", "[a-]x", "^", true},
	{"a-]x is one class: a", "[a-]x", "a", true},
	{"a-]x is one class: not ]x", "[a-]x", "]x", false},
	{"empty class never matches", "[]", "a", false},
	{"empty class then ]", "[]]", "]", false},
	{"empty class then a]", "[]a]", "a", false},
	{"negated empty class any byte", "[^]", "z", true},
	{"negated empty class one byte only", "[^]", "zz", false},
	{"negated empty class rejects empty", "[^]", "", false},
	{"unterminated class", "[ab", "a", true},
	{"unterminated class miss", "[ab", "[", false},
	{"lone bracket never matches", "[", "[", false},
	{"lone bracket rejects empty", "[", "", false},
	{"trailing bracket never matches", "x[", "x[", false},
	{"trailing bracket needs a byte", "x[", "x", false},
	{"unterminated negation any byte", "[^", "x", true},
	{"escaped star", `\*`, "*", true},
	{"escaped star is literal", `\*`, "a", false},
	{"escaped letter", `\a`, "a", true},
	{"escaped brackets", `\[x\]`, "[x]", true},
	{"trailing backslash literal", `a\`, `a\`, true},
	{"trailing backslash required", `a\`, "a", false},
	{"lone backslash", `\`, `\`, true},
	{"escaped ] in class", `[\]]`, "]", true},
	{"escaped dash in class", `[\-]`, "-", true},
	{"escaped dash is not a range", `[a\-z]`, "b", false},
	{"escaped dash member", `[a\-z]`, "-", true},
	{"escaped dash member z", `[a\-z]`, "z", true},
	{"class star literal", "[*]", "*", true},
	{"class question literal", "[?]", "a", false},
	{"class bracket literal", "[[]", "[", true},
	{"braces literal", "{a,b}", "{a,b}", true},
	{"braces not alternation", "{a,b}", "a", false},
	{"open brace literal", "{a", "{a", true},
	{"high byte range bound is negative", "[a-\xff]", "b", false},
	{"high byte range bound covers NUL", "[a-\xff]", "\x00", true},
	{"high byte range bound covers 0xff", "[a-\xff]", "\xff", true},
	{"high byte range bound excludes 0x80", "[a-\xff]", "\x80", false},
	{"utf-8 range bound", "[a-ÿ]", "b", false},
	{"utf-8 class is bytes", "[é]", "é", false},
	{"utf-8 class byte", "[é]", "\xc3", true},
	{"high range both negative", "[\x80-\xff]", "\xc3", true},
	{"high range excludes ASCII", "[\x80-\xff]", "a", false},
	{"case-sensitive", "K*", "k1", false},
	{"case-sensitive range", "[A-Z]", "a", false},
	{"NUL in pattern", "a\x00*", "a\x00b", true},
	{"NUL in class", "[\x00]", "\x00", true},
	{"no separators", "a*c", "a/b/c", true},
	{"dot is literal", "foo.*", "foo.bar", true},
	{"acl prefix", "app:*", "app:1", true},
	{"acl prefix miss", "app:*", "ap:1", false},
	{"acl prefix-suffix", "user:*:profile", "user:42:profile", true},
	{"acl prefix-suffix overlap", "user:*:profile", "user:profile", false},
	{"acl class", "cache:[0-9]*", "cache:7abc", true},
	{"acl class miss", "cache:[0-9]*", "cache:x", false},
	{"acl class needs a byte", "cache:[0-9]*", "cache:", false},
}

func TestSemantics(t *testing.T) {
	for _, c := range semanticCases {
		t.Run(c.name, func(t *testing.T) {
			check(t, c.pattern, c.subject, c.want)
		})
	}
}

func TestCompile(t *testing.T) {
	cases := []struct {
		pattern, kind, prefix string
	}{
		{"", "literal", ""},
		{"app:1", "literal", "app:1"},
		{"{a,b}", "literal", "{a,b}"},
		{"*", "any", ""},
		{"***", "any", ""},
		{"app:*", "prefix", "app:"},
		{"app:**", "prefix", "app:"},
		{"*:lock", "suffix", ""},
		{"**:lock", "suffix", ""},
		{"user:*:profile", "prefix-suffix", "user:"},
		{"user:***:profile", "prefix-suffix", "user:"},
		{"*cache*", "infix", ""},
		{"**cache***", "infix", ""},
		{"a*b*", "general", "a"},
		{"*a*b", "general", ""},
		{"a*b*c", "general", "a"},
		{"cache:[0-9]*", "general", "cache:"},
		{"h?llo", "general", "h"},
		{`a\*b*`, "general", "a*b"},
		{`\\x*`, "general", `\x`},
		{`a\`, "general", `a\`},
		{`\`, "general", `\`},
		{`ab\[c`, "general", "ab[c"},
		{"[abc]", "general", ""},
		{"?", "general", ""},
	}
	for _, c := range cases {
		t.Run(c.pattern, func(t *testing.T) {
			p := glob.Compile(c.pattern)
			if got := glob.KindOf(p); got != c.kind {
				t.Errorf("Compile(%q) chose %s, want %s", c.pattern, got, c.kind)
			}
			if got := p.LiteralPrefix(); got != c.prefix {
				t.Errorf("Compile(%q).LiteralPrefix() = %q, want %q", c.pattern, got, c.prefix)
			}
			if got := p.String(); got != c.pattern {
				t.Errorf("Compile(%q).String() = %q", c.pattern, got)
			}
		})
	}
}

func TestZeroPattern(t *testing.T) {
	var p glob.Pattern
	if !p.Match("") || p.Match("a") || p.String() != "" || p.LiteralPrefix() != "" {
		t.Errorf("zero Pattern: Match(\"\")=%v Match(\"a\")=%v String()=%q LiteralPrefix()=%q, want the empty pattern",
			p.Match(""), p.Match("a"), p.String(), p.LiteralPrefix())
	}
}

// recursionCases are patterns of pieces times "?*" against as many "a".
var recursionCases = []struct {
	pieces int
	want   bool
}{
	{1000, true},
	{1001, true},
	{1002, false},
	{1500, false},
}

// TestRecursionLimit checks MaxNesting at its edge, with the values
// verified on Redis 7.0.15 (Debian), 7.2.6 and Valkey 8.0.1.
func TestRecursionLimit(t *testing.T) {
	for _, c := range recursionCases {
		t.Run(fmt.Sprint(c.pieces), func(t *testing.T) {
			check(t, strings.Repeat("?*", c.pieces), strings.Repeat("a", c.pieces), c.want)
		})
	}
}

// hostileCases are inputs that take exponential time without Redis's
// "give up" rule or that hit MaxNesting. Their expected values were
// confirmed by TestOracleDifferential, which sends them to redis-server.
var hostileCases = []struct {
	name             string
	pattern, subject string
	want             bool
}{
	{"5000 *a vs 10KiB of a", strings.Repeat("*a", 5000), strings.Repeat("a", 10240), false},
	{"500 *a vs 10KiB of a", strings.Repeat("*a", 500), strings.Repeat("a", 10240), true},
	{"5000 *a then b vs 10KiB of a", strings.Repeat("*a", 5000) + "b", strings.Repeat("a", 10240), false},
	{"500 *a then b vs 10KiB of a", strings.Repeat("*a", 500) + "b", strings.Repeat("a", 10240), false},
	{"500 *a then b vs 10KiB of a then b", strings.Repeat("*a", 500) + "b", strings.Repeat("a", 10239) + "b", true},
	{"2000 *? vs 10KiB", strings.Repeat("*?", 2000), strings.Repeat("x", 10240), false},
	{"3000 *[a-z] vs 10KiB of ab", strings.Repeat("*[a-z]", 3000), strings.Repeat("ab", 5120), false},
	{"10KiB of a* vs 10KiB of a", strings.Repeat("a*", 5120), strings.Repeat("a", 10240), false},
	{"1000 a* vs 10KiB of a", strings.Repeat("a*", 1000), strings.Repeat("a", 10240), true},
	{"*a*a*a*a*a*a*a*a*a*a*b vs 10KiB of a", strings.Repeat("*a", 10) + "*b", strings.Repeat("a", 10240), false},
}

// TestHostile checks that hostile patterns finish with Redis's results.
// Timing belongs to BenchmarkGlobWorstCase.
func TestHostile(t *testing.T) {
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) {
			check(t, c.pattern, c.subject, c.want)
		})
	}
}

// TestMatchDoesNotAllocate checks that Match and a compiled pattern's
// Match allocate nothing, on every semantic and hostile case.
func TestMatchDoesNotAllocate(t *testing.T) {
	for _, c := range slices.Concat(semanticCases, hostileCases) {
		p := glob.Compile(c.pattern)
		if n := testing.AllocsPerRun(100, func() { glob.Match(c.pattern, c.subject) }); n != 0 {
			t.Errorf("Match(%q, %q) allocates %v times per run, want 0", c.pattern, c.subject, n)
		}
		if n := testing.AllocsPerRun(100, func() { p.Match(c.subject) }); n != 0 {
			t.Errorf("Compile(%q).Match(%q) allocates %v times per run, want 0", c.pattern, c.subject, n)
		}
	}
}

// TestCompileAgreesExhaustive compares every fast path and the prefix
// handling of the general path with Match on all short patterns and
// subjects over a small alphabet.
func TestCompileAgreesExhaustive(t *testing.T) {
	const alphabet = "*?[]^-\\ab"
	const subjects = "ab-]\\*"
	pats := words(alphabet, 5)
	subs := words(subjects, 3)
	c := comparison{t: t}
	for _, pat := range pats {
		p := glob.Compile(pat)
		for _, s := range subs {
			if c.agree(pat, p, s) && !strings.HasPrefix(s, p.LiteralPrefix()) {
				t.Errorf("Match(%q, %q) but the subject lacks LiteralPrefix %q", pat, s, p.LiteralPrefix())
			}
		}
	}
	if c.compared != 66430*259 {
		t.Errorf("compared %d pairs, want %d", c.compared, 66430*259)
	}
	c.done()
}

// A comparison compares compiled patterns with Match on many subjects.
type comparison struct {
	t                    *testing.T
	compared, mismatches int
}

// agree reports (for the first 10) when p, compiled from pat, does not
// match s as Match does, and returns Match's answer.
func (c *comparison) agree(pat string, p *glob.Pattern, s string) bool {
	c.compared++
	want := glob.Match(pat, s)
	if got := p.Match(s); got != want {
		c.mismatches++
		if c.mismatches <= 10 {
			c.t.Errorf("Compile(%q).Match(%q) = %v (%s path), Match = %v", pat, s, got, glob.KindOf(p), want)
		}
	}
	return want
}

// done reports how many pairs disagree.
func (c *comparison) done() {
	if c.mismatches != 0 {
		c.t.Errorf("%d of %d pairs disagree", c.mismatches, c.compared)
	}
}

// TestCompileAgreesLong compares the fast paths with Match on literals and
// subjects longer than the 8-byte words the fast paths compare, with one
// byte changed at every position.
func TestCompileAgreesLong(t *testing.T) {
	const text = "0123456789abcdefghijklmnopqrstuv"
	var pats []string
	for n := range 13 {
		a := text[:n]
		pats = append(pats, a, a+"*", "*"+a, "*"+a+"*", a+"?*", `\`+a+"*", a+"*[x]")
		for m := 1; m <= 10; m++ {
			pats = append(pats, a+"*"+text[32-m:])
		}
	}
	c := comparison{t: t}
	for _, pat := range pats {
		p := glob.Compile(pat)
		for fill := range 12 {
			base := strings.NewReplacer(`\`, "", "*", strings.Repeat("-", fill), "?", "-", "[x]", "x").Replace(pat)
			subs := []string{base, base + "!", "!" + base}
			for i := range len(base) {
				b := []byte(base)
				b[i] ^= 0x40
				subs = append(subs, string(b), base[:i]+base[i+1:])
			}
			for _, s := range subs {
				c.agree(pat, p, s)
			}
		}
	}
	t.Logf("compared %d pairs", c.compared)
	c.done()
}

// words returns every string of length 0..n over alphabet.
func words(alphabet string, n int) []string {
	out := []string{""}
	level := []string{""}
	for range n {
		var next []string
		for _, w := range level {
			for i := range len(alphabet) {
				next = append(next, w+alphabet[i:i+1])
			}
		}
		out = append(out, next...)
		level = next
	}
	return out
}

var oracleSeed = flag.Uint64("glob.seed", 20240615, "seed of TestOracleDifferential's random patterns and keys")

// oracleCase is one pattern with the keys asked about it and, for the
// fixed cases of the other tests, the verdicts they expect.
type oracleCase struct {
	pattern string
	keys    []string
	wants   []bool
}

// TestOracleDifferential asks each live engine whether random keys match
// random patterns (ACL SETUSER %RW~<pattern>, then ACL DRYRUN GET <key>) and
// compares every verdict with Match and Compile.
func TestOracleDifferential(t *testing.T) {
	redistest.EachEngine(t, oracleDifferential)
}

func oracleDifferential(t *testing.T, e redistest.Engine) {
	srv := redistest.StartEngine(t, e)
	r := rand.New(rand.NewPCG(*oracleSeed, *oracleSeed^0x9e3779b97f4a7c15))
	t.Logf("seed %d (rerun with -glob.seed=%d)", *oracleSeed, *oracleSeed)

	var cases []oracleCase
	for _, c := range loadRecorded(t) {
		cases = append(cases, oracleCase{c.Pattern, []string{c.Subject}, []bool{c.Redis}})
	}
	for _, c := range hostileCases {
		cases = append(cases, oracleCase{c.pattern, []string{c.subject}, []bool{c.want}})
	}
	for _, c := range recursionCases {
		cases = append(cases, oracleCase{strings.Repeat("?*", c.pieces), []string{strings.Repeat("a", c.pieces)}, []bool{c.want}})
	}
	for _, c := range semanticCases {
		if !strings.ContainsAny(c.pattern, " \t\n\v\f\r\x00") {
			cases = append(cases, oracleCase{c.pattern, []string{c.subject}, []bool{c.want}})
		}
	}
	for range 5000 {
		p := randomPattern(r)
		keys := make([]string, 8)
		for i := range keys {
			keys[i] = randomKey(r, p, i)
		}
		cases = append(cases, oracleCase{p, keys, nil})
	}

	const batch = 300
	compared, matches, mismatches := 0, 0, 0
	for start := 0; start < len(cases); start += batch {
		chunk := cases[start:min(start+batch, len(cases))]
		var cmds [][]string
		for _, c := range chunk {
			cmds = append(cmds, []string{"acl", "setuser", "g", "reset", "on", "+@all", "%RW~" + c.pattern})
			for _, k := range c.keys {
				cmds = append(cmds, []string{"acl", "dryrun", "g", "get", k})
			}
		}
		replies := srv.Pipeline(cmds)
		i := 0
		for _, c := range chunk {
			if replies[i] != "OK" {
				t.Fatalf("ACL SETUSER g ... %%RW~%s: %s", short(c.pattern), replies[i])
			}
			i++
			for j, k := range c.keys {
				reply := replies[i]
				i++
				var want bool
				switch {
				case reply == "OK":
					want = true
				case strings.Contains(reply, "no permissions to access"):
					want = false
				default:
					t.Fatalf("ACL DRYRUN g get %s (pattern %s): unexpected reply %s", short(k), short(c.pattern), short(reply))
				}
				if c.wants != nil && c.wants[j] != want {
					t.Errorf("pattern %s key %s: redis %v, but the test tables expect %v",
						short(c.pattern), short(k), want, c.wants[j])
				}
				compared++
				if want {
					matches++
				}
				got, gotCompiled := glob.Match(c.pattern, k), glob.Compile(c.pattern).Match(k)
				if got != want || gotCompiled != want {
					mismatches++
					if mismatches <= 10 {
						t.Errorf("pattern %s key %s: redis %v, Match %v, Compile.Match %v",
							short(c.pattern), short(k), want, got, gotCompiled)
					}
				}
			}
		}
	}
	t.Logf("compared %d pattern/key pairs (%d patterns, %d matching): %d mismatches",
		compared, len(cases), matches, mismatches)
	if compared < 20000 {
		t.Errorf("compared only %d pairs, want at least 20000", compared)
	}
}

// aclShapes are patterns as they appear in real ACLs.
var aclShapes = []string{
	"app:*", "user:*:profile", "cache:[0-9]*", "*", "**", "", "session:??",
	"*:lock", "*cache*", "logs:[a-c]*", "q:[^0-9]", `tmp:\*`, "{tenant}:*",
	"a*b*c", "user:[0-9][0-9]*:*", "*:[a-]x", "job:[z-a]?", "k[!x]*",
}

// patternBytes is weighted towards metacharacters.
var patternBytes = []byte("***???[[[]]]^^--\\\\abcabcabc0:!x\x80\xbf\xc3\xe9\xff")

func randomPattern(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		b := []byte(aclShapes[r.IntN(len(aclShapes))])
		for range r.IntN(3) {
			mutate(r, &b, patternBytes)
		}
		return string(b)
	}
	b := make([]byte, r.IntN(13))
	for i := range b {
		b[i] = patternBytes[r.IntN(len(patternBytes))]
	}
	return string(b)
}

// keyBytes may hold anything a key can, NUL and spaces included.
var keyBytes = []byte("abcabc-]^[\\*?0:!x \x00\t\x80\xbf\xc3\xe9\xff")

func randomKey(r *rand.Rand, pattern string, i int) string {
	switch {
	case i == 0 && r.IntN(4) == 0:
		return ""
	case i < 2:
		b := make([]byte, r.IntN(6))
		for j := range b {
			b[j] = keyBytes[r.IntN(len(keyBytes))]
		}
		return string(b)
	}
	b := instantiate(r, pattern)
	if i >= 5 {
		mutate(r, &b, keyBytes)
	}
	return string(b)
}

// instantiate returns a key that is likely to match pattern.
func instantiate(r *rand.Rand, p string) []byte {
	var b []byte
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '*':
			for range r.IntN(4) {
				b = append(b, keyBytes[r.IntN(len(keyBytes))])
			}
		case '?':
			b = append(b, keyBytes[r.IntN(len(keyBytes))])
		case '[':
			j := strings.IndexByte(p[i+1:], ']')
			members := p[i+1:]
			if j >= 0 {
				members = p[i+1 : i+1+j]
				i += j + 1
			} else {
				i = len(p)
			}
			if members == "" || r.IntN(4) == 0 {
				b = append(b, keyBytes[r.IntN(len(keyBytes))])
			} else {
				b = append(b, members[r.IntN(len(members))])
			}
		case '\\':
			if i+1 < len(p) {
				i++
			}
			b = append(b, p[i])
		default:
			b = append(b, p[i])
		}
	}
	return b
}

// mutate inserts, deletes or replaces one byte of *b.
func mutate(r *rand.Rand, b *[]byte, alphabet []byte) {
	s := *b
	c := alphabet[r.IntN(len(alphabet))]
	switch op := r.IntN(3); {
	case op == 0 || len(s) == 0:
		i := r.IntN(len(s) + 1)
		s = append(s[:i], append([]byte{c}, s[i:]...)...)
	case op == 1:
		i := r.IntN(len(s))
		s = append(s[:i], s[i+1:]...)
	default:
		s[r.IntN(len(s))] = c
	}
	*b = s
}
