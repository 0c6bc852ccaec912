package acl

import (
	"iter"

	"github.com/aclcheck/aclcheck/glob"
)

// A Node is an element of the syntax tree of an access string.
type Node interface {
	// Range returns the node's extent in the source.
	Range() Range
}

// A Rule is one rule of an access string, or of a selector body.
type Rule interface {
	Node
	// String returns the rule as it parses back: the word for most rules,
	// the parenthesised body for a selector.
	String() string
	word() string // the rule as written (for a selector, its merged words)
}

// AccessString is the syntax tree of an access string: the rules in the
// order Redis applies them.
type AccessString struct {
	Rules []Rule
	// Source is the text that was parsed.
	Source string
	// Start is the position of the first byte of Source.
	Start Pos
	// Err is the error that stops Redis before any rule is applied (an
	// unmatched parenthesis), or nil.
	Err *Error
}

// Range returns the extent of the whole source.
func (a *AccessString) Range() Range {
	return Range{Start: a.Start, End: a.Start.advance(a.Source)}
}

// KeywordKind names a rule that is a single keyword.
type KeywordKind uint8

// Keyword kinds. The user-level ones (On … Reset) are errors inside a
// selector.
const (
	BadKeyword          KeywordKind = iota
	On                              // on
	Off                             // off
	NoPass                          // nopass
	ResetPass                       // resetpass
	SkipSanitizePayload             // skip-sanitize-payload
	SanitizePayload                 // sanitize-payload
	ClearSelectors                  // clearselectors
	Reset                           // reset
	AllKeys                         // allkeys or ~*
	ResetKeys                       // resetkeys
	AllChannels                     // allchannels or &*
	ResetChannels                   // resetchannels
	AllCommands                     // allcommands or +@all
	NoCommands                      // nocommands or -@all
	AllDBs                          // alldbs (Valkey 9.1)
	ResetDBs                        // resetdbs (Valkey 9.1)
)

var keywordNames = [...]string{"", "on", "off", "nopass", "resetpass", "skip-sanitize-payload",
	"sanitize-payload", "clearselectors", "reset", "allkeys", "resetkeys", "allchannels",
	"resetchannels", "allcommands", "nocommands", "alldbs", "resetdbs"}

// String returns the keyword's canonical spelling.
func (k KeywordKind) String() string { return keywordNames[k] }

// IsUserLevel reports whether the keyword acts on the user rather than a
// selector (and so is a syntax error inside a selector).
func (k KeywordKind) IsUserLevel() bool { return k >= On && k <= Reset }

// Keyword is a one-word rule such as on, nopass, allkeys, ~* or +@all.
type Keyword struct {
	Start, End Pos
	Word       string
	Kind       KeywordKind
}

// PasswordOp is the kind of a password rule.
type PasswordOp byte

// Password rule kinds, named by their first byte.
const (
	AddPassword    PasswordOp = '>'
	RemovePassword PasswordOp = '<'
	AddHash        PasswordOp = '#'
	RemoveHash     PasswordOp = '!'
)

// Password is a >password, <password, #hash or !hash rule. Word holds the
// secret as written; String masks it (">***"), as every rule's String and
// [AccessString.Redacted] do.
type Password struct {
	Start, End Pos
	Word       string
	Op         PasswordOp
	err        *Error // a malformed hash
}

// Secret returns the password or hash after the operator.
func (p *Password) Secret() string { return p.Word[1:] }

// Perm is a set of key permissions.
type Perm uint8

// Key permissions.
const (
	PermRead  Perm = 1 << iota // R
	PermWrite                  // W
	PermRW    = PermRead | PermWrite
)

// String returns "R", "W" or "RW".
func (p Perm) String() string {
	switch p {
	case PermRead:
		return "R"
	case PermWrite:
		return "W"
	case PermRW:
		return "RW"
	}
	return ""
}

// KeyPattern is a ~pattern or %R~ / %W~ / %RW~ pattern rule.
type KeyPattern struct {
	Start, End Pos
	Word       string
	Perm       Perm
	Pattern    string
	glob       glob.Pattern // Pattern compiled, once, by Parse
	err        *Error       // a malformed rule: Perm and Pattern are zero
}

// ChannelPattern is an &pattern rule.
type ChannelPattern struct {
	Start, End Pos
	Word       string
	Pattern    string
	err        *Error // a pattern with whitespace or NUL
}

// CommandRule is +cmd, -cmd, +container|sub, -container|sub, or the
// first-argument form +cmd|arg. Which of the last two it is depends on the
// command table: see [Bind].
type CommandRule struct {
	Start, End Pos
	Word       string
	Allow      bool
	// Name is the text after the sign; Base and Arg split it at the last
	// '|' (Arg is "" and HasArg false without one).
	Name, Base, Arg string
	HasArg          bool
}

// CategoryRule is +@category or -@category (but not ±@all, a [Keyword]).
type CategoryRule struct {
	Start, End Pos
	Word       string
	Allow      bool
	Name       string // without '@'
}

// DBRule is Valkey 9.1's db=ID[,ID...] rule.
type DBRule struct {
	Start, End Pos
	Word       string
	IDs        string
}

// Selector is a parenthesised selector ( … ).
type Selector struct {
	Start, End Pos
	// Word is the selector as Redis sees it after merging the words that
	// form it: "(~a +get)".
	Word string
	// QuoteError is set when the body has a quoting error: Redis then
	// silently creates an empty selector.
	QuoteError bool
	Rules      []Rule
	// Lparen and Rparen are the positions of the opening and the closing
	// parenthesis.
	Lparen, Rparen Pos
}

// BadRule is a word that is not a valid rule; Err says why.
type BadRule struct {
	Start, End Pos
	Word       string
	Err        *Error
}

func (n *Keyword) Range() Range        { return Range{n.Start, n.End} }
func (n *Password) Range() Range       { return Range{n.Start, n.End} }
func (n *KeyPattern) Range() Range     { return Range{n.Start, n.End} }
func (n *ChannelPattern) Range() Range { return Range{n.Start, n.End} }
func (n *CommandRule) Range() Range    { return Range{n.Start, n.End} }
func (n *CategoryRule) Range() Range   { return Range{n.Start, n.End} }
func (n *DBRule) Range() Range         { return Range{n.Start, n.End} }
func (n *Selector) Range() Range       { return Range{n.Start, n.End} }
func (n *BadRule) Range() Range        { return Range{n.Start, n.End} }

func (n *Keyword) word() string        { return n.Word }
func (n *Password) word() string       { return n.Word }
func (n *KeyPattern) word() string     { return n.Word }
func (n *ChannelPattern) word() string { return n.Word }
func (n *CommandRule) word() string    { return n.Word }
func (n *CategoryRule) word() string   { return n.Word }
func (n *DBRule) word() string         { return n.Word }
func (n *Selector) word() string       { return n.Word }
func (n *BadRule) word() string        { return n.Word }

// All returns the rules of a in order, each selector followed by its
// rules.
func (a *AccessString) All() iter.Seq[Rule] {
	return func(yield func(Rule) bool) { all(a.Rules, yield) }
}

func all(rules []Rule, yield func(Rule) bool) bool {
	for _, r := range rules {
		if !yield(r) {
			return false
		}
		if s, ok := r.(*Selector); ok && !all(s.Rules, yield) {
			return false
		}
	}
	return true
}
