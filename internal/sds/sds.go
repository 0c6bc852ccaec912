// Package sds is a helper of acl's parse step: it splits a string into
// arguments as Redis's sdssplitargs (sds.c) does, the splitter of selector
// bodies, ACL files' quoted words and redis-cli. The acl parser and the
// aclgen crash guard share it.
package sds

import (
	"strings"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Arg is one argument found by [SplitArgs], with its extent in the input.
type Arg struct {
	// Value is the argument with its quotes removed and escapes decoded.
	Value string
	// Start and End are the byte offsets of the argument as written:
	// s[Start:End], quotes included, the terminating blank not.
	Start, End int
}

// SplitArgs splits s as sdssplitargs does: whitespace-separated words,
// "double quotes" with \xHH and \n \r \t \b \a escapes (any other escaped
// byte stands for itself), 'single quotes' with \'. A closing quote must
// be followed by whitespace or the end, and quotes must be closed;
// otherwise ok is false and args nil. Like the C code it stops at a NUL
// byte.
func SplitArgs(s string) (args []Arg, ok bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	p := 0
	for {
		for p < len(s) && ascii.IsSpace(s[p]) {
			p++
		}
		if p == len(s) {
			return args, true
		}
		start := p
		var cur []byte
		decoded := false // cur holds the decoded word; otherwise it is s[start:p]
		var quote byte   // the open quote, or 0
		for done := false; !done; {
			var c byte // 0 stands for the end of the string
			if p < len(s) {
				c = s[p]
			}
			next := func(k int) byte {
				if p+k < len(s) {
					return s[p+k]
				}
				return 0
			}
			switch {
			case quote == '"' && c == '\\' && next(1) == 'x' && ascii.IsHex(next(2)) && ascii.IsHex(next(3)):
				cur = append(cur, ascii.Unhex(next(2))<<4|ascii.Unhex(next(3)))
				p += 3
			case quote == '"' && c == '\\' && next(1) != 0:
				p++
				cur = append(cur, Unescape(s[p]))
			case quote == '\'' && c == '\\' && next(1) == '\'':
				p++
				cur = append(cur, '\'')
			case quote != 0 && c == quote:
				if n := next(1); n != 0 && !ascii.IsSpace(n) {
					return nil, false
				}
				done = true
			case quote != 0 && c == 0:
				return nil, false
			case quote != 0:
				cur = append(cur, c)
			case c == 0 || isBlank(c):
				done = true
			case c == '"' || c == '\'':
				if !decoded {
					cur, decoded = append(cur, s[start:p]...), true
				}
				quote = c
			case decoded:
				cur = append(cur, c)
			}
			if p < len(s) {
				p++
			}
		}
		end := p
		if end > start && isBlank(s[end-1]) {
			end-- // the terminating blank is not part of the word
		}
		v := s[start:end]
		if decoded {
			v = string(cur)
		}
		args = append(args, Arg{v, start, end})
	}
}

// Unescape is the byte that \e stands for inside double quotes (\x is
// handled by the caller).
func Unescape(e byte) byte {
	switch e {
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'a':
		return '\a'
	}
	return e
}

// isBlank reports whether c ends an unquoted word: only these four bytes
// do, so a word may hold \v and \f.
func isBlank(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// WriteQuoted writes s to b in double quotes so that [SplitArgs] reads it
// back as one argument: '"' and '\' escaped with a backslash, and each
// other byte for which hex is true as \xHH.
func WriteQuoted(b *strings.Builder, s string, hex func(c byte) bool) {
	const digits = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case hex(c):
			b.WriteString(`\x`)
			b.WriteByte(digits[c>>4])
			b.WriteByte(digits[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}
