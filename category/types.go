package category

// Category is one ACL category. The 21 built-in categories come first, in
// Redis's fixed internal order (the order ACL CAT prints and the 7.0 ACL LIST
// renderer walks); module categories follow.
type Category uint8

// The built-in categories in Redis's order, then the module categories.
const (
	Keyspace Category = iota
	Read
	Write
	Set
	SortedSet
	List
	Hash
	String
	Bitmap
	HyperLogLog
	Geo
	Stream
	PubSub
	Admin
	Fast
	Slow
	Blocking
	Dangerous
	Connection
	Transaction
	Scripting
	Search // module category of FT.* commands; exists only in tables built with the search module
	JSON   // module category of JSON.* commands; exists only in tables built with the JSON module

	// NumBuiltin is the number of built-in categories.
	NumBuiltin = int(Scripting) + 1
)

var categoryNames = [...]string{
	"keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
	"hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
	"dangerous", "connection", "transaction", "scripting", "search", "json",
}

// String returns the category's name without the '@', e.g. "read".
func (c Category) String() string {
	if int(c) < len(categoryNames) {
		return categoryNames[c]
	}
	return "invalid"
}

// Categories is a set of categories.
type Categories uint64

// Has reports whether c is in the set.
func (s Categories) Has(c Category) bool { return s&(1<<c) != 0 }

// With returns the set with c added.
func (s Categories) With(c Category) Categories { return s | 1<<c }

// CommandFlag is a bit set of the COMMAND INFO flags that matter to ACLs.
type CommandFlag uint32

// Command flags, as COMMAND INFO names them.
const (
	FlagWrite       CommandFlag = 1 << iota // write
	FlagReadonly                            // readonly
	FlagAdmin                               // admin
	FlagPubSub                              // pubsub
	FlagNoScript                            // noscript
	FlagBlocking                            // blocking
	FlagLoading                             // loading
	FlagStale                               // stale
	FlagFast                                // fast
	FlagNoAuth                              // no_auth: the command-bit check is skipped
	FlagMovableKeys                         // movablekeys
	FlagDenyOOM                             // denyoom
	FlagNoMulti                             // no_multi
)

// KeyFlag is a bit set of key-spec flags (COMMAND INFO spells the first four
// in upper case: RO RW OW RM; the rest in lower case).
type KeyFlag uint16

// Key-spec flags.
const (
	KeyRO KeyFlag = 1 << iota
	KeyRW
	KeyOW
	KeyRM
	KeyAccess
	KeyUpdate
	KeyInsert
	KeyDelete
	KeyNotKey
	KeyIncomplete
	KeyVariableFlags
)

// BeginSearch says where a key spec starts looking for keys.
type BeginSearch struct {
	Kind      SearchKind
	Index     int    // Kind == SearchIndex
	Keyword   string // Kind == SearchKeyword
	StartFrom int    // Kind == SearchKeyword
}

// SearchKind is the type of a BeginSearch.
type SearchKind uint8

// Begin-search kinds.
const (
	SearchUnknown SearchKind = iota
	SearchIndex
	SearchKeyword
)

// FindKeys says how a key spec finds its keys once it has begun.
type FindKeys struct {
	Kind FindKind
	// Range: LastKey, KeyStep, Limit.
	LastKey, KeyStep, Limit int
	// Keynum: KeyNumIdx, FirstKey, KeyStep.
	KeyNumIdx, FirstKey int
}

// FindKind is the type of a FindKeys.
type FindKind uint8

// Find-keys kinds.
const (
	FindUnknown FindKind = iota
	FindRange
	FindKeynum
)

// KeySpec is one key specification of a command.
type KeySpec struct {
	Flags       KeyFlag
	BeginSearch BeginSearch
	FindKeys    FindKeys
}

// Key is one key argument found in a command line: its index in argv and
// the key-spec flags that apply to it (0 for keys found by the fallback
// extractors of EVAL, ZUNION, XREAD and the like).
type Key struct {
	Pos   int
	Flags KeyFlag
}

// Command is a command or subcommand of a table. Commands are immutable once
// their table is built.
type Command struct {
	// Name is the full lower-case name: "get", or "config|get" for a subcommand.
	Name string
	// ID is the command's dense index in its table, from 0 to Table.Len()-1;
	// the ACL evaluator uses it as the command's bit.
	ID int
	// Parent is the container of a subcommand, nil otherwise.
	Parent *Command
	// Subcommands of a container, in name order; nil otherwise.
	Subcommands []*Command
	// Arity as COMMAND INFO gives it: n > 0 exactly n arguments, n < 0 at
	// least -n, counting the command name (and, for a subcommand, the
	// subcommand name).
	Arity int
	Flags CommandFlag
	// Categories holds the command's ACL categories, implicit ones included.
	Categories Categories
	KeySpecs   []KeySpec
	// Extractor names the fallback key extractor ("set", "sort", "eval",
	// "zunionInterDiff", ...; see the package documentation), or "".
	Extractor string
	// Since is the version that introduced the command, from COMMAND DOCS.
	Since string
	// Module is "" for a core command, "search" or "json" for module commands.
	Module string
}

// IsContainer reports whether c has subcommands.
func (c *Command) IsContainer() bool { return len(c.Subcommands) > 0 }

// IsSubcommand reports whether c is a subcommand of a container.
func (c *Command) IsSubcommand() bool { return c.Parent != nil }
