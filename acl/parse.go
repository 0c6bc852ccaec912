package acl

import (
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Dialect selects the parsing and printing behaviour of an engine family.
type Dialect uint8

const (
	// Redis72 is Redis 7.2 and Valkey 7.2–8.x: the default.
	Redis72 Dialect = iota
	// Redis70 is Redis 7.0 (and the 6.x engines mapped to its table):
	// a second '(' restarts an open selector, new users have no
	// sanitize-payload flag, ACL LIST rebuilds commands from a bitmap, and
	// denials say "This user".
	Redis70
)

// String returns "redis-7.0" or "redis-7.2".
func (d Dialect) String() string {
	if d == Redis70 {
		return "redis-7.0"
	}
	return "redis-7.2"
}

// grammar is the participle grammar of an access string: a sequence of
// rules, each one token produced by the rule lexer, selectors bracketing
// their own rules.
type grammar struct {
	Rules []Rule `parser:"@@*"`
}

var parser = participle.MustBuild[grammar](
	participle.Lexer(ruleLexer{}),
	participle.Union[Rule](&Keyword{}, &Password{}, &KeyPattern{}, &ChannelPattern{},
		&CommandRule{}, &CategoryRule{}, &DBRule{}, &Selector{}, &BadRule{}),
	participle.UseLookahead(1),
)

// Grammar returns the EBNF of the rule grammar over the lexer's tokens.
func Grammar() string { return parser.String() }

// ParseOption configures [Parse].
type ParseOption func(*parseConfig)

type parseConfig struct {
	start   Pos
	dialect Dialect
}

// WithStart makes positions relative to start, for an access string
// embedded in a file: errors then point at the file's line and column.
func WithStart(start Pos) ParseOption {
	return func(c *parseConfig) {
		if start.Line == 0 {
			start.Line, start.Column = 1, 1
		}
		if start.Filename == "" {
			start.Filename = c.start.Filename
		}
		c.start = start
	}
}

// WithFilename names the file the access string comes from.
func WithFilename(name string) ParseOption {
	return func(c *parseConfig) { c.start.Filename = name }
}

// WithDialect selects how selectors spread over several words are merged
// (default [Redis72]).
func WithDialect(d Dialect) ParseOption {
	return func(c *parseConfig) { c.dialect = d }
}

// MaxSource is the largest access string Parse accepts, in bytes.
const MaxSource = 4 << 20

// Parse parses an access string: rules separated by ASCII whitespace, as
// ACL SETUSER receives them one argument each, with selectors "( … )"
// merged and their bodies split the way Redis does.
//
// Parse never fails on a bad rule: the tree holds a [BadRule] (or a rule
// with an error) in its place, and the returned error lists every syntax
// error. Errors that need a command table come from [Bind], and errors that
// depend on the user's state from [Compile]. The result is nil only when the
// input exceeds [MaxSource].
func Parse(src string, opts ...ParseOption) (*AccessString, error) {
	cfg := parseConfig{start: Pos{Line: 1, Column: 1}}
	for _, o := range opts {
		o(&cfg)
	}
	if len(src) > MaxSource {
		return nil, &Error{Range: Range{cfg.start, cfg.start}, Err: ErrLimit,
			Detail: fmt.Sprintf("access string of %d bytes exceeds the limit of %d", len(src), MaxSource)}
	}
	a := &AccessString{Source: src, Start: cfg.start}
	lx := lex(splitWords(src, cfg.start), cfg.dialect)
	a.Err = lx.fatal
	pl, err := lexer.Upgrade(&sliceLexer{tokens: lx.tokens})
	if err != nil {
		return nil, err
	}
	g, err := parser.ParseFromLexer(pl)
	if err != nil {
		// The grammar accepts every token sequence the lexer produces.
		return nil, fmt.Errorf("acl: internal parser error: %w", err)
	}
	a.Rules = g.Rules
	var errs ErrorList
	if a.Err != nil {
		errs = append(errs, a.Err)
	}
	for _, r := range a.Rules {
		decode(r, lx, &errs)
	}
	return a, errs.Err()
}

// sliceLexer hands participle the tokens lex produced.
type sliceLexer struct {
	tokens []lexer.Token
	i      int
}

func (s *sliceLexer) Next() (lexer.Token, error) {
	t := s.tokens[s.i]
	if s.i < len(s.tokens)-1 {
		s.i++
	}
	return t, nil
}

// decode fills the fields of r that the grammar does not capture (end
// positions, kinds, split words, errors) from what the lexer learned.
func decode(r Rule, lx *lexResult, errs *ErrorList) {
	var info *tokenInfo
	switch n := r.(type) {
	case *Keyword:
		info = lx.infoAt(n.Pos.Offset, tokKeyword)
		n.EndPos, n.Kind = info.end, info.kw
	case *Password:
		info = lx.infoAt(n.Pos.Offset, tokPassword)
		n.EndPos, n.Op = info.end, PasswordOp(n.Word[0])
	case *KeyPattern:
		info = lx.infoAt(n.Pos.Offset, tokKey)
		n.EndPos = info.end
		n.Perm, n.Pattern, _ = parseKeyWord(n.Word)
	case *ChannelPattern:
		info = lx.infoAt(n.Pos.Offset, tokChannel)
		n.EndPos, n.Pattern = info.end, n.Word[1:]
	case *CommandRule:
		info = lx.infoAt(n.Pos.Offset, tokCommand)
		n.EndPos = info.end
		n.Allow = n.Word[0] == '+'
		n.Name = n.Word[1:]
		n.Base = n.Name
		if i := strings.LastIndexByte(n.Name, '|'); i >= 0 {
			n.Base, n.Arg, n.HasArg = n.Name[:i], n.Name[i+1:], true
		}
	case *CategoryRule:
		info = lx.infoAt(n.Pos.Offset, tokCategory)
		n.EndPos, n.Allow, n.Name = info.end, n.Word[0] == '+', n.Word[2:]
	case *DBRule:
		info = lx.infoAt(n.Pos.Offset, tokDB)
		n.EndPos, n.IDs = info.end, n.Word[3:]
	case *BadRule:
		info = lx.infoAt(n.Pos.Offset, tokBad)
		n.EndPos, n.Err = info.end, info.err
	case *Selector:
		info = lx.infoAt(n.Pos.Offset, tokSelOpen)
		n.EndPos = info.end
		for _, sub := range n.Rules {
			before := len(*errs)
			decode(sub, lx, errs)
			for _, e := range (*errs)[before:] {
				e.Modifier = n.Word // Redis names the whole selector
			}
		}
		return
	}
	if info.err != nil {
		if b, ok := r.(*BadRule); ok {
			b.Err = info.err
		}
		*errs = append(*errs, info.err)
	}
}

// RuleError returns the syntax error attached to r by Parse, or nil.
func RuleError(r Rule) *Error {
	switch n := r.(type) {
	case *BadRule:
		return n.Err
	case *KeyPattern:
		if _, _, err := parseKeyWord(n.Word); err != nil {
			err.Range, err.Word, err.Modifier = n.Range(), n.Word, n.Word
			return err
		}
	case *ChannelPattern:
		if hasSpaces(n.Pattern) {
			return &Error{Range: n.Range(), Word: n.Word, Modifier: n.Word, Err: ErrSyntax}
		}
	case *Password:
		if (n.Op == AddHash || n.Op == RemoveHash) && !isHash(n.Secret()) {
			return &Error{Range: n.Range(), Word: n.Word, Modifier: n.Word, Err: ErrBadHash, secret: true}
		}
	}
	return nil
}
