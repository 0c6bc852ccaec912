package category

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

func mustEngine(t testing.TB, engine string, opts ...Option) *Table {
	t.Helper()
	tb, err := ForEngine(engine, opts...)
	if err != nil {
		t.Fatalf("ForEngine(%q): %v", engine, err)
	}
	return tb
}

func topLevel(tb *Table) int {
	n := 0
	for _, c := range slices.Collect(tb.All()) {
		if c.Parent == nil {
			n++
		}
	}
	return n
}

func TestEngines(t *testing.T) {
	want := []string{"redis-6.0", "redis-6.2", "redis-7.0", "redis-7.1", "redis-7.2", "valkey-7.2", "valkey-8.0", "valkey-8.1", "valkey-8.2"}
	if got := Engines(); !slices.Equal(got, want) {
		t.Fatalf("Engines() = %v, want %v", got, want)
	}
}

func TestForEngineCounts(t *testing.T) {
	for engine, tt := range map[string]struct {
		profile    string
		top, total int
	}{
		"redis-6.0":  {"redis-7.0", 203, 300},
		"redis-6.2":  {"redis-7.0", 222, 326},
		"redis-7.0":  {"redis-7.0", 240, 366},
		"redis-7.1":  {"redis-7.0", 240, 366},
		"redis-7.2":  {"redis-7.2", 241, 370},
		"valkey-7.2": {"redis-7.2", 241, 370},
		"valkey-8.0": {"valkey-8.0", 241, 373},
		"valkey-8.1": {"valkey-8.0", 241, 373},
		"valkey-8.2": {"valkey-8.0", 241, 373},
	} {
		tb := mustEngine(t, engine)
		if tb.Engine().String() != engine || tb.Profile() != tt.profile {
			t.Errorf("%s: Engine() = %q, Profile() = %q, want %q, %q", engine, tb.Engine(), tb.Profile(), engine, tt.profile)
		}
		if got := topLevel(tb); got != tt.top {
			t.Errorf("%s: %d top-level commands, want %d", engine, got, tt.top)
		}
		if tb.Len() != tt.total {
			t.Errorf("%s: Len() = %d, want %d", engine, tb.Len(), tt.total)
		}
	}
}

// TestCountsMatchData checks the profile sizes against the COMMAND LIST
// style counts of the source data.
func TestCountsMatchData(t *testing.T) {
	for _, p := range []struct{ engine, server string }{
		{"redis-7.0", "redis-7.0.15"}, {"redis-7.2", "redis-7.2.6"}, {"valkey-8.0", "valkey-8.0.1"},
	} {
		var data struct {
			Commands []struct {
				Name        string `json:"name"`
				Subcommands []struct {
					Name string `json:"name"`
				} `json:"subcommands"`
			} `json:"commands"`
		}
		readTestJSON(t, "command-table-"+p.server+".json", &data)
		var names []string
		for _, c := range data.Commands {
			names = append(names, c.Name)
			for _, s := range c.Subcommands {
				names = append(names, s.Name)
			}
		}
		tb := mustEngine(t, p.engine)
		var got []string
		for _, c := range slices.Collect(tb.All()) {
			got = append(got, c.Name)
		}
		sort.Strings(names)
		sort.Strings(got)
		if !slices.Equal(got, names) {
			t.Errorf("%s: command names differ from %s", p.engine, p.server)
		}
	}
}

func readTestJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestACLCat compares ACL CAT and ACL CAT <category> of the live servers
// (testdata/*-acl-cat.json) with the tables.
func TestACLCat(t *testing.T) {
	for _, p := range []struct{ engine, server string }{
		{"redis-7.0", "redis-7.0.15"}, {"redis-7.2", "redis-7.2.6"}, {"valkey-8.0", "valkey-8.0.1"},
	} {
		var data struct {
			Categories         []string            `json:"categories"`
			CommandsByCategory map[string][]string `json:"commands_by_category"`
		}
		readTestJSON(t, p.server+"-acl-cat.json", &data)
		tb := mustEngine(t, p.engine)
		var cats []string
		for _, c := range tb.Categories() {
			cats = append(cats, c.String())
		}
		if !slices.Equal(cats, data.Categories) {
			t.Errorf("%s: Categories() = %v, ACL CAT = %v", p.engine, cats, data.Categories)
		}
		if len(data.CommandsByCategory) != NumBuiltin {
			t.Fatalf("%s: %d categories in ACL CAT data", p.server, len(data.CommandsByCategory))
		}
		for name, want := range data.CommandsByCategory {
			c, ok := tb.Category(name)
			if !ok {
				t.Errorf("%s: Category(%q) not found", p.engine, name)
				continue
			}
			var got []string
			for _, cmd := range slices.Collect(tb.All()) {
				if cmd.Categories.Has(c) {
					got = append(got, cmd.Name)
				}
			}
			sort.Strings(got)
			want = slices.Clone(want)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: @%s has %d commands, ACL CAT %s lists %d\nmissing: %v\nextra: %v",
					p.engine, name, len(got), name, len(want), diff(want, got), diff(got, want))
			}
		}
	}
}

// diff returns the elements of a not in b.
func diff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func TestForEngineErrors(t *testing.T) {
	for _, name := range []string{"", "redis-5.0", "redis", "valkey-9.0", "redis-7.0 ", "memorydb-7.1"} {
		tb, err := ForEngine(name)
		if tb != nil || !errors.Is(err, ErrUnknownEngine) {
			t.Errorf("ForEngine(%q) = %v, %v; want ErrUnknownEngine", name, tb, err)
			continue
		}
		for _, e := range Engines() {
			if !strings.Contains(err.Error(), e) {
				t.Errorf("ForEngine(%q) error %q does not list %s", name, err, e)
			}
		}
	}
	if _, err := ForEngine("redis-7.0", WithSearch(SearchVariant(3))); err == nil {
		t.Error("ForEngine with an invalid search variant: no error")
	}
}

func TestForEngineCached(t *testing.T) {
	a := mustEngine(t, "redis-7.2")
	if b := mustEngine(t, "REDIS-7.2"); a != b {
		t.Error("ForEngine is not cached across case")
	}
	if b := mustEngine(t, "valkey-7.2"); a == b || b.Engine() != (Engine{Valkey, 7, 2}) {
		t.Error("valkey-7.2 shares the redis-7.2 *Table")
	}
	s1 := mustEngine(t, "redis-7.2", WithSearch(SearchValkey))
	s2 := mustEngine(t, "redis-7.2", WithSearch(SearchValkey))
	s3 := mustEngine(t, "redis-7.2", WithSearch(SearchMemoryDB))
	j := mustEngine(t, "redis-7.2", WithJSON(), WithSearch(SearchValkey))
	if s1 != s2 || s1 == a || s1 == s3 || j == s1 {
		t.Error("tables with options are not cached per option set")
	}
	var wg sync.WaitGroup
	got := make([]*Table, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tb, err := ForEngine("valkey-8.1", WithJSON())
			if err != nil {
				t.Error(err)
			}
			got[i] = tb
		}()
	}
	wg.Wait()
	for _, tb := range got {
		if tb != got[0] {
			t.Fatal("concurrent ForEngine calls returned different tables")
		}
	}
}

func TestSinceFiltering(t *testing.T) {
	tests := []struct {
		engine  string
		present []string
		absent  []string
	}{
		{"redis-6.0", []string{"get", "acl", "acl|cat", "acl|whoami", "client|kill", "xadd"},
			[]string{"getdel", "lmove", "acl|dryrun", "function", "function|list", "client|no-evict", "copy", "zunion", "object|help"}},
		{"redis-6.2", []string{"getdel", "lmove", "copy", "zunion", "client|trackinginfo", "object|help"},
			[]string{"function", "lmpop", "sintercard", "acl|dryrun", "client|no-evict", "expiretime"}},
		{"redis-7.0", []string{"function|list", "lmpop", "acl|dryrun"}, []string{"waitaof", "client|setinfo", "stralgo"}},
		{"redis-7.1", []string{"lmpop"}, []string{"waitaof", "client|no-touch"}},
		{"redis-7.2", []string{"waitaof", "client|setinfo", "client|no-touch", "cluster|myshardid"}, []string{"client|capa", "stralgo"}},
		{"valkey-8.0", []string{"client|capa", "cluster|slot-stats", "script|show"}, []string{"stralgo"}},
	}
	for _, tt := range tests {
		tb := mustEngine(t, tt.engine)
		for _, n := range tt.present {
			if tb.Lookup(n) == nil {
				t.Errorf("%s: %s missing", tt.engine, n)
			}
		}
		for _, n := range tt.absent {
			if tb.Lookup(n) != nil {
				t.Errorf("%s: %s present", tt.engine, n)
			}
		}
	}
}

func TestCommandIDs(t *testing.T) {
	for _, e := range Engines() {
		tb := mustEngine(t, e, WithSearch(SearchMemoryDB), WithJSON())
		cmds := slices.Collect(tb.All())
		if len(cmds) != tb.Len() {
			t.Fatalf("%s: len(Commands()) = %d, Len() = %d", e, len(cmds), tb.Len())
		}
		seenModule := false
		prevTop := ""
		for i, c := range cmds {
			if c.ID != i || tb.Command(i) != c {
				t.Fatalf("%s: Commands()[%d] has ID %d", e, i, c.ID)
			}
			if tb.Lookup(c.Name) != c {
				t.Errorf("%s: Lookup(%q) is not Commands()[%d]", e, c.Name, i)
			}
			if c.Module != "" {
				seenModule = true
			} else if seenModule {
				t.Errorf("%s: core command %s after module commands", e, c.Name)
			}
			if c.Parent == nil {
				if c.Module == "" && prevTop != "" && prevTop > c.Name {
					t.Errorf("%s: %s after %s", e, c.Name, prevTop)
				}
				prevTop = c.Name
				for j, s := range c.Subcommands {
					if s.ID != c.ID+1+j || s.Parent != c || !strings.HasPrefix(s.Name, c.Name+"|") {
						t.Errorf("%s: subcommand %s of %s has ID %d", e, s.Name, c.Name, s.ID)
					}
				}
			}
		}
		if tb.Command(-1) != nil || tb.Command(tb.Len()) != nil {
			t.Errorf("%s: Command out of range is not nil", e)
		}
	}
}

func TestCommandFields(t *testing.T) {
	tb := mustEngine(t, "redis-7.2")
	tests := []struct {
		name      string
		arity     int
		flags     string
		cats      string
		extractor string
		since     string
		nspecs    int
	}{
		{"get", 2, "readonly fast", "@read @string @fast", "", "1.0.0", 1},
		{"set", -3, "write denyoom", "@write @string @slow", "set", "1.0.0", 1},
		{"config|get", -3, "admin noscript loading stale", "@admin @slow @dangerous", "", "2.0.0", 0},
		{"auth", -2, "noscript loading stale fast no_auth", "@fast @connection", "", "1.0.0", 0},
		{"eval_ro", -3, "readonly noscript stale movablekeys", "@slow @scripting", "eval", "7.0.0", 1},
		{"zrank", -3, "readonly fast", "@read @sortedset @fast", "", "2.0.0", 1},
		{"migrate", -6, "write movablekeys", "@keyspace @write @slow @dangerous", "migrate", "2.6.0", 2},
		{"waitaof", 4, "noscript", "@slow @connection", "", "7.2.0", 0},
	}
	for _, tt := range tests {
		c := tb.Lookup(tt.name)
		if c == nil {
			t.Fatalf("Lookup(%q) = nil", tt.name)
		}
		if c.Arity != tt.arity || c.Flags.String() != tt.flags || c.Categories.String() != tt.cats ||
			c.Extractor != tt.extractor || c.Since != tt.since || len(c.KeySpecs) != tt.nspecs {
			t.Errorf("%s: arity %d flags %q cats %q extractor %q since %q specs %d; want %d %q %q %q %q %d",
				tt.name, c.Arity, c.Flags, c.Categories, c.Extractor, c.Since, len(c.KeySpecs),
				tt.arity, tt.flags, tt.cats, tt.extractor, tt.since, tt.nspecs)
		}
	}
	copySpecs := tb.Lookup("copy").KeySpecs
	want := []KeySpec{
		{Flags: KeyRO | KeyAccess, BeginSearch: BeginSearch{Kind: SearchIndex, Index: 1}, FindKeys: FindKeys{Kind: FindRange, KeyStep: 1}},
		{Flags: KeyOW | KeyUpdate, BeginSearch: BeginSearch{Kind: SearchIndex, Index: 2}, FindKeys: FindKeys{Kind: FindRange, KeyStep: 1}},
	}
	if !slices.Equal(copySpecs, want) {
		t.Errorf("copy key specs = %+v, want %+v", copySpecs, want)
	}
	xread := tb.Lookup("xread").KeySpecs
	wantX := []KeySpec{{Flags: KeyRO | KeyAccess, BeginSearch: BeginSearch{Kind: SearchKeyword, Keyword: "STREAMS", StartFrom: 1},
		FindKeys: FindKeys{Kind: FindRange, LastKey: -1, KeyStep: 1, Limit: 2}}}
	if !slices.Equal(xread, wantX) {
		t.Errorf("xread key specs = %+v, want %+v", xread, wantX)
	}
}

// TestExtractors checks the built-in extractor-by-name knowledge against
// get_keys_function of every profile.
func TestExtractors(t *testing.T) {
	for _, p := range []string{"redis-7.0", "redis-7.2", "valkey-8.0"} {
		raws, err := profileCommands(p)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range raws {
			for _, c := range append([]*rawCommand{r}, r.subs...) {
				if got := extractorByName[c.name]; got != c.extractor {
					t.Errorf("%s: %s: by name %q, get_keys_function %q", p, c.name, got, c.extractor)
				}
				if c.extractor != "" {
					n++
				}
			}
		}
		if n != len(extractorByName) {
			t.Errorf("%s: %d commands with extractors, want %d", p, n, len(extractorByName))
		}
	}
}

func TestLookup(t *testing.T) {
	tb := mustEngine(t, "valkey-8.0")
	tests := []struct {
		name string
		want string // "" for nil
	}{
		{"get", "get"},
		{"GET", "get"},
		{"gEt", "get"},
		{"config|get", "config|get"},
		{"CONFIG|GET", "config|get"},
		{"Client|No-Evict", "client|no-evict"},
		{"config", "config"},
		{"config|", ""},
		{"|get", ""},
		{"config|get|x", ""},
		{"config|get|", ""},
		{"get|x", ""},
		{"", ""},
		{"nosuch", ""},
		{"get ", ""},
		{"get\x00", ""},
		{"ǧet", ""},
		{"ft.search", ""},
		{strings.Repeat("a", 500), ""},
	}
	for _, tt := range tests {
		c := tb.Lookup(tt.name)
		got := ""
		if c != nil {
			got = c.Name
		}
		if got != tt.want {
			t.Errorf("Lookup(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, name := range []string{"GET", "config|GET", "nosuch", "CLIENT|NO-EVICT"} {
		if n := testing.AllocsPerRun(100, func() { tb.Lookup(name) }); n != 0 {
			t.Errorf("Lookup(%q) allocates %v times", name, n)
		}
	}
}

func TestResolve(t *testing.T) {
	tb := mustEngine(t, "redis-7.2")
	tests := []struct {
		argv    []string
		want    string // resolved command
		err     error  // sentinel
		errText string
	}{
		{argv: []string{"get", "k"}, want: "get"},
		{argv: []string{"GET", "k"}, want: "get"},
		{argv: []string{"config", "GET", "maxmemory"}, want: "config|get"},
		{argv: []string{"CONFIG", "get", "a", "b"}, want: "config|get"},
		{argv: []string{"command"}, want: "command"},
		{argv: []string{"command", "count"}, want: "command|count"},
		{argv: []string{"debug", "object", "k"}, want: "debug"},
		{argv: []string{"set", "k", "v", "get"}, want: "set"},
		{argv: nil, err: ErrUnknownCommand, errText: "unknown command ''"},
		{argv: []string{"nosuch", "x"}, err: ErrUnknownCommand, errText: "unknown command 'nosuch'"},
		{argv: []string{"config|get", "x"}, err: ErrUnknownCommand, errText: "unknown command 'config|get'"},
		{argv: []string{"config", "nosuch"}, err: ErrUnknownSubcommand, errText: "unknown subcommand 'nosuch' of 'config'"},
		{argv: []string{"Config", ""}, err: ErrUnknownSubcommand, errText: "unknown subcommand '' of 'Config'"},
		{argv: []string{"config", "get|x", "y"}, err: ErrUnknownSubcommand, errText: "unknown subcommand 'get|x' of 'config'"},
		{argv: []string{"config"}, err: ErrArity, errText: "wrong number of arguments for 'config' command"},
		{argv: []string{"config", "get"}, err: ErrArity, errText: "wrong number of arguments for 'config|get' command"},
		{argv: []string{"get"}, err: ErrArity, errText: "wrong number of arguments for 'get' command"},
		{argv: []string{"get", "a", "b"}, err: ErrArity, errText: "wrong number of arguments for 'get' command"},
		{argv: []string{"set", "k"}, err: ErrArity, errText: "wrong number of arguments for 'set' command"},
		{argv: []string{"nosuch\n"}, err: ErrUnknownCommand, errText: `unknown command 'nosuch\n'`},
	}
	for _, tt := range tests {
		c, err := tb.Resolve(tt.argv)
		if tt.err == nil {
			if err != nil || c == nil || c.Name != tt.want {
				t.Errorf("Resolve(%q) = %v, %v; want %s", tt.argv, c, err, tt.want)
			}
			if n := testing.AllocsPerRun(100, func() { tb.Resolve(tt.argv) }); n != 0 {
				t.Errorf("Resolve(%q) allocates %v times", tt.argv, n)
			}
			continue
		}
		if c != nil || !errors.Is(err, tt.err) || err.Error() != tt.errText {
			t.Errorf("Resolve(%q) = %v, %v; want error %q wrapping %v", tt.argv, c, err, tt.errText, tt.err)
		}
		var le *LookupError
		var ae *ArityError
		switch {
		case errors.As(err, &le):
			wantName := ""
			if len(tt.argv) > 0 {
				wantName = tt.argv[0]
			}
			wantSub := ""
			if tt.err == ErrUnknownSubcommand {
				wantSub = tt.argv[1]
			}
			if le.Name != wantName || le.Sub != wantSub {
				t.Errorf("Resolve(%q): LookupError{%q, %q}, want {%q, %q}", tt.argv, le.Name, le.Sub, wantName, wantSub)
			}
		case errors.As(err, &ae):
			if ae.Command == nil || tb.Lookup(ae.Command.Name) != ae.Command {
				t.Errorf("Resolve(%q): ArityError without its command", tt.argv)
			}
		default:
			t.Errorf("Resolve(%q): error type %T", tt.argv, err)
		}
	}
}

func TestCategories(t *testing.T) {
	tb := mustEngine(t, "redis-7.0")
	for name, want := range map[string]Category{"read": Read, "READ": Read, "SortedSet": SortedSet, "scripting": Scripting} {
		if c, ok := tb.Category(name); c != want || !ok {
			t.Errorf("Category(%q) = %v, %v; want %v, true", name, c, ok, want)
		}
	}
	for _, name := range []string{"@read", "all", "search", "json", "", "ſtring"} {
		if c, ok := tb.Category(name); c != 0 || ok {
			t.Errorf("Category(%q) = %v, %v; want 0, false", name, c, ok)
		}
	}
	if tb.Has(Search) || tb.Has(JSON) || !tb.Has(Keyspace) || !tb.Has(Scripting) || tb.Has(Category(40)) {
		t.Error("Has: wrong answers for a table without modules")
	}
	if got := len(tb.Categories()); got != NumBuiltin {
		t.Errorf("Categories() has %d categories", got)
	}
	mod := mustEngine(t, "redis-7.0", WithSearch(SearchValkey), WithJSON())
	var names []string
	for _, c := range mod.Categories() {
		names = append(names, c.String())
	}
	if want := "keyspace read write set sortedset list hash string bitmap hyperloglog geo stream pubsub admin fast slow blocking dangerous connection transaction scripting search json"; strings.Join(names, " ") != want {
		t.Errorf("Categories() = %v", names)
	}
	if c, ok := mod.Category("Search"); !ok || c != Search {
		t.Errorf("Category(Search) = %v, %v", c, ok)
	}
	if c, ok := mod.Category("JSON"); !ok || c != JSON {
		t.Errorf("Category(JSON) = %v, %v", c, ok)
	}
	if Category(200).String() != "invalid" {
		t.Error("String of an invalid category")
	}
}
