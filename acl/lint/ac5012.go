package lint

import (
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// adminPowers are the commands that let a user take over or stop a
// self-managed server, with what each lets it do.
var adminPowers = []struct{ name, power string }{
	{"acl|setuser", "give itself or anyone any right (+@all)"},
	{"acl|load", "replace every user from the ACL file"},
	{"config|set", "change the server's configuration (passwords, dir and dbfilename: files it writes)"},
	{"module|load", "load native code into the server"},
	{"module|loadex", "load native code into the server"},
	{"debug", "crash the server and change its internals"},
	{"monitor", "see every command of every client, arguments included"},
	{"replicaof", "make the server a replica of another, replacing its data"},
	{"slaveof", "make the server a replica of another, replacing its data"},
	{"failover", "hand the primary role to a replica"},
	{"shutdown", "stop the server"},
	{"acl|deluser", "delete users"},
}

// AC5012 reports explicit grants of administrative commands.
var AC5012 = register(&Rule{
	ID:    "AC5012",
	Title: "administrative or escalation command granted",
	Doc: `Some commands let a user take over or stop a self-managed server: ACL SETUSER
(the user can give itself +@all), ACL LOAD and ACL DELUSER, CONFIG SET
(passwords, and dir with dbfilename make the server write files), MODULE LOAD
(native code), DEBUG, SHUTDOWN, MONITOR (every client's commands with their
arguments), REPLICAOF/SLAVEOF (the data is replaced by another server's) and
FAILOVER. The rule reports the rules that grant them by name or through a
category such as +@admin or +@dangerous, naming every rule that does; +@all
is reported by AC5001 and AC5002 instead. Grant them only to the
administrator (and the replication and Sentinel users that need some of
them). ElastiCache and MemoryDB do not allow them (AC2003).`,
	ExampleTarget: "redis/redis-7.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		if p.User == nil || p.Target.Service.IsAWS() {
			return
		}
		powers := map[*category.Command]string{}
		var cmds []*category.Command
		for _, a := range adminPowers {
			if c := p.Table.Lookup(a.name); c != nil {
				powers[c] = a.power
				cmds = append(cmds, c)
			}
		}
		for i := 0; i < p.User.Selectors(); i++ {
			info := p.Selector(i)
			var allowed []*category.Command
			for _, c := range cmds {
				if p.User.Allows(i, c) {
					allowed = append(allowed, c)
				}
			}
			for _, g := range groupByGrant(p.Table, info.Rules, allowed) {
				if slices.ContainsFunc(g.by, isAllCommands) {
					continue // +@all: AC5001, AC5002
				}
				var what []string
				seen := map[string]bool{}
				for _, c := range g.cmds {
					if pw := powers[c]; !seen[pw] {
						seen[pw] = true
						what = append(what, pw)
					}
				}
				it := "it"
				if len(g.cmds) > 1 {
					it = "them"
				}
				byName := slices.Clone(g.cmds)
				slices.SortFunc(byName, func(a, b *category.Command) int { return strings.Compare(a.Name, b.Name) })
				p.Report(Diagnostic{Subject: g.grantRange(), Summary: wordList(g.by) + " grant" + verbS(len(g.by)) + " " + commandList(byName, 6),
					Detail: "With " + it + " the user can " + list(what, 4) + ". Grant " + it + " only to the administrator."})
			}
		}
	},
})
