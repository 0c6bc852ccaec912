package category

import (
	"slices"
	"sort"
	"strings"
	"testing"
)

func namesIn(tb *Table, c Category) []string {
	var out []string
	for _, cmd := range slices.Collect(tb.All()) {
		if cmd.Categories.Has(c) {
			out = append(out, cmd.Name)
		}
	}
	sort.Strings(out)
	return out
}

func TestNoModules(t *testing.T) {
	tb := mustEngine(t, "valkey-8.2")
	for _, n := range []string{"ft.search", "ft._list", "ft.list", "json.get"} {
		if tb.Lookup(n) != nil {
			t.Errorf("%s present without module options", n)
		}
	}
	if tb.Has(Search) || tb.Has(JSON) {
		t.Error("module categories present without module options")
	}
	if _, ok := tb.Alias("ft.list"); ok {
		t.Error("ft.list is an alias without the search module")
	}
	for _, c := range slices.Collect(tb.All()) {
		if c.Module != "" {
			t.Errorf("%s has module %q", c.Name, c.Module)
		}
	}
}

func TestSearchMemoryDB(t *testing.T) {
	tb := mustEngine(t, "redis-7.1", WithSearch(SearchMemoryDB))
	if tb.Len() != 366+14 || topLevel(tb) != 240+14 {
		t.Fatalf("Len() = %d, top-level %d", tb.Len(), topLevel(tb))
	}
	want := map[string]string{
		"ft.create":      "@write @fast @search",
		"ft.dropindex":   "@write @fast @search",
		"ft._list":       "@read @slow @search",
		"ft.info":        "@read @fast @search",
		"ft.search":      "@read @slow @search",
		"ft.aggregate":   "@read @slow @search",
		"ft.profile":     "@read @slow @search",
		"ft.aliasadd":    "@write @fast @search",
		"ft.aliasdel":    "@write @fast @search",
		"ft.aliasupdate": "@write @fast @search",
		"ft._aliaslist":  "@read @slow @search",
		"ft.explain":     "@read @fast @search",
		"ft.explaincli":  "@read @fast @search",
		"ft.config":      "@read @fast @search",
	}
	var names []string
	for name, cats := range want {
		names = append(names, name)
		c := tb.Lookup(strings.ToUpper(name))
		if c == nil {
			t.Errorf("%s missing", name)
			continue
		}
		if c.Categories.String() != cats || c.Module != "search" || c.Arity != -1 || len(c.KeySpecs) != 0 || c.ID < 366 {
			t.Errorf("%s: categories %q module %q arity %d specs %d ID %d", name, c.Categories, c.Module, c.Arity, len(c.KeySpecs), c.ID)
		}
		if keys := c.Keys([]string{name, "idx", "*"}, nil); len(keys) != 0 {
			t.Errorf("%s: keys %v", name, keys)
		}
	}
	sort.Strings(names)
	if got := namesIn(tb, Search); !slices.Equal(got, names) {
		t.Errorf("@search = %v", got)
	}
	if got := namesIn(tb, Admin); slices.Contains(got, "ft._list") {
		t.Error("ft._list is @admin in MemoryDB")
	}
	// FT.LIST, as MemoryDB's ACL table spells it, is an alias of FT._LIST.
	list := tb.Lookup("ft._list")
	if tb.Lookup("FT.LIST") != list || tb.Lookup("ft.list") != list {
		t.Error("FT.LIST does not look up FT._LIST")
	}
	if c, err := tb.Resolve([]string{"FT.LIST"}); err != nil || c != list {
		t.Errorf("Resolve(FT.LIST) = %v, %v", c, err)
	}
	if canon, ok := tb.Alias("FT.List"); !ok || canon != "ft._list" {
		t.Errorf("Alias(FT.List) = %q, %v", canon, ok)
	}
	for _, n := range []string{"ft._list", "get", "", "ft.list|x"} {
		if _, ok := tb.Alias(n); ok {
			t.Errorf("Alias(%q) reports an alias", n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { tb.Lookup("FT.LIST") }); n != 0 {
		t.Errorf("Lookup(FT.LIST) allocates %v times", n)
	}
	if tb.Len() != len(slices.Collect(tb.All())) {
		t.Error("aliases are counted as commands")
	}
	if !tb.Has(Search) || tb.Has(JSON) {
		t.Error("Has(Search/JSON) wrong")
	}
}

func TestSearchValkey(t *testing.T) {
	tb := mustEngine(t, "valkey-8.2", WithSearch(SearchValkey))
	if tb.Len() != 373+5 {
		t.Fatalf("Len() = %d", tb.Len())
	}
	want := map[string]string{
		"ft.create":    "@write @fast @search",
		"ft.dropindex": "@write @fast @search",
		"ft.info":      "@read @fast @search",
		"ft._list":     "@read @admin @slow @search",
		"ft.search":    "@read @slow @search",
	}
	for name, cats := range want {
		c := tb.Lookup(name)
		if c == nil || c.Categories.String() != cats {
			t.Errorf("%s: %v", name, c)
		}
	}
	if got := namesIn(tb, Search); !slices.Equal(got, []string{"ft._list", "ft.create", "ft.dropindex", "ft.info", "ft.search"}) {
		t.Errorf("@search = %v", got)
	}
	if !slices.Contains(namesIn(tb, Admin), "ft._list") || slices.Contains(namesIn(tb, Dangerous), "ft._list") {
		t.Error("ft._list must be @admin and not @dangerous in valkey-search")
	}
	for _, n := range []string{"ft.list", "ft.aggregate", "ft.profile", "ft.config"} {
		if tb.Lookup(n) != nil {
			t.Errorf("%s present in valkey-search", n)
		}
	}
	if _, err := tb.Resolve([]string{"ft.list"}); err == nil {
		t.Error("FT.LIST resolves with valkey-search")
	}
	if c := tb.Lookup("ft.create"); c.Flags != FlagWrite|FlagFast|FlagDenyOOM {
		t.Errorf("ft.create flags %v", c.Flags)
	}
}

func TestJSON(t *testing.T) {
	tb := mustEngine(t, "valkey-8.0", WithJSON())
	if tb.Len() != 373+23 || !tb.Has(JSON) || tb.Has(Search) {
		t.Fatalf("Len() = %d", tb.Len())
	}
	json := namesIn(tb, JSON)
	if len(json) != 23 {
		t.Errorf("@json has %d commands: %v", len(json), json)
	}
	for _, n := range json {
		if !strings.HasPrefix(n, "json.") || tb.Lookup(n).Module != "json" {
			t.Errorf("%s in @json", n)
		}
	}
	cats := []struct{ name, cats string }{
		{"json.get", "@read @fast @json"},
		{"json.set", "@write @slow @json"},
		{"json.mset", "@write @slow @json"},
		{"json.debug", "@read @admin @slow @json"},
		{"json.del", "@write @fast @json"},
		{"json.strlen", "@read @fast @json"},
		{"json.numincrby", "@write @fast @json"},
	}
	for _, tt := range cats {
		if c := tb.Lookup(tt.name); c == nil || c.Categories.String() != tt.cats {
			t.Errorf("%s: %v", tt.name, c)
		}
	}
	keys := []struct {
		argv string
		want []Key
	}{
		{"JSON.GET|k|$", []Key{k(1, roAccess)}},
		{"JSON.SET|k|$|1", []Key{k(1, rwUpdate)}},
		{"JSON.SET|k|$", nil},
		{"JSON.MGET|a|b|$", []Key{k(1, roAccess), k(2, roAccess)}},
		{"JSON.MSET|a|$|1|b|$|2", []Key{k(1, rwUpdate), k(4, rwUpdate)}},
		{"JSON.ARRPOP|k", []Key{k(1, KeyRW|KeyAccess|KeyDelete)}},
		{"JSON.ARRTRIM|k|$|0|1", []Key{k(1, KeyRW|KeyDelete)}},
		{"JSON.ARRTRIM|k|$|0", nil},
		{"JSON.STRLEN|k", []Key{k(1, roOnly)}},
		{"JSON.DEBUG|MEMORY|k|$", []Key{k(2, roAccess)}},
		{"JSON.DEBUG|HELP", nil},
	}
	for _, tt := range keys {
		argv := strings.Split(tt.argv, "|")
		c, err := tb.Resolve(argv)
		if tt.want != nil && err != nil {
			t.Errorf("Resolve(%q): %v", argv, err)
			continue
		}
		if c == nil {
			c = tb.Lookup(argv[0])
		}
		if got := c.Keys(argv, nil); !slices.Equal(got, tt.want) {
			t.Errorf("Keys(%q) = %v, want %v", argv, got, tt.want)
		}
	}
}

func TestModulesTogether(t *testing.T) {
	tb := mustEngine(t, "redis-7.0", WithSearch(SearchMemoryDB), WithJSON())
	if tb.Len() != 366+14+23 {
		t.Fatalf("Len() = %d", tb.Len())
	}
	cmds := slices.Collect(tb.All())
	if cmds[366].Name != "ft._aliaslist" || cmds[366+14].Name != "json.arrappend" || cmds[len(cmds)-1].Name != "json.type" {
		t.Errorf("module order: %s %s %s", cmds[366].Name, cmds[366+14].Name, cmds[len(cmds)-1].Name)
	}
	// Module commands are in the built-in categories too.
	if !slices.Contains(namesIn(tb, Read), "ft.search") || !slices.Contains(namesIn(tb, Write), "json.set") {
		t.Error("module commands missing from @read/@write")
	}
}
