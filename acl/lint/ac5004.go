package lint

import (
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// looksReadOnly reports whether selector i reads as a read-only grant: it
// allows +@read and no +@write / +@all, or all its key patterns are %R~.
func looksReadOnly(info acl.SelectorInfo) (bool, string) {
	read, write := false, false
	for _, r := range info.Rules {
		switch n := r.(type) {
		case *acl.CategoryRule:
			if n.Allow && strings.EqualFold(n.Name, "read") {
				read = true
			}
			if n.Allow && strings.EqualFold(n.Name, "write") {
				write = true
			}
		case *acl.Keyword:
			if n.Kind == acl.AllCommands {
				write = true
			}
		}
	}
	if read && !write {
		return true, "+@read"
	}
	if info.AllKeys || len(info.Keys) == 0 {
		return false, ""
	}
	for _, k := range info.Keys {
		if k.Perm != acl.PermRead {
			return false, ""
		}
	}
	return true, "read-only key patterns"
}

// AC5004 reports read-only looking selectors that allow writes.
var AC5004 = register(&Rule{
	ID:    "AC5004",
	Title: "read-only looking access string allows writes",
	Doc: `An access string built around +@read, or whose key patterns are all %R~, looks
read-only, but a category granted beside it may still let it write: +@geo
contains GEOADD, GEOSEARCHSTORE and GEORADIUS … STORE; +@stream contains
XADD; +@list contains LPUSH; and with %R~ patterns commands that write
without a key argument (FLUSHALL, FLUSHDB, SWAPDB …) still work. The check
uses the compiled permissions: it lists the @write commands the selector
allows that its key patterns do not stop, and names the category rules that
grant them. Commands granted by name (+set) are meant and not reported;
keyless commands are AC5003's.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for i, info := range p.Selectors() {
			ro, why := looksReadOnly(info)
			if !ro {
				continue
			}
			canWrite := info.AllKeys
			for _, k := range info.Keys {
				canWrite = canWrite || k.Perm&acl.PermWrite != 0
			}
			writes := allowedIn(p.User, i, func(c *category.Command) bool {
				if !c.Categories.Has(category.Write) || !canWrite && writesKeys(c) {
					return false
				}
				_, restricted := p.Target.Restriction(c)
				return !restricted
			})
			// Commands granted by name (+set) are meant.
			by, cmds := unionGrants(groupByGrant(p.Table, info.Rules, writes), func(g grantGroup) bool {
				return slices.ContainsFunc(g.by, isCommandRule)
			})
			if len(cmds) == 0 {
				continue
			}
			p.Report(Diagnostic{Subject: by[0].Range(), Summary: "looks read-only (" + why + ") but " + wordList(by) + " grant" + verbS(len(by)) + " writes: " + commandList(cmds, 5),
				Detail: "The compiled permissions allow commands that write, which the key patterns do not stop: " + commandList(cmds, 12) + ". Grant the read commands of the category one by one, or remove the writes."})
		}
	},
})

// isCommandRule reports whether r is a ±command rule.
func isCommandRule(r acl.Rule) bool { _, ok := r.(*acl.CommandRule); return ok }

// writesKeys reports whether c writes through key arguments (so read-only
// key patterns stop it).
func writesKeys(c *category.Command) bool {
	if c.Extractor != "" {
		return true
	}
	for _, ks := range c.KeySpecs {
		if ks.Flags&(category.KeyInsert|category.KeyDelete|category.KeyUpdate) != 0 {
			return true
		}
	}
	return false
}
