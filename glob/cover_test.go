package glob

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

func TestCovers(t *testing.T) {
	tests := []struct {
		q, p string
		want bool
	}{
		{"*", "anything", true},
		{"*", "a*", true},
		{"*", "", false}, // '*' does not match the empty name
		{"", "", true},
		{"a*", "ab", true},
		{"a*", "ab*", true},
		{"a*", "a?", true},
		{"a?", "ab", true},
		{"a?", "ab*", false},
		{"ab*", "a*", false},
		{"a[bc]", "ab", true},
		{"a[bc]*", "ab*", false}, // not decided: sound, not complete
		{`a\*`, "a*", false},
		{"a*", `a\*`, true},
		{"b*", "ab", false},
	}
	for _, tt := range tests {
		if got := Covers(tt.q, tt.p); got != tt.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tt.q, tt.p, got, tt.want)
		}
	}
}

// TestCoverSet checks the index against Covers on every pair of random
// pattern sets.
func TestCoverSet(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	parts := []string{"a", "b", "ab", ":", "*", "?", "[ab]", `\*`, ""}
	pattern := func() string {
		var b strings.Builder
		for n := rng.Intn(4); n >= 0; n-- {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		return b.String()
	}
	for n := 0; n < 3000; n++ {
		var set []string
		for i := rng.Intn(40); i >= 0; i-- { // small sets are scanned, large ones indexed
			if q := pattern(); !slices.Contains(set, q) {
				set = append(set, q)
			}
		}
		c := NewCoverSet(set)
		for _, p := range append(slices.Clone(set), pattern(), pattern()) {
			var want, got []int
			for i, q := range set {
				if Covers(q, p) {
					want = append(want, i)
				}
			}
			for i := range c.Coverers(p) {
				got = append(got, i)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("coverers of %q in %q: %v, want %v", p, set, got, want)
			}
		}
	}
}
