package lint

import (
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC3003 reports the minimum engine version an access string needs.
var AC3003 = register(&Rule{
	ID:    "AC3003",
	Title: "minimum engine version",
	Doc: `ElastiCache and MemoryDB report a MinimumEngineVersion for each user (6.0,
6.2 for channel rules, 7.0 …; spec A18) and a user group can only be attached
to caches that run at least that version. aclcheck derives the version from
the rule forms (channel rules and payload flags need 6.2; %R~/%W~, selectors,
clearselectors and -command|subcommand need 7.0) and from the COMMAND DOCS
"since" version of each command named. It is reported when it is above 6.0,
pointing at the rule that needs it.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Info,
	Run: awsOnly(func(p *Pass) {
		best, why := 600, acl.Rule(nil)
		bump := func(v int, r acl.Rule) {
			if v > best {
				best, why = v, r
			}
		}
		newest := newestTable()
		acl.Inspect(p.Access, func(r acl.Rule) bool {
			switch n := r.(type) {
			case *acl.ChannelPattern:
				bump(602, r)
			case *acl.Keyword:
				switch n.Kind {
				case acl.AllChannels, acl.ResetChannels, acl.SanitizePayload, acl.SkipSanitizePayload:
					bump(602, r)
				case acl.ClearSelectors:
					bump(700, r)
				}
			case *acl.KeyPattern:
				if n.Word[0] == '%' {
					bump(700, r)
				}
			case *acl.Selector:
				bump(700, r)
			case *acl.CommandRule:
				c := newest.Lookup(n.Name)
				if c == nil && n.HasArg {
					c = newest.Lookup(n.Base)
				}
				if c != nil {
					if !n.Allow && n.HasArg && c.IsSubcommand() {
						bump(700, r)
					}
					if v := sinceVersion(c.Since); v > 0 {
						bump(v, r)
					}
				}
			}
			return true
		})
		if why == nil {
			return
		}
		p.Report(Diagnostic{Subject: why.Range(), Summary: "needs engine version " + verString(best) + " or later",
			Detail: quoteWord(wordOf(why)) + " needs Redis OSS " + verString(best) + " (or Valkey 7.2); the service will report MinimumEngineVersion " + verString(best) + " and the user's group can only be attached to such caches."})
	}),
})

// sinceVersion turns "6.2.0" into 602, or 0.
func sinceVersion(s string) int {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return 0
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return 0
	}
	return a*100 + b
}
