package glob

// literal is a byte string prepared for prefix and suffix tests: its first
// and last (up to) 8 bytes are packed into words, so that a test against a
// subject of at least 8 bytes is one load and compare instead of a call to
// the runtime's memequal.
type literal struct {
	s string
	// head holds s[:min(8, len(s))] and tail s[len(s)-min(8, len(s)):],
	// each placed where an 8-byte little-endian load of the subject's
	// first (head) or last (tail) 8 bytes puts them; the masks select those
	// bytes.
	head, headMask uint64
	tail, tailMask uint64
}

func newLiteral(s string) literal {
	l := literal{s: s}
	m := min(8, len(s))
	for i := range m {
		l.head |= uint64(s[i]) << (8 * i)
		l.tail |= uint64(s[len(s)-m+i]) << (8 * (8 - m + i))
	}
	if m > 0 {
		l.headMask = ^uint64(0) >> (64 - 8*m)
		l.tailMask = ^uint64(0) << (64 - 8*m)
	}
	return l
}

// load64 returns s[i:i+8] as a little-endian word; the compiler turns it
// into one load.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// prefixOf reports whether subject starts with l.s.
func (l *literal) prefixOf(subject string) bool {
	n := len(l.s)
	if len(subject) < n {
		return false
	}
	if len(subject) >= 8 {
		if (load64(subject, 0)^l.head)&l.headMask != 0 {
			return false
		}
		if n <= 8 {
			return true
		}
	}
	return subject[:n] == l.s
}

// suffixOf reports whether subject ends with l.s.
func (l *literal) suffixOf(subject string) bool {
	n := len(l.s)
	if len(subject) < n {
		return false
	}
	if len(subject) >= 8 {
		if (load64(subject, len(subject)-8)^l.tail)&l.tailMask != 0 {
			return false
		}
		if n <= 8 {
			return true
		}
	}
	return subject[len(subject)-n:] == l.s
}
