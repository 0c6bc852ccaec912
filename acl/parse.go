package acl

import (
	"fmt"

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

// The participle grammar of an access string: a sequence of rules, each a
// run of one-word rules (the lexer has already classified every word) or a
// selector bracketing a run of its own. Participle sees one Words token per
// maximal run of words, so its work grows with the structure, not with the
// words. The grammar builds these private nodes; the decoder turns them
// into the public AST.
type grammar struct {
	Rules []*ruleNode `parser:"@@*"`
}

// ruleNode is a selector, or (Selector nil) a run of one-word rules. The
// words' nodes are in the lexer's tokens, which the decoder walks.
type ruleNode struct {
	Selector *selectorNode `parser:"Words | @@"` // nil for a run of words
}

// selectorNode is a selector: its body is at most one run of words, since
// Redis does not nest selectors (a '(' inside one is an unknown rule).
type selectorNode struct {
	Words bool `parser:"SelOpen SelBroken? @Words? SelClose"`
}

var parser = participle.MustBuild[grammar](
	participle.Lexer(ruleLexer{}),
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

// MaxRules is the most rules (words, selectors and the rules inside them)
// Parse accepts in one access string. Redis has no such limit, but some of
// its bookkeeping (first arguments, Redis 7.2's command rules) grows with
// the square of the rules; the limit bounds that for hostile input, far
// above any real access string.
const MaxRules = 16384

// Parse parses an access string: rules separated by ASCII whitespace, as
// ACL SETUSER receives them one argument each, with selectors "( … )"
// merged and their bodies split the way Redis does.
//
// Parse never fails on a bad rule: the tree holds a [BadRule] (or a rule
// with an error) in its place, and the returned error lists every syntax
// error. Errors that need a command table come from [Bind], and errors that
// depend on the user's state from [Compile]. The result is nil only when the
// input exceeds [MaxSource] or [MaxRules] (an error wrapping [ErrLimit]).
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
	if n := lx.rules(); n > MaxRules {
		return nil, &Error{Range: Range{cfg.start, cfg.start}, Err: ErrLimit,
			Detail: fmt.Sprintf("access string of %d rules exceeds the limit of %d", n, MaxRules)}
	}
	a.Err = lx.fatal
	pl, err := lexer.Upgrade(&runLexer{tokens: lx.tokens})
	if err != nil {
		return nil, err
	}
	g, err := parser.ParseFromLexer(pl)
	if err != nil {
		// The grammar accepts every token sequence the lexer produces.
		return nil, fmt.Errorf("acl: internal parser error: %w", err)
	}
	d := decoder{lx: &lx}
	if a.Err != nil {
		d.errs = append(d.errs, a.Err)
	}
	a.Rules = d.rules(g.Rules)
	return a, d.errs.Err()
}

// runLexer hands participle the tokens lex produced, with every maximal
// run of Words as one Words token.
type runLexer struct {
	tokens []token
	i      int
}

func (s *runLexer) Next() (lexer.Token, error) {
	typ := s.tokens[s.i].typ
	if typ == tokWord {
		typ = tokWords
		for s.tokens[s.i+1].typ == tokWord { // the last token is EOF
			s.i++
		}
	}
	if s.i < len(s.tokens)-1 {
		s.i++
	}
	return lexer.Token{Type: typ}, nil
}

// decoder builds the AST from the grammar's nodes and the lexer's tokens,
// which hold the rules' nodes (with positions, kinds and errors). Each rule
// stems from exactly one token, in order, so it walks the tokens alongside
// the grammar's nodes.
type decoder struct {
	lx   *lexResult
	next int
	errs ErrorList
}

// take returns the next token of type typ.
func (d *decoder) take(typ lexer.TokenType) *token {
	for d.lx.tokens[d.next].typ != typ {
		d.next++ // SelBroken and SelClose carry no rule of their own
	}
	d.next++
	return &d.lx.tokens[d.next-1]
}

func (d *decoder) rules(nodes []*ruleNode) []Rule {
	if len(nodes) == 0 {
		return nil
	}
	out := make([]Rule, 0, len(d.lx.tokens)-d.next) // at most one rule per token left
	for _, n := range nodes {
		if n.Selector != nil {
			out = append(out, d.selector(n.Selector))
			continue
		}
		out = d.run(out)
	}
	return out
}

// run appends the rules of the next run of words to out.
func (d *decoder) run(out []Rule) []Rule {
	out = append(out, d.word())
	for d.lx.tokens[d.next].typ == tokWord {
		out = append(out, d.word())
	}
	return out
}

func (d *decoder) selector(sn *selectorNode) *Selector {
	n := d.take(tokSelOpen).node.(*Selector)
	if sn.Words {
		before := len(d.errs)
		n.Rules = d.run(nil)
		for _, e := range d.errs[before:] {
			e.Modifier = n.Word // Redis names the whole selector
		}
	}
	return n
}

// word returns the next one-word rule of the token stream.
func (d *decoder) word() Rule {
	t := d.take(tokWord)
	if t.err != nil {
		d.errs = append(d.errs, t.err)
	}
	return t.node
}

// RuleError returns the syntax error attached to r by Parse, or nil.
func RuleError(r Rule) *Error {
	switch n := r.(type) {
	case *BadRule:
		return n.Err
	case *KeyPattern:
		if _, _, err := parseKeyWord(n.Word); err != nil {
			err.Range, err.Rule, err.Word, err.Modifier = n.Range(), n, n.Word, n.Word
			return err
		}
	case *ChannelPattern:
		if hasSpaces(n.Pattern) {
			return &Error{Range: n.Range(), Rule: n, Word: n.Word, Modifier: n.Word, Err: ErrSyntax}
		}
	case *Password:
		if (n.Op == AddHash || n.Op == RemoveHash) && !isHash(n.Secret()) {
			return &Error{Range: n.Range(), Rule: n, Word: n.Word, Modifier: n.Word, Err: ErrBadHash, secret: true}
		}
	}
	return nil
}
