package lint

import "strings"

// AC4013 reports definitions of the built-in default user.
var AC4013 = register(&Rule{
	ID:    "AC4013",
	Title: "built-in default user redefined",
	Doc: `ElastiCache's built-in user with id default (on ~* +@all, no password) cannot
be created, modified or deleted; to change what the default user may do,
create a user with another user id and user name default and put it in the
group in its place (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html). MemoryDB's default user may be only in the
open-access ACL (https://docs.aws.amazon.com/memorydb/latest/devguide/clusters.acls.html); listing it in another ACL is reported as a
warning, since the meaning of DefaultUserRequired for MemoryDB is unclear.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for _, u := range p.Input.Users {
			if u.Service != MemoryDB && u.UserID.Literal && strings.EqualFold(u.UserID.Value, "default") {
				p.Reportf(u.UserID.Range, "the built-in default user cannot be created or modified",
					"Create a user with another user id and user name default, and put it in the user group instead of the built-in default.")
			}
			if u.Service == MemoryDB && u.UserName.Literal && strings.EqualFold(u.UserName.Value, "default") && !u.Modify {
				p.Reportf(u.UserName.Range, "MemoryDB already has a default user", "Each account has one user named default; it cannot be created again.")
			}
		}
		for _, g := range p.Input.Groups {
			if g.Service != MemoryDB {
				continue
			}
			for _, m := range g.Members {
				if m.Literal && strings.EqualFold(m.Value, "default") {
					p.Report(Diagnostic{Subject: m.Range, Severity: Warning, Summary: "default user in ACL " + quoteWord(g.ID.Value),
						Detail: "MemoryDB's default user can only be in the open-access ACL; AWS does not say what CreateACL does with it."})
				}
			}
		}
	},
})
