package lint

import "github.com/aclcheck/aclcheck/acl/lint/input"

// AC4011 reports inputs that exceed the account limits.
var AC4011 = register(&Rule{
	ID:    "AC4011",
	Title: "more users or groups than the account allows",
	Doc: `An account may have at most 1000 ElastiCache users and 100 user groups, and
per Region 2000 MemoryDB users and 200 ACLs (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html, https://docs.aws.amazon.com/memorydb/latest/devguide/quota-limits.html). aclcheck
counts only what one input defines, so the account may reach the limit
sooner; the finding is a warning.`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Warning,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		var ecUsers, mdbUsers []*input.User
		for _, u := range p.Input.Users {
			if u.Modify {
				continue
			}
			if u.Service == MemoryDB {
				mdbUsers = append(mdbUsers, u)
			} else {
				ecUsers = append(ecUsers, u)
			}
		}
		var ecGroups, mdbGroups []*input.Group
		for _, g := range p.Input.Groups {
			if g.Service == MemoryDB {
				mdbGroups = append(mdbGroups, g)
			} else {
				ecGroups = append(ecGroups, g)
			}
		}
		if len(ecUsers) > 1000 {
			p.Reportf(ecUsers[1000].Range, "more than 1000 ElastiCache users", "The input defines %d users; an account may have at most 1000.", len(ecUsers))
		}
		if len(mdbUsers) > 2000 {
			p.Reportf(mdbUsers[2000].Range, "more than 2000 MemoryDB users", "The input defines %d users; a Region may have at most 2000.", len(mdbUsers))
		}
		if len(ecGroups) > 100 {
			p.Reportf(ecGroups[100].Range, "more than 100 ElastiCache user groups", "The input defines %d user groups; an account may have at most 100.", len(ecGroups))
		}
		if len(mdbGroups) > 200 {
			p.Reportf(mdbGroups[200].Range, "more than 200 MemoryDB ACLs", "The input defines %d ACLs; a Region may have at most 200.", len(mdbGroups))
		}
	},
})
