package lint

import "github.com/aclcheck/aclcheck/acl"

// lastKeyword returns the last rule of kind k among rules, or nil.
func lastKeyword(rules []acl.Rule, k acl.KeywordKind) acl.Rule {
	var last acl.Rule
	for _, r := range rules {
		if kw, ok := r.(*acl.Keyword); ok && kw.Kind == k {
			last = r
		}
	}
	return last
}

// fullAccess reports whether selector i allows every key and command.
func fullAccess(u *acl.User, info acl.SelectorInfo) bool {
	return info.AllKeys && allowsAllCommands(u, info)
}

// AC5001 reports full access.
var AC5001 = register(&Rule{
	ID:    "AC5001",
	Title: "full access to every key and command",
	Doc: `~* +@all (or allkeys allcommands) lets the user run every command, including
FLUSHALL, KEYS and the scripting and administration commands, on every key:
the same power as the unprotected default user. Give applications only the
key patterns and command categories they use (for example ~app:* +@read
+@write -@dangerous).`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for i, info := range p.Selectors() {
			if !fullAccess(p.User, info) {
				continue
			}
			r := selectorRange(p, i)
			if last := lastKeyword(info.Rules, acl.AllCommands); last != nil && i == 0 {
				r = last.Range()
			}
			p.Report(Diagnostic{Subject: r, Summary: "full access: every command on every key",
				Detail: "The user (" + selectorName(i) + ") may run every command, FLUSHALL and KEYS included, on every key. Grant only the key patterns and categories the application needs."})
		}
	},
})
