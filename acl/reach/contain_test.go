package reach_test

import (
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

func TestContains(t *testing.T) {
	tb := table(t)
	for _, c := range []struct {
		old, new string
		want     bool // new ⊆ old
	}{
		{"~a* +get", "~a* +get", true},
		{"~a* +get", "~ab* +get", true},
		{"~ab* +get", "~a* +get", false},
		// A union of selectors covers a single-key command...
		{"~a* +get (~b* +get)", "~[ab]* +get", true},
		// ...but not a command with two keys in one line.
		{"~a* +mget (~b* +mget)", "~[ab]* +mget", false},
		{"~a* +copy (~b* +copy)", "~[ab]* +copy", false},
		// COPY a1 b? needs R on a1 and W on b?: a union that covers the
		// source pattern with the same destination covers COPY.
		{"%R~a* %W~d* +copy (%R~b* %W~d* +copy)", "%R~[ab]* %W~d* +copy", true},
		{"~a* +@read", "~a* +@read -get", true},
		{"~a* +@read -get", "~a* +@read", false},
		{"+select|0 +select|1", "+select|0", true},
		{"+select|0", "+select", false},
		{"~* +get", "~a* ~* +get", true},
		{"%R~* +get", "~* +get", false}, // the empty key: ~* is allkeys
		{"%R~* +get", "%R~?* +get", true},
		{"~k* +get|k1", "~k* +get|K1", true},
		{"&a* +publish", "&ab +publish", true},
		{"&ab +publish", "&a* +publish", false},
		{"&a* +psubscribe", "&ab +psubscribe", false}, // literal patterns
		{"&ab &a* +psubscribe", "&ab +psubscribe", true},
		{"&a* +subscribe (&b* +subscribe)", "&[ab]* +subscribe", false},
		{"&a* +publish (&b* +publish)", "&[ab]* +publish", true},
		{"+@all -@dangerous", "+@all", false},
		{"~app:* +@all", "~app:* +@all -flushall", true},
		{"", "+ping", false},
		{"+@all", "allcommands", true},
		{"~[a-c]x +get", "~ax ~bx ~cx +get", true},
	} {
		old, nu := users(t, tb, "old: "+c.old, "new: "+c.new)[0], users(t, tb, "old: "+c.old, "new: "+c.new)[1]
		got := reach.Contains(old, nu)
		if got.Undecided != "" {
			t.Errorf("Contains(%q, %q): undecided: %s", c.old, c.new, got.Undecided)
			continue
		}
		if got.Contained != c.want {
			t.Errorf("Contains(%q, %q) = %v (witness %q), want %v", c.old, c.new, got.Contained, got.Witness, c.want)
			continue
		}
		if !got.Contained && !(nu.Check(got.Witness).Allowed() && !old.Check(got.Witness).Allowed()) {
			t.Errorf("Contains(%q, %q): witness %q is no difference", c.old, c.new, got.Witness)
		}
	}
}

// TestContainsSampling compares pairs of generated users: where
// Contains proves new ⊆ old, no sampled line that new allows may be
// denied by old, and every witness must be one.
func TestContainsSampling(t *testing.T) {
	tb := table(t)
	gen := generate(t, tb, 31, 200)
	proved, refuted, undecided, sampled := 0, 0, 0, 0
	// Pairs of unrelated users, and users with a rule more.
	var pairs [][2]*acl.User
	for i := 0; i+1 < len(gen.users); i += 2 {
		pairs = append(pairs, [2]*acl.User{gen.users[i], gen.users[i+1]}, [2]*acl.User{gen.users[i+1], gen.users[i]})
		words := aclgen.Words(gen.access[gen.users[i+1].Name()])
		if len(words) == 0 {
			continue
		}
		more := gen.access[gen.users[i].Name()] + " " + words[0]
		if u, err := gen.users[i].SetUser(words[0]); err == nil && aclgen.Safe(more) {
			gen.access[u.Name()+"+"] = more
			pairs = append(pairs, [2]*acl.User{gen.users[i], u}, [2]*acl.User{u, gen.users[i]})
		}
	}
	for _, pair := range pairs {
		{
			old, nu := pair[0], pair[1]
			c := reach.Contains(old, nu)
			switch {
			case c.Undecided != "":
				undecided++
				t.Logf("undecided %s ⊆ %s: %s", nu.Name(), old.Name(), c.Undecided)
				continue
			case !c.Contained:
				refuted++
				if !nu.Check(c.Witness).Allowed() || old.Check(c.Witness).Allowed() {
					t.Errorf("%s vs %s: witness %q is no difference", old.Name(), nu.Name(), c.Witness)
				}
				continue
			}
			proved++
			for range 200 {
				argv := gen.g.Argv(gen.access[nu.Name()] + " " + gen.access[old.Name()])
				if !nu.Check(argv).Allowed() {
					continue
				}
				sampled++
				if !old.Check(argv).Allowed() {
					t.Errorf("proved %s ⊆ %s, but %q is allowed only by the first", nu.Name(), old.Name(), argv)
				}
			}
		}
	}
	t.Logf("%d proved, %d refuted with witnesses, %d undecided; %d sampled lines agree", proved, refuted, undecided, sampled)
	if undecided > 0 {
		t.Errorf("%d undecided", undecided)
	}
}

// TestContainsOracle replays the witnesses of Contains on generated pairs
// through ACL DRYRUN on each live engine: the new user must be allowed,
// the old denied.
func TestContainsOracle(t *testing.T) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		srv := redistest.StartEngine(t, e)
		tb := testutil.Table(t, e.Name)
		gen := generate(t, tb, 37, 160)
		var setup, dry [][]string
		for _, u := range gen.users {
			setup = append(setup, append([]string{"ACL", "SETUSER", u.Name()}, aclgen.Words(gen.access[u.Name()])...))
		}
		for i, r := range srv.Pipeline(setup) {
			if r != "OK" {
				t.Fatalf("ACL SETUSER %q: %s", setup[i][2:], r)
			}
		}
		type pair struct{ old, new string }
		var pairs []pair
		for i := 0; i+1 < len(gen.users); i++ {
			old, nu := gen.users[i], gen.users[i+1]
			if c := reach.Contains(old, nu); c.Witness != nil {
				pairs = append(pairs, pair{old.Name(), nu.Name()})
				dry = append(dry, append([]string{"ACL", "DRYRUN", nu.Name()}, c.Witness...), append([]string{"ACL", "DRYRUN", old.Name()}, c.Witness...))
			}
		}
		disagree := 0
		replies := srv.Pipeline(dry)
		for i := range pairs {
			if replies[2*i] != "OK" || replies[2*i+1] == "OK" {
				disagree++
				t.Errorf("%s: witness %q: new %s: %s, old %s: %s", e.Name, dry[2*i][3:], pairs[i].new, replies[2*i], pairs[i].old, replies[2*i+1])
			}
		}
		t.Logf("%s: %d witnesses of difference replayed on both users, %d disagreements", e.Name, len(pairs), disagree)
	})
}
