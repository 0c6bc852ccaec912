package lint

import (
	"testing"

	"github.com/aclcheck/aclcheck/category"
)

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b        string
		limit, want int
	}{
		{"sett", "set", 9, 1},
		{"set", "get", 9, 1},
		{"flushal", "flushall", 9, 1},
		{"kitten", "sitting", 9, 3},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 2},
		{"", "abc", 9, 3},
		{"abc", "abc", 1, 0},
		{"nosuch7", "zunionstore", 4, 4},
	} {
		if got := levenshtein(c.a, c.b, c.limit); got != c.want {
			t.Errorf("levenshtein(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
	if got := nearest("SETT", []string{"get", "set", "setex"}); got != "set" {
		t.Errorf("nearest(SETT) = %q, want set", got)
	}
	tb, err := Target{Service: ElastiCache, Engine: category.Engine{Family: category.Valkey, Major: 8}}.Table()
	if err != nil {
		t.Fatal(err)
	}
	if got := nearest("nosuch7", commandNames(tb)); got != "" {
		t.Errorf("nearest(nosuch7) = %q, want none", got)
	}
}

// TestSameWords checks sameWords both ways round.
func TestSameWords(t *testing.T) {
	for want, pairs := range map[bool][][2]string{
		true:  {{"on ~a +get", "on ~a +get"}, {"  on\t~a  +get\n", "on ~a +get"}, {"", "  "}},
		false: {{"on ~a", "on ~a +get"}, {"on ~a +get", "on ~b +get"}, {"on", ""}},
	} {
		for _, p := range pairs {
			if sameWords(p[0], p[1]) != want || sameWords(p[1], p[0]) != want {
				t.Errorf("sameWords(%q, %q) is not %v both ways", p[0], p[1], want)
			}
		}
	}
}
