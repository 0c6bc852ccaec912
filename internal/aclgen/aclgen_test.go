package aclgen

import (
	"regexp"
	"slices"
	"testing"

	"github.com/aclcheck/aclcheck/category"
)

func TestDeterministicAndSafe(t *testing.T) {
	tb, err := category.ForEngine("redis-7.0")
	if err != nil {
		t.Fatal(err)
	}
	a, b := New(42, tb), New(42, tb)
	// A bare % rule, or a first argument with a quote, crash servers.
	crash := regexp.MustCompile(`(^|[\s("'])%($|[\s)"'])|\+[a-z_]+\|[^\s|)]*["']`)
	for i := 0; i < 5000; i++ {
		x, y := a.Access(), b.Access()
		if x != y {
			t.Fatalf("same seed, different strings: %q vs %q", x, y)
		}
		if crash.MatchString(x) {
			t.Fatalf("generated a server-crashing input: %q", x)
		}
		if p, q := a.Argv(), b.Argv(); !slices.Equal(p, q) || len(p) == 0 {
			t.Fatalf("argv %q vs %q", p, q)
		}
	}
}
