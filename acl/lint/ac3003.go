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
6.2 for channel rules, 7.0 …) and a user group can only be attached
to caches that run at least that version. aclcheck derives the version from
the rule forms (channel rules and payload flags need 6.2; %R~/%W~, selectors,
clearselectors and -command|subcommand need 7.0) and from the COMMAND DOCS
"since" version of each command named. It is reported, at the rule that
needs it, only when it is above the target's engine version: then the user
cannot be used on the target's caches. With the built-in command tables the
engine checks (AC1002, AC1004) reject such rules first; AC3003 matters with
--table, a command table from a newer server than the target.`,
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
		for r := range p.Access.All() {
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
		}
		// Rule forms need a Redis OSS version (Valkey counts as 7.2);
		// commands of a Valkey table give Valkey's own since.
		if why == nil || p.Target.Engine.RedisAtLeast(best.Major, best.Minor) || p.Target.Engine.AtLeast(best.Major, best.Minor) {
			return
		}
		v := strconv.Itoa(best.Major) + "." + strconv.Itoa(best.Minor)
		p.Report(Diagnostic{Subject: why.Range(), Summary: "needs engine version " + v + " or later",
			Detail: quoteWord(wordOf(why)) + " needs engine version " + v + ", above the target's " + p.Target.Engine.String() + "; the service reports MinimumEngineVersion " + v + " for the user, and a user group can only be attached to caches of that version or later."})
	}),
})

// redisOSS returns Redis OSS major.minor.
func redisOSS(major, minor int) category.Engine {
	return category.Engine{Family: category.Redis, Major: major, Minor: minor}
}
