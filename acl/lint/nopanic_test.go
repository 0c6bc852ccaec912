package lint

import (
	"math/rand"
	"strings"
	"testing"
)

// newLinters returns a linter for each target ("service/engine").
func newLinters(tb testing.TB, targets ...string) []*Linter {
	tb.Helper()
	var out []*Linter
	for _, s := range targets {
		tg, err := ParseTarget(s)
		if err != nil {
			tb.Fatal(err)
		}
		l, err := New(Config{Target: tg})
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

// TestValidateNoPanic lints odd and random access strings for every kind of
// target: the linter must never panic, and never print a password.
func TestValidateNoPanic(t *testing.T) {
	words := []string{"on", "off", "nopass", "resetpass", "reset", "~*", "~a*", "%R~x", "%W~", "%RW~*", "%", "&*", "&c",
		"allkeys", "resetkeys", "allchannels", "resetchannels", "+@all", "-@all", "+@read", "-@write", "+get", "-get",
		"+config|get", "-config|set", "+select|0", "+client", "+nosuch", "+@nosuch", "+@search", "+ft.search", "+json.get",
		"(", ")", "(+get", "~a)", "(~a +set)", `("~b)`, "()", "clearselectors", "db=0", "alldbs", ">secretpw-123456",
		"<secretpw-123456", "#" + strings.Repeat("a", 64), "!" + strings.Repeat("b", 64), "#xyz", "sanitize-payload", "~[]", "~-x", "é", "+"}
	linters := newLinters(t, "valkey/valkey-8.0", "redis/redis-6.0", "elasticache/redis-6.2", "elasticache-serverless/valkey-8.2", "memorydb/redis-7.1")
	rng := rand.New(rand.NewSource(1))
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		k := rng.Intn(8)
		parts := make([]string, k)
		for j := range parts {
			parts[j] = words[rng.Intn(len(words))]
		}
		s := strings.Join(parts, " ")
		for _, l := range linters {
			for _, d := range l.Validate(s) {
				if strings.Contains(d.Message(), "secretpw") {
					t.Fatalf("%s: %q: password in %q", l.Target(), s, d.Message())
				}
				if !d.Severity.IsValid() || Lookup(d.RuleID) == nil {
					t.Fatalf("%q: bad diagnostic %+v", s, d)
				}
			}
		}
	}
}
