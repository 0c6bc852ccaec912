package synth

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/category"
)

// Options configure a [Synthesizer].
type Options struct {
	// Table is the target engine's command table (required).
	Table *category.Table
	// User, when set, merges the whole trace into one user of that name.
	// Otherwise events are grouped by their user, or by client address when
	// the trace names no user.
	User string
	// Keys is the generalisation of key and channel names: "prefix" (the
	// default: up to and including the last Separator), "exact" (literal
	// names), or a number n (the first n segments).
	Keys string
	// Separator separates the segments of key names; ":" when empty.
	Separator string
	// Categories allows whole categories (+@string, +@hash…, less
	// @dangerous) instead of single commands: coarser rules.
	Categories bool
	// Client adds what a client library needs to connect and stay healthy:
	// one of [Clients].
	Client string
	// Service, when elasticache, elasticache-serverless or memorydb,
	// leaves out the commands the service forbids and reports them.
	Service string
}

// Synthesizer accumulates traced commands per user. It is not safe for
// concurrent use.
type Synthesizer struct {
	o      Options
	depth  int // segments kept; 0 with "prefix", -1 with "exact"
	target *lint.Target
	users  map[string]*needs
	order  []string
}

// needs is what one user's trace needs.
type needs struct {
	cmds      map[*category.Command]bool
	firstArgs map[*category.Command]map[string]bool
	keys      map[pattern]acl.Perm
	keyNames  map[pattern]int // distinct names seen per generalised pattern (bounded)
	channels  map[pattern]bool
	events    int
	fromLog   bool           // some events are ACL LOG denials
	unknown   map[string]int // unknown or malformed command lines, by reason
}

// pattern is a generalised name: the literal text, and whether a '*'
// follows it.
type pattern struct {
	text   string
	prefix bool
	// literal marks a PSUBSCRIBE pattern, kept as written.
	literal bool
}

// New returns a synthesizer.
func New(o Options) (*Synthesizer, error) {
	if o.Table == nil {
		return nil, errors.New("synth: no command table")
	}
	if o.Separator == "" {
		o.Separator = ":"
	}
	s := &Synthesizer{o: o, users: map[string]*needs{}}
	switch o.Keys {
	case "", "prefix":
	case "exact":
		s.depth = -1
	default:
		n, err := strconv.Atoi(o.Keys)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("synth: --keys %q: want prefix, exact or a number of segments", o.Keys)
		}
		s.depth = n
	}
	if o.Client != "" && clients[o.Client] == nil {
		return nil, fmt.Errorf("synth: unknown client %q (want one of %s)", o.Client, strings.Join(Clients(), ", "))
	}
	if o.Service != "" {
		t, err := lint.NewTarget(o.Service, o.Table.Engine().String())
		if err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
		s.target = &t
	}
	return s, nil
}

// UserOf returns the name of the user an event belongs to.
func (s *Synthesizer) UserOf(ev Event) string {
	switch {
	case s.o.User != "":
		return s.o.User
	case ev.User != "":
		return ev.User
	case ev.Client != "":
		return ev.Client
	}
	return "default"
}

func (s *Synthesizer) user(name string) *needs {
	n := s.users[name]
	if n == nil {
		n = &needs{cmds: map[*category.Command]bool{}, keys: map[pattern]acl.Perm{},
			keyNames: map[pattern]int{}, channels: map[pattern]bool{}, unknown: map[string]int{}}
		s.users[name] = n
		s.order = append(s.order, name)
	}
	return n
}

// Add records one event.
func (s *Synthesizer) Add(ev Event) {
	n := s.user(s.UserOf(ev))
	n.events++
	if ev.Need != nil {
		n.fromLog = true
		s.addNeed(n, ev.Need)
		return
	}
	t := s.o.Table
	c, err := t.Resolve(ev.Argv)
	if err != nil {
		n.unknown[err.Error()]++
		return
	}
	if c.Flags&category.FlagNoAuth == 0 {
		if firstArgCommand(c) && len(ev.Argv) >= 2 && safeWord(ev.Argv[1]) {
			if n.firstArgs == nil {
				n.firstArgs = map[*category.Command]map[string]bool{}
			}
			if n.firstArgs[c] == nil {
				n.firstArgs[c] = map[string]bool{}
			}
			n.firstArgs[c][strings.ToLower(ev.Argv[1])] = true
		} else {
			n.cmds[c] = true
		}
	}
	var buf [16]category.Key
	for _, k := range c.Keys(ev.Argv, buf[:0]) {
		s.addKey(n, ev.Argv[k.Pos], acl.KeyNeed(k.Flags))
	}
	if first, last, psub := acl.ChannelArgs(c, len(ev.Argv)); first <= last {
		for i := first; i <= last; i++ {
			s.addChannel(n, ev.Argv[i], psub)
		}
	}
}

func (s *Synthesizer) addNeed(n *needs, need *Need) {
	c := s.o.Table.Lookup(need.Command)
	switch need.Reason {
	case "command":
		if c == nil {
			n.unknown["unknown command '"+need.Command+"' in ACL LOG"]++
			return
		}
		n.cmds[c] = true
	case "key":
		perm := acl.PermRW
		if c != nil {
			n.cmds[c] = true
			if p := specPerm(c); p != 0 {
				perm = p
			}
		}
		s.addKey(n, need.Object, perm)
	case "channel":
		if c != nil {
			n.cmds[c] = true
		}
		s.addChannel(n, need.Object, c != nil && c.Name == "psubscribe")
	}
}

// specPerm is the union of the permissions of c's key specs.
func specPerm(c *category.Command) acl.Perm {
	var p acl.Perm
	for _, ks := range c.KeySpecs {
		if ks.Flags&category.KeyNotKey == 0 {
			p |= acl.KeyNeed(ks.Flags)
		}
	}
	return p
}

// maxNamesCounted bounds the distinct names counted per pattern.
const maxNamesCounted = 1 << 16

func (s *Synthesizer) addKey(n *needs, key string, p acl.Perm) {
	pt := s.generalise(key)
	if p == 0 {
		p = acl.PermRead // any pattern allows a key whose spec needs nothing
	}
	old, seen := n.keys[pt]
	if !seen {
		pt.text = strings.Clone(pt.text)
	}
	n.keys[pt] = old | p
}

func (s *Synthesizer) addChannel(n *needs, ch string, literal bool) {
	pt := pattern{text: ch, literal: true}
	if !literal {
		pt = s.generalise(ch)
	}
	if !n.channels[pt] {
		pt.text = strings.Clone(pt.text)
		n.channels[pt] = true
	}
}

// generalise turns a name into its pattern at the chosen level.
func (s *Synthesizer) generalise(name string) pattern {
	sep := s.o.Separator
	switch {
	case s.depth < 0:
		return pattern{text: name}
	case s.depth == 0:
		if i := strings.LastIndex(name, sep); i >= 0 {
			return pattern{text: name[:i+len(sep)], prefix: true}
		}
	default:
		off := 0
		for seg := 0; seg < s.depth; seg++ {
			i := strings.Index(name[off:], sep)
			if i < 0 {
				return pattern{text: name}
			}
			off += i + len(sep)
		}
		return pattern{text: name[:off], prefix: true}
	}
	return pattern{text: name}
}

// firstArgCommand reports whether the synthesizer allows c by first
// argument (+select|0) rather than whole: commands whose first argument
// selects what they reach, on engines that take first-argument rules.
func firstArgCommand(c *category.Command) bool { return c.Name == "select" }

// safeWord reports whether w can be a word of an ACL file line and a
// first-argument rule on every engine: no whitespace, quotes, NUL or
// parentheses.
func safeWord(w string) bool {
	return w != "" && !strings.ContainsAny(w, " \t\n\v\f\r\"'\x00()")
}

// globEscape escapes the glob metacharacters of a literal name, and
// replaces the bytes an ACL file line or an access string cannot hold
// (whitespace, quotes, NUL) by '?', which matches them (and others: the
// pattern is then broader, and a note says so).
func globEscape(s string) (string, bool) {
	var b strings.Builder
	broad := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '*', '?', '[', ']', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case ' ', '\t', '\n', '\v', '\f', '\r', '"', '\'', 0:
			b.WriteByte('?')
			broad = true
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), broad
}

func (p pattern) glob() (string, bool) {
	if p.literal {
		return p.text, !safeWord(p.text)
	}
	g, broad := globEscape(p.text)
	if p.prefix {
		g += "*"
	}
	return g, broad
}

// covers reports whether pattern a matches every name pattern b matches.
func (a pattern) covers(b pattern) bool {
	if !a.prefix || a.literal || b.literal {
		return a == b
	}
	return strings.HasPrefix(b.text, a.text)
}

// sortedNames returns the command names of a set, sorted.
func sortedNames(set map[*category.Command]bool) []string {
	var out []string
	for c := range set {
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}
