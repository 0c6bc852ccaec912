package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// AC4002 checks the Engine of ElastiCache users and user groups.
var AC4002 = register(&Rule{
	ID:    "AC4002",
	Title: "invalid engine",
	Doc: `The Engine of an ElastiCache user or user group is valkey or redis (any case;
CloudFormation wants lower case). Anything else is rejected.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		check := func(f input.Field) {
			if !f.Set || !f.Literal {
				return
			}
			switch v := strings.ToLower(f.Value); {
			case v != "valkey" && v != "redis":
				p.Reportf(f.Range, "engine "+quoteWord(f.Value)+" is not valkey or redis", "ElastiCache users and user groups have engine valkey or redis.")
			case p.Input.Format == input.CloudFormation && f.Value != v:
				p.Reportf(f.Range, "engine "+quoteWord(f.Value)+" is not lower case", "CloudFormation accepts only redis or valkey.")
			}
		}
		for _, u := range p.Input.Users {
			if u.Service != MemoryDB {
				check(u.Engine)
			}
		}
		for _, g := range p.Input.Groups {
			if g.Service != MemoryDB {
				check(g.Engine)
			}
		}
	},
})
