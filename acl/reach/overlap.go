package reach

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/glob"
)

// Overlap is key space two users share: a key both can read or write,
// with a witness for each.
type Overlap struct {
	A, B  Grant
	Key   string `json:"key"`
	Every bool   `json:"every,omitempty"` // A reaches every key
}

// Overlaps returns, for each pair of enabled users, a key both can read or
// write, with witnesses; users who reach every key through a keyless
// command (KEYS, SCAN, FLUSHALL, …) or patterns that match every name
// are listed in every, not paired. Pairs are found on the patterns of the
// selectors that can read or write with them, then confirmed with
// witnesses; a pair the patterns suggest but no witness confirms is
// undecided.
func (s *Set) Overlaps() (pairs []Overlap, every []Grant, undecided []Undecided, err error) {
	type reachable struct {
		x        *user
		patterns []string
	}
	var rs []reachable
	for _, x := range s.users {
		if !x.u.Enabled() {
			continue
		}
		g, _, err := s.canAllKeys(x)
		if err != nil {
			return nil, nil, nil, err
		}
		if g != nil {
			every = append(every, *g)
			continue
		}
		var ps []string
		for _, se := range x.sels {
			for _, n := range []acl.Perm{acl.PermRead, acl.PermWrite} {
				if !se.hasKey(n) || !s.usesKeys(x, se, n) {
					continue
				}
				ps = append(ps, se.keyPatterns(n)...)
			}
		}
		if len(ps) > 0 {
			rs = append(rs, reachable{x, ps})
		}
	}
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			k, ok := sharedKey(rs[i].patterns, rs[j].patterns)
			if !ok {
				continue
			}
			a, ua := s.reachKey(rs[i].x, k)
			b, ub := s.reachKey(rs[j].x, k)
			if a == nil || b == nil {
				undecided = append(undecided, Undecided{User: rs[i].x.u.Name() + " " + rs[j].x.u.Name(), Reason: "key " + k + ": " + ua + ub})
				continue
			}
			pairs = append(pairs, Overlap{A: *a, B: *b, Key: k})
		}
	}
	return pairs, every, undecided, nil
}

// usesKeys reports whether selector se lets x run some command whose keys
// may need permission n.
func (s *Set) usesKeys(x *user, se *sel, n acl.Perm) bool {
	r := readRole
	if n == acl.PermWrite {
		r = writeRole
	}
	for _, c := range s.cmds {
		for _, m := range possibleNeeds(c) {
			if m&n != 0 && x.possible(se, c, goal{role: r}) {
				return true
			}
		}
	}
	return false
}

// reachKey finds a witness that x reads or writes key.
func (s *Set) reachKey(x *user, key string) (*Grant, string) {
	tg := target{in: []*glob.Lang{glob.NewLang(escape(key))}}
	for _, r := range []role{readRole, writeRole} {
		g, u, err := s.canKey(x, r, tg)
		if g != nil {
			return g, ""
		}
		if err != nil {
			return nil, err.Error()
		}
		if u != "" {
			return nil, u
		}
	}
	return nil, "no witness"
}

// sharedKey returns a name that some pattern of a and some of b match.
func sharedKey(a, b []string) (string, bool) {
	for _, p := range a {
		for _, q := range b {
			if k, ok := intersect(p, q); ok {
				return k, true
			}
		}
	}
	return "", false
}

// intersect returns a name both patterns match: by prefix for literal and
// literal* patterns, on automata otherwise.
func intersect(p, q string) (string, bool) {
	sp, pstar, pok := simple(p)
	sq, qstar, qok := simple(q)
	if pok && qok {
		switch {
		case !pstar && !qstar:
			return p, p == q
		case pstar && qstar:
			long := sp
			if len(sq) > len(long) {
				long = sq
			}
			if long == "" {
				long = "a"
			}
			return long, strings.HasPrefix(long, sp) && strings.HasPrefix(long, sq)
		case pstar:
			return q, strings.HasPrefix(q, sp) && q != ""
		default:
			return p, strings.HasPrefix(p, sq) && p != ""
		}
	}
	k, ok, _ := glob.Intersect(glob.NewLang(p), glob.NewLang(q))
	return k, ok
}

// simple splits a literal or literal* pattern into its literal and whether
// a '*' follows.
func simple(p string) (lit string, star, ok bool) {
	lit, star = strings.CutSuffix(p, "*")
	return lit, star, !strings.ContainsAny(lit, `*?[\`)
}
