package lint

import "github.com/aclcheck/aclcheck/acl"

// AC2001 reports password rules in access strings for AWS services.
var AC2001 = register(&Rule{
	ID:    "AC2001",
	Title: "password rule in an AWS access string",
	Doc: `ElastiCache and MemoryDB set passwords only through the API (Passwords or
AuthenticationMode of CreateUser, ModifyUser, UpdateUser); an access string
may not contain >password, <password, #hash or !hash (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html, https://docs.aws.amazon.com/memorydb/latest/devguide/clusters.acls.html). The secret is
never printed by aclcheck. Move the password to the API call and remove it
from the string — and, since it has been written down, rotate it.`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Run: awsOnly(func(p *Pass) {
		for _, r := range p.Access.Rules {
			if pw, ok := r.(*acl.Password); ok {
				p.Report(Diagnostic{Subject: r.Range(),
					Summary: "password rule " + quoteWord(pw.Word) + " in access string",
					Detail:  p.Target.Service.String() + " sets passwords only through the API (AuthenticationMode / Passwords); remove the rule and rotate the password it exposed.",
					Fixes:   []Fix{deleteWord(p, r, "remove the password rule")}})
			}
		}
	}),
})
