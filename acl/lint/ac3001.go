package lint

import (
	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// AC3001 reports access strings without on or off.
var AC3001 = register(&Rule{
	ID:    "AC3001",
	Title: "user created disabled: no on or off",
	Doc: `A user whose access string has neither on nor off is created off: it cannot
authenticate and so has no access (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html; the engine does the same for a
new user, and for a user line of an ACL file). Write on to enable the user,
or off to make the intent explicit.`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		if !(p.Target.Service.IsAWS() && p.Source.Origin != input.FromAppend || p.Source.Origin == input.FromACLFile) {
			return
		}
		if onlySpaces(p.Access.Source) || p.Access.Err != nil || len(p.Access.Rules) == 0 {
			return
		}
		for _, r := range p.Access.Rules {
			if k, ok := r.(*acl.Keyword); ok && (k.Kind == acl.On || k.Kind == acl.Off || k.Kind == acl.Reset) {
				return
			}
		}
		first := p.Access.Rules[0].Range()
		p.Report(Diagnostic{Subject: first, Summary: "no `on` or `off`: the user is created disabled",
			Detail: "Without `on` the user cannot authenticate and has no access. Add `on` to enable it, or `off` to say so.",
			Fixes:  []Fix{{Message: "enable the user", Edits: []TextEdit{{Range: acl.Range{Start: first.Start, End: first.Start}, NewText: "on "}}}}})
	},
})
