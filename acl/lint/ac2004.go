package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// Restricted command lists of the AWS pages (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SupportedCommands.html, https://docs.aws.amazon.com/memorydb/latest/devguide/restrictedcommands.html), with subcommands written as the
// command table names them ("cluster|addslots" for the page's "cluster
// addslot").
var (
	restrictedElastiCache = words(`acl|setuser acl|load acl|save acl|deluser bgrewriteaof bgsave
		cluster|addslots cluster|addslotsrange cluster|bumpepoch cluster|delslots cluster|delslotsrange
		cluster|failover cluster|flushslots cluster|forget cluster|links cluster|meet cluster|setslot
		config debug migrate psync replicaof save slaveof shutdown sync`)
	restrictedServerless = words(`acl|log client|caching client|getredir client|id client|info client|kill
		client|list client|no-evict client|pause client|tracking client|trackinginfo client|unblock
		client|unpause cluster|count-failure-reports commandlog fcall fcall_ro function keys lastsave
		latency memory monitor move object pfdebug pfselftest psubscribe pubsub|numpat punsubscribe
		script|kill slowlog swapdb wait`)
	restrictedMemoryDB = words(`acl|deluser acl|load acl|save acl|setuser bgrewriteaof bgsave
		cluster|addslots cluster|delslots cluster|setslot config debug migrate module psync replicaof
		save shutdown slaveof sync`)
)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// restriction says how the target restricts a command: 0 not at all,
// Error for a documented forbidden command, Warning for the serverless
// list (whose effect on access strings is not documented).
func restriction(t Target, name string) Severity {
	switch t.Service {
	case ElastiCache:
		if restrictedElastiCache[name] {
			return Error
		}
	case ElastiCacheServerless:
		if restrictedElastiCache[name] {
			return Error
		}
		if restrictedServerless[name] {
			return Warning
		}
	case MemoryDB:
		if restrictedMemoryDB[name] {
			return Error
		}
	}
	return SeverityInvalid
}

// Restriction says how the target restricts c, itself or as a subcommand
// of a restricted container: Error for a documented forbidden command,
// Warning for the serverless list; ok is false when it does not.
func (t Target) Restriction(c *category.Command) (s Severity, ok bool) {
	s = restriction(t, c.Name)
	if !s.IsValid() && c.Parent != nil {
		s = restriction(t, c.Parent.Name)
	}
	return s, s.IsValid()
}

// Unavailable says whether the target service makes c unavailable (the
// restricted commands of the AWS pages, the same list AC2004 reports) and why, in
// a sentence naming the command and the service. aclcheck check denies
// such commands for AWS targets, where ACL DRYRUN on the engine would not.
func (t Target) Unavailable(c *category.Command) (reason string, ok bool) {
	s, ok := t.Restriction(c)
	if !ok {
		return "", false
	}
	name := strings.ToUpper(strings.ReplaceAll(c.Name, "|", " "))
	if s == Warning {
		return name + " is unavailable on ElastiCache Serverless (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SupportedCommands.html).", true
	}
	return name + " is unavailable on " + t.Service.String() + ": AWS restricts it (" + restrictedURL(t.Service) + ") and rejects access strings that allow it.", true
}

// commandRestriction returns the restriction of c as a whole (itself or its
// container restricted) and the restricted subcommands of a container.
func commandRestriction(t Target, c *category.Command) (whole Severity, subs []string) {
	whole, _ = t.Restriction(c)
	for _, s := range c.Subcommands {
		if restriction(t, s.Name).IsValid() {
			subs = append(subs, strings.ToUpper(strings.ReplaceAll(s.Name, "|", " ")))
		}
	}
	return whole, subs
}

// AC2004 reports restricted commands named in access strings for AWS
// services.
var AC2004 = register(&Rule{
	ID:    "AC2004",
	Title: "restricted command named in an AWS access string",
	Doc: `ElastiCache and MemoryDB make some commands unavailable (CONFIG, DEBUG,
SHUTDOWN, SAVE, BGSAVE, MIGRATE, REPLICAOF, SYNC, PSYNC, the write ACL
subcommands, cluster slot management; MemoryDB also MODULE), and say that
using a forbidden command in an access string raises an exception
(https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html,
https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SupportedCommands.html,
https://docs.aws.amazon.com/memorydb/latest/devguide/restrictedcommands.html). Allowing one (+config, +config|get, +debug|object) is an error.

What AWS does not document is reported as a warning: removing
a restricted command (-config), allowing a container some of whose
subcommands are restricted (+acl, +cluster), and, on ElastiCache Serverless,
the commands that are unavailable only there (KEYS, MOVE, SWAPDB, FUNCTION,
CLIENT KILL, …). Category rules such as +@all or +@admin are accepted even
though they contain restricted commands.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Error,
	Run: awsOnly(func(p *Pass) {
		for n := range p.commandRules() {
			c := p.Table.Lookup(n.Name)
			if c == nil && n.HasArg {
				c = p.Table.Lookup(n.Base)
			}
			if c == nil {
				continue
			}
			whole, subs := commandRestriction(p.Target, c)
			name := strings.ToUpper(strings.ReplaceAll(c.Name, "|", " "))
			where := p.Target.Service.String()
			switch {
			case whole.IsValid() && n.Allow:
				d := Diagnostic{Subject: n.Range(), Severity: whole,
					Summary: "restricted command " + name + " allowed by " + quoteWord(n.Word),
					Detail:  name + " is unavailable on " + where + " and AWS rejects access strings that use forbidden commands.",
					Fixes:   []Fix{deleteWord(p, n, "remove "+n.Word)}}
				if whole == Warning {
					d.Detail = name + " is unavailable on ElastiCache Serverless; AWS does not say whether access strings naming it are rejected."
				}
				p.Report(d)
			case whole.IsValid():
				p.Report(Diagnostic{Subject: n.Range(), Severity: Warning,
					Summary: "restricted command " + name + " named by " + quoteWord(n.Word),
					Detail:  name + " is unavailable on " + where + " anyway; AWS does not say whether removing a forbidden command is accepted. The rule is not needed."})
			case len(subs) > 0 && n.Allow:
				p.Report(Diagnostic{Subject: n.Range(), Severity: Warning,
					Summary: quoteWord(n.Word) + " includes restricted subcommands",
					Detail:  "It also allows " + list(subs, 6) + ", which are unavailable on " + where + ". AWS does not say whether this is accepted; allow the subcommands you need instead (e.g. +" + strings.ToLower(name) + "|…)."})
			}
		}
	}),
})

// restrictedURL is the AWS page that lists the commands svc restricts.
func restrictedURL(svc Service) string {
	if svc == MemoryDB {
		return "https://docs.aws.amazon.com/memorydb/latest/devguide/restrictedcommands.html"
	}
	return "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SupportedCommands.html"
}
