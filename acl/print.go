package acl

import (
	"strings"
)

func (n *Keyword) String() string        { return n.Word }
func (n *Password) String() string       { return n.Word }
func (n *KeyPattern) String() string     { return n.Word }
func (n *ChannelPattern) String() string { return n.Word }
func (n *CommandRule) String() string    { return n.Word }
func (n *CategoryRule) String() string   { return n.Word }
func (n *DBRule) String() string         { return n.Word }
func (n *BadRule) String() string        { return n.Word }

// String returns the selector as one argument that parses back to the same
// selector: body words are quoted where Redis's splitter needs it.
func (n *Selector) String() string {
	if n.QuoteError {
		return n.Word
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, r := range n.Rules {
		if i > 0 {
			b.WriteByte(' ')
		}
		writeArg(&b, r.String(), i == len(n.Rules)-1)
	}
	b.WriteByte(')')
	return b.String()
}

// writeArg writes a selector body word, quoting it when it holds bytes the
// splitter or the selector merging would treat specially.
func writeArg(b *strings.Builder, s string, last bool) {
	plain := s != ""
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '\\' || c == '(' || (c == ')' && !(last && i == len(s)-1)) {
			plain = false
		}
	}
	if plain {
		b.WriteString(s)
		return
	}
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c <= ' ' || c >= 0x7f || c == '(' || c == ')':
			// Escaped, so that the quoted word is one word when the
			// string is split at whitespace, and no piece of it can end
			// or restart the selector.
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// String returns the rules separated by single spaces. It parses back to an
// equal tree. Passwords are printed as written: use [AccessString.Redacted]
// for output people see.
func (a *AccessString) String() string { return a.format(false) }

// Redacted is String with every password and hash replaced by
// "<redacted>".
func (a *AccessString) Redacted() string { return a.format(true) }

func (a *AccessString) format(redact bool) string {
	var b strings.Builder
	for i, r := range a.Rules {
		if i > 0 {
			b.WriteByte(' ')
		}
		if p, ok := r.(*Password); ok && redact {
			b.WriteString(Redact(p.Word))
			continue
		}
		b.WriteString(r.String())
	}
	return b.String()
}
