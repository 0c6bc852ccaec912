package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// generated is a generated user set with its access strings.
type generated struct {
	users  []*acl.User
	access map[string]string
	g      *aclgen.Gen
}

// generate compiles n generated access strings that are safe to send to
// every engine.
func generate(t testing.TB, tb *category.Table, seed int64, n int) *generated {
	t.Helper()
	gen := &generated{access: map[string]string{}, g: aclgen.New(seed, tb)}
	gen.g.Invalid = 0
	var access []string
	gen.users, access = gen.g.Users(n)
	for i, u := range gen.users {
		gen.access[u.Name()] = access[i]
	}
	return gen
}

// queries returns questions about gen: the key and channel patterns its
// users mention and some they do not, a sample of commands, all keys and
// escalation.
func queries(t testing.TB, tb *category.Table, gen *generated) map[string]reach.Query {
	qs := map[string]reach.Query{"all-keys": reach.AllKeysQuery(), "escalate": reach.EscalateQuery()}
	var keys, chans []string
	for _, u := range gen.users {
		for i := range u.Selectors() {
			s := u.Selector(i)
			for _, k := range s.Keys {
				keys = append(keys, k.Pattern)
			}
			chans = append(chans, s.Channels...)
		}
	}
	keys = append(keys, "zz*", "a?", "[a-c]*:1", "*")
	chans = append(chans, "zz*", "news.*")
	r := gen.g.Rand()
	for range 12 {
		k := keys[r.IntN(len(keys))]
		qs["read "+k], qs["write "+k] = reach.ReadQuery(k), reach.WriteQuery(k)
		c := chans[r.IntN(len(chans))]
		qs["channel "+c] = reach.ChannelQuery(c)
	}
	var cmds []string
	for c := range tb.All() {
		cmds = append(cmds, c.Name)
	}
	for range 20 {
		n := cmds[r.IntN(len(cmds))]
		q, err := reach.CommandQuery(tb, n)
		if err != nil {
			t.Fatal(err)
		}
		qs["command "+n] = q
	}
	return qs
}

// TestWhoCanOracle answers questions about a generated user set and
// replays every witness through ACL DRYRUN on each live engine.
func TestWhoCanOracle(t *testing.T) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		srv := redistest.StartEngine(t, e)
		tb := testutil.Table(t, e.Name)
		gen := generate(t, tb, 17, 120)
		var setup [][]string
		for _, u := range gen.users {
			setup = append(setup, append([]string{"ACL", "SETUSER", u.Name()}, aclgen.Words(gen.access[u.Name()])...))
		}
		for i, r := range srv.Pipeline(setup) {
			if r != "OK" {
				t.Fatalf("ACL SETUSER %q: %s", setup[i][2:], r)
			}
		}
		s := reach.New(gen.users)
		var dry [][]string
		grants, undecided := 0, 0
		for _, q := range queries(t, tb, gen) {
			a, err := s.WhoCan(q)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range a.Grants {
				dry = append(dry, append([]string{"ACL", "DRYRUN", g.User}, g.Witness...))
			}
			grants += len(a.Grants)
			undecided += len(a.Undecided)
			for _, u := range a.Undecided {
				t.Errorf("undecided: %s %s", u.User, u.Reason)
			}
		}
		// Isolation: a tenant per user with a key pattern, owning it.
		var tenants []reach.Tenant
		for _, u := range gen.users[:40] {
			if k := u.Selector(0).Keys; len(k) > 0 {
				tenants = append(tenants, reach.Tenant{Name: u.Name(), Users: []string{u.Name()}, Keys: []string{k[0].Pattern}, Channels: u.Selector(0).Channels})
			}
		}
		iso, err := s.Isolate(tenants, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range iso.Breaches {
			dry = append(dry, append([]string{"ACL", "DRYRUN", b.User}, b.Witness...))
		}
		for _, u := range iso.Undecided {
			t.Errorf("isolate undecided: %s %s", u.User, u.Reason)
		}
		pairs, every, undecidedPairs, err := s.Overlaps()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pairs {
			dry = append(dry, append([]string{"ACL", "DRYRUN", p.A.User}, p.A.Witness...), append([]string{"ACL", "DRYRUN", p.B.User}, p.B.Witness...))
		}
		for _, g := range every {
			dry = append(dry, append([]string{"ACL", "DRYRUN", g.User}, g.Witness...))
		}
		for _, u := range undecidedPairs {
			t.Errorf("overlap undecided: %s %s", u.User, u.Reason)
		}
		t.Logf("%s: %d tenants, %d isolation breaches, %d overlapping pairs, %d users reaching every key", e.Name, len(tenants), len(iso.Breaches), len(pairs), len(every))
		disagree := 0
		for i, r := range srv.Pipeline(dry) {
			if r != "OK" {
				disagree++
				t.Errorf("%s: ACL DRYRUN %q: %s", e.Name, dry[i][2:], r)
			}
		}
		t.Logf("%s: %d users, %d grants, %d witnesses replayed, %d disagreements, %d undecided", e.Name, len(gen.users), grants, len(dry), disagree, undecided)
	})
}

// TestWhoCanSampling samples command lines for each generated user: every
// sampled line that Check allows and that reads or writes a key, runs a
// command or reaches a channel must belong to a user the proof named.
func TestWhoCanSampling(t *testing.T) {
	tb := table(t)
	gen := generate(t, tb, 23, 150)
	s := reach.New(gen.users)
	byName := map[string]*acl.User{}
	for _, u := range gen.users {
		byName[u.Name()] = u
	}
	type fact struct{ query, user string }
	proven := map[fact]bool{}
	var readPats, writePats, chanPats []string
	qs := queries(t, tb, gen)
	for name, q := range qs {
		a, err := s.WhoCan(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range a.Grants {
			proven[fact{name, g.User}] = true
		}
		for _, u := range a.Undecided {
			proven[fact{name, u.User}] = true
		}
		switch p, _ := strings.CutPrefix(name, "read "); {
		case strings.HasPrefix(name, "read "):
			readPats = append(readPats, p)
		case strings.HasPrefix(name, "write "):
			writePats = append(writePats, strings.TrimPrefix(name, "write "))
		case strings.HasPrefix(name, "channel "):
			chanPats = append(chanPats, strings.TrimPrefix(name, "channel "))
		}
	}
	sampled, found := 0, 0
	var buf []category.Key
	for _, u := range gen.users {
		for argv, d := range gen.g.Allowed(u, gen.access[u.Name()], 300) {
			sampled++
			c := d.Command
			var facts []string
			facts = append(facts, "command "+c.Name)
			if c.Parent != nil {
				facts = append(facts, "command "+c.Parent.Name)
			}
			for _, k := range c.Keys(argv, buf[:0]) {
				n := acl.KeyNeed(k.Flags)
				for _, p := range readPats {
					if n&acl.PermRead != 0 && glob.Match(p, argv[k.Pos]) {
						facts = append(facts, "read "+p)
					}
				}
				for _, p := range writePats {
					if n&acl.PermWrite != 0 && glob.Match(p, argv[k.Pos]) {
						facts = append(facts, "write "+p)
					}
				}
			}
			if first, last, pattern := acl.ChannelArgs(c, len(argv)); !pattern {
				for i := first; i <= last; i++ {
					for _, p := range chanPats {
						if glob.Match(p, argv[i]) {
							facts = append(facts, "channel "+p)
						}
					}
				}
			}
			if slices.Contains(reach.Escalation, c.Name) {
				facts = append(facts, "escalate")
			}
			for _, f := range facts {
				if _, asked := qs[f]; asked {
					found++
					if !proven[fact{f, u.Name()}] {
						t.Errorf("sampling found %s for %s (%q), which the proof missed", f, u.Name(), argv)
					}
				}
			}
		}
	}
	t.Logf("%d allowed sampled lines, %d facts, all proven", sampled, found)
}
