package lint

import "strings"

// AC4007 checks IAM users.
var AC4007 = register(&Rule{
	ID:    "AC4007",
	Title: "IAM user whose user name differs from its user id",
	Doc: `For an IAM-authenticated ElastiCache user the user name must equal the user id
(https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html). IAM authentication needs Valkey 7.2 or later or Redis OSS 7.0 or
later (and in-transit encryption); with an older target engine aclcheck adds
a warning.`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for _, u := range p.Input.Users {
			if !strings.EqualFold(u.AuthType.Value, "iam") {
				continue
			}
			if u.Service != MemoryDB && u.UserID.Literal && u.UserName.Literal && u.UserID.Set && u.UserName.Set && u.UserID.Value != u.UserName.Value {
				p.Reportf(u.UserName.Range, "IAM user name "+quoteWord(u.UserName.Value)+" differs from user id "+quoteWord(u.UserID.Value),
					"For IAM authentication the user name must equal the user id.")
			}
			if !p.Target.Engine.RedisAtLeast(7, 0) {
				p.Report(Diagnostic{Subject: u.AuthType.Range, Severity: Warning, Summary: "IAM authentication needs Redis OSS 7.0 or Valkey 7.2",
					Detail: "The target engine " + p.Target.Engine.String() + " does not support IAM authentication."})
			}
		}
	},
})
