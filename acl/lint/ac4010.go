package lint

import "strconv"

// AC4010 reports groups with more than 100 users.
var AC4010 = register(&Rule{
	ID:            "AC4010",
	Title:         "too many users in a user group",
	Doc:           `A user group (MemoryDB: ACL) holds at most 100 users (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html, https://docs.aws.amazon.com/memorydb/latest/devguide/quota-limits.html).`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for _, g := range p.Input.Groups {
			if len(g.Members) > 100 {
				p.Reportf(g.Members[100].Range, "user group "+quoteWord(g.ID.Value)+" has "+strconv.Itoa(len(g.Members))+" users",
					"A user group holds at most 100 users.")
			}
		}
	},
})
