package lint

import "strings"

// AC4006 reports Valkey users without password or IAM authentication.
var AC4006 = register(&Rule{
	ID:    "AC4006",
	Title: "Valkey user without password or IAM",
	Doc: `ElastiCache users with engine valkey must authenticate with a password or
with IAM; no-password-required (and NoPasswordRequired) is only for redis
users (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html).`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for _, u := range p.Input.Users {
			if u.Service == MemoryDB || !strings.EqualFold(u.Engine.Value, "valkey") || !u.NoPassword() {
				continue
			}
			r := u.NoPasswordRequired.Range
			if u.AuthType.Set {
				r = u.AuthType.Range
			}
			p.Reportf(r, "Valkey user without password", "Valkey users must use password or IAM authentication; no-password-required is for Redis OSS users only.")
		}
	},
})
