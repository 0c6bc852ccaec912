package glob

import "strings"

// Pattern is a compiled Redis glob pattern. Compiling picks a fast path for
// the common shapes of key and channel patterns; every shape matches exactly
// as [Match] does.
//
// A Pattern is immutable and safe for concurrent use. The zero value is the
// empty pattern, which matches only the empty subject.
type Pattern struct {
	src  string
	kind kind
	// lit is the literal prefix with escapes decoded: every matching
	// subject starts with it. For kindLiteral it is the whole pattern.
	lit literal
	// tail is the literal text after the '*' run of kindSuffix,
	// kindPrefixSuffix (the suffix) and kindInfix (the infix).
	tail literal
	// minLen is the length of the shortest subject kindPrefixSuffix
	// matches: prefix and suffix must not overlap.
	minLen int
	// rest is the undecoded pattern after lit for kindGeneral; restStars
	// records that it consists of '*' bytes only.
	rest      string
	restStars bool
}

// kind is the matching strategy chosen by Compile. The fast paths are used
// only for patterns without '?', '[' and '\\'; lit and tail are nonempty
// where they appear.
type kind uint8

const (
	kindLiteral      kind = iota // lit: subject == lit
	kindAny                      // '*' run: any nonempty subject
	kindPrefix                   // lit '*'…: subject starts with lit
	kindSuffix                   // '*'… tail: subject ends with tail
	kindPrefixSuffix             // lit '*'… tail
	kindInfix                    // '*'… tail '*'…: subject contains tail
	kindGeneral                  // lit, then the full matcher on rest
)

var kindNames = [...]string{
	kindLiteral:      "literal",
	kindAny:          "any",
	kindPrefix:       "prefix",
	kindSuffix:       "suffix",
	kindPrefixSuffix: "prefix-suffix",
	kindInfix:        "infix",
	kindGeneral:      "general",
}

func (k kind) String() string { return kindNames[k] }

// Compile compiles a Redis glob pattern. It never fails: every byte string
// is a valid Redis pattern, including unterminated classes and a trailing
// backslash.
func Compile(pattern string) *Pattern {
	p := new(Pattern)
	p.Set(pattern)
	return p
}

// Set compiles pattern into p, replacing what p held: for callers that
// embed a Pattern in their own values instead of holding a pointer. A
// Pattern must not be Set while it is in use.
func (p *Pattern) Set(pattern string) {
	*p = Pattern{src: pattern}
	if !strings.ContainsAny(pattern, `?[\`) {
		first := strings.IndexByte(pattern, '*')
		if first < 0 {
			p.kind, p.lit = kindLiteral, newLiteral(pattern)
			return
		}
		end := first
		for end < len(pattern) && pattern[end] == '*' {
			end++
		}
		head, tail := pattern[:first], pattern[end:]
		next := strings.IndexByte(tail, '*')
		switch {
		case next < 0 && head == "" && tail == "":
			p.kind = kindAny
			return
		case next < 0:
			// "a*" matches "a" and "*a" matches "a": the '*' run needs
			// a byte only when it is alone.
			p.lit, p.tail = newLiteral(head), newLiteral(tail)
			p.minLen = len(head) + len(tail)
			switch {
			case tail == "":
				p.kind = kindPrefix
			case head == "":
				p.kind = kindSuffix
			default:
				p.kind = kindPrefixSuffix
			}
			return
		case head == "" && strings.Trim(tail[next:], "*") == "":
			p.kind, p.tail = kindInfix, newLiteral(tail[:next])
			return
		}
	}
	prefix, n := literalPrefix(pattern)
	p.kind, p.lit = kindGeneral, newLiteral(prefix)
	p.rest = pattern[n:]
	p.restStars = strings.Trim(p.rest, "*") == ""
	return
}

// literalPrefix returns the leading run of pattern that matches only
// itself, with escapes decoded, and the number of pattern bytes it spans.
// A backslash escapes the next byte; a lone trailing backslash is literal.
func literalPrefix(pattern string) (string, int) {
	i := 0
	for i < len(pattern) {
		switch pattern[i] {
		case '*', '?', '[':
			return decodePrefix(pattern[:i]), i
		case '\\':
			i += min(2, len(pattern)-i)
		default:
			i++
		}
	}
	return decodePrefix(pattern), i
}

// decodePrefix removes the escaping backslashes from a literal run as
// accepted by literalPrefix. It allocates only when there is one.
func decodePrefix(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b = append(b, s[i])
	}
	return string(b)
}

// Match reports whether subject matches the pattern, exactly as
// [Match](p.String(), subject) does. It does not allocate.
func (p *Pattern) Match(subject string) bool {
	if p.kind == kindAny { // small enough to be inlined
		return subject != ""
	}
	return p.matchKind(subject)
}

// matchKind matches the kinds that Match does not decide inline.
func (p *Pattern) matchKind(subject string) bool {
	switch p.kind {
	case kindPrefix:
		// The word tests of literal, written out here to save a call.
		if len(subject) >= 8 {
			if (load64(subject, 0)^p.lit.head)&p.lit.headMask != 0 {
				return false
			}
			if len(p.lit.s) <= 8 {
				return true
			}
		}
		return strings.HasPrefix(subject, p.lit.s)
	case kindPrefixSuffix:
		if len(subject) < p.minLen {
			return false
		}
		if len(subject) >= 8 {
			if (load64(subject, 0)^p.lit.head)&p.lit.headMask|
				(load64(subject, len(subject)-8)^p.tail.tail)&p.tail.tailMask != 0 {
				return false
			}
			if len(p.lit.s) <= 8 && len(p.tail.s) <= 8 {
				return true
			}
		}
		return strings.HasPrefix(subject, p.lit.s) && strings.HasSuffix(subject, p.tail.s)
	case kindLiteral:
		return subject == p.lit.s
	case kindSuffix:
		return p.tail.suffixOf(subject)
	case kindInfix:
		return strings.Contains(subject, p.tail.s)
	}
	// kindGeneral. The literal prefix consumes subject bytes one for one;
	// where the subject ends with it, Redis skips a run of '*' and requires
	// the pattern to end too. Otherwise the match goes on from the same
	// state (no '*' entered yet), so nesting starts at 0.
	if subject == "" || !p.lit.prefixOf(subject) {
		return false
	}
	subject = subject[len(p.lit.s):]
	if subject == "" {
		return p.restStars
	}
	return match(p.rest, subject, 0) == matched
}

// String returns the pattern as given to [Compile].
func (p *Pattern) String() string { return p.src }

// LiteralPrefix returns the bytes every matching subject starts with: the
// pattern's leading bytes up to the first '*', '?' or '[', with escapes
// decoded. For a pattern without metacharacters it is the whole (decoded)
// pattern, and only that exact subject matches.
func (p *Pattern) LiteralPrefix() string {
	return p.lit.s
}
