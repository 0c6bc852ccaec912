package lint

// AC4003 reports required properties that are missing.
var AC4003 = register(&Rule{
	ID:    "AC4003",
	Title: "required property missing",
	Doc: `ElastiCache CreateUser requires UserId, UserName, Engine and AccessString
(ModifyUser only UserId); CreateUserGroup requires UserGroupId and Engine.
MemoryDB CreateUser requires UserName, AuthenticationMode and AccessString
(UpdateUser only UserName); CreateACL requires ACLName. CloudFormation
without AccessString has failed with an internal error rather than a
validation message (spec A16).`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		missing := func(what, res string, u *User, g *Group) {
			r := ""
			if u != nil {
				r = u.Resource
				p.Reportf(u.Range, "missing "+what, "%s has no %s, which is required.", r, what)
				return
			}
			p.Reportf(g.Range, "missing "+what, "%s has no %s, which is required.", g.Resource, what)
		}
		for _, u := range p.Input.Users {
			if u.Service == MemoryDB {
				if !u.UserName.Set {
					missing("UserName", "", u, nil)
				}
				if !u.Modify && !u.AuthenticationSet {
					missing("AuthenticationMode", "", u, nil)
				}
				if !u.Modify && u.Access == nil && !u.AccessField.Set {
					missing("AccessString", "", u, nil)
				}
				continue
			}
			if !u.UserID.Set {
				missing("UserId", "", u, nil)
			}
			if u.Modify {
				continue
			}
			if !u.UserName.Set {
				missing("UserName", "", u, nil)
			}
			if !u.Engine.Set {
				missing("Engine", "", u, nil)
			}
			if u.Access == nil && !u.AccessField.Set {
				missing("AccessString", "", u, nil)
			}
		}
		for _, g := range p.Input.Groups {
			if g.Service == MemoryDB {
				if !g.ID.Set {
					missing("ACLName", "", nil, g)
				}
				continue
			}
			if !g.ID.Set {
				missing("UserGroupId", "", nil, g)
			}
			if !g.Engine.Set {
				missing("Engine", "", nil, g)
			}
		}
	},
})
