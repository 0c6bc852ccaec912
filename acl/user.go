package acl

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"

	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
)

// User is a compiled user: the state ACL SETUSER builds (spec §1). A User is
// immutable and safe for concurrent use; [User.Apply] returns a new one.
type User struct {
	name      string
	table     *category.Table
	dialect   Dialect
	enabled   bool
	nopass    bool
	sanitize  sanitizeFlag
	passwords []string // SHA-256 hex digests, in insertion order
	selectors []*selector
}

type sanitizeFlag uint8

const (
	sanitizeUnset sanitizeFlag = iota
	sanitizePayload
	skipSanitizePayload
)

// selector is the root selector of a user or one of its ( … ) selectors.
type selector struct {
	allKeys, allChannels, allCommands bool
	// future is Redis's reserved command bit: set by +@all only, it lets the
	// selector run commands added later and makes ACL LIST start with +@all.
	future    bool
	bits      []uint64         // one bit per command ID of the table
	firstArgs map[int][]string // allowed first arguments by command ID
	keys      []keyPattern
	// keysShared marks keys whose entries another selector shares (see
	// scratch.light): addKey copies them before changing one.
	keysShared bool
	index      *lazyIndex // literal-prefix index of keys, built on first use
	long       *lists     // indexes of long lists, built as they grow (lists.go)
	channels   []string
	rules      []cmdRule // Redis 7.2's command_rules, for ACL LIST
	applied    []Rule    // the rules applied to this selector, for explanations
	// noHistory skips rules and applied, which only printing and
	// explanations read (the states of Ineffective).
	noHistory bool
	src       *Selector // the rule that created it; nil for the root
}

type keyPattern struct {
	pattern string
	perm    Perm
	glob    *glob.Pattern
	rule    *KeyPattern // the rule that added it (the last one that changed it)
}

type cmdRule struct {
	allow bool
	name  string
}

func newSelector(t *category.Table) *selector {
	return &selector{bits: make([]uint64, (t.Len()+63)/64)}
}

func (s *selector) clone() *selector {
	c := *s
	c.bits = append([]uint64(nil), s.bits...)
	if s.firstArgs != nil {
		c.firstArgs = make(map[int][]string, len(s.firstArgs))
		for k, v := range s.firstArgs {
			c.firstArgs[k] = append([]string(nil), v...) // owned: appended in place
		}
	}
	c.keys, c.keysShared = append([]keyPattern(nil), s.keys...), false
	c.channels = append([]string(nil), s.channels...)
	c.long = nil
	c.rules = append([]cmdRule(nil), s.rules...)
	c.applied = append([]Rule(nil), s.applied...)
	return &c
}

func (s *selector) bit(id int) bool { return s.bits[id>>6]&(1<<(id&63)) != 0 }

func (s *selector) setBit(id int, on bool) {
	if on {
		s.bits[id>>6] |= 1 << (id & 63)
	} else {
		s.bits[id>>6] &^= 1 << (id & 63)
		s.allCommands = false
	}
}

// markCommand sets the bits of c and of its subcommands in bits.
func markCommand(bits []uint64, c *category.Command) {
	bits[c.ID>>6] |= 1 << (c.ID & 63)
	for _, sub := range c.Subcommands {
		bits[sub.ID>>6] |= 1 << (sub.ID & 63)
	}
}

// changePerm is ACLChangeSelectorPerm: set or clear a command's bit (a
// container's subcommands too) and drop its first arguments.
func (s *selector) changePerm(c *category.Command, allow bool) {
	s.setBit(c.ID, allow)
	s.dropFirstArgs(c.ID)
	for _, sub := range c.Subcommands {
		s.setBit(sub.ID, allow)
	}
}

// setCategory is ACLSetSelectorCommandBitsForCategory: changePerm on
// every member, as one mask over the bits.
func (s *selector) setCategory(t *category.Table, cat category.Category, allow bool) {
	mask := t.Mask(cat)
	if mask == nil {
		return
	}
	for i, w := range mask {
		if allow {
			s.bits[i] |= w
		} else {
			s.bits[i] &^= w
		}
	}
	if !allow {
		s.allCommands = false
	}
	if s.firstArgs != nil {
		for _, c := range t.Members(cat) {
			s.dropFirstArgs(c.ID)
		}
	}
}

func (s *selector) setAll(allow bool) {
	for i := range s.bits {
		s.bits[i] = 0
		if allow {
			s.bits[i] = ^uint64(0)
		}
	}
	s.allCommands, s.future = allow, allow
	s.dropFirstArgs(-1)
	s.setRules(nil)
}

// NewUser returns a user as ACL SETUSER creates it before applying rules:
// off, no passwords, no keys, no channels, no commands; with
// sanitize-payload except in the Redis 7.0 dialect.
func NewUser(name string, t *category.Table) *User {
	u := newUser(name, t)
	u.selectors = []*selector{newSelector(t)}
	return &u
}

// newUser is a new user without selectors.
func newUser(name string, t *category.Table) User {
	u := User{name: name, table: t, dialect: DialectOf(t)}
	if u.dialect != Redis70 {
		u.sanitize = sanitizePayload
	}
	return u
}

// DialectOf returns the dialect of a table's engine: [Redis72] when ACL
// LIST replays the rule history ([category.Engine.ListsRuleHistory]: Redis
// 7.2 and Valkey), else [Redis70] (Redis 6.x, 7.0 and AWS's 7.1). The
// dialect's other differences (selector merging, denial texts, the
// sanitize-payload default) follow the same lineage.
func DialectOf(t *category.Table) Dialect {
	if t.Engine().ListsRuleHistory() {
		return Redis72
	}
	return Redis70
}

// Name returns the user's name.
func (u *User) Name() string { return u.name }

// Table returns the command table the user was compiled against.
func (u *User) Table() *category.Table { return u.table }

// Dialect returns the dialect of the user's engine.
func (u *User) Dialect() Dialect { return u.dialect }

// Enabled reports whether the user is on.
func (u *User) Enabled() bool { return u.enabled }

// NoPass reports whether the user has nopass.
func (u *User) NoPass() bool { return u.nopass }

// Passwords returns the SHA-256 digests of the user's passwords.
func (u *User) Passwords() []string { return append([]string(nil), u.passwords...) }

// Selectors returns the number of selectors, the root one included.
func (u *User) Selectors() int { return len(u.selectors) }

// Authenticate reports whether password logs in as u, as AUTH and HELLO
// AUTH check it (ACLCheckUserCredentials): never when u is off, always
// with nopass, otherwise when the SHA-256 digest of password is one of the
// user's. Digests are compared in constant time, and all of them.
func (u *User) Authenticate(password string) bool {
	if !u.enabled {
		return false
	}
	if u.nopass {
		return true
	}
	sum := sha256.Sum256([]byte(password))
	var digest [sha256.Size * 2]byte
	hex.Encode(digest[:], sum[:])
	ok := 0
	for _, p := range u.passwords {
		ok |= subtle.ConstantTimeCompare(digest[:], []byte(p))
	}
	return ok == 1
}
