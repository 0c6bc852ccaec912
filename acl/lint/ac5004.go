package lint

import (
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
read-only, but other rules may still let it write or run dangerous commands:
+@geo contains GEOADD, GEOSEARCHSTORE and GEORADIUS … STORE; +@stream
contains XADD; +@read itself contains KEYS (@dangerous: it blocks the server
on large databases and reveals every key name); and with %R~ patterns
commands that write without a key argument (FLUSHALL, FLUSHDB, SWAPDB,
PUBLISH …) still work. The check uses the compiled permissions: it lists the
@write and @dangerous commands the selector allows that its key patterns do
not stop.`,
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
			var first *category.Command
			cmds := allowedIn(p.User, i, func(c *category.Command) bool {
				w := c.Categories.Has(category.Write)
				if w && !canWrite && writesKeys(c) {
					w = false
				}
				ok := w || c.Categories.Has(category.Dangerous) && c.Categories.Has(category.Read)
				if _, restricted := p.Target.Restriction(c); !ok || restricted {
					return false
				}
				if first == nil {
					first = c
				}
				return ok
			})
			if len(cmds) == 0 {
				continue
			}
			r := selectorRange(p, i)
			via := ""
			if first != nil {
				if rg, rule, ok := p.decidingRule(i, first); ok {
					r, via = rg, " via "+quoteWord(rule)
				}
			}
			p.Report(Diagnostic{Subject: r, Summary: "looks read-only (" + why + ") but allows " + commandList(cmds, 5),
				Detail: "The compiled permissions allow write or @dangerous commands" + via + ": " + commandList(cmds, 12) + ". Remove them or grant read commands one by one."})
		}
	},
})

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
