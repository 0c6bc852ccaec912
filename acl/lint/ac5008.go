package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC5008 reports patterns written as if they excluded keys.
var AC5008 = register(&Rule{
	ID:    "AC5008",
	Title: "pattern looks like an exclusion but grants",
	Doc: `ACL key and channel patterns only ever grant: ~-secret:* and ~!secret:* allow
keys that start with "-secret:" or "!secret:", they do not exclude secret:*.
Likewise [!a] in a glob matches "!" or "a" — negation is [^a]. There is no
way to subtract keys from a pattern; list the prefixes that are allowed
instead, or use a selector per key space.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for r := range p.Access.All() {
			var pat, kind string
			switch n := r.(type) {
			case *acl.KeyPattern:
				pat, kind = n.Pattern, "keys"
			case *acl.ChannelPattern:
				pat, kind = n.Pattern, "channels"
			default:
				continue
			}
			switch {
			case strings.HasPrefix(pat, "-") || strings.HasPrefix(pat, "!"):
				p.Report(Diagnostic{Subject: r.Range(), Summary: quoteWord(wordOf(r)) + " grants " + kind + " starting with " + quoteWord(pat[:1]) + ", it excludes nothing",
					Detail: "Patterns only grant access; " + quoteWord(wordOf(r)) + " allows " + kind + " whose names begin with " + quoteWord(pat[:1]) + ". List the allowed prefixes instead."})
			case strings.Contains(pat, "[!"):
				p.Report(Diagnostic{Subject: r.Range(), Summary: "`[!` in " + quoteWord(wordOf(r)) + " matches `!`, it does not negate",
					Detail: "In Redis globs negation is [^...]; [!...] is a class that contains '!'."})
			}
		}
	},
})
