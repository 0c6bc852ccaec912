package lint

import (
	"github.com/aclcheck/aclcheck/category"
)

// keylessGroups are the commands that act on the whole keyspace without
// naming keys, so key patterns do not restrict them: those that destroy
// data (a warning) and those that disclose key names (information).
var keylessGroups = []struct {
	names    []string
	severity Severity
	what     string
	remove   string
}{
	{[]string{"flushall", "flushdb", "swapdb"}, Warning,
		"they delete or swap every key of the database", "destroy all data"},
	{[]string{"keys", "scan", "randomkey"}, Info,
		"they reveal the name of every key (not the values)", "see every key name"},
}

// AC5003 reports keyless commands that reach every key.
var AC5003 = register(&Rule{
	ID:    "AC5003",
	Title: "keyless command reaches every key despite key patterns",
	Doc: `Key patterns are checked only against the key arguments of a command.
FLUSHALL, FLUSHDB and SWAPDB take no key and destroy or swap the whole
database (a warning); KEYS, SCAN and RANDOMKEY take no key and reveal every
key name, though not the values (information). A user limited to ~app:* who
may run them still reaches every key. The finding names the rules that grant
them. Remove them (-@dangerous removes FLUSHALL, FLUSHDB, SWAPDB and KEYS;
-scan -randomkey the others) or accept that the key patterns do not confine
the user.`,
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
			what := "key patterns"
			if len(info.Keys) == 0 {
				what = "no key pattern"
			}
			for _, kg := range keylessGroups {
				var cmds []*category.Command
				for _, n := range kg.names {
					c := p.Table.Lookup(n)
					if c == nil || !p.User.Allows(i, c) {
						continue
					}
					if _, restricted := p.Target.Restriction(c); !restricted {
						cmds = append(cmds, c)
					}
				}
				by, _ := unionGrants(groupByGrant(p.Table, info.Rules, cmds), nil)
				if len(by) == 0 {
					continue
				}
				p.Report(Diagnostic{Subject: by[0].Range(), Severity: kg.severity,
					Summary: "allows " + commandList(cmds, 3) + " despite " + what,
					Detail: "These commands take no key argument, so key patterns do not restrict them: " + kg.what + ". " +
						wordList(by) + " grant" + verbS(len(by)) + " them. Remove them unless the user may " + kg.remove + "."})
			}
		}
	},
})

// verbS is the "s" of a verb in the third person singular for n subjects.
func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}
