package lint

import "strings"

// AC4009 reports duplicate users in a group.
var AC4009 = register(&Rule{
	ID:    "AC4009",
	Title: "duplicate user name in a user group",
	Doc: `A user group (MemoryDB: ACL) may not contain two users with the same user name
(error DuplicateUserName) — for example the built-in default user
and your own user named default — nor list the same user twice.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for _, g := range p.Input.Groups {
			seenID := map[string]bool{}
			seenName := map[string]bool{}
			for _, m := range g.Members {
				if m.Literal {
					id := strings.ToLower(m.Value)
					if seenID[id] {
						p.Reportf(m.Range, "user "+quoteWord(m.Value)+" listed twice", "Each user appears once in a group.")
						continue
					}
					seenID[id] = true
				}
				if name, ok := g.MemberName(p.Input, m); ok {
					if seenName[name] {
						p.Reportf(m.Range, "second user named "+quoteWord(name)+" in group "+quoteWord(g.ID.Value),
							"A group may not contain two users with the same user name (DuplicateUserName).")
					}
					seenName[name] = true
				}
			}
		}
	},
})
