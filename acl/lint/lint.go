package lint

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// Config chooses the target and the rules of a [Linter].
type Config struct {
	Target Target
	// Disabled holds the IDs of rules that do not run.
	Disabled map[string]bool
	// Severity overrides the severity of the diagnostics of some rules.
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

// Target returns the linter's target.
func (l *Linter) Target() Target { return l.cfg.Target }

// Table returns the command table of the linter's target.
func (l *Linter) Table() *category.Table { return l.table }

// Validate checks one access string given on its own (its positions start
// at line 1, column 1) and returns the diagnostics, sorted.
func (l *Linter) Validate(access string) Diagnostics {
	in := &Input{Content: access, Strings: []*Source{{Text: access, Start: acl.Pos{Line: 1, Column: 1}}}}
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
// malformed ones) and the configuration, removes secrets from messages, and
// returns the diagnostics sorted. It appends the ranges of the passwords it
// finds in access strings to in.Secrets. Many access strings are linted on
// all cores.
func (l *Linter) Lint(in *Input) Diagnostics {
	f := l.lintStrings(in.Filename, in.Strings)
	for _, u := range in.Users {
		var fields []string // the user's passwords, given beside the access string
		for _, p := range append(append([]Field(nil), u.Passwords...), u.AuthPasswords...) {
			fields = append(fields, p.Value)
		}
		mine := len(f.secrets)
		for _, s := range []*Source{u.Access, u.Append} {
			if s != nil {
				extra := append(fields[:len(fields):len(fields)], f.secrets[mine:]...)
				f.ds = append(f.ds, l.lintSource(in.Filename, s, &f, extra...)...)
			}
		}
		f.secrets = append(f.secrets, fields...)
	}
	in.Secrets = append(in.Secrets, f.ranges...)
	ds := f.ds
	if len(in.Users) > 0 || len(in.Groups) > 0 {
		// Resource rules may quote any user: scrub them of every secret.
		p := &Pass{Target: l.cfg.Target, Table: l.table, Input: in}
		sc := newScrubber(f.secrets)
		for _, d := range l.run(p, ScopeResource) {
			ds = append(ds, sc.diag(d))
		}
	}
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
// passwords met (their text, to scrub from messages, and their ranges).
type found struct {
	ds      Diagnostics
	secrets []string
	ranges  []acl.Range
}

// parallelMin is the number of access strings from which Lint uses every
// core.
const parallelMin = 64

// lintStrings lints sources, in contiguous chunks on all cores when there
// are many; the result is in the order of sources.
func (l *Linter) lintStrings(filename string, sources []*Source) found {
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
		all.ranges = append(all.ranges, f.ranges...)
	}
	return all
}

// lintSource parses, binds and compiles one access string and runs the
// access rules on it; it records the passwords it meets in f, and removes
// them and the extra secrets from the diagnostics' messages.
func (l *Linter) lintSource(filename string, s *Source, f *found, extra ...string) Diagnostics {
	before := len(f.secrets)
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
	acl.Inspect(a, func(r acl.Rule) bool {
		if isSecretWord(r) {
			rg := r.Range()
			rg.Start = advance(rg.Start, 1)
			f.ranges = append(f.ranges, l.mapRange(s, rg))
			f.secrets = append(f.secrets, wordOf(r)[1:])
		}
		return true
	})
	l.compile(p)
	ds := l.run(p, ScopeAccess)
	if len(f.secrets) > before || len(extra) > 0 {
		sc := newScrubber(append(extra[:len(extra):len(extra)], f.secrets[before:]...))
		for i := range ds {
			ds[i] = sc.diag(ds[i])
		}
	}
	return l.remap(s, ds)
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

func wordOf(r acl.Rule) string {
	if sel, ok := r.(*acl.Selector); ok {
		return sel.Word
	}
	return r.String()
}

// advance moves p forward n bytes on the same line.
func advance(p acl.Pos, n int) acl.Pos {
	p.Offset += n
	p.Column += n
	return p
}

// compile fills p.User, p.Compiled and p.CompileErrors.
func (l *Linter) compile(p *Pass) {
	bad := map[acl.Rule]bool{}
	errAt := map[int]bool{}
	for _, e := range p.Errors {
		errAt[e.Range.Start.Offset] = true
	}
	acl.Inspect(p.Access, func(r acl.Rule) bool {
		if errAt[r.Range().Start.Offset] {
			if _, ok := r.(*acl.Selector); !ok {
				bad[r] = true
			}
		}
		if _, ok := r.(*acl.Password); ok && p.Target.Service.IsAWS() {
			bad[r] = true
		}
		return true
	})
	for i := 0; i < 64; i++ {
		clean := p.Access
		if len(bad) > 0 || clean.Err != nil {
			clean = filterRules(p.Access, func(r acl.Rule) bool { return !bad[r] })
		}
		u, err := acl.Compile(clean, l.table, userName(p.Source))
		if err == nil {
			p.User, p.Compiled = u, clean
			return
		}
		e, ok := err.(*acl.Error)
		if !ok {
			return
		}
		var culprit acl.Rule
		acl.Inspect(clean, func(r acl.Rule) bool {
			if _, isSel := r.(*acl.Selector); !isSel && r.Range().Start.Offset == e.Range.Start.Offset {
				culprit = r
			}
			return culprit == nil
		})
		if culprit == nil {
			acl.Inspect(clean, func(r acl.Rule) bool {
				if r.Range().Start.Offset == e.Range.Start.Offset {
					culprit = r
				}
				return culprit == nil
			})
		}
		if culprit == nil || bad[culprit] {
			return
		}
		bad[culprit] = true
		p.CompileErrors = append(p.CompileErrors, e)
	}
}

func userName(s *Source) string {
	if s.UserName != "" {
		return s.UserName
	}
	return "u"
}

// filterRules returns a copy of a with only the rules keep accepts (inside
// selectors too) and without a's fatal error.
func filterRules(a *acl.AccessString, keep func(acl.Rule) bool) *acl.AccessString {
	c := *a
	c.Err = nil
	c.Rules = filterList(a.Rules, keep)
	return &c
}

func filterList(rules []acl.Rule, keep func(acl.Rule) bool) []acl.Rule {
	out := make([]acl.Rule, 0, len(rules))
	for _, r := range rules {
		if !keep(r) {
			continue
		}
		if sel, ok := r.(*acl.Selector); ok {
			cp := *sel
			cp.Rules = filterList(sel.Rules, keep)
			r = &cp
		}
		out = append(out, r)
	}
	return out
}

// mapRange maps a range of a source parsed at line 1 to file positions.
func (l *Linter) mapRange(s *Source, r acl.Range) acl.Range {
	if s.Map == nil {
		return r
	}
	return acl.Range{Start: mapPos(s, r.Start), End: mapPos(s, r.End)}
}

func mapPos(s *Source, p acl.Pos) acl.Pos {
	if !p.IsValid() {
		return p
	}
	i := p.Offset
	if i < 0 {
		i = 0
	}
	if i >= len(s.Map) {
		i = len(s.Map) - 1
	}
	return s.Map[i]
}

// remap converts the positions of diagnostics of a mapped source.
func (l *Linter) remap(s *Source, ds Diagnostics) Diagnostics {
	if s.Map == nil {
		return ds
	}
	for i := range ds {
		d := &ds[i]
		d.Subject = l.mapRange(s, d.Subject)
		for j := range d.Related {
			d.Related[j].Range = l.mapRange(s, d.Related[j].Range)
		}
		for j := range d.Fixes {
			for k := range d.Fixes[j].Edits {
				d.Fixes[j].Edits[k].Range = l.mapRange(s, d.Fixes[j].Edits[k].Range)
			}
		}
	}
	return ds
}

// A scrubber replaces secrets (of 4 bytes or more, longest first) left in
// diagnostics' messages by "<redacted>".
type scrubber struct {
	secrets []string
	many    *strings.Replacer // for many secrets: one pass per message
}

func newScrubber(secrets []string) scrubber {
	var sc scrubber
	for _, s := range secrets {
		if len(s) >= 4 {
			sc.secrets = append(sc.secrets, s)
		}
	}
	slices.SortFunc(sc.secrets, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	sc.secrets = slices.Compact(sc.secrets)
	if len(sc.secrets) > 8 {
		pairs := make([]string, 0, 2*len(sc.secrets))
		for _, s := range sc.secrets {
			pairs = append(pairs, s, "<redacted>")
		}
		sc.many = strings.NewReplacer(pairs...)
	}
	return sc
}

func (sc scrubber) text(s string) string {
	if sc.many != nil {
		return sc.many.Replace(s)
	}
	for _, sec := range sc.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "<redacted>")
		}
	}
	return s
}

func (sc scrubber) diag(d Diagnostic) Diagnostic {
	if len(sc.secrets) == 0 {
		return d
	}
	d.Summary, d.Detail = sc.text(d.Summary), sc.text(d.Detail)
	if len(d.Related) > 0 {
		d.Related = append([]Related(nil), d.Related...)
		for i := range d.Related {
			d.Related[i].Message = sc.text(d.Related[i].Message)
		}
	}
	if len(d.Fixes) > 0 {
		fixes := make([]Fix, len(d.Fixes))
		for i, f := range d.Fixes {
			f.Message = sc.text(f.Message)
			edits := make([]TextEdit, len(f.Edits))
			for j, e := range f.Edits {
				e.NewText = sc.text(e.NewText)
				edits[j] = e
			}
			f.Edits = edits
			fixes[i] = f
		}
		d.Fixes = fixes
	}
	return d
}

// suppress applies the input's directives and reports unused and malformed
// ones.
func (l *Linter) suppress(in *Input, ds Diagnostics) Diagnostics {
	if len(in.Directives) == 0 {
		return ds
	}
	byLine := map[int][]*Directive{}
	var out Diagnostics
	meta := func(id string, sev Severity, r acl.Range, summary, detail string) {
		if l.cfg.Disabled[id] {
			return
		}
		out = append(out, Diagnostic{RuleID: id, Severity: sev, Subject: r, Summary: summary, Detail: detail})
	}
	for _, d := range in.Directives {
		d.used = map[string]bool{}
		var bad []string
		for _, id := range d.IDs {
			if Lookup(id) == nil {
				bad = append(bad, id)
			}
		}
		switch {
		case len(d.IDs) == 0:
			meta("AC9002", Warning, d.Range, "malformed suppression", "Write `# aclcheck:ignore ID reason` on the line above the one to silence.")
			continue
		case strings.TrimSpace(d.Reason) == "":
			meta("AC9002", Warning, d.Range, "suppression without a reason", "Add the reason after the rule IDs: `# aclcheck:ignore "+strings.Join(d.IDs, ",")+" why this is fine`. A suppression without a reason silences nothing.")
			continue
		case len(bad) > 0:
			meta("AC9002", Warning, d.Range, "suppression names unknown rule "+strings.Join(bad, ", "), "See `aclcheck lint --explain` for the rule IDs.")
		case d.Line == 0:
			meta("AC9002", Warning, d.Range, "suppression is not followed by a line to apply to", "")
			continue
		}
		byLine[d.Line] = append(byLine[d.Line], d)
	}
	for _, dg := range ds {
		silenced := false
		for _, d := range byLine[dg.Subject.Start.Line] {
			if dg.Subject.Start.Filename != "" && d.Range.Start.Filename != "" && dg.Subject.Start.Filename != d.Range.Start.Filename {
				continue
			}
			for _, id := range d.IDs {
				if strings.EqualFold(id, dg.RuleID) {
					d.used[strings.ToUpper(id)] = true
					silenced = true
				}
			}
		}
		if !silenced {
			out = append(out, dg)
		}
	}
	lines := make([]int, 0, len(byLine))
	for ln := range byLine {
		lines = append(lines, ln)
	}
	sort.Ints(lines)
	for _, ln := range lines {
		for _, d := range byLine[ln] {
			for _, id := range d.IDs {
				if Lookup(id) != nil && !d.used[strings.ToUpper(id)] && !l.cfg.Disabled[strings.ToUpper(id)] {
					meta("AC9001", Warning, d.Range, "unused suppression of "+strings.ToUpper(id),
						fmt.Sprintf("No %s diagnostic is reported on line %d; remove the directive or move it above the line it is for.", strings.ToUpper(id), ln))
				}
			}
		}
	}
	return out
}
