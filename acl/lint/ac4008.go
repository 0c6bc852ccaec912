package lint

import (
	"strconv"
)

// AC4008 reports Redis OSS user groups without a user named default.
var AC4008 = register(&Rule{
	ID:    "AC4008",
	Title: "Redis OSS user group without a default user",
	Doc: `An ElastiCache user group with engine redis must contain a user whose user
name is default: the built-in user with id default, or a user you created
with user name default (error DefaultUserRequired, "You must add default user
to a user group"; https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html). Valkey user groups have no such
requirement. Group members that are neither defined in the same input nor
the built-in default are not known to aclcheck; if one of them could be the
default user, the finding is a warning.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for g := range p.Input.RedisGroups() {
			found, unknown := false, 0
			for _, m := range g.Members {
				name, ok := g.MemberName(p.Input, m)
				if !ok {
					unknown++
				}
				found = found || name == "default"
			}
			if found {
				continue
			}
			d := Diagnostic{Subject: g.Range, Summary: "user group " + quoteWord(g.ID.Value) + " has no user named default",
				Detail: "A redis user group must contain a user whose user name is default (the built-in user id default, or one of yours named default)."}
			if unknown > 0 {
				d.Severity = Warning
				d.Detail += " " + strconv.Itoa(unknown) + " member(s) are not defined in this input; one of them may be named default."
			}
			p.Report(d)
		}
	},
})
