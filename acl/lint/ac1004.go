package lint

import (
	"github.com/aclcheck/aclcheck/acl"
)

// AC1004 reports rule forms newer than the target engine.
var AC1004 = register(&Rule{
	ID:    "AC1004",
	Title: "syntax newer than the engine",
	Doc: `Some rule forms exist only from a given engine version: channel rules (&pattern,
allchannels, resetchannels) and sanitize-payload / skip-sanitize-payload from
Redis 6.2; read/write key patterns (%R~, %W~, %RW~), selectors "( … )",
clearselectors and removing a subcommand (-command|subcommand) from Redis
7.0; database rules (db=0,1, alldbs, resetdbs) from Valkey 9.1. An older
engine rejects them (ElastiCache documents & "for Redis OSS 6.2 and above"
and the 7.0 forms "for Redis OSS 7.0 and above"). AWS does not say whether it
rejects such a string when the user is created or only when its user group
is attached to an older cache; either way the engine cannot run it.`,
	ExampleTarget: "elasticache/redis-6.0",
	Severity:      Error,
	Run: func(p *Pass) {
		e := p.Target.Engine
		// need reports r unless the engine has it (ok), naming the Redis
		// version that introduced it.
		need := func(r acl.Rule, ok bool, since, what string) {
			if ok {
				return
			}
			p.Report(Diagnostic{Subject: r.Range(),
				Summary: what + " " + quoteWord(wordOf(r)) + " needs Redis " + since + " or later",
				Detail:  "The target engine " + e.String() + " rejects it; use engine " + since + " or later, or drop the rule."})
		}
		for r := range p.Access.All() {
			switch n := r.(type) {
			case *acl.ChannelPattern:
				need(r, e.HasChannelRules(), "6.2", "channel rule")
			case *acl.Keyword:
				switch n.Kind {
				case acl.AllChannels, acl.ResetChannels:
					need(r, e.HasChannelRules(), "6.2", "channel rule")
				case acl.SanitizePayload, acl.SkipSanitizePayload:
					need(r, e.HasChannelRules(), "6.2", "payload sanitisation flag")
				case acl.ClearSelectors:
					need(r, e.HasSelectors(), "7.0", "selector rule")
				case acl.AllDBs, acl.ResetDBs:
					dbRule(p, r)
				}
			case *acl.KeyPattern:
				if n.Word[0] == '%' {
					need(r, e.HasSelectors(), "7.0", "read/write key pattern")
				}
			case *acl.Selector:
				need(r, e.HasSelectors(), "7.0", "selector")
			case *acl.DBRule:
				dbRule(p, r)
			case *acl.CommandRule:
				if !n.Allow && n.HasArg {
					if base := p.Table.Lookup(n.Base); base != nil && base.IsContainer() {
						need(r, e.HasSelectors(), "7.0", "subcommand removal")
					}
				}
			}
		}
	},
})

func dbRule(p *Pass, r acl.Rule) {
	if p.Target.Engine.HasDBRules() {
		return
	}
	p.Report(Diagnostic{Subject: r.Range(),
		Summary: "database rule " + quoteWord(wordOf(r)) + " needs Valkey 9.1 or later",
		Detail:  "The target engine " + p.Target.Engine.String() + " rejects it with a syntax error; ElastiCache lists db=<ids> as new in Valkey 9.1."})
}
