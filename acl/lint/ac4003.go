package lint

import "github.com/aclcheck/aclcheck/acl"

// AC4003 reports required properties that are missing.
var AC4003 = register(&Rule{
	ID:    "AC4003",
	Title: "required property missing",
	Doc: `ElastiCache CreateUser requires UserId, UserName, Engine and AccessString
(ModifyUser only UserId); CreateUserGroup requires UserGroupId and Engine.
MemoryDB CreateUser requires UserName, AuthenticationMode and AccessString
(UpdateUser only UserName); CreateACL requires ACLName. CloudFormation
without AccessString has failed with an internal error rather than a
validation message (https://github.com/awsdocs/aws-cloudformation-user-guide/issues/929).`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		missing := func(r acl.Range, resource, what string) {
			p.Reportf(r, "missing "+what, "%s has no %s, which is required.", resource, what)
		}
		for _, u := range p.Input.Users {
			if u.Service == MemoryDB {
				if !u.UserName.Set {
					missing(u.Range, u.Resource, "UserName")
				}
				if !u.Modify && !u.AuthenticationSet {
					missing(u.Range, u.Resource, "AuthenticationMode")
				}
				if !u.Modify && u.Access == nil && !u.AccessField.Set {
					missing(u.Range, u.Resource, "AccessString")
				}
				continue
			}
			if !u.UserID.Set {
				missing(u.Range, u.Resource, "UserId")
			}
			if u.Modify {
				continue
			}
			if !u.UserName.Set {
				missing(u.Range, u.Resource, "UserName")
			}
			if !u.Engine.Set {
				missing(u.Range, u.Resource, "Engine")
			}
			if u.Access == nil && !u.AccessField.Set {
				missing(u.Range, u.Resource, "AccessString")
			}
		}
		for _, g := range p.Input.Groups {
			if g.Service == MemoryDB {
				if !g.ID.Set {
					missing(g.Range, g.Resource, "ACLName")
				}
				continue
			}
			if !g.ID.Set {
				missing(g.Range, g.Resource, "UserGroupId")
			}
			if !g.Engine.Set {
				missing(g.Range, g.Resource, "Engine")
			}
		}
	},
})
