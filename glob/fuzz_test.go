package glob_test

import (
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/glob"
)

// FuzzCompile checks that the strategy Compile picks agrees with Match,
// that matching subjects start with LiteralPrefix, and that nothing panics.
// Seeds are in testdata/fuzz/FuzzCompile.
func FuzzCompile(f *testing.F) {
	for _, s := range [][2]string{
		{"app:*", "app:1"},
		{"*cache*", "x:cache"},
		{`a\*[^x]?*b`, "a*yzb"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, subject string) {
		p := glob.Compile(pattern)
		want := glob.Match(pattern, subject)
		if got := p.Match(subject); got != want {
			t.Errorf("Compile(%q).Match(%q) = %v (%s path), Match = %v", pattern, subject, got, glob.KindOf(p), want)
		}
		if p.String() != pattern {
			t.Errorf("Compile(%q).String() = %q", pattern, p.String())
		}
		if want && !strings.HasPrefix(subject, p.LiteralPrefix()) {
			t.Errorf("Match(%q, %q) but the subject lacks LiteralPrefix %q", pattern, subject, p.LiteralPrefix())
		}
		// The subject as its own pattern, with every byte escaped, matches
		// only itself.
		var esc strings.Builder
		for i := range len(subject) {
			esc.WriteByte('\\')
			esc.WriteByte(subject[i])
		}
		if !glob.Match(esc.String(), subject) || !glob.Compile(esc.String()).Match(subject) {
			t.Errorf("escaped %q does not match itself", subject)
		}
	})
}
