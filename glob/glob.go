package glob

// MaxNesting is the deepest chain of nested '*' expansions the matcher
// follows, as in Redis's stringmatchlen_impl ("Protection against abusive
// patterns", CVE-2024-31228). A match that needs more nested '*'
// expansions than this fails.
const MaxNesting = 1000

// Match reports whether subject matches pattern under Redis's glob rules
// (stringmatchlen with nocase = 0), byte for byte. Every byte string is a
// valid pattern; Match never panics and does not allocate.
//
// Use [Compile] to match one pattern against many subjects.
func Match(pattern, subject string) bool {
	return match(pattern, subject, 0) == matched
}

// result is the outcome of one call of match. giveUp stands for Redis's
// shared skipLongerMatches flag (the CVE-2022-36021 fix): once a '*' has
// tried every suffix of the subject in vain, no earlier '*' can succeed by
// consuming more, so the whole match fails at once.
type result uint8

const (
	noMatch result = iota
	matched
	giveUp
)

// match is a port of stringmatchlen_impl from Redis's src/util.c with
// nocase = 0. Redis reads the byte after the pattern's end in places; that
// byte is always the NUL terminator of an sds string, which the bounds
// checks below stand in for. Bytes are compared as C chars, which are
// signed on x86-64 (the oracle's platform; arm64 chars are unsigned); this
// matters only for class ranges, where bytes >= 0x80 sort below ASCII.
func match(p, s string, nesting int) result {
	if nesting > MaxNesting {
		return noMatch
	}
	for len(p) > 0 && len(s) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 1 && p[1] == '*' {
				p = p[1:]
			}
			if len(p) == 1 {
				return matched
			}
			for ; len(s) > 0; s = s[1:] {
				switch match(p[1:], s, nesting+1) {
				case matched:
					return matched
				case giveUp:
					return giveUp
				}
			}
			return giveUp
		case '?':
			// Any one byte.
		case '[':
			n, ok := matchClass(p, s[0])
			if !ok {
				return noMatch
			}
			p = p[n:]
		case '\\':
			if len(p) >= 2 {
				p = p[1:]
			}
			if p[0] != s[0] {
				return noMatch
			}
		default:
			if p[0] != s[0] {
				return noMatch
			}
		}
		p = p[1:]
		s = s[1:]
		if len(s) == 0 {
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			break
		}
	}
	if len(p) == 0 && len(s) == 0 {
		return matched
	}
	return noMatch
}

// matchClass matches the byte c against the class that p starts with
// (p[0] == '['). It returns the index of the class's last byte (its ']',
// or the pattern's last byte when the class is unterminated) and whether c
// is accepted, negation applied.
func matchClass(p string, c byte) (last int, ok bool) {
	i := 1
	negate := i < len(p) && p[i] == '^'
	if negate {
		i++
	}
	for ; ; i++ {
		switch {
		case len(p)-i >= 2 && p[i] == '\\':
			i++
			if p[i] == c {
				ok = true
			}
		case i < len(p) && p[i] == ']':
			return i, ok != negate
		case i >= len(p):
			return len(p) - 1, ok != negate
		case len(p)-i >= 3 && p[i+1] == '-':
			lo, hi := int8(p[i]), int8(p[i+2])
			if lo > hi {
				lo, hi = hi, lo
			}
			if int8(c) >= lo && int8(c) <= hi {
				ok = true
			}
			i += 2
		default:
			if p[i] == c {
				ok = true
			}
		}
	}
}
