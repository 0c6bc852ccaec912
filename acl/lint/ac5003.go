package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// keylessCommands act on the whole keyspace without naming keys, so key
// patterns do not restrict them.
var keylessCommands = []string{"flushall", "flushdb", "swapdb", "keys", "scan", "randomkey"}

// AC5003 reports keyless commands that reach every key.
var AC5003 = register(&Rule{
	ID:    "AC5003",
	Title: "keyless command reaches every key despite key patterns",
	Doc: `Key patterns are checked only against the key arguments of a command.
FLUSHALL, FLUSHDB and SWAPDB take no key and destroy or swap the whole
database; KEYS, SCAN and RANDOMKEY take no key and reveal every key name. A
user limited to ~app:* who may run them still reaches every key. Remove them
(-@dangerous removes FLUSHALL, FLUSHDB, SWAPDB and KEYS; -scan -randomkey
the others) or accept that the key patterns do not confine the user.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for i, info := range p.Selectors() {
			if info.AllKeys {
				continue
			}
			star := false
			for _, k := range info.Keys {
				star = star || k.Pattern == "*"
			}
			if star {
				continue
			}
			var names []string
			var first *category.Command
			for _, n := range keylessCommands {
				c := p.Table.Lookup(n)
				if c == nil || !p.User.Allows(i, c) {
					continue
				}
				if _, restricted := p.Target.Restriction(c); restricted {
					continue
				}
				names = append(names, strings.ToUpper(n))
				if first == nil {
					first = c
				}
			}
			if len(names) == 0 {
				continue
			}
			r := selectorRange(p, i)
			via := ""
			if rg, rule, ok := p.decidingRule(i, first); ok {
				r, via = rg, " (allowed by "+quoteWord(rule)+")"
			}
			what := "key patterns"
			if len(info.Keys) == 0 {
				what = "no key pattern"
			}
			p.Report(Diagnostic{Subject: r, Summary: "allows " + list(names, 6) + " despite " + what,
				Detail: "These commands take no key argument, so key patterns do not restrict them" + via + ": they reach every key of the database. Remove them unless the user may see or destroy all data."})
		}
	},
})
