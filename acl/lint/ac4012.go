package lint

import "strings"

// AC4012 checks which users may join Valkey and Redis OSS user groups.
var AC4012 = register(&Rule{
	ID:    "AC4012",
	Title: "user not allowed in a group of that engine",
	Doc: `A valkey user group may hold only users that authenticate with a password or
IAM (valkey users, or redis users with password or IAM); a valkey user may
join only valkey user groups (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html).`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for _, g := range p.Input.Groups {
			if g.Service == MemoryDB || !g.Engine.Literal {
				continue
			}
			ge := strings.ToLower(g.Engine.Value)
			for m, u := range g.Users(p.Input) {
				if u == nil {
					continue
				}
				ue := strings.ToLower(u.Engine.Value)
				switch {
				case ge == "redis" && ue == "valkey":
					p.Reportf(m.Range, "valkey user "+quoteWord(u.Name())+" in redis user group "+quoteWord(g.ID.Value), "Valkey users may join valkey user groups only.")
				case ge == "valkey" && u.NoPassword():
					p.Reportf(m.Range, "user "+quoteWord(u.Name())+" without password in valkey user group "+quoteWord(g.ID.Value), "Valkey user groups hold only users that authenticate with a password or IAM.")
				}
			}
		}
	},
})
