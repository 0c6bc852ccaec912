package acl

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// TestUpdateRulesIndexed checks the indexed command rules of long lists
// against Redis 7.2's plain algorithm on random rule sequences.
func TestUpdateRulesIndexed(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	names := []string{"get", "set", "config", "config|get", "config|set", "client|id", "@read", "@all"}
	for n := 0; n < 200; n++ {
		var s selector
		var want []cmdRule
		long := 0
		for i := 0; i < 600; i++ {
			name := names[rng.Intn(len(names))]
			switch rng.Intn(500) {
			case 0:
				name = "select" // drops every select|…
			case 1:
				name = "CLIENT"
			default:
				if rng.Intn(3) > 0 {
					name = fmt.Sprintf("select|%d", rng.Intn(150))
				} else if rng.Intn(2) == 0 {
					name = fmt.Sprintf("Client|Arg%d", rng.Intn(20))
				}
			}
			allow := rng.Intn(2) == 0
			if len(s.rules) >= longList {
				long++
			}
			s.updateRules(name, allow)
			want = refUpdateRules(want, strings.ToLower(name), allow)
			if i%50 == 49 {
				c := s.clone() // a copy carries the dropped rules, not the index
				s = *c
			}
			if rng.Intn(2000) == 0 {
				s.setRules(nil)
				want = nil
			}
		}
		var got []cmdRule
		for _, r := range s.rules {
			if r.name != "" {
				got = append(got, r)
			}
		}
		if long < 100 {
			t.Fatalf("sequence %d: only %d updates of a long list", n, long)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("sequence %d:\n got  %v\n want %v", n, got, want)
		}
	}
}

// refUpdateRules is ACLUpdateCommandRules as Redis 7.2 writes it.
func refUpdateRules(rules []cmdRule, name string, allow bool) []cmdRule {
	var kept []cmdRule
	for _, r := range rules {
		if r.name == name || strings.HasPrefix(r.name, name+"|") {
			continue
		}
		kept = append(kept, r)
	}
	return append(kept, cmdRule{allow, name})
}
