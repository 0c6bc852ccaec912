package lint

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"
)

// Config chooses the target and the rules of a [Linter].
type Config struct {
	Target Target
	// Disabled holds the IDs of rules that do not run (in any case).
	Disabled map[string]bool
	// Severity overrides the severity of the diagnostics of some rules,
	// by rule ID (in any case).
	Severity map[string]Severity
	// Table, when not nil, replaces the built-in command table of the
	// target's engine (for example one loaded from the server's COMMAND
	// INFO).
	Table *category.Table
}

// Linter runs the rules for one target. It is safe for concurrent use.
type Linter struct {
	cfg   Config
	table *category.Table
	rules map[Scope][]*Rule // the enabled rules by scope, in ID order
}

// New returns a linter for cfg, or an error if the target is invalid or a
// rule ID in cfg is unknown.
func New(cfg Config) (*Linter, error) {
	if err := cfg.Target.Validate(); err != nil {
		return nil, err
	}
	cfg.Disabled, cfg.Severity = upperKeys(cfg.Disabled), upperKeys(cfg.Severity)
	for id := range cfg.Disabled {
		if Lookup(id) == nil {
			return nil, fmt.Errorf("lint: unknown rule %q", id)
		}
	}
	for id, s := range cfg.Severity {
		if Lookup(id) == nil {
			return nil, fmt.Errorf("lint: unknown rule %q", id)
		}
		if !s.IsValid() {
			return nil, fmt.Errorf("lint: invalid severity for %s", id)
		}
	}
	t := cfg.Table
	if t == nil {
		var err error
		if t, err = cfg.Target.Table(); err != nil {
			return nil, err
		}
	}
	l := &Linter{cfg: cfg, table: t, rules: map[Scope][]*Rule{}}
	for _, r := range Rules() {
		if r.Run != nil && !cfg.Disabled[r.ID] {
			l.rules[r.Scope] = append(l.rules[r.Scope], r)
		}
	}
	return l, nil
}

// upperKeys returns m with its keys (rule IDs) in upper case, a copy so
// that the caller's map is not changed.
func upperKeys[V any](m map[string]V) map[string]V {
	if m == nil {
		return nil
	}
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[strings.ToUpper(k)] = v
	}
	return out
}

// Target returns the linter's target.
func (l *Linter) Target() Target { return l.cfg.Target }

// Table returns the command table of the linter's target.
func (l *Linter) Table() *category.Table { return l.table }

// Validate checks one access string given on its own (its positions start
// at line 1, column 1) and returns the diagnostics, sorted.
func (l *Linter) Validate(access string) Diagnostics {
	in := &input.Input{Content: access, Strings: []*input.Source{{Text: access, Start: acl.Pos{Line: 1, Column: 1}}}}
	return l.Lint(in)
}

// Validate checks access for target with every rule enabled: a shortcut for
// [New] and [Linter.Validate].
func Validate(access string, target Target) (Diagnostics, error) {
	l, err := New(Config{Target: target})
	if err != nil {
		return nil, err
	}
	return l.Validate(access), nil
}

// Lint checks everything in the input: each access string with the
// ScopeAccess rules, the users and groups with the ScopeResource rules. It
// applies the inline suppressions of the input (reporting unused and
// malformed ones) and the configuration, and returns the diagnostics
// sorted; messages hold no secret, since rules build them from masked
// words. It appends the secrets it finds in access strings to in.Secrets.
// Many access strings are linted on all cores.
func (l *Linter) Lint(in *input.Input) Diagnostics {
	return l.finish(in, l.lint(in))
}

// lint is Lint before the suppressions and the configuration.
func (l *Linter) lint(in *input.Input) Diagnostics {
	expandTemplates(in)
	f := l.lintStrings(in.Filename, in.Strings)
	for _, u := range in.Users {
		for _, s := range []*input.Source{u.Access, u.Append, u.Known} {
			if s != nil {
				f.ds = append(f.ds, l.lintSource(in.Filename, s, &f)...)
			}
		}
	}
	in.Secrets = append(in.Secrets, f.secrets...)
	ds := f.ds
	if len(in.Users) > 0 || len(in.Groups) > 0 || len(l.rules[ScopeFile]) > 0 {
		p := &Pass{Target: l.cfg.Target, Table: l.table, Input: in}
		for _, scope := range []Scope{ScopeResource, ScopeFile} {
			if scope == ScopeResource && len(in.Users) == 0 && len(in.Groups) == 0 {
				continue
			}
			for _, d := range l.run(p, scope) {
				if in.Inventory && strings.HasPrefix(d.RuleID, "AC4") {
					// Describe output: the users and groups exist; the
					// checks of request parameters do not apply.
					continue
				}
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// finish applies the input's suppressions and the configuration to ds and
// sorts them.
func (l *Linter) finish(in *input.Input, ds Diagnostics) Diagnostics {
	ds = l.suppress(in, ds)
	out := ds[:0]
	for _, d := range ds {
		if l.cfg.Disabled[d.RuleID] {
			continue
		}
		if s, ok := l.cfg.Severity[d.RuleID]; ok {
			d.Severity = s
		}
		out = append(out, d)
	}
	out.Sort()
	return out
}

// expandTemplates replaces the access strings of in that hold template
// placeholders (${…}, {{ … }}, <…>) by their words without one, checked
// as partly known strings, and records the placeholders as unresolved
// values (AC9003) instead of linting them as literal text. It runs once
// per input.
func expandTemplates(in *input.Input) {
	kept := in.Strings[:0]
	for _, s := range in.Strings {
		name := fmt.Sprintf("line %d", s.Start.Line)
		if s.UserName != "" {
			name = "user " + s.UserName
		}
		e, u := input.Expand(s, name)
		if u != nil {
			in.Unresolved = append(in.Unresolved, *u)
		}
		if e != nil {
			kept = append(kept, e)
		}
	}
	in.Strings = kept
	for _, usr := range in.Users {
		if e, u := input.Expand(usr.Access, usr.Resource); u != nil {
			in.Unresolved = append(in.Unresolved, *u)
			usr.Access = nil
			if usr.Known == nil {
				usr.Known = e
			}
		}
		if e, u := input.Expand(usr.Append, usr.Resource); u != nil {
			in.Unresolved = append(in.Unresolved, *u)
			usr.Append = e
		}
	}
}

// run runs the enabled rules of scope on p.
func (l *Linter) run(p *Pass, scope Scope) Diagnostics {
	var ds Diagnostics
	p.report = func(d Diagnostic) {
		if ds == nil {
			ds = make(Diagnostics, 0, 4)
		}
		ds = append(ds, d)
	}
	for _, r := range l.rules[scope] {
		p.rule = r
		r.Run(p)
	}
	return ds
}

// found is what linting access strings yields: diagnostics, and the
// secrets met, in file positions.
type found struct {
	ds      Diagnostics
	secrets []acl.Secret
}

// parallelMin is the number of access strings from which Lint uses every
// core.
const parallelMin = 64

// lintStrings lints sources, in contiguous chunks on all cores when there
// are many; the result is in the order of sources.
func (l *Linter) lintStrings(filename string, sources []*input.Source) found {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(sources)/parallelMin))
	each := make([]Diagnostics, len(sources))
	parts := make([]found, workers)
	work := func(w int) {
		for i := w * len(sources) / workers; i < (w+1)*len(sources)/workers; i++ {
			each[i] = l.lintSource(filename, sources[i], &parts[w])
		}
	}
	if workers == 1 {
		work(0)
	} else {
		var wg sync.WaitGroup
		for w := range parts {
			wg.Go(func() { work(w) })
		}
		wg.Wait()
	}
	n := 0
	for _, ds := range each {
		n += len(ds)
	}
	all := found{ds: make(Diagnostics, 0, n)}
	for _, ds := range each {
		all.ds = append(all.ds, ds...)
	}
	for _, f := range parts {
		all.secrets = append(all.secrets, f.secrets...)
	}
	return all
}

// lintSource parses, binds and compiles one access string and runs the
// access rules on it; it records the secrets it meets in f.
func (l *Linter) lintSource(filename string, s *input.Source, f *found) Diagnostics {
	if s.NameSecret != nil {
		f.secrets = append(f.secrets, acl.Secret{Range: *s.NameSecret})
	}
	start := s.Start
	if s.Map != nil {
		start = acl.Pos{Filename: s.Start.Filename, Line: 1, Column: 1}
	}
	if start.Filename == "" {
		start.Filename = filename
	}
	if !start.IsValid() {
		start.Line, start.Column = 1, 1
	}
	a, err := acl.Parse(s.Text, acl.WithStart(start), acl.WithDialect(acl.DialectOf(l.table)))
	if a == nil {
		r := acl.Range{Start: start, End: start}
		detail := fmt.Sprintf("The access string has %d bytes; aclcheck reads at most %d.", len(s.Text), acl.MaxSource)
		if e := (*acl.Error)(nil); errors.As(err, &e) && len(s.Text) <= acl.MaxSource {
			detail = "The " + e.Detail + "; aclcheck stops there to bound its time on hostile input."
		}
		return l.remap(s, Diagnostics{{RuleID: "AC1001", Severity: Error, Summary: "access string too long",
			Detail: detail, Subject: r}})
	}
	p := &Pass{Target: l.cfg.Target, Table: l.table, Source: s, Access: a}
	p.Errors = acl.Bind(a, l.table)
	secrets := a.Secrets()
	for _, sec := range secrets {
		f.secrets = append(f.secrets, acl.Secret{Range: l.mapSecret(s, sec.Range), Op: sec.Op})
	}
	if len(secrets) > 0 && s.Extent != nil {
		f.secrets = append(f.secrets, acl.Secret{Range: *s.Extent}) // bytes Map cannot place
	}
	l.compile(p)
	ds := standAlone(l.run(p, ScopeAccess))
	if s.Partial {
		ds = wordFindings(ds)
	}
	return l.remap(s, ds)
}

// wordRules judge a word of an access string on its own, whatever the
// other words are: they are the rules applied to the known words of a
// partly known string ([input.Source.Partial]).
var wordRules = map[string]bool{
	"AC1001": true, "AC1002": true, "AC1004": true, "AC1005": true, "AC1006": true,
	"AC2001": true, "AC2002": true, "AC2004": true, "AC2005": true, "AC5008": true, "AC6002": true,
}

// wordFindings keeps the diagnostics of wordRules.
func wordFindings(ds Diagnostics) Diagnostics {
	out := ds[:0]
	for _, d := range ds {
		if wordRules[d.RuleID] {
			out = append(out, d)
		}
	}
	return out
}

// isSecretWord reports whether r is a password rule, or a bad rule that
// looks like one.
func isSecretWord(r acl.Rule) bool {
	switch n := r.(type) {
	case *acl.Password:
		return true
	case *acl.BadRule:
		return n.Word != "" && strings.IndexByte("><#!", n.Word[0]) >= 0
	}
	return false
}

// wordOf returns the rule as written, secrets included: quote it in
// messages only through quoteWord, which masks them.
func wordOf(r acl.Rule) string {
	if sel, ok := r.(*acl.Selector); ok {
		return sel.Word
	}
	return acl.Unredacted(r)
}
