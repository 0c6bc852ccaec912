package category

import (
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Table is the command table of one engine: every command and subcommand
// with a dense ID, its arity, flags, ACL categories and key specs, plus the
// module commands the options asked for. A Table is immutable and safe for
// concurrent use.
type Table struct {
	engine  Engine
	profile string
	cmds    []*Command
	top     []*Command          // the top-level commands, by ID
	members [][]*Command        // by category: its commands and subcommands, by ID
	masks   [][]uint64          // by category: the ID bits of members and their subcommands
	byName  map[string]*Command // lower-case full names and aliases
	names   nameIndex           // byName, for allocation-free lookups
	aliases map[string]string   // lower-case alias -> canonical name
	cats    Categories          // categories the table has
	// sentinel is set for the tables of ForSentinel.
	sentinel bool
}

// maxNameLen bounds the length of command names so that lookups can
// lower-case into a stack buffer. Tables with longer names are rejected.
const maxNameLen = 96

// Option configures the module commands of a table built by [ForEngine] or
// [Load].
type Option func(*options)

type options struct {
	search SearchVariant
	json   bool
	engine Engine // Load only
}

// SearchVariant selects the FT.* command set added by [WithSearch].
type SearchVariant uint8

// Search variants.
const (
	// SearchMemoryDB is the vector search of Amazon MemoryDB: the 14
	// commands of the MemoryDB ACL table (FT.CREATE, FT.DROPINDEX, FT._LIST,
	// FT.INFO, FT.SEARCH, FT.AGGREGATE, FT.PROFILE, FT.ALIASADD,
	// FT.ALIASDEL, FT.ALIASUPDATE, FT._ALIASLIST, FT.EXPLAIN, FT.EXPLAINCLI,
	// FT.CONFIG), each in @search plus exactly the categories of that table.
	// The table's spelling FT.LIST is accepted as an alias of FT._LIST.
	SearchMemoryDB SearchVariant = iota + 1
	// SearchValkey is the valkey-search 1.0.x module (ElastiCache for
	// Valkey 8.2): FT.CREATE, FT.DROPINDEX, FT.INFO, FT._LIST (also in
	// @admin) and FT.SEARCH.
	SearchValkey
)

// String returns "memorydb" or "valkey".
func (v SearchVariant) String() string {
	switch v {
	case SearchMemoryDB:
		return "memorydb"
	case SearchValkey:
		return "valkey"
	}
	return fmt.Sprintf("SearchVariant(%d)", uint8(v))
}

// WithSearch adds the FT.* commands of the search module variant v and the
// @search category.
func WithSearch(v SearchVariant) Option {
	return func(o *options) { o.search = v }
}

// WithEngine states the engine of a dump given to [Load]; see there.
// [ForEngine] ignores it.
func WithEngine(e Engine) Option {
	return func(o *options) { o.engine = e }
}

// WithJSON adds the JSON.* commands (ElastiCache's JSON support, key specs
// and arities as in valkey-json) and the @json category.
func WithJSON() Option {
	return func(o *options) { o.json = true }
}

func buildOptions(opts []Option) (options, error) {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.search > SearchValkey {
		return o, fmt.Errorf("category: invalid search variant %d", uint8(o.search))
	}
	return o, nil
}

// engines lists the accepted engines, in the order [Engines] returns them,
// with the embedded profile each is built from. See the package
// documentation for the reasons of each mapping.
var engines = []struct {
	engine  Engine
	profile string
}{
	{Engine{Redis, 6, 0}, "redis-7.0"},
	{Engine{Redis, 6, 2}, "redis-7.0"},
	{Engine{Redis, 7, 0}, "redis-7.0"},
	{Engine{Redis, 7, 1}, "redis-7.0"},
	{Engine{Redis, 7, 2}, "redis-7.2"},
	{Engine{Valkey, 7, 2}, "redis-7.2"},
	{Engine{Valkey, 8, 0}, "valkey-8.0"},
	{Engine{Valkey, 8, 1}, "valkey-8.0"},
	{Engine{Valkey, 8, 2}, "valkey-8.0"},
}

// profileEngines is the engine of the server each profile was captured
// from, newest first: what [Load] assumes for a dump that records none and
// matches the profile's commands best.
var profileEngines = []struct {
	profile string
	engine  Engine
}{
	{"valkey-8.0", Engine{Valkey, 8, 0}},
	{"redis-7.2", Engine{Redis, 7, 2}},
	{"redis-7.0", Engine{Redis, 7, 0}},
}

// Engines returns the engine names [ForEngine] accepts: redis-6.0,
// redis-6.2, redis-7.0, redis-7.1, redis-7.2, valkey-7.2, valkey-8.0,
// valkey-8.1, valkey-8.2.
func Engines() []string {
	names := make([]string, len(engines))
	for i, e := range engines {
		names[i] = e.engine.String()
	}
	return names
}

// Known reports whether [ForEngine] has a table for e.
func (e Engine) Known() bool {
	for _, row := range engines {
		if row.engine == e {
			return true
		}
	}
	return false
}

type cacheKey struct {
	engine Engine
	opts   options
}

var (
	cacheMu sync.Mutex
	cache   = map[cacheKey]*Table{}
)

// ForEngine returns the command table of engine, one of [Engines] (ASCII
// case-insensitive), with the module commands the options add. Tables are
// built on first use from the embedded profiles and cached: the same engine
// and options give the same *Table. An unknown engine gives an error
// wrapping [ErrUnknownEngine] that lists the valid names.
func ForEngine(name string, opts ...Option) (*Table, error) {
	e, err := ParseEngine(name)
	if err != nil || !e.Known() || !ascii.EqualFold(e.String(), name) {
		return nil, fmt.Errorf("category: %w %q (valid: %s)", ErrUnknownEngine, name, strings.Join(Engines(), ", "))
	}
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	o.engine = Engine{}
	profile := ""
	for _, row := range engines {
		if row.engine == e {
			profile = row.profile
		}
	}
	key := cacheKey{e, o}
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if t := cache[key]; t != nil {
		return t, nil
	}
	raws, err := profileCommands(profile)
	if err != nil {
		return nil, err
	}
	t, err := newTable(e, profile, filterSince(raws, e), o)
	if err != nil {
		return nil, err
	}
	cache[key] = t
	return t, nil
}

// filterSince drops the commands (and subcommands) the engine does not
// have according to their since version ([Engine.HasCommand]).
func filterSince(raws []*rawCommand, e Engine) []*rawCommand {
	keep := func(r *rawCommand) bool { return e.HasCommand(r.since) }
	out := make([]*rawCommand, 0, len(raws))
	for _, r := range raws {
		if !keep(r) {
			continue
		}
		if len(r.subs) > 0 {
			cp := *r
			cp.subs = nil
			for _, s := range r.subs {
				if keep(s) {
					cp.subs = append(cp.subs, s)
				}
			}
			r = &cp
		}
		out = append(out, r)
	}
	return out
}

// parseVersion parses the major and minor numbers of "7.0.0".
func parseVersion(v string) (major, minor int, ok bool) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	var err error
	if _, err = fmt.Sscanf(parts[0], "%d", &major); err != nil {
		return 0, 0, false
	}
	if _, err = fmt.Sscanf(parts[1], "%d", &minor); err != nil {
		return 0, 0, false
	}
	return major, minor, true
}

// newTable builds a table from parsed commands (core ones; sorted here) and
// the module commands of o.
func newTable(e Engine, profile string, raws []*rawCommand, o options) (*Table, error) {
	core := make([]*rawCommand, 0, len(raws))
	var mods []*rawCommand
	for _, r := range raws {
		if r.module != "" {
			mods = append(mods, r)
		} else {
			core = append(core, r)
		}
	}
	byRawName := func(s []*rawCommand) {
		sort.Slice(s, func(i, j int) bool { return s[i].name < s[j].name })
	}
	byRawName(core)
	t := &Table{
		engine:  e,
		profile: profile,
		byName:  make(map[string]*Command, len(raws)*2),
		cats:    builtinCategories,
	}
	have := make(map[string]bool, len(raws))
	for _, r := range raws {
		have[r.name] = true
	}
	var aliases map[string]string
	if o.search != 0 {
		cmds, al := searchCommands(o.search)
		for _, r := range cmds {
			if !have[r.name] {
				mods = append(mods, r)
			}
		}
		aliases = al
		t.cats = t.cats.With(Search)
	}
	if o.json {
		for _, r := range jsonCommands() {
			if !have[r.name] {
				mods = append(mods, r)
			}
		}
		t.cats = t.cats.With(JSON)
	}
	byRawName(mods)
	for _, list := range [][]*rawCommand{core, mods} {
		for _, r := range list {
			if err := t.add(r); err != nil {
				return nil, err
			}
		}
	}
	for _, c := range t.cmds {
		if c.Categories.Has(Search) || c.Module == "search" {
			t.cats = t.cats.With(Search)
		}
		if c.Categories.Has(JSON) || c.Module == "json" {
			t.cats = t.cats.With(JSON)
		}
	}
	for alias, canon := range aliases {
		c := t.byName[canon]
		if c == nil || t.byName[alias] != nil {
			continue
		}
		if t.aliases == nil {
			t.aliases = map[string]string{}
		}
		t.aliases[alias] = canon
		t.byName[alias] = c
	}
	t.names = newNameIndex(t.byName)
	t.index()
	return t, nil
}

// index builds the derived indexes: top-level commands, category members
// and masks.
func (t *Table) index() {
	t.members = make([][]*Command, len(categoryNames))
	t.masks = make([][]uint64, len(categoryNames))
	words := (len(t.cmds) + 63) / 64
	for _, c := range t.cmds {
		if c.Parent == nil {
			t.top = append(t.top, c)
		}
		for cat := range t.members {
			if !t.cats.Has(Category(cat)) || !c.Categories.Has(Category(cat)) {
				continue
			}
			t.members[cat] = append(t.members[cat], c)
			if t.masks[cat] == nil {
				t.masks[cat] = make([]uint64, words)
			}
			mark(t.masks[cat], c)
		}
	}
}

// mark sets the ID bits of c and of its subcommands.
func mark(bits []uint64, c *Command) {
	bits[c.ID>>6] |= 1 << (c.ID & 63)
	for _, sub := range c.Subcommands {
		bits[sub.ID>>6] |= 1 << (sub.ID & 63)
	}
}

// builtinCategories holds the 21 built-in categories.
const builtinCategories = Categories(1<<NumBuiltin - 1)

// add appends r and its subcommands to t.
func (t *Table) add(r *rawCommand) error {
	c, err := t.newCommand(r, nil)
	if err != nil {
		return err
	}
	subs := append([]*rawCommand(nil), r.subs...)
	sort.Slice(subs, func(i, j int) bool { return subs[i].name < subs[j].name })
	for _, s := range subs {
		sc, err := t.newCommand(s, c)
		if err != nil {
			return err
		}
		c.Subcommands = append(c.Subcommands, sc)
	}
	return nil
}

func (t *Table) newCommand(r *rawCommand, parent *Command) (*Command, error) {
	name := r.name
	if name == "" || len(name) > maxNameLen {
		return nil, fmt.Errorf("category: invalid command name %q", name)
	}
	bar := strings.IndexByte(name, '|')
	switch {
	case parent == nil && bar >= 0:
		return nil, fmt.Errorf("category: top-level command name %q contains '|'", name)
	case parent != nil && (!strings.HasPrefix(name, parent.Name+"|") || strings.Count(name, "|") != 1 || len(name) == len(parent.Name)+1):
		return nil, fmt.Errorf("category: subcommand name %q does not belong to %q", name, parent.Name)
	}
	if t.byName[name] != nil {
		return nil, fmt.Errorf("category: duplicate command %q", name)
	}
	c := &Command{
		Name:       name,
		ID:         len(t.cmds),
		Parent:     parent,
		Arity:      r.arity,
		Flags:      r.flags,
		Categories: r.cats,
		KeySpecs:   r.specs,
		Extractor:  r.extractor,
		Since:      r.since,
		Module:     r.module,
	}
	if parent != nil {
		c.Module = parent.Module
	}
	t.cmds = append(t.cmds, c)
	t.byName[name] = c
	return c, nil
}

// Engine returns the engine the table is for: as [ForEngine] was asked,
// or, for a table from [Load], the engine the dump records, the one
// [WithEngine] states, or the one Load assumed (see there).
func (t *Table) Engine() Engine { return t.engine }

// Sentinel reports whether the table is a Sentinel's ([ForSentinel]).
func (t *Table) Sentinel() bool { return t.sentinel }

// Profile returns the embedded profile the table was built from
// ("redis-7.0", "redis-7.2" or "valkey-8.0"), or, for a table from [Load],
// the profile whose commands match the dump's best.
func (t *Table) Profile() string { return t.profile }

// Len returns the number of commands, subcommands included; IDs are
// 0..Len()-1.
func (t *Table) Len() int { return len(t.cmds) }

// All iterates over the commands by ID: each container is followed by its
// subcommands; core commands come before module commands. The commands are
// shared and must not be modified.
func (t *Table) All() iter.Seq[*Command] { return slices.Values(t.cmds) }

// Top iterates over the top-level commands (no subcommands) by ID.
func (t *Table) Top() iter.Seq[*Command] { return slices.Values(t.top) }

// Members returns the commands and subcommands in category cat, by ID; nil
// for a category the table does not have. The slice is shared and must not
// be modified.
func (t *Table) Members(cat Category) []*Command {
	if int(cat) >= len(t.members) {
		return nil
	}
	return t.members[cat]
}

// Mask returns the command bitmap of category cat (bit ID%64 of word
// ID/64, Len()+63/64 words): its members and their subcommands, as +@cat
// sets them; nil for a category the table does not have or that has no
// members. The slice is shared and must not be modified.
func (t *Table) Mask(cat Category) []uint64 {
	if int(cat) >= len(t.masks) {
		return nil
	}
	return t.masks[cat]
}

// Command returns the command with the given ID, or nil.
func (t *Table) Command(id int) *Command {
	if id < 0 || id >= len(t.cmds) {
		return nil
	}
	return t.cmds[id]
}

// Lookup returns the command or subcommand called name ("get",
// "config|get"), ignoring ASCII case, or nil if the table has none. Aliases
// (see [Table.Alias]) resolve to their command. A name with more than one
// '|' never resolves. Lookup does not allocate.
func (t *Table) Lookup(name string) *Command {
	if len(name) > maxNameLen {
		return nil
	}
	return t.names.lookup(name)
}

// lookupTop looks up a top-level command (a name with '|' is unknown).
func (t *Table) lookupTop(name string) *Command {
	c := t.Lookup(name)
	if c != nil && c.Parent != nil { // only subcommand names hold '|'
		return nil
	}
	return c
}

// lookupSub looks up subcommand sub of container c.
func (t *Table) lookupSub(c *Command, sub string) *Command {
	if len(c.Name)+1+len(sub) > maxNameLen || strings.IndexByte(sub, '|') >= 0 {
		return nil
	}
	return t.names.lookupSub(c.Name, sub)
}

// Resolve finds the command that executes argv as Redis's processCommand
// and ACL DRYRUN do: argv[0] must name a top-level command (a name with '|'
// is unknown); if it is a container and argv has a second word, that word
// names the subcommand. Then the arity is checked (for a subcommand it
// counts both words). Errors are a *[LookupError] wrapping
// [ErrUnknownCommand] or [ErrUnknownSubcommand], or an *[ArityError]
// wrapping [ErrArity]. Resolve does not allocate when it succeeds.
func (t *Table) Resolve(argv []string) (*Command, error) {
	if len(argv) == 0 {
		return nil, &LookupError{}
	}
	c := t.lookupTop(argv[0])
	if c == nil {
		return nil, &LookupError{Name: strings.Clone(argv[0])} // argv may be a view of reused bytes
	}
	if c.IsContainer() && len(argv) >= 2 {
		s := t.lookupSub(c, argv[1])
		if s == nil {
			return nil, &LookupError{Name: strings.Clone(argv[0]), Sub: strings.Clone(argv[1]), sub: true}
		}
		c = s
	}
	if !arityOK(c.Arity, len(argv)) {
		return nil, &ArityError{Command: c}
	}
	return c, nil
}

// Alias reports whether name (ASCII case-insensitive) is an alias the table
// accepts for another command, and returns that command's name. The only
// alias today is "ft.list" for "ft._list" with [SearchMemoryDB]: MemoryDB's
// ACL table spells the command FT.LIST.
func (t *Table) Alias(name string) (canonical string, ok bool) {
	if len(t.aliases) == 0 || len(name) > maxNameLen {
		return "", false
	}
	var buf [maxNameLen]byte
	for i := 0; i < len(name); i++ {
		buf[i] = ascii.Lower(name[i])
	}
	canonical, ok = t.aliases[string(buf[:len(name)])]
	return canonical, ok
}

// Category returns the category called name (without '@', ASCII
// case-insensitive) if the table has it: the 21 built-in categories, plus
// "search" and "json" only in tables with those modules.
func (t *Table) Category(name string) (Category, bool) {
	for i, n := range categoryNames {
		c := Category(i)
		if t.cats.Has(c) && ascii.EqualFold(n, name) {
			return c, true
		}
	}
	return 0, false
}

// Categories returns the categories of the table in order: the built-in
// ones in Redis's order, then search and json if present.
func (t *Table) Categories() []Category {
	out := make([]Category, 0, len(categoryNames))
	for i := range categoryNames {
		if t.cats.Has(Category(i)) {
			out = append(out, Category(i))
		}
	}
	return out
}

// Has reports whether the table has category c.
func (t *Table) Has(c Category) bool {
	return int(c) < len(categoryNames) && t.cats.Has(c)
}
