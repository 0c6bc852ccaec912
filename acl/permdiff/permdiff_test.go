package permdiff

import (
	"slices"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// everyCategory allows every command through its categories, without the
// right to future commands.
const everyCategory = "+@keyspace +@read +@write +@set +@sortedset +@list +@hash +@string +@bitmap " +
	"+@hyperloglog +@geo +@stream +@pubsub +@admin +@fast +@slow +@blocking +@dangerous +@connection " +
	"+@transaction +@scripting"

func TestCompare(t *testing.T) {
	tests := []struct {
		name     string
		engine   string // default valkey-8.0
		old, new string
		want     []string // nil: equivalent
		rel      Relation
	}{
		{name: "allkeys is ~*", old: "on allkeys +@all", new: "on ~* +@all -@all +@all"},
		{name: "inserted -@all", old: "on ~app:* +get", new: "on ~app:* -@all +get"},
		{name: "off by default", old: "~a +get", new: "off ~a -@all +get"},
		{name: "redundant rules", old: "on ~a +@read", new: "on ~a +get -get +@read +get ~a"},
		{name: "R plus W is RW", old: "on %R~a %W~a +get", new: "on ~a +get"},
		{name: "%RW~ is ~", old: "on %RW~a +get", new: "on ~a +get"},
		{name: "covered literal key", old: "on ~a* ~ab +get", new: "on ~a* +get"},
		{name: "covered glob key", old: "on ~a* ~ab?[x] +get", new: "on ~a* +get"},
		{name: "covered read key", old: "on ~a* %R~ab +get", new: "on ~a* +get"},
		{name: "star runs", old: "on ~a** +get", new: "on ~a* +get"},
		{name: "allchannels is &*", old: "on &* +subscribe", new: "on allchannels +subscribe"},
		{name: "first arg case", old: "on +select|0", new: "on +SELECT|0"},
		{name: "first arg under full command", old: "on +select", new: "on +select|0 +select"},
		{name: "duplicate selector", old: "on (~a +get) (~a +get)", new: "on (~a +get)"},
		{name: "selector order", old: "on (~a +get) (~b +set)", new: "on (~b +set) (~a +get)"},
		{name: "selector in root", old: "on (~* +@all)", new: "on ~* +@all"},
		{name: "selector covered by root", old: "on ~* +@all (~a +get)", new: "on ~* +@all"},
		{name: "empty selector", old: "on ~a +get (~b)", new: "on ~a +get"},
		{name: "no-auth commands", old: "on +auth +hello", new: "on"},
		{name: "container alone", old: "on +config|get +config|set", new: "on +config|get +config|set"},
		{name: "container cannot be observed", old: "on +config -config|get -config|set -config|help -config|resetstat -config|rewrite", new: "on"},

		{name: "on/off", rel: Narrower, old: "on ~a +get", new: "off ~a +get", want: []string{"user: on → off"}},
		{name: "commands", rel: Incomparable, old: "on ~app:* +@read", new: "on ~app:* +@read -keys +set", want: []string{
			"root: gains 1 command: set",
			"root: loses 1 command: keys",
			"root: no longer allows all of @read",
		}},
		{name: "container gained whole", rel: Broader, old: "on", new: "on +config", want: []string{
			"root: gains 5 commands: config",
		}},
		{name: "container partly", rel: Narrower, old: "on +config", new: "on +config -config|set", want: []string{
			"root: loses 1 command: config|set",
		}},
		{name: "first args", rel: Broader, old: "on +select|0", new: "on +select|1 +select|0", want: []string{
			"root: gains 1 command: select|1",
		}},
		{name: "first args to full", rel: Broader, old: "on +select|0", new: "on +select", want: []string{
			"root: gains 1 command: select",
		}},
		{name: "future", rel: Narrower, old: "on ~* +@all", new: "on ~* -@all " + everyCategory, want: []string{
			"root: may run commands added later: yes → no",
		}},
		{name: "key permission", rel: Equivalent, old: "on %R~a +get", new: "on ~a +get", want: []string{
			"root: gains keys: ~a (was %R~a)",
		}},
		{name: "key permission lost", rel: Narrower, old: "on ~a +get", new: "on %W~a +get", want: []string{
			"root: loses keys: ~a (now %W~a)",
		}},
		{name: "key widened", rel: Broader, old: "on ~ab +get", new: "on ~a* +get", want: []string{
			"root: gains keys: ~a*",
		}},
		{name: "keys swapped", rel: Incomparable, old: "on ~a +get", new: "on ~b +get", want: []string{
			"root: gains keys: ~b",
			"root: loses keys: ~a",
		}},
		{name: "channels are literal for PSUBSCRIBE", rel: Broader, old: "on &a* +psubscribe", new: "on &a* &ab* +psubscribe", want: []string{
			"root: gains channels: &ab*",
		}},
		{name: "passwords", rel: Incomparable, old: "on >secret-one", new: "on >secret-two", want: []string{
			"passwords: 1, changed (not shown)",
		}},
		{name: "password count", rel: Broader, old: "on", new: "on >secret-one", want: []string{
			"passwords: 0 → 1 (not shown)",
		}},
		{name: "nopass", rel: Broader, old: "on", new: "on nopass", want: []string{"nopass: no → yes"}},
		{name: "sanitize", rel: Broader, old: "on", new: "on skip-sanitize-payload", want: []string{
			"payload sanitizing: sanitize-payload → skip-sanitize-payload",
		}},
		{name: "root keys count without commands", rel: Equivalent, old: "on ~a", new: "on ~b", want: []string{
			"root: gains keys: ~b",
			"root: loses keys: ~a",
		}},
		{name: "selector added", rel: Broader, old: "on ~a +get", new: "on ~a +get (~x +set)", want: []string{
			"selector (~x +set): added",
		}},
		{name: "root emptied into a selector", rel: Incomparable, old: "on ~a +get", new: "on (~x +set)", want: []string{
			"root → selector (~x +set): gains 1 command: set",
			"root → selector (~x +set): loses 1 command: get",
			"root → selector (~x +set): gains keys: ~x",
			"root → selector (~x +set): loses keys: ~a",
		}},
		{name: "selector added beside others", rel: Broader, old: "on ~a +get (~b +set)", new: "on ~a +get (~b +set) (~c +del) (~d +incr)", want: []string{
			"selector (~c +del): added",
			"selector (~d +incr): added",
		}},
		{name: "selector removed", rel: Narrower, old: "on ~a +get (~b +set) (~c +del)", new: "on ~a +get", want: []string{
			"selector (~b +set): removed",
			"selector (~c +del): removed",
		}},
		{name: "selector changed", rel: Incomparable, old: "on ~a +get (~b +set) (~c +del)", new: "on ~a +get (~b +set) (~d +del)", want: []string{
			"selector (~c +del) → selector (~d +del): gains keys: ~d",
			"selector (~c +del) → selector (~d +del): loses keys: ~c",
		}},
		{name: "root moved into selector", rel: Narrower, old: "on ~* +@all", new: "on (~* +@all -flushall)", want: []string{
			"root → selector (~* +@all -flushall): loses 1 command: flushall",
			"root → selector (~* +@all -flushall): no longer allows all of @keyspace @write @slow @dangerous",
		}},
		{name: "root and selectors", rel: Incomparable, old: "on ~a +get (~b +set) (~c +del)", new: "on ~a +get +mget (~e +set) (~f +del)", want: []string{
			"root: gains 1 command: mget",
			"selector (~b +set): removed",
			"selector (~c +del): removed",
			"selector (~e +set): added",
			"selector (~f +del): added",
		}},
		{name: "narrower though the root gains", rel: Narrower, old: "on ~a +get (~b +set)", new: "on ~b +set", want: []string{
			"root: gains 1 command: set",
			"root: loses 1 command: get",
			"root: gains keys: ~b",
			"root: loses keys: ~a",
		}},
		{name: "redis-7.0 dialect", rel: Narrower, engine: "redis-7.0", old: "on ~* +@all", new: "off ~* -@all +@all", want: []string{"user: on → off"}},
		{name: "redis-7.0 sanitize unset", rel: Incomparable, engine: "redis-7.0", old: "on", new: "on sanitize-payload", want: []string{
			"payload sanitizing: server default → sanitize-payload",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			engine := tt.engine
			if engine == "" {
				engine = "valkey-8.0"
			}
			d := Compare(testutil.User(t, engine, tt.old), testutil.User(t, engine, tt.new))
			got := d.Lines()
			if d.Relation() != tt.rel {
				t.Errorf("Relation() = %v, want %v", d.Relation(), tt.rel)
			}
			if d.Relation() != Equivalent && len(got) == 0 {
				t.Fatalf("Relation() = %v with no lines", d.Relation())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("diff %q %q:\ngot:\n\t%s\nwant:\n\t%s", tt.old, tt.new, strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			// The relation is its own inverse.
			if back := Compare(testutil.User(t, engine, tt.new), testutil.User(t, engine, tt.old)); back.Relation() != inverse(d.Relation()) {
				t.Errorf("back: %v, want %v: %q", back.Relation(), inverse(d.Relation()), back.Lines())
			}
		})
	}
}

func inverse(r Relation) Relation {
	switch r {
	case Narrower:
		return Broader
	case Broader:
		return Narrower
	}
	return r
}

// TestEquivalentAgreesWithChecks checks on sample command lines that users
// reported equivalent answer them alike.
func TestEquivalentAgreesWithChecks(t *testing.T) {
	pairs := [][2]string{
		{"on ~a* ~ab %R~r +@all", "on ~a* %R~r +@all -@all +@all"},
		{"on (~a +get) (~b +set) ~c +del", "on ~c +del (~b +set) (~a +get) (~a +get)"},
		{"on ~* &* +@all", "on allkeys allchannels allcommands"},
	}
	argvs := [][]string{{"GET", "a"}, {"GET", "ab"}, {"SET", "ab", "x"}, {"SET", "b", "x"}, {"DEL", "c"},
		{"GET", "r"}, {"SET", "r", "x"}, {"PUBLISH", "ch", "m"}, {"CONFIG", "GET", "x"}, {"GET", "zz"}}
	for _, p := range pairs {
		a, b := testutil.User(t, "valkey-8.0", p[0]), testutil.User(t, "valkey-8.0", p[1])
		if Compare(a, b).Relation() != Equivalent {
			t.Fatalf("%q and %q: %q", p[0], p[1], Compare(a, b).Lines())
		}
		for _, argv := range argvs {
			if a.Check(argv).Allowed() != b.Check(argv).Allowed() {
				t.Errorf("%q and %q disagree on %q", p[0], p[1], argv)
			}
		}
	}
}

// TestRandomSoundness drops one rule at a time from random access strings:
// whenever Compare calls the two equivalent, they must answer random
// command lines alike, and what it calls narrower must allow no command
// line the other denies; a user is equivalent to the user its ACL LIST
// gives.
func TestRandomSoundness(t *testing.T) {
	for _, engine := range []string{"redis-7.0", "valkey-8.0"} {
		tab := testutil.Table(t, engine)
		g := aclgen.New(7, tab)
		g.Invalid = 0
		n := 300
		if testing.Short() {
			n = 50
		}
		counts := map[Relation]int{}
		for range n {
			access := g.Access()
			a, err := acl.NewUser("u", tab).SetUser(access)
			if err != nil {
				continue
			}
			// When ACL LIST reads back as itself (odd quoting may not), the
			// user it gives is equivalent.
			// The one exception: %RW~* is listed as ~*, which reads back as
			// allkeys and grants the empty key too; a witness shows it.
			if back, err := acl.NewUser("u", tab).SetUser(a.Describe(false)); err == nil && back.Describe(false) == a.Describe(false) {
				if d := Compare(a, back); d.Relation() != Equivalent && (d.Gained == nil || !back.Check(d.Gained).Allowed() || a.Check(d.Gained).Allowed()) {
					t.Errorf("%s: %q is not equivalent to its ACL LIST %q: %v %q", engine, access, a.Describe(false), err, d.Lines())
				}
			}
			words := aclgen.Words(access)
			for i := range words {
				shorter := strings.Join(slices.Delete(slices.Clone(words), i, i+1), " ")
				b, err := acl.NewUser("u", tab).SetUser(shorter)
				if err != nil {
					continue
				}
				d := Compare(a, b)
				rel := d.Relation()
				if rel != Equivalent && len(d.Lines()) == 0 {
					t.Errorf("%s: %q and %q: %v with lines %q", engine, access, shorter, rel, d.Lines())
				}
				if back := Compare(b, a).Relation(); back != inverse(rel) {
					t.Errorf("%s: %q and %q: %v, back %v", engine, access, shorter, rel, back)
				}
				counts[rel]++
				if rel == Incomparable {
					continue
				}
				// What the narrower user allows, the other allows too.
				for range 20 {
					for _, argv := range [][]string{g.Argv(access), g.Argv(shorter)} {
						okA, okB := a.Check(argv).Allowed(), b.Check(argv).Allowed()
						if okA && !okB && (rel == Broader || rel == Equivalent) || okB && !okA && (rel == Narrower || rel == Equivalent) {
							t.Errorf("%s: %q and %q called %v but only one allows %q", engine, access, shorter, rel, argv)
						}
					}
				}
			}
		}
		t.Logf("%s: pairs by relation: %v", engine, counts)
	}
}
