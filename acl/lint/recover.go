package lint

import (
	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// compile fills p.User, p.Compiled and p.CompileErrors.
func (l *Linter) compile(p *Pass) {
	bad := map[acl.Rule]bool{}
	for _, e := range p.Errors {
		if e.Rule != nil {
			bad[e.Rule] = true
		}
	}
	if p.Target.Service.IsAWS() {
		for r := range p.Access.All() {
			if _, ok := r.(*acl.Password); ok {
				bad[r] = true
			}
		}
	}
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
		culprit := e.Rule
		if culprit == nil || bad[culprit] {
			return
		}
		bad[culprit] = true
		p.CompileErrors = append(p.CompileErrors, e)
	}
}

func userName(s *input.Source) string {
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
