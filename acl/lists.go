package acl

import (
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Key patterns, channel patterns, first arguments and Redis 7.2's command
// rules are lists, as in Redis, searched on every addition. Long lists get
// a map index so that hostile access strings with thousands of rules stay
// linear; short ones, the usual case, are scanned.

// longList is the length from which a list is indexed.
const longList = 64

// lists holds the indexes of a selector's long lists. Copies of a selector
// start without it; emptying a list drops its index.
type lists struct {
	keys  map[string]int          // key pattern -> index in keys
	chans map[string]bool         // channel patterns
	args  map[int]map[string]bool // command ID -> ASCII lower-cased first arguments
	rules map[string]int          // live command rule name -> index in rules
	under map[string][]int        // name -> indexes of rules named name|…
	dead  int                     // dropped rules left in rules (name "")
}

func (s *selector) lists() *lists {
	if s.long == nil {
		s.long = &lists{}
	}
	return s.long
}

// findKey returns the index of the key pattern, or -1. Keys shared with
// another selector (keysShared) are scanned: their index would be shared.
func (s *selector) findKey(pattern string) int {
	if len(s.keys) < longList || s.keysShared {
		for i := range s.keys {
			if s.keys[i].pattern == pattern {
				return i
			}
		}
		return -1
	}
	x := s.lists()
	if x.keys == nil {
		x.keys = make(map[string]int, 2*len(s.keys))
		for i, k := range s.keys {
			x.keys[k.pattern] = i
		}
	}
	if i, ok := x.keys[pattern]; ok {
		return i
	}
	return -1
}

// addKey adds a key pattern, or widens the permissions of the same one.
func (s *selector) addKey(r *KeyPattern) {
	if i := s.findKey(r.Pattern); i >= 0 {
		if s.keysShared {
			s.keys, s.keysShared = append([]keyPattern(nil), s.keys...), false
		}
		s.keys[i].perm |= r.Perm
		s.keys[i].rule = r
		s.allKeys = false
		return
	}
	g := &r.glob
	if g.String() != r.Pattern { // a node built by hand rather than by Parse
		g = glob.Compile(r.Pattern)
	}
	s.keys = append(s.keys, keyPattern{pattern: r.Pattern, perm: r.Perm, glob: g, rule: r})
	if s.long != nil && s.long.keys != nil {
		s.long.keys[r.Pattern] = len(s.keys) - 1
	}
	s.allKeys = false
}

// addChannel adds a channel pattern the selector does not have yet.
func (s *selector) addChannel(pattern string) {
	if len(s.channels) < longList {
		if indexOf(s.channels, pattern) >= 0 {
			return
		}
	} else {
		x := s.lists()
		if x.chans == nil {
			x.chans = make(map[string]bool, 2*len(s.channels))
			for _, c := range s.channels {
				x.chans[c] = true
			}
		}
		if x.chans[pattern] {
			return
		}
		x.chans[pattern] = true
	}
	s.channels = append(s.channels, pattern)
}

// resetKeys and resetChannels empty the lists (allkeys, resetkeys, …).
func (s *selector) resetKeys(all bool) {
	s.allKeys, s.keys, s.keysShared = all, nil, false
	if s.long != nil {
		s.long.keys = nil
	}
}

func (s *selector) resetChannels(all bool) {
	s.allChannels, s.channels = all, nil
	if s.long != nil {
		s.long.chans = nil
	}
}

// addFirstArg is ACLAddAllowedFirstArg: it adds arg to the first arguments
// of command id unless one equal to it ignoring ASCII case (strcasecmp) is
// there. The selector owns its argument lists (clone copies them) and
// appends in place.
func (s *selector) addFirstArg(id int, arg string) {
	if s.firstArgs == nil {
		s.firstArgs = map[int][]string{}
	}
	args := s.firstArgs[id]
	if len(args) < longList {
		for _, a := range args {
			if ascii.EqualFold(a, arg) {
				return
			}
		}
	} else {
		x := s.lists()
		if x.args == nil {
			x.args = map[int]map[string]bool{}
		}
		seen := x.args[id]
		if seen == nil {
			seen = make(map[string]bool, 2*len(args))
			for _, a := range args {
				seen[ascii.ToLower(a)] = true
			}
			x.args[id] = seen
		}
		key := ascii.ToLower(arg)
		if seen[key] {
			return
		}
		seen[key] = true
	}
	s.firstArgs[id] = append(args, arg)
}

// dropFirstArgs drops the first arguments of command id, or of every
// command for id -1.
func (s *selector) dropFirstArgs(id int) {
	if id < 0 {
		s.firstArgs = nil
	} else {
		delete(s.firstArgs, id)
	}
	if s.long != nil {
		if id < 0 {
			s.long.args = nil
		} else {
			delete(s.long.args, id)
		}
	}
}

// updateRules is Redis 7.2's ACLUpdateCommandRules: drop every rule for the
// same name or for a subcommand or first argument of it, then append. A long
// list drops rules by marking them (name ""), and is compacted when half of
// it is dropped.
func (s *selector) updateRules(name string, allow bool) {
	if s.noHistory {
		return
	}
	name = ascii.ToLower(name) // sdstolower: ASCII only, other bytes kept
	if len(s.rules) < longList {
		kept := s.rules[:0]
		for _, r := range s.rules {
			if r.name == "" || r.name == name || isUnder(r.name, name) {
				continue
			}
			kept = append(kept, r)
		}
		s.setRules(append(kept, cmdRule{allow, name}))
		return
	}
	x := s.lists()
	if x.rules == nil {
		x.indexRules(s.rules)
	}
	drop := func(i int) {
		if n := s.rules[i].name; n != "" {
			delete(x.rules, n)
			s.rules[i].name = ""
			x.dead++
		}
	}
	if i, ok := x.rules[name]; ok {
		drop(i)
	}
	for _, i := range x.under[name] {
		if isUnder(s.rules[i].name, name) {
			drop(i)
		}
	}
	delete(x.under, name)
	s.rules = append(s.rules, cmdRule{allow, name})
	x.add(name, len(s.rules)-1)
	if x.dead > len(s.rules)/2 {
		live := make([]cmdRule, 0, len(s.rules)-x.dead)
		for _, r := range s.rules {
			if r.name != "" {
				live = append(live, r)
			}
		}
		s.setRules(live)
	}
}

// setRules replaces the command rules, dropping their index.
func (s *selector) setRules(rules []cmdRule) {
	s.rules = rules
	if s.long != nil {
		s.long.rules, s.long.under, s.long.dead = nil, nil, 0
	}
}

// isUnder reports whether rule name is a subcommand or first argument of
// parent ("config|get" under "config").
func isUnder(name, parent string) bool {
	return len(name) > len(parent) && name[len(parent)] == '|' && name[:len(parent)] == parent
}

func (x *lists) indexRules(rules []cmdRule) {
	x.rules, x.under, x.dead = make(map[string]int, 2*len(rules)), map[string][]int{}, 0
	for i, r := range rules {
		if r.name == "" {
			x.dead++
			continue
		}
		x.add(r.name, i)
	}
}

// add indexes rule i, name, under each of its prefixes that ends before a
// '|'.
func (x *lists) add(name string, i int) {
	x.rules[name] = i
	for j := 0; j < len(name); j++ {
		if name[j] == '|' {
			x.under[name[:j]] = append(x.under[name[:j]], i)
		}
	}
}
