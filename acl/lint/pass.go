package lint

import (
	"errors"
	"iter"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// The helpers of this file spare rules their common prologues.

// Selectors yields the index and the compiled view of each selector of
// User, the root selector first; nothing when Access did not compile.
// Rules must not modify the views' slices.
func (p *Pass) Selectors() iter.Seq2[int, acl.SelectorInfo] {
	return func(yield func(int, acl.SelectorInfo) bool) {
		if p.User == nil {
			return
		}
		for i := range p.User.Selectors() {
			if !yield(i, p.Selector(i)) {
				return
			}
		}
	}
}

// ruleErrors yields the errors of Errors that match kind ([errors.Is])
// with the rule (not a selector) each is about, skipping those whose rule
// is not found.
func (p *Pass) ruleErrors(kind error) iter.Seq2[*acl.Error, acl.Rule] {
	return func(yield func(*acl.Error, acl.Rule) bool) {
		for _, e := range p.Errors {
			if !errors.Is(e.Err, kind) {
				continue
			}
			if r := e.Rule; r != nil && !yield(e, r) {
				return
			}
		}
	}
}

// commandRules yields the command rules of Access (inside selectors too)
// that have no syntax or binding error.
func (p *Pass) commandRules() iter.Seq[*acl.CommandRule] {
	return func(yield func(*acl.CommandRule) bool) {
		bad := make(map[acl.Rule]bool, len(p.Errors))
		for _, e := range p.Errors {
			bad[e.Rule] = true
		}
		for r := range p.Access.All() {
			if n, ok := r.(*acl.CommandRule); ok && !bad[r] && !yield(n) {
				return
			}
		}
	}
}

// A decision is an answer of [Pass.decidingRule].
type decision struct {
	sel  int
	c    *category.Command
	at   acl.Range
	rule string
	ok   bool
}

// decidingRule returns the rule that allows c (with placeholder arguments)
// in selector i, from the explanation of the compiled user; ok is false when
// none is named. The answers are kept for the pass (rules ask few
// questions: a list is enough).
func (p *Pass) decidingRule(i int, c *category.Command) (acl.Range, string, bool) {
	for _, d := range p.decisions {
		if d.sel == i && d.c == c {
			return d.at, d.rule, d.ok
		}
	}
	d := decision{sel: i, c: c}
	for _, s := range p.User.Explain(sampleArgv(c)).Selectors {
		if s.Index == i && s.Command.Range != nil && !strings.HasPrefix(s.Command.Rule, "-") {
			d.at, d.rule, d.ok = *s.Command.Range, s.Command.Rule, true
			break
		}
	}
	p.decisions = append(p.decisions, d)
	return d.at, d.rule, d.ok
}

// awsOnly returns a Run function that runs run for the AWS services only.
func awsOnly(run func(*Pass)) func(*Pass) {
	return func(p *Pass) {
		if p.Target.Service.IsAWS() {
			run(p)
		}
	}
}
