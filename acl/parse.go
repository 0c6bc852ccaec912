package acl

import (
	"fmt"
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
	toks := lex(splitWords(src, cfg.start), cfg.dialect)
	if toks.rules > MaxRules {
		return nil, &Error{Range: Range{cfg.start, cfg.start}, Err: ErrLimit,
			Detail: fmt.Sprintf("access string of %d rules exceeds the limit of %d", toks.rules, MaxRules)}
	}
	a.Err = toks.fatal
	var b builder
	if a.Err != nil {
		b.errs = append(b.errs, a.Err)
	}
	a.Rules = b.rules(toks.list, false)
	return a, b.errs.Err()
}

// RuleError returns the syntax error Parse attached to r, or nil.
func RuleError(r Rule) *Error {
	var e *Error
	switch n := r.(type) {
	case *BadRule:
		e = n.Err
	case *KeyPattern:
		e = n.err
	case *ChannelPattern:
		e = n.err
	case *Password:
		e = n.err
	}
	if e == nil {
		return nil
	}
	c := *e // callers set Modifier
	return &c
}
