package lint

import (
	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// AC5002 reports +@all that keeps @dangerous commands.
var AC5002 = register(&Rule{
	ID:    "AC5002",
	Title: "+@all without removing @dangerous",
	Doc: `+@all grants every command, including the @dangerous ones: FLUSHALL,
FLUSHDB, KEYS, SWAPDB, MIGRATE, SHUTDOWN, DEBUG, CLIENT KILL, ... and, since
+@all also covers commands added later, future ones too. If the user does
not administer the server, follow +@all with -@dangerous (or grant the
categories it needs instead).`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for i, info := range p.Selectors() {
			if !info.Future || fullAccess(p.User, info) {
				continue
			}
			cmds := allowedIn(p.User, i, func(c *category.Command) bool {
				_, restricted := p.Target.Restriction(c)
				return c.Categories.Has(category.Dangerous) && !restricted
			})
			if len(cmds) == 0 {
				continue
			}
			last := lastKeyword(info.Rules, acl.AllCommands)
			r := selectorRange(p, i)
			var fixes []Fix
			if last != nil {
				r = last.Range()
				fixes = append(fixes, Fix{Message: "remove @dangerous after +@all", Edits: []TextEdit{{Range: acl.Range{Start: last.Range().End, End: last.Range().End}, NewText: " -@dangerous"}}})
			}
			p.Report(Diagnostic{Subject: r, Summary: "+@all keeps @dangerous commands",
				Detail: "It allows " + commandList(cmds, 8) + ". Add -@dangerous unless the user administers the server.", Fixes: fixes})
		}
	},
})
