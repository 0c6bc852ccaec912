package acl

import (
	"io"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Token types of the rule lexer. Each Redis argument becomes one Word
// token, classified the way ACL SETUSER dispatches it (the class is one of
// the tok* kinds below SelClose, and decides the token's AST node); a
// selector becomes SelOpen, [SelBroken], its body's Words, and SelClose.
const (
	tokWord  lexer.TokenType = -(iota + 2)
	tokWords                 // a run of Words, as participle sees it
	tokSelOpen
	tokSelBroken
	tokSelClose
	// Classes of words.
	tokKeyword
	tokPassword
	tokKey
	tokChannel
	tokCommand
	tokCategory
	tokDB
	tokBad
)

var tokenSymbols = map[string]lexer.TokenType{
	"EOF": lexer.EOF, "Words": tokWords, "SelOpen": tokSelOpen, "SelBroken": tokSelBroken, "SelClose": tokSelClose,
}

// ruleLexer is participle's view of the lexer: the grammar needs only the
// symbols, since tokens are produced up front by lex.
type ruleLexer struct{}

func (ruleLexer) Symbols() map[string]lexer.TokenType { return tokenSymbols }

func (ruleLexer) Lex(string, io.Reader) (lexer.Lexer, error) {
	panic("acl: the rule lexer is driven by lex, not by participle")
}

// token is a token of the lexer with the AST node it stands for: the rule
// of a Word (and its syntax error), the Selector of a SelOpen.
type token struct {
	typ  lexer.TokenType
	node Rule
	err  *Error
}

// class is how the lexer classified a word, and what it learned.
type class struct {
	typ     lexer.TokenType // tokKeyword … tokBad
	err     *Error
	kw      KeywordKind // of a tokKeyword
	perm    Perm        // of a tokKey
	pattern string      // of a tokKey
}

type lexResult struct {
	tokens []token
	fatal  *Error
}

// word is one whitespace-separated word of the source.
type word struct {
	text string
	pos  Pos
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// splitWords splits src at runs of ASCII whitespace, as the corpus format
// and a shell-split ACL SETUSER command line do.
func splitWords(src string, start Pos) []word {
	n := 0
	for i := 0; i < len(src); i++ {
		if !isSpace(src[i]) && (i == 0 || isSpace(src[i-1])) {
			n++
		}
	}
	words := make([]word, 0, n)
	pos := start
	i := 0
	for i < len(src) {
		if isSpace(src[i]) {
			pos = pos.advance(src[i : i+1])
			i++
			continue
		}
		j := i
		for j < len(src) && !isSpace(src[j]) {
			j++
		}
		words = append(words, word{src[i:j], pos})
		pos = pos.advance(src[i:j])
		i = j
	}
	return words
}

// lex turns the words into tokens: selectors are merged as
// ACLMergeSelectorArguments does for the dialect, then every argument is
// classified.
func lex(words []word, d Dialect) lexResult {
	// A selector adds its parentheses (and at most one SelBroken) to its words.
	n := len(words) + 1
	for _, w := range words {
		if w.text[0] == '(' {
			n += len(words)/2 + 3
			break
		}
	}
	l := lexResult{tokens: make([]token, 0, n)}
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
		l.rule(t, w.pos, w.pos.advance(t), false)
	}
	if open != -1 {
		w := words[open]
		l.fatal = &Error{Range: Range{w.pos, w.pos.advance(w.text)}, Word: w.text, Modifier: w.text, Err: ErrUnmatchedParen}
	}
	l.tokens = append(l.tokens, token{typ: lexer.EOF})
	return l
}

// rules counts the rules: words, selectors and the words inside them.
func (l *lexResult) rules() int {
	n := 0
	for _, t := range l.tokens {
		if t.typ == tokWord || t.typ == tokSelOpen {
			n++
		}
	}
	return n
}

// selector emits the tokens of the selector formed by words, merged as
// ACLMergeSelectorArguments does: the first word whole, each later one
// appended with " %s", so as a C string (up to a NUL byte). A merged
// selector that does not end with ')' is no selector but one bad rule.
func (l *lexResult) selector(words []word) {
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
		e := syntaxError()
		e.Range, e.Word, e.Modifier = Range{words[0].pos, end}, text, text
		n := &BadRule{Start: words[0].pos, End: end, Word: text, Err: e}
		e.Rule = n
		l.tokens = append(l.tokens, token{typ: tokWord, node: n, err: e})
		return
	}
	sel := &Selector{Start: words[0].pos, End: end, Word: text, Lparen: words[0].pos, Rparen: srcPos(len(text) - 1)}
	l.tokens = append(l.tokens, token{typ: tokSelOpen, node: sel})
	body := text[1 : len(text)-1]
	args, ok := splitArgs(body)
	if !ok {
		sel.QuoteError = true
		l.tokens = append(l.tokens, token{typ: tokSelBroken})
	}
	for _, a := range args {
		l.rule(a.value, srcPos(1+a.start), srcPos(1+a.end), true)
	}
	l.tokens = append(l.tokens, token{typ: tokSelClose})
}

// rule classifies one argument as ACLSetUser (or, inside a selector,
// ACLSetSelector) would dispatch it, and emits its token.
func (l *lexResult) rule(w string, start, end Pos, inSelector bool) {
	c := classify(w, inSelector)
	n := c.node(w, start, end)
	if c.err != nil {
		c.err.Range = Range{start, end}
		c.err.Rule = n
		c.err.Word = w
		c.err.Modifier = w
	}
	l.tokens = append(l.tokens, token{typ: tokWord, node: n, err: c.err})
}

// node makes the AST node of word w of class c.
func (c class) node(w string, start, end Pos) Rule {
	switch c.typ {
	case tokKeyword:
		return &Keyword{Start: start, End: end, Word: w, Kind: c.kw}
	case tokPassword:
		return &Password{Start: start, End: end, Word: w, Op: PasswordOp(w[0])}
	case tokKey:
		n := &KeyPattern{Start: start, End: end, Word: w, Perm: c.perm, Pattern: c.pattern}
		n.glob.Set(n.Pattern)
		return n
	case tokChannel:
		return &ChannelPattern{Start: start, End: end, Word: w, Pattern: w[1:]}
	case tokCommand:
		n := &CommandRule{Start: start, End: end, Word: w, Allow: w[0] == '+', Name: ascii.CString(w)[1:]}
		n.Base = n.Name
		if i := strings.LastIndexByte(n.Name, '|'); i >= 0 {
			n.Base, n.Arg, n.HasArg = n.Name[:i], n.Name[i+1:], true
		}
		return n
	case tokCategory:
		return &CategoryRule{Start: start, End: end, Word: w, Allow: w[0] == '+', Name: ascii.CString(w)[2:]}
	case tokDB:
		return &DBRule{Start: start, End: end, Word: w, IDs: w[3:]}
	}
	return &BadRule{Start: start, End: end, Word: w, Err: c.err}
}

func syntaxError() *Error { return &Error{Err: ErrSyntax} }

var userKeywords = map[string]KeywordKind{
	"on": On, "off": Off, "skip-sanitize-payload": SkipSanitizePayload,
	"sanitize-payload": SanitizePayload, "nopass": NoPass, "resetpass": ResetPass,
	"clearselectors": ClearSelectors, "reset": Reset,
}

var selectorKeywords = map[string]KeywordKind{
	"allkeys": AllKeys, "~*": AllKeys, "resetkeys": ResetKeys,
	"allchannels": AllChannels, "&*": AllChannels, "resetchannels": ResetChannels,
	"allcommands": AllCommands, "+@all": AllCommands, "nocommands": NoCommands, "-@all": NoCommands,
	"alldbs": AllDBs, "resetdbs": ResetDBs,
}

// keyword looks t up case-insensitively (as strcasecmp) without allocating
// for the short words keywords are.
func keyword(m map[string]KeywordKind, t string) KeywordKind {
	if len(t) > len("skip-sanitize-payload") {
		return BadKeyword
	}
	var buf [24]byte
	b := buf[:len(t)]
	for i := 0; i < len(t); i++ {
		b[i] = ascii.Lower(t[i])
	}
	return m[string(b)]
}

// classify dispatches word t as ACLSetUser and ACLSetSelector do. They
// compare keywords with strcasecmp and read command and category names
// with strrchr, strdup and sdsnew, so those parts see t as a C string: up
// to its first NUL byte ("on\x00x" is on). Key and channel patterns and
// passwords are read with their length (a NUL in a pattern is a syntax
// error, one in a password is part of it).
func classify(t string, inSelector bool) class {
	c := ascii.CString(t)
	if !inSelector {
		if k := keyword(userKeywords, c); k != BadKeyword && k != ClearSelectors && k != Reset {
			return class{typ: tokKeyword, kw: k}
		}
		switch t[0] {
		case '>', '<':
			return class{typ: tokPassword}
		case '#', '!':
			if !isHash(t[1:]) {
				return class{typ: tokPassword, err: &Error{Err: ErrBadHash, secret: true}}
			}
			return class{typ: tokPassword}
		}
		if k := keyword(userKeywords, c); k != BadKeyword {
			return class{typ: tokKeyword, kw: k}
		}
	}
	if k := keyword(selectorKeywords, c); k != BadKeyword {
		return class{typ: tokKeyword, kw: k}
	}
	if c == "" {
		return class{typ: tokBad, err: syntaxError()}
	}
	switch c := t[0]; {
	case c == '~' || c == '%':
		perm, pattern, err := parseKeyWord(t)
		return class{typ: tokKey, err: err, perm: perm, pattern: pattern}
	case c == '&':
		if hasSpaces(t[1:]) {
			return class{typ: tokChannel, err: syntaxError()}
		}
		return class{typ: tokChannel}
	case (c == '+' || c == '-') && (len(t) < 2 || t[1] != '@'):
		return class{typ: tokCommand}
	case c == '+' || c == '-':
		return class{typ: tokCategory}
	case len(t) > 3 && ascii.EqualFold(t[:3], "db="):
		return class{typ: tokDB}
	}
	return class{typ: tokBad, err: syntaxError()}
}

// parseKeyWord splits a ~ or % key rule into permissions and pattern,
// reporting what Redis rejects with EINVAL. A % rule must name R or W:
// patched servers reject a bare % (CVE-2024-51741), and unpatched 7.2.6
// accepts it and crashes on the next ACL LIST.
func parseKeyWord(t string) (Perm, string, *Error) {
	if t[0] == '~' {
		if hasSpaces(t[1:]) {
			return 0, "", syntaxError()
		}
		return PermRW, t[1:], nil
	}
	var perm Perm
	i := 1
	for ; i < len(t); i++ {
		switch c := t[i]; {
		case (c == 'R' || c == 'r') && perm&PermRead == 0:
			perm |= PermRead
			continue
		case (c == 'W' || c == 'w') && perm&PermWrite == 0:
			perm |= PermWrite
			continue
		case c == '~':
			i++
		default:
			return 0, "", syntaxError()
		}
		break
	}
	if perm == 0 {
		e := syntaxError()
		e.Detail = "a % key rule must name R, W or both before the ~"
		return 0, "", e
	}
	if i > len(t) {
		i = len(t)
	}
	if hasSpaces(t[i:]) {
		return 0, "", syntaxError()
	}
	return perm, t[i:], nil
}

// hasSpaces reports whether s has a byte Redis's ACLStringHasSpaces rejects.
func hasSpaces(s string) bool {
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) || s[i] == 0 {
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

// arg is one argument found by splitArgs, with its extent in the input.
type arg struct {
	value      string
	start, end int
}

// splitArgs splits s like Redis's sdssplitargs: whitespace-separated words,
// "double quotes" with \xHH and \n \r \t \b \a escapes, 'single quotes'
// with \'. A closing quote must be followed by whitespace or the end, and
// quotes must be closed; otherwise ok is false. Like the C code it stops at
// a NUL byte.
func splitArgs(s string) (args []arg, ok bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	p := 0
	for {
		for p < len(s) && isSpace(s[p]) {
			p++
		}
		if p == len(s) {
			return args, true
		}
		start := p
		var cur []byte
		quoted := false // cur holds the decoded word; otherwise it is s[start:p]
		inq, insq := false, false
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
			case inq:
				switch {
				case c == '\\' && next(1) == 'x' && isHex(next(2)) && isHex(next(3)):
					cur = append(cur, unhex(next(2))<<4|unhex(next(3)))
					p += 3
				case c == '\\' && next(1) != 0:
					p++
					switch e := s[p]; e {
					case 'n':
						cur = append(cur, '\n')
					case 'r':
						cur = append(cur, '\r')
					case 't':
						cur = append(cur, '\t')
					case 'b':
						cur = append(cur, '\b')
					case 'a':
						cur = append(cur, '\a')
					default:
						cur = append(cur, e)
					}
				case c == '"':
					if n := next(1); n != 0 && !isSpace(n) {
						return nil, false
					}
					done = true
				case c == 0:
					return nil, false
				default:
					cur = append(cur, c)
				}
			case insq:
				switch {
				case c == '\\' && next(1) == '\'':
					p++
					cur = append(cur, '\'')
				case c == '\'':
					if n := next(1); n != 0 && !isSpace(n) {
						return nil, false
					}
					done = true
				case c == 0:
					return nil, false
				default:
					cur = append(cur, c)
				}
			default:
				switch c {
				case ' ', '\n', '\r', '\t', 0:
					done = true
				case '"', '\'':
					if !quoted {
						cur, quoted = append(cur, s[start:p]...), true
					}
					inq, insq = c == '"', c == '\''
				default:
					if quoted {
						cur = append(cur, c)
					}
				}
			}
			if p < len(s) {
				p++
			}
		}
		end := p
		if end > start && end <= len(s) && !inq && !insq && isSpace(s[end-1]) {
			end-- // the terminating blank is not part of the word
		}
		v := s[start:end]
		if quoted {
			v = string(cur)
		}
		args = append(args, arg{v, start, end})
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
