package category

// Module commands. Their categories follow the published ACL tables exactly
// (shared/spec/elasticache-rules.md §3); the command flags are derived from
// those categories. Module command names are lower case like the core ones.

// modCmd is a compact module command definition.
type modCmd struct {
	name  string
	arity int
	cats  []Category
	flags CommandFlag
	specs []KeySpec
}

func (m modCmd) raw(module string) *rawCommand {
	r := &rawCommand{name: m.name, arity: m.arity, flags: m.flags, specs: m.specs, module: module}
	r.cats = r.cats.With(moduleCategory(module))
	for _, c := range m.cats {
		r.cats = r.cats.With(c)
		switch c {
		case Read:
			r.flags |= FlagReadonly
		case Write:
			r.flags |= FlagWrite
		case Fast:
			r.flags |= FlagFast
		case Admin:
			r.flags |= FlagAdmin
		}
	}
	return r
}

func moduleCategory(module string) Category {
	if module == "json" {
		return JSON
	}
	return Search
}

// Search commands have no key arguments (index names are not keys) and, as
// module commands without command info, arity -1.
var (
	searchMemoryDB = []modCmd{
		{name: "ft.create", arity: -1, cats: []Category{Write, Fast}, flags: FlagDenyOOM},
		{name: "ft.dropindex", arity: -1, cats: []Category{Write, Fast}},
		{name: "ft._list", arity: -1, cats: []Category{Read, Slow}},
		{name: "ft.info", arity: -1, cats: []Category{Read, Fast}},
		{name: "ft.search", arity: -1, cats: []Category{Read, Slow}},
		{name: "ft.aggregate", arity: -1, cats: []Category{Read, Slow}},
		{name: "ft.profile", arity: -1, cats: []Category{Read, Slow}},
		{name: "ft.aliasadd", arity: -1, cats: []Category{Write, Fast}},
		{name: "ft.aliasdel", arity: -1, cats: []Category{Write, Fast}},
		{name: "ft.aliasupdate", arity: -1, cats: []Category{Write, Fast}},
		{name: "ft._aliaslist", arity: -1, cats: []Category{Read, Slow}},
		{name: "ft.explain", arity: -1, cats: []Category{Read, Fast}},
		{name: "ft.explaincli", arity: -1, cats: []Category{Read, Fast}},
		{name: "ft.config", arity: -1, cats: []Category{Read, Fast}},
	}
	searchValkey = []modCmd{
		{name: "ft.create", arity: -1, cats: []Category{Write, Fast}, flags: FlagDenyOOM},
		{name: "ft.dropindex", arity: -1, cats: []Category{Write, Fast}},
		{name: "ft.info", arity: -1, cats: []Category{Read, Fast}},
		{name: "ft._list", arity: -1, cats: []Category{Read, Slow, Admin}},
		{name: "ft.search", arity: -1, cats: []Category{Read, Slow}},
	}
)

// searchCommands returns the commands and aliases of a search variant.
func searchCommands(v SearchVariant) ([]*rawCommand, map[string]string) {
	var defs []modCmd
	var aliases map[string]string
	switch v {
	case SearchMemoryDB:
		defs = searchMemoryDB
		aliases = map[string]string{"ft.list": "ft._list"}
	case SearchValkey:
		defs = searchValkey
	}
	out := make([]*rawCommand, len(defs))
	for i, d := range defs {
		out[i] = d.raw("search")
	}
	return out, aliases
}

// jsonSpec is a key spec "index i, range lastkey/step/0" with flags f, as
// valkey-json declares them.
func jsonSpec(f KeyFlag, index, lastKey, step int) []KeySpec {
	return []KeySpec{{
		Flags:       f,
		BeginSearch: BeginSearch{Kind: SearchIndex, Index: index},
		FindKeys:    FindKeys{Kind: FindRange, LastKey: lastKey, KeyStep: step},
	}}
}

// JSON commands: categories from the ElastiCache table (JSON.MSET from the
// valkey-json documentation), arities and key specs from valkey-json.
// JSON.DEBUG is modelled as one command whose argv[2] is the key (MEMORY,
// DEPTH and FIELDS take a key there).
var jsonDefs = []modCmd{
	{name: "json.arrappend", arity: -4, cats: []Category{Write, Fast}, flags: FlagDenyOOM, specs: jsonSpec(KeyRW|KeyInsert, 1, 0, 1)},
	{name: "json.arrindex", arity: -4, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO|KeyAccess, 1, 0, 1)},
	{name: "json.arrinsert", arity: -5, cats: []Category{Write, Fast}, flags: FlagDenyOOM, specs: jsonSpec(KeyRW|KeyInsert, 1, 0, 1)},
	{name: "json.arrlen", arity: -2, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO, 1, 0, 1)},
	{name: "json.arrpop", arity: -2, cats: []Category{Write, Fast}, specs: jsonSpec(KeyRW|KeyAccess|KeyDelete, 1, 0, 1)},
	{name: "json.arrtrim", arity: 5, cats: []Category{Write, Fast}, specs: jsonSpec(KeyRW|KeyDelete, 1, 0, 1)},
	{name: "json.clear", arity: -2, cats: []Category{Write, Fast}, specs: jsonSpec(KeyRW|KeyDelete, 1, 0, 1)},
	{name: "json.debug", arity: -2, cats: []Category{Read, Slow, Admin}, specs: jsonSpec(KeyRO|KeyAccess, 2, 0, 1)},
	{name: "json.del", arity: -2, cats: []Category{Write, Fast}, specs: jsonSpec(KeyRW|KeyDelete, 1, 0, 1)},
	{name: "json.forget", arity: -2, cats: []Category{Write, Fast}, specs: jsonSpec(KeyRW|KeyDelete, 1, 0, 1)},
	{name: "json.get", arity: -2, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO|KeyAccess, 1, 0, 1)},
	{name: "json.mget", arity: -3, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO|KeyAccess, 1, -2, 1)},
	{name: "json.mset", arity: -4, cats: []Category{Write, Slow}, flags: FlagDenyOOM, specs: jsonSpec(KeyRW|KeyUpdate, 1, -3, 3)},
	{name: "json.numincrby", arity: 4, cats: []Category{Write, Fast}, specs: jsonSpec(KeyRW|KeyAccess|KeyUpdate, 1, 0, 1)},
	{name: "json.nummultby", arity: 4, cats: []Category{Write, Fast}, specs: jsonSpec(KeyRW|KeyAccess|KeyUpdate, 1, 0, 1)},
	{name: "json.objkeys", arity: -2, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO|KeyAccess, 1, 0, 1)},
	{name: "json.objlen", arity: -2, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO, 1, 0, 1)},
	{name: "json.resp", arity: -2, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO|KeyAccess, 1, 0, 1)},
	{name: "json.set", arity: -4, cats: []Category{Write, Slow}, flags: FlagDenyOOM, specs: jsonSpec(KeyRW|KeyUpdate, 1, 0, 1)},
	{name: "json.strappend", arity: -3, cats: []Category{Write, Fast}, flags: FlagDenyOOM, specs: jsonSpec(KeyRW|KeyInsert, 1, 0, 1)},
	{name: "json.strlen", arity: -2, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO, 1, 0, 1)},
	{name: "json.toggle", arity: -2, cats: []Category{Write, Fast}, specs: jsonSpec(KeyRW|KeyAccess|KeyUpdate, 1, 0, 1)},
	{name: "json.type", arity: -2, cats: []Category{Read, Fast}, specs: jsonSpec(KeyRO|KeyAccess, 1, 0, 1)},
}

// jsonCommands returns the JSON module commands.
func jsonCommands() []*rawCommand {
	out := make([]*rawCommand, len(jsonDefs))
	for i, d := range jsonDefs {
		out[i] = d.raw("json")
	}
	return out
}
