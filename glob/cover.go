package glob

import (
	"iter"
	"slices"
	"strings"
)

// Covers reports whether every name that pattern p matches also matches
// pattern q. It is sound but not complete: a pattern covers another when
// they are equal, when the other is a plain literal it matches, or when it
// is a literal followed by a single '*' and the other starts with that
// literal. Other pairs, even equivalent ones, are not decided.
func Covers(q, p string) bool {
	if q == p {
		return true
	}
	if !hasMeta(p) {
		return Match(q, p)
	}
	prefix, ok := strings.CutSuffix(q, "*")
	return ok && !hasMeta(prefix) && strings.HasPrefix(p, prefix)
}

func hasMeta(s string) bool { return strings.ContainsAny(s, `*?[\`) }

// A CoverSet finds the patterns of a set that cover a pattern, in the
// sense of [Covers]. A small set is scanned; a large one is indexed so as
// not to compare every pair: patterns of the form literal* are looked up by
// their literal, and only the others with glob syntax are matched one by
// one. Those matches have a budget, so that a hostile set stays linear;
// past it, fewer coverers are found (still sound).
type CoverSet struct {
	patterns []string
	exact    map[string]int
	prefixes map[string]int // literal* patterns by literal
	lengths  []int          // of those literals, ascending
	others   []int          // patterns with other glob syntax, ascending
	budget   int
}

// smallCoverSet is the size up to which a CoverSet is scanned.
const smallCoverSet = 16

// NewCoverSet indexes patterns; Coverers names them by their index.
func NewCoverSet(patterns []string) *CoverSet {
	c := &CoverSet{patterns: patterns, budget: 1 << 20}
	if len(patterns) <= smallCoverSet {
		return c
	}
	c.exact, c.prefixes = make(map[string]int, len(patterns)), map[string]int{}
	for i, q := range patterns {
		c.exact[q] = i
		if prefix, ok := strings.CutSuffix(q, "*"); ok && !hasMeta(prefix) {
			c.prefixes[prefix] = i
			if !slices.Contains(c.lengths, len(prefix)) {
				c.lengths = append(c.lengths, len(prefix))
			}
		} else if hasMeta(q) {
			c.others = append(c.others, i)
		}
	}
	slices.Sort(c.lengths)
	return c
}

// Coverers yields the index of every pattern of the set that covers p, p
// itself included, each once, in no particular order.
func (c *CoverSet) Coverers(p string) iter.Seq[int] {
	return func(yield func(int) bool) {
		if c.exact == nil {
			for i, q := range c.patterns {
				if Covers(q, p) && !yield(i) {
					return
				}
			}
			return
		}
		self, ok := c.exact[p]
		if ok && !yield(self) {
			return
		}
		if !ok {
			self = -1
		}
		for _, n := range c.lengths {
			if n > len(p) || p == "" { // '*' does not match the empty name
				break
			}
			if i, ok := c.prefixes[p[:n]]; ok && i != self && !yield(i) {
				return
			}
		}
		if hasMeta(p) {
			return // only literal* patterns cover a pattern with glob syntax
		}
		for _, i := range c.others {
			if c.budget--; c.budget < 0 {
				return
			}
			if Match(c.patterns[i], p) && !yield(i) {
				return
			}
		}
	}
}
