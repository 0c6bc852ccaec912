package acl

import (
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Mask is what stands for a secret in redacted text, after the rule's
// operator byte: ">***", "#***". It is the same whatever the secret's
// length.
const Mask = "***"

// A Secret is a piece of an access string's source that holds (or may
// hold) a password or a hash: a >password, <password, #hash or !hash rule
// wherever it stands, with any quotes around it. Redacted text shows it as
// its operator and [Mask].
type Secret struct {
	Range Range
	// Op is the operator byte: '>', '<', '#' or '!'.
	Op byte
}

// Masked returns what redacted text shows in place of the secret: its
// operator and [Mask], or Mask alone for a secret without one (a password
// given in a Passwords field).
func (s Secret) Masked() string {
	if s.Op == 0 {
		return Mask
	}
	return string(s.Op) + Mask
}

// isSecretOp reports whether c starts a password or hash rule.
func isSecretOp(c byte) bool { return c == '>' || c == '<' || c == '#' || c == '!' }

// isOpener reports whether c may stand before the operator of a password
// rule that is quoted, in a selector, or escaped as redis-cli prints
// quotes (\").
func isOpener(c byte) bool { return c == '(' || c == '"' || c == '\'' || c == '`' || c == '\\' }

// secretOp returns the operator of the password or hash rule that w is or
// may be, or 0: w, or one of its whitespace-separated pieces, starts with
// an operator byte once leading parentheses and quotes are skipped. It is
// deliberately broad: a false mask costs little, a leak is the worst
// defect.
func secretOp(w string) byte {
	if strings.IndexAny(w, "><#!") < 0 {
		return 0
	}
	for i := 0; i < len(w); {
		for i < len(w) && ascii.IsSpace(w[i]) {
			i++
		}
		for i < len(w) && isOpener(w[i]) && !escapedOp(w[i:]) {
			i++
		}
		if escapedOp(w[i:]) {
			return '>'
		}
		if i < len(w) && isSecretOp(w[i]) {
			return w[i]
		}
		for i < len(w) && !ascii.IsSpace(w[i]) {
			i++
		}
	}
	return 0
}

// RedactWord masks the word of one rule (as a rule's String method and an
// error's RedactedWord do): a selector as [Redact] does, any other word
// that is or may be a password or hash rule wholly, even when it holds
// spaces (a quoted selector word).
func RedactWord(w string) string {
	if w != "" && w[0] == '(' {
		return Redact(w)
	}
	if op := secretOp(w); op != 0 {
		return string(op) + Mask
	}
	if strings.Contains(w, `\x`) {
		return Redact(w)
	}
	return w
}

// ruleText returns the text of a rule as written (for a selector, its
// merged words); "" for nil.
func ruleText(r Rule) string {
	if r == nil {
		return ""
	}
	return r.word()
}

// Secrets returns the pieces of a's source that hold secrets, in source
// order. Every rule of the tree whose word is or may be a password or hash
// rule is one (a selector's body rules by their own extent, quotes
// included); source text the tree does not cover (after an unclosed
// parenthesis, the body of a selector with a quoting error, words Redis
// 7.0 drops when a selector restarts) is scanned word by word, and a word
// that starts with an operator byte, also after parentheses or a quote, is
// a secret up to its end (or its closing quote). This is the one place
// that decides what is secret: [Redact], [AccessString.String], error
// messages and lint output all use it.
func (a *AccessString) Secrets() []Secret {
	var out []Secret
	var covered [][2]int // source offsets of the rules, relative to a.Start
	base := a.Start.Offset
	var walk func([]Rule)
	walk = func(rules []Rule) {
		for _, r := range rules {
			rg := r.Range()
			if s, ok := r.(*Selector); ok {
				if s.QuoteError {
					// Redis creates the selector empty: its body is
					// text the tree does not cover.
					i, j := rg.Start.Offset-base, rg.End.Offset-base
					covered = append(covered, [2]int{i, j})
					out = append(out, a.scanSecrets(i+1, j-1)...)
				} else {
					walk(s.Rules)
				}
				continue
			}
			covered = append(covered, [2]int{rg.Start.Offset - base, rg.End.Offset - base})
			if op := secretOp(ruleText(r)); op != 0 {
				out = append(out, Secret{Range: rg, Op: op})
			} else if op := secretOp(a.sourceOf(rg)); op != 0 {
				out = append(out, Secret{Range: rg, Op: op}) // a quoted or escaped body word
			}
		}
	}
	walk(a.Rules)
	slices.SortFunc(covered, func(x, y [2]int) int { return x[0] - y[0] })
	gap := 0
	for _, c := range covered {
		if c[0] > gap {
			out = append(out, a.scanSecrets(gap, c[0])...)
		}
		gap = max(gap, c[1])
	}
	out = append(out, a.scanSecrets(gap, len(a.Source))...)
	slices.SortFunc(out, func(x, y Secret) int { return x.Range.Start.Offset - y.Range.Start.Offset })
	return out
}

// sourceOf returns the source text of a range of a, or "".
func (a *AccessString) sourceOf(r Range) string {
	i, j := r.Start.Offset-a.Start.Offset, r.End.Offset-a.Start.Offset
	if i < 0 || j > len(a.Source) || i > j {
		return ""
	}
	return a.Source[i:j]
}

// scanSecrets returns the secrets of the source bytes [from, to) that no
// rule covers, word by word.
func (a *AccessString) scanSecrets(from, to int) []Secret {
	src := a.Source
	if from < 0 || to > len(src) || from >= to || strings.IndexAny(src[from:to], "><#!\\") < 0 {
		return nil
	}
	var out []Secret
	for i := from; i < to; {
		for i < to && ascii.IsSpace(src[i]) {
			i++
		}
		j := i
		var quote byte
		for j < to && isOpener(src[j]) && !escapedOp(src[j:to]) {
			if src[j] == '"' || src[j] == '\'' || src[j] == '`' {
				quote = src[j]
			}
			j++
		}
		end := i
		for end < to && !ascii.IsSpace(src[end]) {
			end++
		}
		if j < end && (isSecretOp(src[j]) || escapedOp(src[j:end])) {
			if quote != 0 || strings.ContainsAny(src[j:to], "\"'") {
				// Where quotes are in play, words do not end at
				// whitespace: the secret runs to the end of the text.
				end = to
			}
			start := a.Start.advance(src[:j])
			op := src[j]
			if !isSecretOp(op) {
				op = '>'
			}
			out = append(out, Secret{Range: Range{start, start.advance(src[j:end])}, Op: op})
		}
		i = end
	}
	return out
}

// escapedOp reports whether w starts with a \xHH escape of an operator
// byte, as a quoted selector word may.
func escapedOp(w string) bool {
	if len(w) < 4 || w[0] != '\\' || w[1] != 'x' || !ascii.IsHex(w[2]) || !ascii.IsHex(w[3]) {
		return false
	}
	return isSecretOp(ascii.Unhex(w[2])<<4 | ascii.Unhex(w[3]))
}

// RedactedSource returns a's source as written, with every secret masked
// (see [AccessString.Secrets]).
func (a *AccessString) RedactedSource() string { return mask(a.Source, a.Start.Offset, a.Secrets()) }

// mask replaces the secrets in src (whose first byte is at offset base).
func mask(src string, base int, secrets []Secret) string {
	if len(secrets) == 0 {
		return src
	}
	var b strings.Builder
	at := 0
	for _, s := range secrets {
		i, j := s.Range.Start.Offset-base, s.Range.End.Offset-base
		if i < at || j > len(src) {
			continue // overlapping: already masked
		}
		b.WriteString(src[at:i])
		b.WriteString(s.Masked())
		at = j
	}
	b.WriteString(src[at:])
	return b.String()
}

// Redact returns text with every password and hash rule masked, as
// ">***": text is split as an access string is (words, selectors merged,
// their bodies split as Redis splits them) and masked as
// [AccessString.Secrets] says. It is the safe form of any text that may
// hold rules: a word, a selector, an error's modifier, a whole line.
func Redact(text string) string {
	if strings.IndexAny(text, "><#!\\") < 0 { // a quoted \x3e is a '>'
		return text
	}
	a, _ := Parse(text)
	if a == nil { // beyond the parser's limits: scan it word by word
		a = &AccessString{Source: text, Start: Pos{Line: 1, Column: 1}}
	}
	return a.RedactedSource()
}
