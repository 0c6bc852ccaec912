package lint

import (
	"slices"

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
			dangerous := allowedIn(p.User, i, func(c *category.Command) bool {
				_, restricted := p.Target.Restriction(c)
				return c.Categories.Has(category.Dangerous) && !restricted
			})
			// Only the commands +@all keeps: a later +info or +@admin is
			// meant (and AC5012's).
			var all acl.Rule
			var cmds []*category.Command
			for _, g := range groupByGrant(p.Table, info.Rules, dangerous) {
				for _, r := range g.by {
					if isAllCommands(r) {
						all = r
						cmds = append(cmds, g.cmds...)
						break
					}
				}
			}
			if len(cmds) == 0 {
				continue
			}
			slices.SortFunc(cmds, func(a, b *category.Command) int { return a.ID - b.ID })
			end := all.Range().End
			p.Report(Diagnostic{Subject: all.Range(), Summary: quoteWord(wordOf(all)) + " keeps @dangerous commands: " + commandList(cmds, 6),
				Detail: quoteWord(wordOf(all)) + " allows " + commandList(cmds, 12) + ", and the @dangerous commands added in later versions. Add -@dangerous after it unless the user administers the server.",
				Fixes:  []Fix{{Message: "add -@dangerous after " + wordOf(all), Edits: []TextEdit{{Range: acl.Range{Start: end, End: end}, NewText: " -@dangerous"}}}}})
		}
	},
})
