package category

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadFile(t *testing.T, name string, opts ...Option) *Table {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := Load(f, opts...)
	if err != nil {
		t.Fatalf("Load(%s): %v", name, err)
	}
	return tb
}

// equalTables compares everything but the engine names.
func equalTables(t *testing.T, what string, got, want *Table) {
	t.Helper()
	if got.Len() != want.Len() {
		t.Fatalf("%s: Len() = %d, want %d", what, got.Len(), want.Len())
	}
	for i, w := range slices.Collect(want.All()) {
		g := got.Command(i)
		if g.Name != w.Name || g.ID != w.ID || g.Arity != w.Arity || g.Flags != w.Flags ||
			g.Categories != w.Categories || !slices.Equal(g.KeySpecs, w.KeySpecs) ||
			g.Extractor != w.Extractor || g.Since != w.Since || g.Module != w.Module ||
			len(g.Subcommands) != len(w.Subcommands) || (g.Parent == nil) != (w.Parent == nil) ||
			(g.Parent != nil && g.Parent.ID != w.Parent.ID) {
			t.Errorf("%s: command %d: got %+v, want %+v", what, i, g, w)
		}
	}
	if !slices.Equal(got.Categories(), want.Categories()) {
		t.Errorf("%s: Categories() = %v, want %v", what, got.Categories(), want.Categories())
	}
}

func TestLoadCommandInfo(t *testing.T) {
	for _, p := range []struct{ engine, server string }{
		{"redis-7.0", "redis-7.0.15"}, {"redis-7.2", "redis-7.2.6"}, {"valkey-8.0", "valkey-8.0.1"},
	} {
		want := mustEngine(t, p.engine)
		got := loadFile(t, p.server+"-command-info.json")
		// A plain COMMAND INFO dump records no engine: Load assumes the
		// best matching profile's.
		if got.Engine().String() != p.engine || got.Profile() != p.engine {
			t.Errorf("%s: Engine() = %q, Profile() = %q, want %q for both", p.server, got.Engine(), got.Profile(), p.engine)
		}
		equalTables(t, p.server+" COMMAND INFO", got, want)

		norm := loadFile(t, "command-table-"+p.server+".json")
		if norm.Engine().String() != p.engine {
			t.Errorf("normalized %s: Engine() = %q, want %q", p.server, norm.Engine(), p.engine)
		}
		equalTables(t, p.server+" normalized", norm, want)
	}
}

func TestLoadWithModules(t *testing.T) {
	got := loadFile(t, "redis-7.2.6-command-info.json", WithSearch(SearchMemoryDB), WithJSON())
	want := mustEngine(t, "redis-7.2", WithSearch(SearchMemoryDB), WithJSON())
	equalTables(t, "with modules", got, want)
	if canon, ok := got.Alias("ft.list"); !ok || canon != "ft._list" {
		t.Errorf("Alias(ft.list) = %q, %v", canon, ok)
	}
}

func TestLoadSmall(t *testing.T) {
	// RESP2 shape: key specs as flat arrays; a module command with its
	// category; a null entry (COMMAND INFO of an unknown name).
	const dump = `[
	  ["GET", 2, ["readonly", "fast"], 1, 1, 1, ["@read", "@string", "@fast"], [],
	    [["flags", ["RO", "access"], "begin_search", ["type", "index", "spec", ["index", 1]],
	      "find_keys", ["type", "range", "spec", ["lastkey", 0, "keystep", 1, "limit", 0]]]], []],
	  null,
	  ["FT.SEARCH", -1, ["readonly"], 0, 0, 0, ["@read", "@slow", "@search"], [], [], []],
	  ["eval", -3, ["noscript", "movablekeys"], 0, 0, 0, ["@slow", "@scripting"], [],
	    [{"flags": ["RW", "access", "update"], "begin_search": {"type": "index", "spec": {"index": 2}},
	      "find_keys": {"type": "keynum", "spec": {"keynumidx": 0, "firstkey": 1, "keystep": 1}}}], []],
	  ["config", -2, [], 0, 0, 0, ["@slow"], [], [], [
	    ["config|get", -3, ["admin"], 0, 0, 0, ["@admin", "@slow", "@dangerous"], [], [], []]]]
	]`
	tb, err := Load(strings.NewReader(dump))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Len() != 5 || !tb.Has(Search) || tb.Has(JSON) {
		t.Fatalf("Len() = %d, Has(Search) = %v", tb.Len(), tb.Has(Search))
	}
	var names []string
	for _, c := range slices.Collect(tb.All()) {
		names = append(names, c.Name)
	}
	if want := []string{"config", "config|get", "eval", "get", "ft.search"}; !slices.Equal(names, want) {
		t.Errorf("commands %v, want %v", names, want)
	}
	get := tb.Lookup("get")
	if got := get.Keys([]string{"get", "k"}, nil); !slices.Equal(got, []Key{k(1, roAccess)}) {
		t.Errorf("get keys %v", got)
	}
	if get.Since != "1.0.0" {
		t.Errorf("get since %q", get.Since)
	}
	eval := tb.Lookup("eval")
	if eval.Extractor != "eval" || !slices.Equal(eval.Keys([]string{"eval", "s", "01", "k"}, nil), []Key{k(3, 0)}) {
		t.Errorf("eval extractor %q", eval.Extractor)
	}
	if ft := tb.Lookup("ft.search"); ft.Module != "search" || ft.ID != 4 || ft.Since != "" {
		t.Errorf("ft.search: %+v", ft)
	}
	if c, err := tb.Resolve([]string{"config", "get", "x"}); err != nil || c.Name != "config|get" {
		t.Errorf("Resolve(config get x) = %v, %v", c, err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ name, in, err string }{
		{"empty", "", "neither"},
		{"text", "hello", "neither"},
		{"bad json", "[[", "unexpected"},
		{"no commands", "{}", `no "commands"`},
		{"short", `[["get", 2]]`, "at least 7"},
		{"category", `[["get", 2, [], 1, 1, 1, ["@bloom"], [], [], []]]`, `unknown ACL category "@bloom"`},
		{"key flag", `[["get", 2, [], 1, 1, 1, [], [], [{"flags": ["XX"], "begin_search": {"type": "index", "spec": {"index": 1}}, "find_keys": {"type": "unknown", "spec": {}}}], []]]`, `unknown key-spec flag "XX"`},
		{"begin_search", `[["get", 2, [], 1, 1, 1, [], [], [{"flags": [], "begin_search": {"type": "nope"}, "find_keys": {"type": "unknown"}}], []]]`, `unknown type "nope"`},
		{"find_keys", `[["get", 2, [], 1, 1, 1, [], [], [{"flags": [], "begin_search": {"type": "index", "spec": {"index": 1}}, "find_keys": {"type": "range", "spec": {"lastkey": 0}}}], []]]`, `missing "keystep"`},
		{"duplicate", `[["get", 2, [], 1, 1, 1, [], [], [], []], ["GET", 2, [], 1, 1, 1, [], [], [], []]]`, `duplicate command "get"`},
		{"bar", `[["a|b", 2, [], 1, 1, 1, [], [], [], []]]`, `contains '|'`},
		{"sub", `[["a", 2, [], 1, 1, 1, [], [], [], [["b|c", 2, [], 0, 0, 0, [], [], [], []]]]]`, `does not belong`},
		{"getkeys", `{"commands": [{"name": "get", "arity": 2, "get_keys_function": "nopeGetKeys"}]}`, `unknown get_keys_function "nopeGetKeys"`},
		{"long", `[["` + strings.Repeat("a", 200) + `", 2, [], 1, 1, 1, [], [], [], []]]`, "invalid command name"},
	}
	for _, tt := range tests {
		tb, err := Load(strings.NewReader(tt.in))
		if tb != nil || err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: Load = %v, %v; want error containing %q", tt.name, tb, err, tt.err)
		}
	}
	if _, err := Load(errReader{}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("Load(failing reader) error = %v", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("boom") }

// TestForSentinel: the Sentinel tables have Sentinel's 15 commands and
// their engines.
func TestForSentinel(t *testing.T) {
	for _, e := range []string{"redis-7.0", "redis-7.2", "valkey-8.0"} {
		tb, err := ForSentinel(e)
		require.NoError(t, err)
		assert.Equal(t, e, tb.Engine().String())
		assert.NotNil(t, tb.Lookup("sentinel|myid"), e)
		assert.Nil(t, tb.Lookup("get"), e)
		n := 0
		for range tb.Top() {
			n++
		}
		assert.Equal(t, 15, n, e)
	}
	_, err := ForSentinel("redis-6.2")
	assert.Error(t, err)
}
