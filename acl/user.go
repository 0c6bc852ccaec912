package acl

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"

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

// Compile applies the rules of a to a new user named name, as ACL SETUSER
// name rules... does; see [User.Apply].
//
// Like ACL SETUSER it first rejects a name holding whitespace or a NUL byte
// ([ErrBadUserName]).
func Compile(a *AccessString, t *category.Table, name string) (*User, error) {
	if strings.ContainsAny(name, " \t\n\v\f\r\x00") {
		return nil, &Error{Word: name, Modifier: name, Err: ErrBadUserName}
	}
	if a.Err != nil {
		return nil, a.Err
	}
	u := NewUser(name, t) // not shared yet: apply in place
	if err := u.applyAll(a); err != nil {
		return nil, err
	}
	return u, nil
}

// Apply returns the user after applying the rules of a, continuing from
// u's state as a second ACL SETUSER does. Like Redis it is atomic: at the
// first failing rule it returns u unchanged and an [*Error] whose Reply is
// the server's.
func (u *User) Apply(a *AccessString) (*User, error) {
	if a.Err != nil {
		return u, a.Err
	}
	nu := *u
	nu.passwords = append([]string(nil), u.passwords...)
	nu.selectors = append([]*selector(nil), u.selectors...)
	nu.selectors[0] = u.selectors[0].clone()
	if err := nu.applyAll(a); err != nil {
		return u, err
	}
	return &nu, nil
}

// applyAll applies the rules of a to u, which nobody else holds yet.
func (u *User) applyAll(a *AccessString) *Error {
	for _, r := range a.Rules {
		if err := u.apply(r); err != nil {
			return err
		}
	}
	u.selectors[0].finish()
	return nil
}

// SetUser parses access in the user's dialect and applies it.
func (u *User) SetUser(access string) (*User, error) {
	a, err := Parse(access, WithDialect(u.dialect))
	if a == nil {
		return u, err
	}
	return u.Apply(a)
}

func ruleError(r Rule, sentinel error, detail string) *Error {
	w := ruleText(r) // as written, for the exact reply; Error masks it
	_, secret := r.(*Password)
	return &Error{Range: r.Range(), Rule: r, Word: w, Modifier: w, Err: sentinel, Detail: detail, secret: secret}
}

// dbRuleError is the error of a Valkey 9.1 database rule (db=, alldbs,
// resetdbs) on the older engines aclcheck models.
func dbRuleError(r Rule) *Error {
	return ruleError(r, engineTooOld{}, "database rules need Valkey 9.1 or later")
}

func (u *User) apply(r Rule) *Error {
	root := u.selectors[0]
	switch n := r.(type) {
	case *Keyword:
		switch n.Kind {
		case On:
			u.enabled = true
		case Off:
			u.enabled = false
		case SkipSanitizePayload:
			u.sanitize = skipSanitizePayload
		case SanitizePayload:
			u.sanitize = sanitizePayload
		case NoPass:
			u.nopass, u.passwords = true, nil
		case ResetPass:
			u.nopass, u.passwords = false, nil
		case ClearSelectors:
			u.selectors = u.selectors[:1]
		case Reset:
			u.nopass, u.passwords = false, nil
			u.enabled = false
			u.sanitize = sanitizePayload
			u.selectors = u.selectors[:1]
			root.resetKeys(false)
			root.resetChannels(false)
			root.setAll(false)
			if !root.noHistory {
				root.applied = append(root.applied[:0], r)
			}
		default:
			return u.applySelector(root, r)
		}
		return nil
	case *Password:
		if err := RuleError(n); err != nil {
			return err
		}
		hash := n.Secret()
		if n.Op == AddPassword || n.Op == RemovePassword {
			sum := sha256.Sum256([]byte(n.Secret()))
			hash = hex.EncodeToString(sum[:])
		}
		i := indexOf(u.passwords, hash)
		switch n.Op {
		case AddPassword, AddHash:
			if i < 0 {
				u.passwords = append(u.passwords, hash)
			}
			u.nopass = false
		default:
			if i < 0 {
				return ruleError(n, ErrNoSuchPassword, "")
			}
			u.passwords = append(u.passwords[:i:i], u.passwords[i+1:]...)
		}
		return nil
	case *Selector:
		s := newSelector(u.table)
		s.src = n
		if !n.QuoteError {
			for _, sub := range n.Rules {
				if err := u.applySelector(s, sub); err != nil {
					err.Modifier = n.Word
					return err
				}
			}
		}
		s.finish()
		u.selectors = append(u.selectors, s)
		return nil
	}
	return u.applySelector(root, r)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// applySelector is ACLSetSelector.
func (u *User) applySelector(s *selector, r Rule) *Error {
	t := u.table
	switch n := r.(type) {
	case *Keyword:
		switch n.Kind {
		case AllKeys:
			s.resetKeys(true)
		case ResetKeys:
			s.resetKeys(false)
		case AllChannels:
			s.resetChannels(true)
		case ResetChannels:
			s.resetChannels(false)
		case AllCommands:
			s.setAll(true)
		case NoCommands:
			s.setAll(false)
		case AllDBs, ResetDBs:
			return dbRuleError(n)
		default:
			return ruleError(n, ErrSyntax, "")
		}
	case *KeyPattern:
		if s.allKeys {
			return ruleError(n, ErrKeyAfterAllKeys, "")
		}
		if err := keyError(t, n); err != nil {
			return err
		}
		s.addKey(n)
	case *ChannelPattern:
		if s.allChannels {
			return ruleError(n, ErrChannelAfterAll, "")
		}
		if err := RuleError(n); err != nil {
			return err
		}
		s.addChannel(n.Pattern)
	case *CommandRule:
		target, firstArg, err := bindCommand(t, n)
		if err != nil {
			return err
		}
		switch {
		case firstArg:
			s.addFirstArg(target.ID, n.Arg)
			s.updateRules(n.Name, true)
		case n.Allow && n.HasArg:
			s.changePerm(target, true)
			s.updateRules(n.Name, true)
		default:
			s.changePerm(target, n.Allow)
			s.updateRules(target.Name, n.Allow)
		}
	case *CategoryRule:
		cat, err := bindCategory(t, n)
		if err != nil {
			return err
		}
		s.setCategory(t, cat, n.Allow)
		if !s.noHistory {
			s.updateRules("@"+n.Name, n.Allow)
		}
	case *DBRule:
		return dbRuleError(n)
	case *BadRule:
		return n.Err
	default:
		return ruleError(r, ErrSyntax, "")
	}
	if !s.noHistory {
		s.applied = append(s.applied, r)
	}
	return nil
}

// bindCommand resolves a command rule against the table as ACLSetSelector
// does, in the same order of checks. firstArg reports a +cmd|arg rule on a
// command without subcommands.
func bindCommand(t *category.Table, n *CommandRule) (target *category.Command, firstArg bool, err *Error) {
	if !n.Allow || !n.HasArg {
		c := t.Lookup(n.Name)
		if c == nil {
			return nil, false, ruleError(n, ErrUnknownName, "")
		}
		return c, false, nil
	}
	base := t.Lookup(n.Base)
	switch {
	case base == nil:
		return nil, false, ruleError(n, ErrUnknownName, "")
	case base.IsSubcommand():
		return nil, false, ruleError(n, ErrSubcommandArg, "")
	case n.Arg == "":
		return nil, false, ruleError(n, ErrSyntax, "")
	case base.IsContainer():
		sub := t.Lookup(n.Name)
		if sub == nil {
			return nil, false, ruleError(n, ErrUnknownName, "")
		}
		return sub, false, nil
	}
	if DialectOf(t) != Redis70 && crashingFirstArg(n.Arg) {
		return nil, false, ruleError(n, ErrCrash,
			"Redis 7.2 and Valkey 8.0 accept a first argument holding whitespace or a quote, and crash when ACL LIST prints it")
	}
	return base, true, nil
}

// keyError is RuleError of a key rule for the engine of t: a bare %
// (no R, W or ~) is ErrCrash on Redis 7.2 and Valkey, a syntax error on
// Redis 7.0 (Debian's 7.0.15 has the fix of CVE-2024-51741). Every engine
// rejects %~pattern (CVE-2024-31227).
func keyError(t *category.Table, n *KeyPattern) *Error {
	if DialectOf(t) != Redis70 && crashingKeyRule(n.Word) {
		return ruleError(n, ErrCrash,
			"Redis 7.2.6 and Valkey 8.0.1 accept a bare % key rule (no R, W or ~), and crash when ACL LIST prints it")
	}
	return RuleError(n)
}

// crashingKeyRule reports whether key rule w is a % rule that 7.2.6 and
// Valkey 8.0.1 accept with no permission: a bare %.
func crashingKeyRule(w string) bool { return w == "%" }

// crashingFirstArg reports whether a first argument breaks Redis 7.2's
// ACL LIST, which splits the command rules again with sdssplitargs.
func crashingFirstArg(arg string) bool { return strings.ContainsAny(arg, " \t\n\v\f\r\"'") }

// Crashes reports whether rule r is one that Redis 7.2.6 and Valkey 8.0.1
// accept and then crash on at the next ACL LIST, whatever t's engine (t
// tells first arguments from subcommands): a bare % key rule (no R, W or
// ~), or a first-argument rule (+cmd|arg) whose argument holds whitespace or
// a quote. On those engines Compile and Bind refuse it with [ErrCrash];
// Redis 7.0 rejects the first and accepts the second.
func Crashes(r Rule, t *category.Table) bool {
	switch n := r.(type) {
	case *KeyPattern:
		return crashingKeyRule(n.Word)
	case *CommandRule:
		if !n.Allow || !n.HasArg || n.Arg == "" || !crashingFirstArg(n.Arg) {
			return false
		}
		base := t.Lookup(n.Base)
		return base != nil && !base.IsSubcommand() && !base.IsContainer()
	}
	return false
}

func bindCategory(t *category.Table, n *CategoryRule) (category.Category, *Error) {
	cat, ok := t.Category(n.Name)
	if !ok {
		return 0, ruleError(n, ErrUnknownName, "")
	}
	return cat, nil
}

// Bind checks a parsed access string against a command table and returns
// every error that does not depend on the user's state: syntax errors from
// Parse, and unknown commands, subcommands and categories, with positions.
// Errors that depend on state (a pattern after allkeys, removing a missing
// password) are found by [Compile].
func Bind(a *AccessString, t *category.Table) ErrorList {
	var errs ErrorList
	if a.Err != nil {
		errs = append(errs, a.Err)
	}
	var visit func(r Rule, modifier string)
	visit = func(r Rule, modifier string) {
		var err *Error
		switch n := r.(type) {
		case *CommandRule:
			_, _, err = bindCommand(t, n)
		case *CategoryRule:
			_, err = bindCategory(t, n)
		case *DBRule:
			err = dbRuleError(n)
		case *Keyword:
			if n.Kind == AllDBs || n.Kind == ResetDBs {
				err = dbRuleError(n)
			}
		case *Selector:
			for _, sub := range n.Rules {
				visit(sub, n.Word)
			}
			return
		case *KeyPattern:
			err = keyError(t, n)
		default:
			err = RuleError(r)
		}
		if err != nil {
			if modifier != "" {
				err.Modifier = modifier
			}
			errs = append(errs, err)
		}
	}
	for _, r := range a.Rules {
		visit(r, "")
	}
	errs.Sort()
	return errs
}

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
