package acl

import (
	"strings"

	"github.com/aclcheck/aclcheck/internal/sds"
)

// The String methods of rules print the rule with any secret masked (see
// [Redact]); [Unredacted] prints it as written.
func (n *Keyword) String() string        { return RedactWord(n.Word) }
func (n *Password) String() string       { return string(n.Op) + Mask }
func (n *KeyPattern) String() string     { return RedactWord(n.Word) }
func (n *ChannelPattern) String() string { return RedactWord(n.Word) }
func (n *CommandRule) String() string    { return RedactWord(n.Word) }
func (n *CategoryRule) String() string   { return RedactWord(n.Word) }
func (n *DBRule) String() string         { return RedactWord(n.Word) }
func (n *BadRule) String() string        { return RedactWord(n.Word) }

// Unredacted returns the rule as written, passwords and hashes included
// (for a selector, as [Selector.String] prints it without masking). Never
// show it to people.
func Unredacted(r Rule) string {
	if s, ok := r.(*Selector); ok {
		return s.format(false)
	}
	return ruleText(r)
}

// String returns the selector as one argument that parses back to the same
// selector: body words are quoted where Redis's splitter needs it.
func (n *Selector) String() string { return n.format(true) }

func (n *Selector) format(redact bool) string {
	if n.QuoteError {
		if redact {
			return Redact(n.Word)
		}
		return n.Word
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, r := range n.Rules {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := ruleText(r)
		if redact {
			w = r.String()
		}
		writeArg(&b, w, i == len(n.Rules)-1)
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
	// Bytes that are blank, control, non-ASCII or parentheses are
	// escaped, so that the quoted word is one word when the string is
	// split at whitespace, and no piece of it can end or restart the
	// selector.
	sds.WriteQuoted(b, s, func(c byte) bool { return c <= ' ' || c >= 0x7f || c == '(' || c == ')' })
}

// String returns the rules separated by single spaces, with every password
// and hash masked (">***"): the form to show people. [AccessString.Unredacted]
// is the form that parses back to an equal tree.
func (a *AccessString) String() string { return a.format(true) }

// Redacted is String.
func (a *AccessString) Redacted() string { return a.format(true) }

// Unredacted returns the rules separated by single spaces, passwords and
// hashes as written. It parses back to an equal tree. Never show it to
// people.
func (a *AccessString) Unredacted() string { return a.format(false) }

func (a *AccessString) format(redact bool) string {
	var b strings.Builder
	for i, r := range a.Rules {
		if i > 0 {
			b.WriteByte(' ')
		}
		if redact {
			b.WriteString(r.String())
		} else {
			b.WriteString(Unredacted(r))
		}
	}
	return b.String()
}
