package reach

import (
	"errors"
	"fmt"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
)

// Query is a who-can question; build one with [CommandQuery], [CategoryQuery], [ReadQuery],
// [WriteQuery], [ChannelQuery], [AllKeysQuery] or [EscalateQuery].
type Query struct {
	kind     queryKind
	commands []*category.Command
	pattern  string
	lang     *glob.Lang
}

type queryKind uint8

const (
	runQuery queryKind = iota
	readQuery
	writeQuery
	channelQuery
	allKeysQuery
	escalateQuery
)

// ErrUnknownCommand is returned for a command the table does not have.
var ErrUnknownCommand = errors.New("unknown command")

// CommandQuery asks who can run a command or subcommand ("config|set",
// or "config" for any of its subcommands) with some argument list.
func CommandQuery(t *category.Table, name string) (Query, error) {
	c := t.Lookup(name)
	if c == nil {
		return Query{}, fmt.Errorf("%w %q", ErrUnknownCommand, name)
	}
	q := Query{kind: runQuery, pattern: c.Name}
	if c.IsContainer() {
		q.commands = c.Subcommands
	} else {
		q.commands = []*category.Command{c}
	}
	return q, nil
}

// CategoryQuery asks who can run at least one command or subcommand of
// category cat (with some argument list); the witness is the simplest
// such command the user may run.
func CategoryQuery(t *category.Table, cat category.Category) Query {
	q := Query{kind: runQuery, pattern: "@" + cat.String()}
	for _, c := range runnable(t) {
		if c.Categories.Has(cat) {
			q.commands = append(q.commands, c)
		}
	}
	return q
}

// ReadQuery asks who can read at least one key that pattern matches.
func ReadQuery(pattern string) Query {
	return Query{kind: readQuery, pattern: pattern, lang: glob.NewLang(pattern)}
}

// WriteQuery asks who can write at least one key that pattern matches.
func WriteQuery(pattern string) Query {
	return Query{kind: writeQuery, pattern: pattern, lang: glob.NewLang(pattern)}
}

// ChannelQuery asks who can publish or subscribe to at least one channel
// that pattern matches.
func ChannelQuery(pattern string) Query {
	return Query{kind: channelQuery, pattern: pattern, lang: glob.NewLang(pattern)}
}

// AllKeysQuery asks who can reach every key: read or write any key name,
// or run a keyless command that reads every key name (KEYS, SCAN,
// RANDOMKEY) or destroys every key (FLUSHALL, FLUSHDB, SWAPDB).
func AllKeysQuery() Query { return Query{kind: allKeysQuery} }

// EscalateQuery asks who can hand themselves everything: change users
// (ACL SETUSER, ACL LOAD), the configuration (CONFIG SET), load code into
// the server (MODULE LOAD, MODULE LOADEX) or run DEBUG.
func EscalateQuery() Query { return Query{kind: escalateQuery} }

// Escalation lists the commands EscalateQuery asks about.
var Escalation = []string{"acl|setuser", "acl|load", "config|set", "module|load", "module|loadex", "debug"}

// allKeysCommands are the keyless commands that reach every key, with
// what they do.
var allKeysCommands = []struct {
	argv []string
	note string
}{
	{[]string{"keys", "*"}, "KEYS reads the name of every key"},
	{[]string{"scan", "0"}, "SCAN reads the name of every key"},
	{[]string{"randomkey"}, "RANDOMKEY reads key names from the whole keyspace"},
	{[]string{"flushall"}, "FLUSHALL deletes every key"},
	{[]string{"flushdb"}, "FLUSHDB deletes every key of the database"},
	{[]string{"swapdb", "0", "1"}, "SWAPDB replaces every key of two databases"},
}

// WhoCan answers q for every enabled user of the set.
func (s *Set) WhoCan(q Query) (*Answer, error) {
	a := &Answer{Grants: []Grant{}}
	for _, x := range s.users {
		if !x.u.Enabled() {
			continue
		}
		g, undecided, err := s.userCan(x, q)
		switch {
		case err != nil:
			return nil, err
		case g != nil:
			a.Grants = append(a.Grants, *g)
		case undecided != "":
			a.Undecided = append(a.Undecided, Undecided{User: x.u.Name(), Reason: undecided})
		}
	}
	return a, nil
}

// userCan answers q for one user: a grant, or why it is undecided, or
// neither (a proven no).
func (s *Set) userCan(x *user, q Query) (*Grant, string, error) {
	switch q.kind {
	case runQuery:
		return s.canRun(x, q.commands, "")
	case escalateQuery:
		var cmds []*category.Command
		for _, n := range Escalation {
			if c := s.t.Lookup(n); c != nil && !c.IsContainer() {
				cmds = append(cmds, c)
			}
		}
		return s.canRun(x, cmds, "")
	case readQuery:
		return s.canKey(x, readRole, patternTarget(q.pattern))
	case writeQuery:
		return s.canKey(x, writeRole, patternTarget(q.pattern))
	case channelQuery:
		return s.canChannel(x, patternTarget(q.pattern))
	case allKeysQuery:
		return s.canAllKeys(x)
	}
	return nil, "", fmt.Errorf("reach: invalid query")
}

// canRun finds a command line of one of cmds that x may run.
func (s *Set) canRun(x *user, cmds []*category.Command, note string) (*Grant, string, error) {
	undecided := ""
	for _, c := range cmds {
		for _, se := range x.sels {
			if !x.possible(se, c, goal{}) {
				continue
			}
			if argv, _ := x.line(se, c, goal{}); argv != nil {
				g := x.grant(argv, 0, note)
				return &g, "", nil
			}
			undecided = fmt.Sprintf("selector %s allows %s, but no command line tried was allowed", se.label, c.Name)
		}
	}
	return nil, undecided, nil
}

// canKey finds a command line on which x reads or writes (r) a key within
// tg.
func (s *Set) canKey(x *user, r role, tg target) (*Grant, string, error) {
	undecided := ""
	for _, se := range x.sels {
		// Which permissions reach tg at all: the automata decide.
		var reach [4]bool
		any := false
		for n := range acl.Perm(4) {
			if !r.accepts(n) {
				continue
			}
			found := s.reaches(tg, se.keyPatterns(n), se.info.AllKeys, func() *glob.Lang { return se.keyLang(n) })
			reach[n], any = found, any || found
		}
		if !any {
			continue
		}
		for _, c := range s.cmds {
			possible := false
			for _, n := range possibleNeeds(c) {
				possible = possible || reach[n]
			}
			if !possible || !x.possible(se, c, goal{role: r, keys: tg, hits: &reach}) {
				continue
			}
			g, why := x.witness(se, c, goal{role: r, keys: tg})
			if g != nil {
				return g, "", nil
			}
			undecided = why
		}
	}
	return nil, undecided, nil
}

// canChannel finds a command line on which x publishes or subscribes to a
// channel within tg.
func (s *Set) canChannel(x *user, tg target) (*Grant, string, error) {
	undecided := ""
	for _, se := range x.sels {
		// Patterns as names (PUBLISH) or as written (PSUBSCRIBE): a
		// pattern that matches a name of tg reaches it either way.
		if !s.reaches(tg, se.info.Channels, se.info.AllChannels, se.chanLang) {
			continue
		}
		for _, c := range s.channelCmds() {
			if !x.allowsSome(se, c) {
				continue
			}
			_, _, pattern := acl.ChannelArgs(c, 2)
			if _, found := x.channel(se, pattern, tg); !found {
				continue
			}
			g, why := x.witness(se, c, goal{channel: &tg})
			if g != nil {
				return g, "", nil
			}
			undecided = why
		}
	}
	return nil, undecided, nil
}

// witness returns a grant of a command line of c that selector se allows
// and that meets g's key or channel goal, naming the key or channel; where
// it finds none, it says so in undecided.
func (x *user) witness(se *sel, c *category.Command, g goal) (_ *Grant, undecided string) {
	what := "key"
	if g.channel != nil {
		what = "channel"
	}
	argv, pos := x.line(se, c, g)
	if argv == nil {
		return nil, fmt.Sprintf("selector %s allows %s on such a %s, but no command line tried was allowed", se.label, c.Name, what)
	}
	gr := x.grant(argv, pos, "")
	if g.channel != nil {
		gr.Channel = argv[pos]
	} else {
		gr.Key = argv[pos]
	}
	return &gr, ""
}

// canAllKeys finds how x reaches every key: a keyless command that does,
// or a selector whose patterns match every key name for reading or
// writing.
func (s *Set) canAllKeys(x *user) (*Grant, string, error) {
	undecided := ""
	// These commands have no keys, channels or subcommands: whether a
	// selector allows them is whether it allows the line.
	if g := s.keyless(x); g != nil {
		return g, "", nil
	}
	every := glob.NewLang("*") // every key name but the empty one
	for _, r := range []role{readRole, writeRole} {
		for _, se := range x.sels {
			for _, n := range []acl.Perm{acl.PermRead, acl.PermWrite} {
				if !r.accepts(n) {
					continue
				}
				all, _, err := glob.Subset(every, se.keyLang(n))
				if err != nil {
					undecided = fmt.Sprintf("selector %s: %v", se.label, err)
				}
				if !all {
					continue
				}
				g, u, err := s.canKey(&user{u: x.u, sels: []*sel{se}}, r, target{})
				if g != nil || err != nil {
					verb := map[role]string{readRole: "reads", writeRole: "writes"}[r]
					if g != nil {
						g.Note = fmt.Sprintf("%s %s any key: its patterns match every key name", se.label, verb)
					}
					return g, "", err
				}
				undecided = max(undecided, u)
			}
		}
	}
	return nil, undecided, nil
}

// possible reports whether some command line of c that selector se allows
// may show g; false is a proof that none does. It looks at the keys every
// line of c has: each must be grantable, and when se allows c only for
// some first arguments and the first argument is the key, the key must be
// one of them.
func (x *user) possible(se *sel, c *category.Command, g goal) bool {
	if !x.allowsSome(se, c) {
		return false
	}
	idx := 1
	if c.Parent != nil {
		idx = 2
	}
	var only *glob.Lang // the first arguments se allows, if not all
	if !x.u.Allows(se.i, c) {
		only = foldLang(x.u.FirstArgs(se.i, c))
	}
	if only != nil && g.role != anyRole && countedByFirstArg(c, idx) {
		some := false
		for _, a := range x.u.FirstArgs(se.i, c) {
			some = some || atoi(a) >= 1
		}
		if !some {
			return false // a key count below 1: the line has no keys
		}
	}
	fixed := fixedKeys(c)
	for _, k := range fixed {
		if !se.hasKey(k.need) {
			return false
		}
		if only != nil && k.pos == idx {
			tg := target{in: []*glob.Lang{only}}
			if _, found, err := tg.find(se.keyLang(k.need)); !found && err == nil {
				return false
			}
		}
	}
	if g.role != anyRole && len(fixed) == 1 && len(c.KeySpecs) == 1 && c.KeySpecs[0].FindKeys.LastKey == 0 {
		// The only key of every line: it must be the one asked about.
		k := fixed[0]
		tg := g.keys
		if only != nil && k.pos == idx {
			tg.in = append(append([]*glob.Lang(nil), tg.in...), only)
		}
		if !g.role.accepts(k.need) || g.hits != nil && !g.hits[k.need] {
			return false
		}
		if only != nil && k.pos == idx {
			if _, found, err := tg.find(se.keyLang(k.need)); !found && err == nil {
				return false
			}
		}
	}
	return true
}

// channelCmds returns the commands whose channels ACLs check.
func (s *Set) channelCmds() []*category.Command {
	if s.chanCmds == nil {
		s.chanCmds = []*category.Command{}
		for _, c := range s.cmds {
			if isChannelCommand(c) {
				s.chanCmds = append(s.chanCmds, c)
			}
		}
	}
	return s.chanCmds
}
