package category

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestParseEngine(t *testing.T) {
	for in, want := range map[string]Engine{
		"redis-7.1": {Redis, 7, 1}, "REDIS-6.2": {Redis, 6, 2}, "redis-7.0.15": {Redis, 7, 0},
		"valkey-8.0.1": {Valkey, 8, 0}, "valkey-9.1": {Valkey, 9, 1},
	} {
		got, err := ParseEngine(in)
		if err != nil || got != want {
			t.Errorf("ParseEngine(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, err := ParseEngine(got.String()); err != nil || back != got {
			t.Errorf("ParseEngine(%q) = %v, %v; want %v back", got.String(), back, err, got)
		}
	}
	if s := (Engine{Valkey, 8, 0}).String(); s != "valkey-8.0" {
		t.Errorf("Engine{Valkey, 8, 0}.String() = %q", s)
	}
	for _, in := range []string{"", "redis", "redis-7", "keydb-6.2", "redis-7.x", "redis-7.0.1.2", "redis-+7.0", "redis-7.-1", "redis-7..0"} {
		if e, err := ParseEngine(in); err == nil {
			t.Errorf("ParseEngine(%q) = %v, want an error", in, e)
		}
	}
	if s := (Engine{}).String(); s != "" {
		t.Errorf("zero Engine String() = %q", s)
	}
}

// TestEngineFacts pins each engine-dependent answer for every engine
// ForEngine accepts.
func TestEngineFacts(t *testing.T) {
	type facts struct{ history, channels, selectors, dbs bool }
	want := map[string]facts{
		"redis-6.0":  {false, false, false, false},
		"redis-6.2":  {false, true, false, false},
		"redis-7.0":  {false, true, true, false},
		"redis-7.1":  {false, true, true, false}, // AWS's build of 7.0
		"redis-7.2":  {true, true, true, false},
		"valkey-7.2": {true, true, true, false},
		"valkey-8.0": {true, true, true, false},
		"valkey-8.1": {true, true, true, false},
		"valkey-8.2": {true, true, true, false},
	}
	for _, name := range Engines() {
		tb := mustEngine(t, name)
		e := tb.Engine()
		got := facts{e.ListsRuleHistory(), e.HasChannelRules(), e.HasSelectors(), e.HasDBRules()}
		if got != want[name] {
			t.Errorf("%s: facts %+v, want %+v", name, got, want[name])
		}
		if !e.Known() || e.String() != name {
			t.Errorf("%s: Engine() = %v, Known() = %v", name, e, e.Known())
		}
	}
	if v := (Engine{Valkey, 9, 1}); !v.HasDBRules() || !v.RedisAtLeast(7, 2) || v.RedisAtLeast(7, 4) || v.Known() {
		t.Errorf("valkey-9.1: HasDBRules %v, RedisAtLeast(7,2) %v, RedisAtLeast(7,4) %v, Known %v", v.HasDBRules(), v.RedisAtLeast(7, 2), v.RedisAtLeast(7, 4), v.Known())
	}
	r62 := Engine{Redis, 6, 2}
	for since, has := range map[string]bool{"6.2.0": true, "6.0.0": true, "7.0.0": false, "": true, "x": true} {
		if r62.HasCommand(since) != has {
			t.Errorf("redis-6.2 HasCommand(%q) = %v", since, !has)
		}
	}
}

func TestForEngineRejectsOtherSpellings(t *testing.T) {
	for _, name := range []string{"redis-7.0.15", "redis-07.0", "valkey-9.1", "redis-7"} {
		if _, err := ForEngine(name); !errors.Is(err, ErrUnknownEngine) {
			t.Errorf("ForEngine(%q): %v, want ErrUnknownEngine", name, err)
		}
	}
}

// dumpOf wraps a COMMAND INFO test file as aclcheck table dump writes it.
func dumpOf(t *testing.T, engine, file string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return `{"engine": "` + engine + `", "command_info": ` + string(b) + `}`
}

func TestLoadDumpEngine(t *testing.T) {
	dump := dumpOf(t, "redis-7.0.15", "redis-7.0.15-command-info.json")
	tb, err := Load(strings.NewReader(dump))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Engine() != (Engine{Redis, 7, 0}) || tb.Profile() != "redis-7.0" {
		t.Errorf("dump: Engine() = %v, Profile() = %q", tb.Engine(), tb.Profile())
	}
	equalTables(t, "dump", tb, mustEngine(t, "redis-7.0"))
	if tb, err := Load(strings.NewReader(dump), WithEngine(Engine{Redis, 7, 0})); err != nil || tb.Engine() != (Engine{Redis, 7, 0}) {
		t.Errorf("dump with the same engine stated: %v, %v", tb, err)
	}
	_, err = Load(strings.NewReader(dump), WithEngine(Engine{Redis, 7, 2}))
	if !errors.Is(err, ErrEngineMismatch) || err.Error() != "category: load: engine mismatch: the dump is of redis-7.0 (redis-7.0.15), not redis-7.2" {
		t.Errorf("contradicting engine: %v", err)
	}
	// A dump of Valkey 8.0.1 (whose redis_version is 7.2.4) answers as Valkey.
	vk, err := Load(strings.NewReader(dumpOf(t, "valkey-8.0.1", "valkey-8.0.1-command-info.json")))
	if err != nil || vk.Engine() != (Engine{Valkey, 8, 0}) {
		t.Errorf("valkey dump: %v, %v", vk, err)
	}
	// A plain COMMAND INFO array records no engine: WithEngine states it.
	plain := loadFile(t, "redis-7.2.6-command-info.json", WithEngine(Engine{Valkey, 7, 2}))
	if plain.Engine() != (Engine{Valkey, 7, 2}) || plain.Profile() != "redis-7.2" {
		t.Errorf("plain dump with WithEngine: Engine() = %v, Profile() = %q", plain.Engine(), plain.Profile())
	}
	for _, bad := range []string{
		`{"command_info": []}`,
		`{"engine": "keydb-6.2", "command_info": []}`,
		`{"engine": "redis-7.0.15", "command_info": {}}`,
	} {
		if _, err := Load(strings.NewReader(bad)); err == nil {
			t.Errorf("Load(%s): no error", bad)
		}
	}
}

func TestDerivedIndexes(t *testing.T) {
	tb := mustEngine(t, "redis-7.2", WithJSON())
	var top []string
	for c := range tb.Top() {
		if c.Parent != nil {
			t.Fatalf("Top() yields subcommand %s", c.Name)
		}
		top = append(top, c.Name)
	}
	if len(top) != 241+23 || !slices.Contains(top, "get") || !slices.Contains(top, "json.get") {
		t.Errorf("Top(): %d commands", len(top))
	}
	for _, cat := range tb.Categories() {
		mask := tb.Mask(cat)
		n := 0
		for c := range tb.All() {
			in := c.Categories.Has(cat)
			if in {
				if got := tb.Members(cat); !slices.Contains(got, c) {
					t.Errorf("Members(%s) lacks %s", cat, c.Name)
				}
				n++
			}
			// A container's bit is set by its own category only; its
			// subcommands follow it.
			inMask := mask != nil && mask[c.ID>>6]&(1<<(c.ID&63)) != 0
			want := in || c.Parent != nil && c.Parent.Categories.Has(cat)
			if inMask != want {
				t.Errorf("Mask(%s) bit of %s = %v, want %v", cat, c.Name, inMask, want)
			}
		}
		if len(tb.Members(cat)) != n {
			t.Errorf("Members(%s): %d, want %d", cat, len(tb.Members(cat)), n)
		}
	}
	if tb.Members(Search) != nil || tb.Mask(Search) != nil || tb.Members(Category(200)) != nil || tb.Mask(Category(200)) != nil {
		t.Error("Members/Mask of a category the table lacks is not nil")
	}
}
