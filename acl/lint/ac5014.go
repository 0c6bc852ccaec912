package lint

import (
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"
)

// AC5014 reports commands on keys granted without any key pattern.
var AC5014 = register(&Rule{
	ID:    "AC5014",
	Title: "commands on keys granted without a key pattern",
	Doc: `A new user, and a new selector, may access no key: without ~pattern,
%R~/%W~ or allkeys every command that names a key (GET, SET, HGETALL …) is
refused with "No permissions to access a key", however the commands were
granted. Add the key patterns the user needs (~app:*), or allkeys. Commands
that take no key, such as PING or FLUSHALL, are not affected. Only enabled
users are checked, and not AppendAccessString, which adds to a user's
existing rules.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		if p.User == nil || !p.User.Enabled() || p.Source.Origin == input.FromAppend {
			return
		}
		for i := 0; i < p.User.Selectors(); i++ {
			info := p.Selector(i)
			if info.AllKeys || len(info.Keys) > 0 {
				continue
			}
			// Administrative commands that happen to take a key (PFDEBUG,
			// OBJECT …) do not make a user of +@admin a key user.
			keyed := allowedIn(p.User, i, func(c *category.Command) bool {
				return !c.Categories.Has(category.Admin) && !c.Categories.Has(category.Dangerous) &&
					len(c.Keys(sampleArgv(c), nil)) > 0
			})
			by, _ := unionGrants(groupByGrant(p.Table, info.Rules, keyed), nil)
			if len(by) == 0 {
				continue
			}
			where := "The user has"
			if i > 0 {
				where = "The selector has"
			}
			p.Report(Diagnostic{Subject: by[0].Range(), Summary: "no key pattern: " + commandList(keyed, 5) + " can reach no key",
				Detail: where + " no key pattern, so every command that names a key is refused, although " + wordListMax(by, 4) +
					" grant" + verbS(len(by)) + " " + commandList(keyed, 8) + ". Add the key patterns the user needs (~app:*), or allkeys."})
		}
	},
})
