package acl

import "github.com/aclcheck/aclcheck/category"

// Ineffective returns the indexes of the rules in list whose removal leaves
// the compiled permissions unchanged in the sense of [User.SameAccess]:
// duplicates, grants already made, removals of what was never granted, and
// rules undone by later ones. list is the top level of an access string, or
// with inSelector the body of one selector. It returns nil when list does
// not compile, and never reports a rule whose removal makes it fail.
//
// It applies the rules once, keeping the state before each; a rule that
// changes nothing at its point is ineffective, a rule whose change no later
// rule can touch is effective, and only the others are re-applied without
// them. Linting long strings stays near linear.
func Ineffective(t *category.Table, list []Rule, inSelector bool) []int {
	work := 0 // the selector the rules act on
	fresh := NewUser("", t)
	if inSelector {
		fresh.selectors = append(fresh.selectors, newSelector(t))
		work = 1
	}
	apply := func(u *User, r Rule) *Error {
		if inSelector {
			return u.applySelector(u.selectors[work], r)
		}
		return u.apply(r)
	}
	states := make([]*User, len(list)+1)
	states[0] = fresh
	for i, r := range list {
		next := states[i].light(work)
		if err := apply(next, r); err != nil {
			return nil
		}
		states[i+1] = next
	}
	final := states[len(list)]
	prints := make([]footprint, len(list))
	for i, r := range list {
		prints[i] = footprintOf(t, r)
	}
	var out []int
	for i := range list {
		before, after := states[i], states[i+1]
		if before.SameAccess(after) {
			out = append(out, i)
			continue
		}
		diff, simple := changes(before, after, work)
		touched := !simple
		for j := i + 1; j < len(list) && !touched; j++ {
			touched = prints[j].touches(diff)
		}
		if !touched {
			continue
		}
		u := before.light(work)
		ok := true
		for _, r := range list[i+1:] {
			if apply(u, r) != nil {
				ok = false
				break
			}
		}
		if ok && u.SameAccess(final) {
			out = append(out, i)
		}
	}
	return out
}

// light copies u for further rules on selector work, without the history
// (command_rules, applied rules) that SameAccess ignores.
func (u *User) light(work int) *User {
	c := *u
	c.passwords = append([]string(nil), u.passwords...)
	c.selectors = append([]*selector(nil), u.selectors...)
	s := *u.selectors[work]
	s.bits = append([]uint64(nil), s.bits...)
	if s.firstArgs != nil {
		fa := make(map[int][]string, len(s.firstArgs))
		for k, v := range s.firstArgs {
			fa[k] = v
		}
		s.firstArgs = fa
	}
	s.keys = append([]keyPattern(nil), s.keys...)
	s.channels = append([]string(nil), s.channels...)
	s.rules, s.applied, s.index = nil, nil, nil
	c.selectors[work] = &s
	return &c
}

// footprint is what a rule can change, whatever the state: command bits
// (and first arguments) by ID, key and channel patterns by text, or all of
// a kind.
type footprint struct {
	cmds                 []uint64
	allCmds              bool
	keys, channels       []string
	allKeys, allChannels bool
	other                bool // user flags, passwords, selectors
}

func footprintOf(t *category.Table, r Rule) footprint {
	var f footprint
	mark := func(c *category.Command) {
		if f.cmds == nil {
			f.cmds = make([]uint64, (t.Len()+63)/64)
		}
		f.cmds[c.ID>>6] |= 1 << (c.ID & 63)
		for _, s := range c.Subcommands {
			f.cmds[s.ID>>6] |= 1 << (s.ID & 63)
		}
	}
	switch n := r.(type) {
	case *Keyword:
		switch n.Kind {
		case AllKeys, ResetKeys:
			f.allKeys = true
		case AllChannels, ResetChannels:
			f.allChannels = true
		case AllCommands, NoCommands:
			f.allCmds = true
		case Reset:
			f.allKeys, f.allChannels, f.allCmds, f.other = true, true, true, true
		default:
			f.other = true
		}
	case *KeyPattern:
		f.keys = []string{n.Pattern}
	case *ChannelPattern:
		f.channels = []string{n.Pattern}
	case *CommandRule:
		if c, _, err := bindCommand(t, n); err == nil {
			mark(c)
		}
	case *CategoryRule:
		if cat, err := bindCategory(t, n); err == nil {
			for _, c := range membersOf(t)[cat] {
				mark(c)
			}
		}
	default:
		f.other = true
	}
	return f
}

// touches reports whether a rule with footprint f may change something in
// diff.
func (f footprint) touches(diff footprint) bool {
	if f.other && diff.other {
		return true
	}
	if len(diff.cmds) > 0 && (f.allCmds || f.cmds != nil && overlaps(f.cmds, diff.cmds)) {
		return true
	}
	if (len(diff.keys) > 0 || diff.allKeys) && (f.allKeys || len(f.keys) > 0) {
		if f.allKeys || diff.allKeys || indexOf(diff.keys, f.keys[0]) >= 0 {
			return true
		}
	}
	if (len(diff.channels) > 0 || diff.allChannels) && (f.allChannels || len(f.channels) > 0) {
		if f.allChannels || diff.allChannels || indexOf(diff.channels, f.channels[0]) >= 0 {
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

// changes describes what differs between two states of selector work as a
// footprint; simple is false when something else differs (user flags,
// passwords, selectors, the future-commands right), which callers treat as
// touched by anything.
func changes(before, after *User, work int) (diff footprint, simple bool) {
	if before.enabled != after.enabled || before.nopass != after.nopass ||
		!sameSet(before.passwords, after.passwords) || len(before.selectors) != len(after.selectors) {
		return diff, false
	}
	a, b := before.selectors[work], after.selectors[work]
	if a.future != b.future {
		return diff, false
	}
	for i := range a.bits {
		if x := a.bits[i] ^ b.bits[i]; x != 0 {
			if diff.cmds == nil {
				diff.cmds = make([]uint64, len(a.bits))
			}
			diff.cmds[i] = x
		}
	}
	for id := range a.firstArgs {
		diff.markFirstArg(id, len(a.bits))
	}
	for id := range b.firstArgs {
		diff.markFirstArg(id, len(a.bits))
	}
	diff.allKeys = a.allKeys != b.allKeys
	for _, k := range a.keys {
		if !b.hasKey(k) {
			diff.keys = append(diff.keys, k.pattern)
		}
	}
	for _, k := range b.keys {
		if !a.hasKey(k) {
			diff.keys = append(diff.keys, k.pattern)
		}
	}
	diff.allChannels = a.allChannels != b.allChannels
	if !sameSet(a.channels, b.channels) {
		diff.channels = append(append([]string(nil), a.channels...), b.channels...)
	}
	return diff, true
}

func (f *footprint) markFirstArg(id, words int) {
	if f.cmds == nil {
		f.cmds = make([]uint64, words)
	}
	f.cmds[id>>6] |= 1 << (id & 63)
}

func (s *selector) hasKey(k keyPattern) bool {
	for _, x := range s.keys {
		if x.pattern == k.pattern {
			return x.perm == k.perm
		}
	}
	return false
}
