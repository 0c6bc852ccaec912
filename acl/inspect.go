package acl

import (
	"slices"

	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/ascii"
)

// SelectorInfo is a read-only view of one selector of a compiled user.
type SelectorInfo struct {
	// Index is 0 for the root selector, then 1, 2, … in creation order.
	Index int
	// Source is the rule that created the selector; nil for the root.
	Source *Selector
	// AllKeys, AllChannels and AllCommands are the flags set by allkeys/~*,
	// allchannels/&* and allcommands/+@all (AllCommands is cleared by any
	// later command or category removal).
	AllKeys, AllChannels, AllCommands bool
	// Future is set when the selector may run commands added later (the
	// last of +@all and -@all applied was +@all).
	Future bool
	// Keys are the key patterns in order with their permissions.
	Keys []KeyPermission
	// Channels are the channel patterns in order.
	Channels []string
	// Rules are the rules applied to this selector, in order.
	Rules []Rule
}

// KeyPermission is a key pattern of a selector.
type KeyPermission struct {
	Pattern string
	Perm    Perm
	// Rule is the last rule that added or widened the pattern.
	Rule *KeyPattern
}

// Selector returns a view of selector i (0 is the root).
func (u *User) Selector(i int) SelectorInfo {
	s := u.selectors[i]
	info := SelectorInfo{Index: i, Source: s.src, AllKeys: s.allKeys, AllChannels: s.allChannels,
		AllCommands: s.allCommands, Future: s.future,
		Channels: append([]string(nil), s.channels...), Rules: append([]Rule(nil), s.applied...)}
	for _, k := range s.keys {
		info.Keys = append(info.Keys, KeyPermission{Pattern: k.pattern, Perm: k.perm, Rule: k.rule})
	}
	return info
}

// Allows reports whether selector i lets c run at all, ignoring keys and
// channels: its bit is set, or the selector has allcommands, or c is a
// NO_AUTH command.
func (u *User) Allows(i int, c *category.Command) bool {
	s := u.selectors[i]
	return s.allCommands || c.Flags&category.FlagNoAuth != 0 || s.bit(c.ID)
}

// FirstArgs returns the first arguments selector i allows for c through
// deprecated +cmd|arg rules while c's own bit is clear (nil otherwise).
func (u *User) FirstArgs(i int, c *category.Command) []string {
	s := u.selectors[i]
	if s.bit(c.ID) {
		return nil
	}
	return append([]string(nil), s.firstArgs[c.ID]...)
}

// KeyAllowed reports whether selector i grants the permissions need on key.
func (u *User) KeyAllowed(i int, key string, need Perm) bool {
	s := u.selectors[i]
	if s.allKeys {
		return true
	}
	for _, k := range s.keys {
		if k.perm&need == need && k.glob.Match(key) {
			return true
		}
	}
	return false
}

// SameAccess reports whether u and v grant exactly the same: on/off,
// nopass, the same set of passwords, and selector by selector the same
// commands (including the right to future commands), first arguments, key
// patterns with permissions and channel patterns, as sets. Names and the
// order of rules do not matter. Both users must share a table.
func (u *User) SameAccess(v *User) bool {
	return u.table == v.table && u.enabled == v.enabled && u.nopass == v.nopass &&
		sameSet(u.passwords, v.passwords) && slices.EqualFunc(u.selectors, v.selectors, (*selector).sameAccess)
}

func (s *selector) sameAccess(o *selector) bool {
	if s.allKeys != o.allKeys || s.allChannels != o.allChannels || s.future != o.future ||
		!sameSet(s.channels, o.channels) || !slices.Equal(s.bits, o.bits) || !sameKeys(s.keys, o.keys) {
		return false
	}
	// First arguments count only while the command's bit is clear.
	live := func(s *selector, id int) []string {
		if s.bit(id) {
			return nil
		}
		return s.firstArgs[id]
	}
	for id := range s.firstArgs {
		if !sameFold(live(s, id), live(o, id)) {
			return false
		}
	}
	for id := range o.firstArgs {
		if !sameFold(live(s, id), live(o, id)) {
			return false
		}
	}
	return true
}

// sameSet reports whether a and b hold the same strings (each list has no
// duplicates).
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if indexOf(b, x) < 0 {
			return false
		}
	}
	return true
}

// sameFold is sameSet ignoring ASCII case, as first arguments compare.
func sameFold(a, b []string) bool {
	return len(a) == len(b) && ascii.SubsetFold(a, b)
}

// sameKeys reports whether a and b hold the same patterns with the same
// permissions, in any order (patterns are unique within a selector).
func sameKeys(a, b []keyPattern) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i].pattern == b[i].pattern && a[i].perm == b[i].perm {
		i++ // the common case: the same order
	}
	for _, k := range a[i:] {
		found := false
		for _, l := range b[i:] {
			if k.pattern == l.pattern {
				found = k.perm == l.perm
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
