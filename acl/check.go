package acl

import (
	"errors"
	"strings"
	"unsafe"

	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Verdict is the outcome of a [Decision].
type Verdict uint8

// Verdicts, ordered as Redis ranks denials: when several selectors deny,
// the most severe kind is reported.
const (
	// Invalid: the command line is not a valid command (unknown command or
	// subcommand, wrong number of arguments); the server replies with an
	// error before any ACL check.
	Invalid Verdict = iota
	Allowed
	DeniedCommand
	DeniedKey
	DeniedChannel
)

// Decision is the answer to "may this user run this command line", equal to
// what ACL DRYRUN of the engine says.
type Decision struct {
	Verdict Verdict
	// Command is the command or subcommand that was checked; nil when
	// Verdict is Invalid because the command is unknown.
	Command *category.Command
	// Pos is the argv index of the denied key or channel.
	Pos int
	// Selector is the index of the selector that allowed the command (0 is
	// the root), or -1.
	Selector int
	// Err says why the command line is invalid when Verdict is Invalid.
	Err error
	// SortPatternDenied is set when ACL DRYRUN says OK but executing the
	// command is refused: SORT or SORT_RO with BY <pattern with *> or GET
	// need a selector that also has unrestricted read access (spec §4.7).
	SortPatternDenied bool

	user  *User
	argv  []string // the command line of Check
	bargv [][]byte // or of CheckBytes
}

// arg returns argument i of the command line that was checked.
func (d *Decision) arg(i int) string {
	if d.bargv != nil {
		return string(d.bargv[i])
	}
	return d.argv[i]
}

// argc returns the number of arguments of the command line that was checked.
func (d *Decision) argc() int {
	if d.bargv != nil {
		return len(d.bargv)
	}
	return len(d.argv)
}

// Allowed reports whether the command is allowed.
func (d Decision) Allowed() bool { return d.Verdict == Allowed }

// Reply returns ACL DRYRUN's reply: "OK", the engine's denial text, or the
// error reply (with its "ERR " prefix).
func (d Decision) Reply() string {
	var what, obj string
	switch d.Verdict {
	case Allowed:
		return "OK"
	case Invalid:
		var ae *category.ArityError
		if errors.As(d.Err, &ae) {
			return "ERR wrong number of arguments for '" + ae.Command.Name + "' command"
		}
		name := ""
		if d.argc() > 0 {
			name = ascii.CString(d.arg(0))
		}
		// An error reply is one line: addReplyErrorFormat turns CR and LF
		// into spaces.
		return "ERR Command '" + crlfToSpace.Replace(name) + "' not found"
	case DeniedCommand:
		what, obj = "run", "the '"+d.Command.Name+"' command"
	case DeniedKey, DeniedChannel:
		// Redis 7.0 formats the name with %s, which stops at a NUL byte;
		// Redis 7.2 and Valkey copy it whole. A denial is a bulk reply:
		// CR and LF stay.
		name := d.arg(d.Pos)
		if d.user.dialect == Redis70 {
			name = ascii.CString(name)
		}
		what, obj = "access", "the '"+name+"' key"
		if d.Verdict == DeniedChannel {
			obj = "the '" + name + "' channel"
		}
	}
	if d.user.dialect == Redis70 {
		return "This user has no permissions to " + what + " " + obj
	}
	return "User " + d.user.name + " has no permissions to " + what + " " + obj
}

var crlfToSpace = strings.NewReplacer("\r", " ", "\n", " ")

// ExecReply returns the error the engine replies when the command line is
// run rather than dry-run, or "" when it runs. Its texts differ from ACL
// DRYRUN's: "NOPERM User u has no permissions to run the 'get' command",
// "NOPERM No permissions to access a key" (Redis 7.0: "NOPERM this user
// has no permissions to run the 'get' command", "NOPERM this user has no
// permissions to access one of the keys used as arguments"), and for SORT
// with BY pattern or GET without unrestricted read (SortPatternDenied)
// "ERR BY option of SORT denied due to insufficient ACL permissions.". For
// an invalid command line it returns "": the server's error for an unknown
// command is not ACL DRYRUN's.
func (d Decision) ExecReply() string {
	r70 := d.user != nil && d.user.dialect == Redis70
	switch d.Verdict {
	case Allowed:
		if d.SortPatternDenied {
			opt := "BY"
			if d.bargv == nil {
				opt = sortPatternOption(d.Command, d.argv)
			} else if o := sortPatternOption(d.Command, byteArgs(d.bargv)); o != "" {
				opt = o
			}
			return "ERR " + opt + " option of SORT denied due to insufficient ACL permissions."
		}
	case DeniedCommand:
		if r70 {
			return "NOPERM this user has no permissions to run the '" + d.Command.Name + "' command"
		}
		return "NOPERM User " + d.user.name + " has no permissions to run the '" + d.Command.Name + "' command"
	case DeniedKey:
		if r70 {
			return "NOPERM this user has no permissions to access one of the keys used as arguments"
		}
		return "NOPERM No permissions to access a key"
	case DeniedChannel:
		if r70 {
			return "NOPERM this user has no permissions to access one of the channels used as arguments"
		}
		return "NOPERM No permissions to access a channel"
	}
	return ""
}

// byteArgs copies a RESP command line into strings.
func byteArgs(argv [][]byte) []string {
	out := make([]string, len(argv))
	for i, a := range argv {
		out[i] = string(a)
	}
	return out
}

// DryRun returns what ACL DRYRUN user argv... replies.
func (u *User) DryRun(argv ...string) string { return u.Check(argv).Reply() }

// Check decides whether the user may run the command line argv (argv[0] is
// the command name), as ACL DRYRUN does: the command is resolved (unknown
// commands and wrong arities are errors, never allowed), then each selector
// is tried in order; the first that allows the command wins, otherwise the
// most severe denial is reported (spec §4.2). Check does not allocate for
// commands with up to 8 keys.
func (u *User) Check(argv []string) Decision {
	d := u.check(argv)
	d.argv = argv
	return d
}

// maxViewArgs is the number of arguments CheckBytes checks without
// allocating.
const maxViewArgs = 16

// CheckBytes is [User.Check] for a command line as RESP delivers it, one
// []byte per argument, for proxies and servers. It does not copy the
// arguments nor allocate for command lines of up to 16 arguments with up to
// 8 keys (longer ones are copied); the Decision refers to argv, so its
// Reply must be read before argv is reused.
func (u *User) CheckBytes(argv [][]byte) Decision {
	var d Decision
	if len(argv) <= maxViewArgs {
		// Index assignments into an array on this frame keep the view
		// (and the caller's bytes) from escaping.
		var buf [maxViewArgs]string
		for i, a := range argv {
			buf[i] = unsafe.String(unsafe.SliceData(a), len(a))
		}
		d = u.check(buf[:len(argv)])
	} else {
		view := make([]string, len(argv))
		for i, a := range argv {
			view[i] = string(a)
		}
		d = u.check(view)
	}
	d.bargv = argv
	return d
}

// check is Check without the command line in the Decision, so that
// CheckBytes can pass a view on its own stack.
func (u *User) check(argv []string) Decision {
	d := Decision{user: u, Selector: -1}
	cmd, err := u.table.Resolve(argv)
	if err != nil {
		d.Verdict, d.Err = Invalid, err
		return d
	}
	d.Command = cmd
	// Keys are extracted once, when a selector first needs them, into a
	// buffer on this frame (ACLCheckAllUserCommandPerm caches them too).
	var buf [8]category.Key
	var keys []category.Key
	keysDone := false
	best, bestPos := DeniedCommand, 0
	for i, s := range u.selectors {
		v, pos := Allowed, 0
		switch {
		case !s.commandAllowed(cmd, argv):
			v = DeniedCommand
		case !s.allKeys && hasKeys(cmd):
			if !keysDone {
				keys, keysDone = cmd.Keys(argv, buf[:0]), true
			}
			for _, k := range keys {
				if !s.keyAllowed(argv[k.Pos], k.Flags) {
					v, pos = DeniedKey, k.Pos
					break
				}
			}
		}
		if v == Allowed {
			v, pos = s.checkChannels(cmd, argv)
		}
		if v == Allowed {
			d.Verdict, d.Selector = Allowed, i
			d.SortPatternDenied = sortNeedsUnrestrictedRead(cmd, argv) && !u.sortAllowed(cmd, argv, keys, keysDone)
			return d
		}
		if v > best || v == best && pos > bestPos {
			best, bestPos = v, pos
		}
	}
	d.Verdict, d.Pos = best, bestPos
	return d
}

// commandAllowed is the command part of ACLSelectorCheckCmd: the command's
// bit, or a first argument allowed by a +cmd|arg rule.
func (s *selector) commandAllowed(cmd *category.Command, argv []string) bool {
	if s.allCommands || cmd.Flags&category.FlagNoAuth != 0 || s.bit(cmd.ID) {
		return true
	}
	args := s.firstArgs[cmd.ID]
	if len(argv) < 2 || len(args) == 0 {
		return false
	}
	idx := 1
	if cmd.Parent != nil {
		idx = 2
	}
	for _, a := range args {
		if ascii.EqualFoldC(argv[idx], a) {
			return true
		}
	}
	return false
}

// checkChannels is the channel part of ACLSelectorCheckCmd.
func (s *selector) checkChannels(cmd *category.Command, argv []string) (Verdict, int) {
	if s.allChannels {
		return Allowed, 0
	}
	first, last, pattern := channelArgs(cmd, len(argv))
	for i := first; i <= last; i++ {
		if !s.channelAllowed(argv[i], pattern) {
			return DeniedChannel, i
		}
	}
	return Allowed, 0
}

// keysAllowed reports whether the selector grants every key.
func (s *selector) keysAllowed(argv []string, keys []category.Key) bool {
	if s.allKeys {
		return true
	}
	for _, k := range keys {
		if !s.keyAllowed(argv[k.Pos], k.Flags) {
			return false
		}
	}
	return true
}

// need returns the permissions a key spec's flags ask for.
func need(f category.KeyFlag) Perm {
	var p Perm
	if f&category.KeyAccess != 0 {
		p |= PermRead
	}
	if f&(category.KeyInsert|category.KeyDelete|category.KeyUpdate) != 0 {
		p |= PermWrite
	}
	return p
}

// keyAllowed is ACLSelectorCheckKey.
func (s *selector) keyAllowed(key string, flags category.KeyFlag) bool {
	n := need(flags)
	if s.index != nil {
		return s.index.get(s.keys).allowed(s.keys, key, n)
	}
	for i := range s.keys {
		p := &s.keys[i]
		if p.perm&n == n && p.glob.Match(key) {
			return true
		}
	}
	return false
}

// channelAllowed is ACLCheckChannelAgainstList: patterns glob-match channel
// names, but a PSUBSCRIBE pattern must equal a rule's pattern literally.
func (s *selector) channelAllowed(ch string, pattern bool) bool {
	for _, p := range s.channels {
		if pattern {
			if p == ascii.CString(ch) {
				return true
			}
		} else if glob.Match(p, ch) {
			return true
		}
	}
	return false
}

// hasKeys is doesCommandHaveKeys.
func hasKeys(c *category.Command) bool {
	if c.Extractor != "" {
		return true
	}
	for _, ks := range c.KeySpecs {
		if ks.Flags&category.KeyNotKey == 0 {
			return true
		}
	}
	return false
}

// channelArgs returns the argv range that holds channels checked by ACLs
// (empty when last < first), and whether they are patterns. Only PUBLISH,
// SPUBLISH, SUBSCRIBE, SSUBSCRIBE and PSUBSCRIBE are checked.
func channelArgs(c *category.Command, argc int) (first, last int, pattern bool) {
	switch c.Name {
	case "publish", "spublish":
		if argc > 1 {
			return 1, 1, false
		}
	case "subscribe", "ssubscribe":
		return 1, argc - 1, false
	case "psubscribe":
		return 1, argc - 1, true
	}
	return 1, 0, false
}

// sortNeedsUnrestrictedRead reports whether executing a SORT or SORT_RO
// command line reaches a GET, or a BY with a pattern containing '*', before
// any syntax error: sortCommandGeneric then asks for unrestricted read.
func sortNeedsUnrestrictedRead(c *category.Command, argv []string) bool {
	return sortPatternOption(c, argv) != ""
}

// sortPatternOption returns the option ("BY" or "GET") of a SORT or
// SORT_RO command line for which sortCommandGeneric asks for unrestricted
// read access, or "".
func sortPatternOption(c *category.Command, argv []string) string {
	if c.Name != "sort" && c.Name != "sort_ro" {
		return ""
	}
	for j := 2; j < len(argv); j++ {
		left := len(argv) - j - 1
		switch a := argv[j]; {
		case ascii.EqualFoldC(a, "asc"), ascii.EqualFoldC(a, "desc"), ascii.EqualFoldC(a, "alpha"):
		case ascii.EqualFoldC(a, "limit") && left >= 2:
			j += 2
		case c.Name == "sort" && ascii.EqualFoldC(a, "store") && left >= 1:
			j++
		case ascii.EqualFoldC(a, "by") && left >= 1:
			if strings.IndexByte(ascii.CString(argv[j+1]), '*') >= 0 {
				return "BY"
			}
			j++
		case ascii.EqualFoldC(a, "get") && left >= 1:
			return "GET"
		default:
			return ""
		}
	}
	return ""
}

// sortAllowed reports whether some selector both allows the command and has
// unrestricted read access (ACLUserCheckCmdWithUnrestrictedKeyAccess).
func (u *User) sortAllowed(cmd *category.Command, argv []string, keys []category.Key, keysDone bool) bool {
	if !keysDone && hasKeys(cmd) {
		keys = cmd.Keys(argv, nil)
	}
	for _, s := range u.selectors {
		if !s.commandAllowed(cmd, argv) || !s.keysAllowed(argv, keys) {
			continue
		}
		if v, _ := s.checkChannels(cmd, argv); v != Allowed {
			continue
		}
		if s.allKeys {
			return true
		}
		for _, p := range s.keys {
			if p.pattern == "*" && p.perm&PermRead != 0 {
				return true
			}
		}
	}
	return false
}
