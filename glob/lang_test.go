package glob_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/glob"
)

// patternAlphabet and nameAlphabet are small enough to enumerate every
// name up to a length, and cover every piece of glob syntax.
const (
	patternAlphabet = "ab*?[]^-\\\xe9"
	nameAlphabet    = "ab-]\\\x80"
)

func smallPattern(r *rand.Rand) string {
	n := r.IntN(7)
	var b strings.Builder
	for range n {
		b.WriteByte(patternAlphabet[r.IntN(len(patternAlphabet))])
	}
	return b.String()
}

// names returns every name over nameAlphabet up to length n.
func names(n int) []string {
	out := []string{""}
	level := []string{""}
	for range n {
		var next []string
		for _, s := range level {
			for i := 0; i < len(nameAlphabet); i++ {
				next = append(next, s+string(nameAlphabet[i]))
			}
		}
		out = append(out, next...)
		level = next
	}
	return out
}

// TestLangMatchesBruteForce checks that the automaton of random patterns
// accepts exactly the names Match accepts, over every short name.
func TestLangMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	all := names(4)
	for range 1500 {
		p := smallPattern(r)
		l := glob.NewLang(p)
		for _, s := range all {
			if got, want := l.Match(s), glob.Match(p, s); got != want {
				t.Fatalf("pattern %q name %q: Lang.Match %v, Match %v", p, s, got, want)
			}
		}
	}
}

// TestLangQuestionsBruteForce checks Intersect, Subset and Witness on
// random pattern pairs against enumeration: every witness is confirmed by
// Match, and where the automaton says no name exists, no short name does.
func TestLangQuestionsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	all := names(4)
	for range 1000 {
		p, q := smallPattern(r), smallPattern(r)
		a, b := glob.NewLang(p), glob.NewLang(q)
		w, ok, err := glob.Intersect(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if ok && !(glob.Match(p, w) && glob.Match(q, w)) {
			t.Fatalf("Intersect(%q, %q) witness %q is not in both", p, q, w)
		}
		sub, cex, err := glob.Subset(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if !sub && !(glob.Match(p, cex) && !glob.Match(q, cex)) {
			t.Fatalf("Subset(%q, %q) counterexample %q is wrong", p, q, cex)
		}
		for _, s := range all {
			mp, mq := glob.Match(p, s), glob.Match(q, s)
			if mp && mq && !ok {
				t.Fatalf("Intersect(%q, %q) found nothing, but %q is in both", p, q, s)
			}
			if mp && !mq && sub {
				t.Fatalf("Subset(%q, %q) holds, but %q is only in the first", p, q, s)
			}
			if ok && len(s) < len(w) && mp && mq {
				t.Fatalf("Intersect(%q, %q) witness %q is not shortest: %q", p, q, w, s)
			}
		}
	}
}

// TestLangUnion checks a union of patterns against Match of each.
func TestLangUnion(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	all := names(3)
	for range 500 {
		ps := []string{smallPattern(r), smallPattern(r), smallPattern(r)}
		u := glob.Union(glob.NewLang(ps[0]), glob.NewLang(ps[1:]...))
		for _, s := range all {
			want := glob.Match(ps[0], s) || glob.Match(ps[1], s) || glob.Match(ps[2], s)
			if u.Match(s) != want {
				t.Fatalf("union of %q, name %q: %v, want %v", ps, s, !want, want)
			}
		}
	}
}

func TestLangQuirks(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"*", "", false},
		{"", "", true},
		{"**", "", false},
		{"a*", "a", true},
		{"*a", "a", true},
		{"[a-\xff]", "b", false},
		{"[]", "]", false},
		{"[^]", "x", true},
		{"[ab", "a", true},
		{"[", "[", false},
		{`a\`, `a\`, true},
		{`\*`, `*`, true},
		{`\*`, `x`, false},
		{"[a-]", "]", true},
		{"{a,b}", "{a,b}", true},
		{strings.Repeat("*a", glob.MaxNesting+1), strings.Repeat("a", glob.MaxNesting+1), false},
		{strings.Repeat("*a", glob.MaxNesting), strings.Repeat("a", glob.MaxNesting), true},
	} {
		if got := glob.NewLang(c.pattern).Match(c.name); got != c.want || glob.Match(c.pattern, c.name) != c.want {
			t.Errorf("pattern %q name %q: Lang %v, Match %v, want %v", c.pattern, c.name, got, glob.Match(c.pattern, c.name), c.want)
		}
	}
	if !glob.AnyName().Match("") || !glob.AnyName().Match("x") {
		t.Error("AnyName must match every name")
	}
	ok, cex, err := glob.Subset(glob.AnyName(), glob.NewLang("*"))
	if ok || cex != "" || err != nil {
		t.Errorf(`Subset(AnyName, "*") = %v, %q, %v; want false, "", nil`, ok, cex, err)
	}
}

func TestLangTooComplex(t *testing.T) {
	// The classic exponential determinization: the 18th byte from the end
	// is 'a'.
	p := "*a" + strings.Repeat("?", 17)
	_, _, err := glob.Subset(glob.NewLang(p), glob.NewLang(p))
	if err != glob.ErrTooComplex {
		t.Fatalf("Subset with %q: err %v, want ErrTooComplex", p, err)
	}
}
