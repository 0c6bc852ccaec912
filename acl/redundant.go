package acl

import (
	"slices"
	"sync"

	"github.com/aclcheck/aclcheck/category"
)

// Ineffective returns the indexes of the rules that [Redundancies]
// reports: the rules of list whose removal leaves the compiled permissions
// unchanged.
func Ineffective(t *category.Table, list []Rule, inSelector bool) []int {
	var out []int
	for _, r := range Redundancies(t, list, inSelector) {
		out = append(out, r.Index)
	}
	return out
}

// A Redundancy is a rule of a list whose removal leaves the compiled
// permissions unchanged (see [Redundancies]).
type Redundancy struct {
	// Index is the rule's index in the list.
	Index int
	// By is the index of the first later rule after which the list with
	// and without the rule grant the same: the rule that overrides it.
	// It is -1 when the rule changes nothing where it stands.
	By int
}

// Redundancies returns the rules in list whose removal leaves the compiled
// permissions unchanged in the sense of [User.SameAccess] (duplicates,
// grants already made, removals of what was never granted, and rules undone
// by later ones), with the rule that overrides each one. list is the top
// level of an access string, or with inSelector the body of one selector.
// It returns nil when list does not compile, and never reports a rule whose
// removal makes it fail.
//
// It applies the rules once, keeping the state before each. A rule that
// changes nothing at its point is ineffective; a rule whose change no later
// rule can touch is effective. Only the others are re-applied without
// them, and only until the two runs agree again (ineffective, overridden
// there) or differ in a way no remaining rule can touch (effective).
// Linting long strings stays near linear.
func Redundancies(t *category.Table, list []Rule, inSelector bool) []Redundancy {
	work := 0 // the selector the rules act on
	if inSelector {
		work = 1
	}
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	sc.words = (t.Len() + 63) / 64
	fresh := sc.newUser(t, work+1)
	apply := func(u *User, r Rule) *Error {
		if inSelector {
			return u.applySelector(u.selectors[work], r)
		}
		return u.apply(r)
	}
	states := append(sc.states, fresh)
	for i, r := range list {
		next := sc.light(states[i], work, true)
		if err := apply(next, r); err != nil {
			sc.states = states
			return nil
		}
		states = append(states, next)
	}
	sc.states = states
	tl := sc.tailsOf(t, list)
	var out []Redundancy
	for i := range list {
		before, after := states[i], states[i+1]
		if before.SameAccess(after) {
			out = append(out, Redundancy{i, -1})
			continue
		}
		if !tl.touched(before, after, work, i+1) {
			continue
		}
		u := sc.light(before, work, false)
		for j := i + 1; j < len(list); j++ {
			if apply(u, list[j]) != nil {
				break // the rule is needed for the rest to compile
			}
			if u.SameAccess(states[j+1]) {
				out = append(out, Redundancy{i, j})
				break
			}
			if !tl.touched(u, states[j+1], work, j+1) {
				break
			}
		}
	}
	return out
}

// scratch is the memory of one Redundancies call, reused through a pool:
// the states, allocated in bulk, and the tails.
type scratch struct {
	states []*User
	users  []User
	sels   []selector
	ptrs   []*selector
	bits   []uint64
	words  int
	tails  tails
	slab   []uint64
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// release drops what the states reference and returns sc to the pool.
func (sc *scratch) release() {
	clear(sc.states)
	clear(sc.users)
	clear(sc.sels)
	clear(sc.ptrs)
	clear(sc.tails.keyRules)
	clear(sc.tails.chanRules)
	sc.states, sc.users, sc.sels, sc.ptrs, sc.bits = sc.states[:0], sc.users[:0], sc.sels[:0], sc.ptrs[:0], sc.bits[:0]
	sc.tails = tails{buf: sc.tails.buf, at: sc.tails.at[:0], keyRules: sc.tails.keyRules[:0], chanRules: sc.tails.chanRules[:0]}
	scratchPool.Put(sc)
}

// grow makes room for one more state with the given number of selectors.
// It never moves the states handed out: a full buffer is replaced.
func (sc *scratch) grow(selectors int) {
	if len(sc.users) == cap(sc.users) {
		sc.users = make([]User, 0, max(16, 2*cap(sc.users)))
	}
	if len(sc.sels)+selectors > cap(sc.sels) {
		sc.sels = make([]selector, 0, max(16, 2*cap(sc.sels), 2*selectors))
	}
	if len(sc.bits)+selectors*sc.words > cap(sc.bits) {
		sc.bits = make([]uint64, 0, cap(sc.sels)*sc.words)
	}
	if len(sc.ptrs)+selectors > cap(sc.ptrs) {
		sc.ptrs = make([]*selector, 0, max(32, 2*cap(sc.ptrs), 2*selectors))
	}
}

// newUser is NewUser("", t) with n empty selectors, in the arena.
func (sc *scratch) newUser(t *category.Table, n int) *User {
	sc.grow(n)
	sc.users = append(sc.users, newUser("", t))
	u := &sc.users[len(sc.users)-1]
	for range n {
		sc.sels = append(sc.sels, selector{})
		s := &sc.sels[len(sc.sels)-1]
		n0 := len(sc.bits)
		sc.bits = sc.bits[:n0+sc.words]
		s.bits = sc.bits[n0:len(sc.bits):len(sc.bits)]
		clear(s.bits)
		sc.ptrs = append(sc.ptrs, s)
	}
	u.selectors = sc.ptrs[len(sc.ptrs)-n : len(sc.ptrs) : len(sc.ptrs)]
	return u
}

// light copies u for further rules on selector work. The copy neither has
// nor records the history (command rules, applied rules) that SameAccess
// ignores, and u must not change afterwards. The copy shares passwords
// with u (rules replace them, or append through a full slice, which
// copies). With chain it also shares keys and channels and appends to them
// in place, so only one chained copy of a state may exist; keysShared makes
// addKey copy the keys before it changes an entry. Without chain, keys and
// channels are copied.
func (sc *scratch) light(u *User, work int, chain bool) *User {
	sc.grow(len(u.selectors))
	sc.users = append(sc.users, *u)
	c := &sc.users[len(sc.users)-1]
	c.passwords = u.passwords[:len(u.passwords):len(u.passwords)]
	sc.ptrs = append(sc.ptrs, u.selectors...)
	c.selectors = sc.ptrs[len(sc.ptrs)-len(u.selectors) : len(sc.ptrs) : len(sc.ptrs)]
	sc.sels = append(sc.sels, *u.selectors[work])
	s := &sc.sels[len(sc.sels)-1]
	sc.bits = append(sc.bits, s.bits...)
	s.bits = sc.bits[len(sc.bits)-sc.words : len(sc.bits) : len(sc.bits)]
	if s.firstArgs != nil {
		fa := make(map[int][]string, len(s.firstArgs))
		for k, v := range s.firstArgs {
			fa[k] = v[:len(v):len(v)] // shared: appends copy
		}
		s.firstArgs = fa
	}
	if chain {
		s.keysShared = true
	} else {
		s.keys, s.keysShared = append([]keyPattern(nil), s.keys...), false
		s.channels = append([]string(nil), s.channels...)
	}
	s.rules, s.applied, s.index, s.noHistory = nil, nil, nil, true
	s.long = nil
	c.selectors[work] = s
	return c
}

// tails summarises, for each j, what the rules list[j:] can change.
type tails struct {
	buf       []uint64 // for the command bits of a diff
	at        []tail
	keyRules  []namedAt // key patterns named by rules, by descending index
	chanRules []namedAt // channel patterns named by rules, likewise
}

type tail struct {
	cmds                                          []uint64 // the command bits the rules can change
	allCmds, allKeys, allChans, anyKeys, anyChans bool
}

type namedAt struct {
	name string
	at   int
}

func (sc *scratch) tailsOf(t *category.Table, list []Rule) *tails {
	n, words := len(list), sc.words
	tl := &sc.tails
	tl.buf = slices.Grow(tl.buf[:0], words)
	tl.at = slices.Grow(tl.at[:0], n+1)[:n+1]
	clear(tl.at)
	sc.slab = slices.Grow(sc.slab[:0], (n+1)*words)[:(n+1)*words]
	slab := sc.slab
	clear(slab[n*words:])
	tl.at[n].cmds = slab[n*words:]
	for j := n - 1; j >= 0; j-- {
		cur := tl.at[j+1]
		cur.cmds = slab[j*words : (j+1)*words]
		copy(cur.cmds, tl.at[j+1].cmds)
		switch n := list[j].(type) {
		case *Keyword:
			switch n.Kind {
			case AllKeys, ResetKeys:
				cur.allKeys = true
			case AllChannels, ResetChannels:
				cur.allChans = true
			case AllCommands, NoCommands:
				cur.allCmds = true
			case Reset:
				cur.allKeys, cur.allChans, cur.allCmds = true, true, true
			}
		case *KeyPattern:
			cur.anyKeys = true
			tl.keyRules = append(tl.keyRules, namedAt{n.Pattern, j})
		case *ChannelPattern:
			cur.anyChans = true
			tl.chanRules = append(tl.chanRules, namedAt{n.Pattern, j})
		case *CommandRule:
			if c, _, err := bindCommand(t, n); err == nil {
				markCommand(cur.cmds, c)
			}
		case *CategoryRule:
			if cat, err := bindCategory(t, n); err == nil {
				for i, w := range t.Mask(cat) {
					cur.cmds[i] |= w
				}
			}
		}
		tl.at[j] = cur
	}
	return tl
}

// touched reports whether some rule of list[j:] may change what differs
// between the states a and b of selector work. Differences outside the
// selector's commands, keys and channels (user flags, passwords, other
// selectors) count as touched.
func (tl *tails) touched(a, b *User, work, j int) bool {
	d, simple := changes(a, b, work, tl.buf)
	x := &tl.at[j]
	switch {
	case !simple:
		return true
	case len(d.cmds) > 0 && (x.allCmds || overlaps(x.cmds, d.cmds)):
		return true
	case d.allKeys && (x.allKeys || x.anyKeys) || len(d.keys) > 0 && x.allKeys:
		return true
	case d.allChannels && (x.allChans || x.anyChans) || len(d.channels) > 0 && x.allChans:
		return true
	}
	return namedFrom(tl.keyRules, d.keys, j) || namedFrom(tl.chanRules, d.channels, j)
}

// namedFrom reports whether a rule at index j or later names one of names.
func namedFrom(rules []namedAt, names []string, j int) bool {
	for _, r := range rules {
		if r.at < j {
			return false
		}
		if indexOf(names, r.name) >= 0 {
			return true
		}
	}
	return false
}

func overlaps(a, b []uint64) bool {
	for i := range a {
		if a[i]&b[i] != 0 {
			return true
		}
	}
	return false
}

// diff is what differs between two states of a selector: command bits
// (first arguments count as their command's bit), key and channel
// patterns by text, and the all-keys and all-channels flags.
type diff struct {
	cmds                 []uint64
	keys, channels       []string
	allKeys, allChannels bool
}

// changes describes what differs between two states of selector work;
// simple is false when something else differs (user flags, passwords,
// selectors, the future-commands right), which callers treat as touched by
// anything.
func changes(before, after *User, work int, buf []uint64) (d diff, simple bool) {
	if before.enabled != after.enabled || before.nopass != after.nopass ||
		!sameSet(before.passwords, after.passwords) || len(before.selectors) != len(after.selectors) {
		return d, false
	}
	a, b := before.selectors[work], after.selectors[work]
	if a.future != b.future {
		return d, false
	}
	cmds := func() []uint64 {
		if d.cmds == nil {
			d.cmds = slices.Grow(buf[:0], len(a.bits))[:len(a.bits)]
			clear(d.cmds)
		}
		return d.cmds
	}
	mark := func(id int) { cmds()[id>>6] |= 1 << (id & 63) }
	for i := range a.bits {
		if x := a.bits[i] ^ b.bits[i]; x != 0 {
			cmds()[i] = x
		}
	}
	for id := range a.firstArgs {
		mark(id)
	}
	for id := range b.firstArgs {
		mark(id)
	}
	d.allKeys = a.allKeys != b.allKeys
	if n := len(a.keys); n > 0 && len(b.keys) >= n && &a.keys[0] == &b.keys[0] {
		// b extends a in place (a chained copy): only the new keys differ.
		for _, k := range b.keys[n:] {
			d.keys = append(d.keys, k.pattern)
		}
	} else if !sameKeys(a.keys, b.keys) {
		for _, k := range a.keys {
			if !b.hasKey(k) {
				d.keys = append(d.keys, k.pattern)
			}
		}
		for _, k := range b.keys {
			if !a.hasKey(k) {
				d.keys = append(d.keys, k.pattern)
			}
		}
	}
	d.allChannels = a.allChannels != b.allChannels
	if n := len(a.channels); n > 0 && len(b.channels) >= n && &a.channels[0] == &b.channels[0] {
		d.channels = b.channels[n:]
	} else if !sameSet(a.channels, b.channels) {
		d.channels = append(append([]string(nil), a.channels...), b.channels...)
	}
	return d, true
}

func (s *selector) hasKey(k keyPattern) bool {
	for _, x := range s.keys {
		if x.pattern == k.pattern {
			return x.perm == k.perm
		}
	}
	return false
}
