package lint

import (
	"strconv"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
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
		best, why := redisOSS(6, 0), acl.Rule(nil)
		bump := func(v category.Engine, r acl.Rule) {
			if !best.AtLeast(v.Major, v.Minor) {
				best, why = v, r
			}
		}
		newest := newestTable()
		acl.Inspect(p.Access, func(r acl.Rule) bool {
			switch n := r.(type) {
			case *acl.ChannelPattern:
				bump(redisOSS(6, 2), r)
			case *acl.Keyword:
				switch n.Kind {
				case acl.AllChannels, acl.ResetChannels, acl.SanitizePayload, acl.SkipSanitizePayload:
					bump(redisOSS(6, 2), r)
				case acl.ClearSelectors:
					bump(redisOSS(7, 0), r)
				}
			case *acl.KeyPattern:
				if n.Word[0] == '%' {
					bump(redisOSS(7, 0), r)
				}
			case *acl.Selector:
				bump(redisOSS(7, 0), r)
			case *acl.CommandRule:
				c := newest.Lookup(n.Name)
				if c == nil && n.HasArg {
					c = newest.Lookup(n.Base)
				}
				if c != nil {
					if !n.Allow && n.HasArg && c.IsSubcommand() {
						bump(redisOSS(7, 0), r)
					}
					if v, err := category.ParseEngine("redis-" + c.Since); err == nil {
						bump(v, r)
					}
				}
			}
			return true
		})
		if why == nil {
			return
		}
		v := strconv.Itoa(best.Major) + "." + strconv.Itoa(best.Minor)
		p.Report(Diagnostic{Subject: why.Range(), Summary: "needs engine version " + v + " or later",
			Detail: quoteWord(wordOf(why)) + " needs Redis OSS " + v + " (or Valkey 7.2); the service will report MinimumEngineVersion " + v + " and the user's group can only be attached to such caches."})
	}),
})

// redisOSS returns Redis OSS major.minor.
func redisOSS(major, minor int) category.Engine {
	return category.Engine{Family: category.Redis, Major: major, Minor: minor}
}
