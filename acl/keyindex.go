package acl

import (
	"slices"
	"sync"
)

// keyIndexMin is the number of key patterns from which a selector indexes
// them by literal prefix.
const keyIndexMin = 8

// keyIndex finds the key patterns that can match a key without trying them
// all: every pattern that matches a key has a literal prefix (the bytes
// before its first metacharacter) that is a prefix of the key. The index
// holds the distinct literal prefixes, sorted, each with its patterns.
type keyIndex struct {
	prefixes []string
	groups   [][]int32 // indexes into selector.keys, per prefix
}

func buildKeyIndex(keys []keyPattern) *keyIndex {
	byPrefix := map[string][]int32{}
	for i, k := range keys {
		p := k.glob.LiteralPrefix()
		byPrefix[p] = append(byPrefix[p], int32(i))
	}
	ix := &keyIndex{}
	for p := range byPrefix {
		ix.prefixes = append(ix.prefixes, p)
	}
	slices.Sort(ix.prefixes)
	for _, p := range ix.prefixes {
		ix.groups = append(ix.groups, byPrefix[p])
	}
	return ix
}

// allowed reports whether a pattern with permissions n matches key. It
// visits the prefixes of key that are in the index, longest first: each
// step is a binary search below the previous hit.
func (ix *keyIndex) allowed(keys []keyPattern, key string, n Perm) bool {
	hi := len(ix.prefixes)
	x := key
	for hi > 0 {
		// i: the largest index below hi whose prefix is <= x.
		lo, h := 0, hi
		for lo < h {
			m := int(uint(lo+h) >> 1)
			if ix.prefixes[m] <= x {
				lo = m + 1
			} else {
				h = m
			}
		}
		i := lo - 1
		if i < 0 {
			return false
		}
		p := ix.prefixes[i]
		if len(p) <= len(key) && key[:len(p)] == p {
			for _, j := range ix.groups[i] {
				k := &keys[j]
				if k.perm&n == n && k.glob.Match(key) {
					return true
				}
			}
			x = p
		} else {
			l := 0
			for l < len(p) && l < len(key) && p[l] == key[l] {
				l++
			}
			x = key[:l]
		}
		hi = i
	}
	return false
}

// lazyIndex builds a selector's key index when a check first needs it, so
// users that are only compiled (by the linter, say) never pay for it.
type lazyIndex struct {
	once sync.Once
	ix   *keyIndex
}

func (l *lazyIndex) get(keys []keyPattern) *keyIndex {
	l.once.Do(func() { l.ix = buildKeyIndex(keys) })
	return l.ix
}

// finish prepares a selector for checks once no more rules apply to it.
func (s *selector) finish() {
	s.index = nil
	if len(s.keys) >= keyIndexMin {
		s.index = &lazyIndex{}
	}
}
