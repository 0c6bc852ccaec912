package lint

import "strings"

// AC5009 reports a default user left enabled with full access in a group.
var AC5009 = register(&Rule{
	ID:    "AC5009",
	Title: "enabled default user with full access in a user group",
	Doc: `Clients that connect without AUTH act as the user named default. ElastiCache's
built-in default user (user id default) is on ~* +@all with no password, so a
Redis OSS user group that contains it gives everyone who can reach the cache
full access, whatever the other users are limited to. The same holds for
your own user named default when it needs no password and is on ~* +@all (a
default user with a password is not reported: clients must AUTH first). Put
your own user named default in the group instead, with off or a narrow
access string and a password (Valkey user groups turn the default user off
automatically).`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Warning,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for g := range p.Input.RedisGroups() {
			for m, u := range g.Users(p.Input) {
				if u == nil {
					if m.Literal && strings.EqualFold(m.Value, "default") {
						p.Reportf(m.Range, "built-in default user in user group "+quoteWord(g.ID.Value),
							"The built-in default user is on ~* +@all with no password: every client that connects without AUTH gets full access. Create a user named default with off -@all (or narrow rights) and a password, and list it instead.")
					}
					continue
				}
				if u.Name() != "default" || !u.NoPassword() {
					continue // with a password, clients must AUTH first
				}
				cu := compiledAccess(p, u)
				if cu == nil || !cu.Enabled() || !fullAccess(cu, cu.Selector(0)) {
					continue
				}
				p.Reportf(m.Range, "default user "+quoteWord(u.UserID.Value)+" is enabled with full access",
					"The default user needs no password, so clients that connect without AUTH act as it, and it may run every command on every key. Turn it off, narrow its access string, or give it a password.")
			}
		}
	},
})
