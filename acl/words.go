package acl

import (
	"io"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/aclcheck/aclcheck/internal/ascii"
	"github.com/aclcheck/aclcheck/internal/sds"
)

// The hand-written stage of the parser. Redis's word splitting and selector
// merging are not a context-free lexical grammar, so they are code: the
// source is split at whitespace, words forming a selector are merged as
// ACLMergeSelectorArguments does, and a selector's body is split as
// sdssplitargs does. Each resulting argument then becomes a few tokens that
// show its leading syntax ("~", "%" and its permission letters, "+@", …)
// and its rest, followed by an End token; the grammar (grammar.go) decides
// from them which rule form the argument is.

// Token types: one for each piece of leading syntax, and for what follows
// it. The grammar sees only the types, never the values, so the form of an
// argument is a function of its type sequence (see formOf).
const (
	tokTilde    lexer.TokenType = -(iota + 2) // ~
	tokPercent                                // %
	tokR                                      // R or r after %
	tokW                                      // W or w after %
	tokAmp                                    // &
	tokSign                                   // + or - before a command
	tokAtSign                                 // +@ or -@ before a category
	tokPipe                                   // the last | of a command rule
	tokPassOp                                 // > or <
	tokHashOp                                 // # or !
	tokDB                                     // db=
	tokFlag                                   // a keyword of a selector: allkeys, ~*, +@all, …
	tokUserFlag                               // a keyword of the user: on, nopass, reset, …
	tokBare                                   // any other word without leading syntax
	tokText                                   // the rest of a word (may be empty)
	tokSpaced                                 // the rest of a pattern, holding whitespace or NUL
	tokHash                                   // 64 lowercase hexadecimal digits after # or !
	tokEnd                                    // the end of an argument; its value is the whole argument
	tokLparen                                 // a selector's '('; its value is the merged selector
	tokBroken                                 // a selector body with a quoting error
	tokRparen                                 // a selector's ')'
	tokLast
)

var tokenSymbols = map[string]lexer.TokenType{
	"EOF": lexer.EOF, "Tilde": tokTilde, "Percent": tokPercent, "R": tokR, "W": tokW, "Amp": tokAmp,
	"Sign": tokSign, "AtSign": tokAtSign, "Pipe": tokPipe, "PassOp": tokPassOp, "HashOp": tokHashOp,
	"DB": tokDB, "Flag": tokFlag, "UserFlag": tokUserFlag, "Bare": tokBare, "Text": tokText,
	"Spaced": tokSpaced, "Hash": tokHash, "End": tokEnd, "Lparen": tokLparen, "Broken": tokBroken,
	"Rparen": tokRparen,
}

// ruleLexer is participle's view of the lexer: the grammar needs only the
// symbols, since the tokens are produced up front by lex.
type ruleLexer map[string]lexer.TokenType

func (l ruleLexer) Symbols() map[string]lexer.TokenType { return l }

func (ruleLexer) Lex(string, io.Reader) (lexer.Lexer, error) {
	panic("acl: the rule lexer is driven by lex, not by participle")
}

// tokens is the token stream of an access string, with what the merging
// found: the number of rules and an unmatched parenthesis.
type tokens struct {
	list  []lexer.Token
	next  int // for Next
	rules int
	fatal *Error
}

// Next hands participle the tokens.
func (t *tokens) Next() (lexer.Token, error) {
	if t.next == len(t.list) {
		return lexer.Token{Type: lexer.EOF}, nil
	}
	t.next++
	return t.list[t.next-1], nil
}

// word is one whitespace-separated word of the source.
type word struct {
	text string
	pos  Pos
}

// splitWords splits src at runs of ASCII whitespace, as the corpus format
// and a shell-split ACL SETUSER command line do.
func splitWords(src string, start Pos) []word {
	n := 0
	for i := 0; i < len(src); i++ {
		if !ascii.IsSpace(src[i]) && (i == 0 || ascii.IsSpace(src[i-1])) {
			n++
		}
	}
	words := make([]word, 0, n)
	pos := start
	i := 0
	for i < len(src) {
		if ascii.IsSpace(src[i]) {
			pos = pos.advance(src[i : i+1])
			i++
			continue
		}
		j := i
		for j < len(src) && !ascii.IsSpace(src[j]) {
			j++
		}
		words = append(words, word{src[i:j], pos})
		pos = pos.advance(src[i:j])
		i = j
	}
	return words
}

// lex merges the words into selectors as ACLMergeSelectorArguments does
// for the dialect, and turns every argument into tokens.
func lex(words []word, d Dialect) *tokens {
	l := &tokens{list: make([]lexer.Token, 0, 4*len(words)+2)}
	open := -1
	for j, w := range words {
		t := w.text
		opens := t[0] == '(' && t[len(t)-1] != ')'
		if opens && (open == -1 || d == Redis70) {
			// Redis 7.0 restarts an open selector at a second '(' word.
			open = j
			continue
		}
		if open != -1 {
			if t[len(t)-1] == ')' {
				l.selector(words[open : j+1])
				open = -1
			}
			continue
		}
		if t[0] == '(' && t[len(t)-1] == ')' {
			l.selector(words[j : j+1])
			continue
		}
		l.arg(t, w.pos, w.pos.advance(t))
	}
	if open != -1 {
		w := words[open]
		l.fatal = &Error{Range: Range{w.pos, w.pos.advance(w.text)}, Word: w.text, Modifier: w.text, Err: ErrUnmatchedParen}
	}
	return l
}

// selector emits the tokens of the selector formed by words, merged as
// ACLMergeSelectorArguments does: the first word whole, each later one
// appended with " %s", so as a C string (up to a NUL byte). A merged
// selector that does not end with ')' is no selector but one bad rule.
func (l *tokens) selector(words []word) {
	text := words[0].text
	parts := []string{text}
	if len(words) > 1 {
		var b strings.Builder
		b.WriteString(text)
		for _, w := range words[1:] {
			p := ascii.CString(w.text)
			parts = append(parts, p)
			b.WriteByte(' ')
			b.WriteString(p)
		}
		text = b.String()
	}
	// srcPos maps an offset of text to a source position.
	srcPos := func(off int) Pos {
		for i, w := range words {
			if off <= len(parts[i]) {
				return w.pos.advance(w.text[:off])
			}
			off -= len(parts[i]) + 1
		}
		last := words[len(words)-1]
		return last.pos.advance(last.text)
	}
	end := srcPos(len(text))
	if last := words[len(words)-1]; len(parts[len(parts)-1]) < len(last.text) {
		end = last.pos.advance(last.text)
	}
	if text[len(text)-1] != ')' {
		l.rules++
		l.emit(tokBare, text, words[0].pos)
		l.emit(tokEnd, text, end)
		return
	}
	l.rules++
	l.emit(tokLparen, text, words[0].pos)
	args, ok := sds.SplitArgs(text[1 : len(text)-1])
	if !ok {
		l.emit(tokBroken, "", words[0].pos)
	}
	for _, a := range args {
		l.arg(a.Value, srcPos(1+a.Start), srcPos(1+a.End))
	}
	l.emit(tokRparen, ")", srcPos(len(text)-1))
}

func (l *tokens) emit(typ lexer.TokenType, value string, p Pos) {
	l.list = append(l.list, lexer.Token{Type: typ, Value: value, Pos: lexer.Position(p)})
}

// arg emits the tokens of one argument w, which spans start to end: its
// leading syntax, the rest, and End. Keywords are recognised here, as a
// scanner recognises keywords; which rule form the tokens make is the
// grammar's to decide.
func (l *tokens) arg(w string, start, end Pos) {
	l.rules++
	// ACLSetUser and ACLSetSelector compare keywords with strcasecmp and
	// read command and category names with strrchr, strdup and sdsnew, so
	// those see w as a C string: up to its first NUL byte ("on\x00x" is
	// on). Patterns and passwords are read with their length (a NUL in a
	// pattern is a syntax error, one in a password is part of it).
	c := ascii.CString(w)
	switch k := keyword(keywords, c); {
	case k.IsUserLevel():
		l.emit(tokUserFlag, w, start)
	case k != BadKeyword:
		l.emit(tokFlag, w, start)
	case c == "":
		l.emit(tokBare, w, start)
	case w[0] == '~' || w[0] == '&':
		if w[0] == '~' {
			l.emit(tokTilde, w[:1], start)
		} else {
			l.emit(tokAmp, w[:1], start)
		}
		l.pattern(w[1:], start)
	case w[0] == '%':
		l.emit(tokPercent, "%", start)
		i := 1
		// At most two letters: a third is an error anyway, and so the
		// token sequences of arguments stay few (formOf caches them).
		for ; i < len(w) && i < 3 && (w[i]|0x20 == 'r' || w[i]|0x20 == 'w'); i++ {
			if w[i]|0x20 == 'r' {
				l.emit(tokR, w[i:i+1], start)
			} else {
				l.emit(tokW, w[i:i+1], start)
			}
		}
		if i < len(w) && w[i] == '~' {
			l.emit(tokTilde, "~", start)
			l.pattern(w[i+1:], start)
		} else if i < len(w) {
			l.emit(tokText, w[i:], start)
		}
	case (w[0] == '+' || w[0] == '-') && len(w) > 1 && w[1] == '@':
		l.emit(tokAtSign, w[:2], start)
		l.emit(tokText, c[2:], start)
	case w[0] == '+' || w[0] == '-':
		l.emit(tokSign, w[:1], start)
		name := c[1:]
		if i := strings.LastIndexByte(name, '|'); i >= 0 {
			l.emit(tokText, name[:i], start)
			l.emit(tokPipe, "|", start)
			name = name[i+1:]
		}
		l.emit(tokText, name, start)
	case w[0] == '>' || w[0] == '<':
		l.emit(tokPassOp, w[:1], start)
		l.emit(tokText, w[1:], start)
	case w[0] == '#' || w[0] == '!':
		l.emit(tokHashOp, w[:1], start)
		if isHash(w[1:]) {
			l.emit(tokHash, w[1:], start)
		} else if len(w) > 1 {
			l.emit(tokText, w[1:], start)
		}
	case len(w) > 3 && ascii.EqualFold(w[:3], "db="):
		l.emit(tokDB, w[:3], start)
		l.emit(tokText, w[3:], start)
	default:
		l.emit(tokBare, w, start)
	}
	l.emit(tokEnd, w, end)
}

// pattern emits the pattern s of a key or channel rule as Text, or as
// Spaced when it holds a byte Redis rejects in patterns.
func (l *tokens) pattern(s string, p Pos) {
	if hasSpaces(s) {
		l.emit(tokSpaced, s, p)
	} else {
		l.emit(tokText, s, p)
	}
}

// hasSpaces reports whether s has a byte Redis's ACLStringHasSpaces rejects.
func hasSpaces(s string) bool {
	for i := 0; i < len(s); i++ {
		if ascii.IsSpace(s[i]) || s[i] == 0 {
			return true
		}
	}
	return false
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
