package lint

import (
	"slices"
	"strings"
	"sync"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// AC1002 reports commands, subcommands and categories the engine does not
// know.
var AC1002 = register(&Rule{
	ID:    "AC1002",
	Title: "unknown command or category",
	Doc: `The engine's command table has no command, subcommand or category of that
name, so ACL SETUSER fails with "Unknown command or category name in ACL"
and no rule of the string is applied. Commands are checked against the
table of the target engine version: a command added in a later version (for
example GETEX, added in 6.2) is unknown to an older engine. On ElastiCache a
command renamed with the rename-commands parameter must still be written
with its original name.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Error,
	Run: func(p *Pass) {
		for e, r := range p.ruleErrors(acl.ErrUnknownName) {
			if moduleName(r) != "" {
				continue
			}
			var kind, name string
			var candidates []string
			switch n := r.(type) {
			case *acl.CategoryRule:
				kind, name = "category", "@"+strings.ToLower(n.Name)
				for _, c := range p.Table.Categories() {
					candidates = append(candidates, c.String())
				}
			case *acl.CommandRule:
				kind, name = "command", strings.ToLower(n.Name)
				if n.HasArg {
					if base := p.Table.Lookup(n.Base); base != nil && base.IsContainer() {
						kind = "subcommand"
						for _, s := range base.Subcommands {
							candidates = append(candidates, s.Name)
						}
					}
				}
				if candidates == nil {
					candidates = commandNames(p.Table)
				}
			default:
				continue
			}
			var detail strings.Builder
			detail.WriteString("The engine replies: " + e.Reply() + ".")
			lookupName := strings.TrimPrefix(name, "@")
			switch {
			case kind == "command" && p.Table.Sentinel():
				detail.WriteString(" Sentinel has only its own commands: " + strings.Join(sentinelCommands(p.Table), ", ") + ".")
			case kind != "category":
				if c := newestTable().Lookup(lookupName); c != nil && c.Since != "" {
					detail.WriteString(" " + strings.ToUpper(strings.ReplaceAll(c.Name, "|", " ")) + " was added in " + c.Since + "; " + p.Target.Engine.String() + " does not have it.")
				}
			}
			var fixes []Fix
			if n := nearest(lookupName, candidates); n != "" {
				sign := string(wordOf(r)[0])
				if kind == "category" {
					n = "@" + n
				}
				detail.WriteString(" Did you mean `" + sign + n + "`?")
				fixes = append(fixes, replaceWord(r, "replace with "+sign+n, sign+n))
			}
			if p.Target.Service.IsElastiCache() && kind != "category" && !p.Table.Sentinel() {
				detail.WriteString(" If the command was renamed with the rename-commands parameter, write its original name.")
			}
			p.Report(Diagnostic{Subject: e.Range, Summary: "unknown " + kind + " " + quoteWord(name), Detail: detail.String(), Fixes: fixes})
		}
	},
})

// newestTable is the newest built-in table, to say when a command appeared.
var newestTable = sync.OnceValue(func() *category.Table {
	t, err := category.ForEngine("valkey-8.2")
	if err != nil {
		panic(err)
	}
	return t
})

// sentinelCommands returns the top-level command names of a Sentinel
// table in upper case, sorted.
func sentinelCommands(t *category.Table) []string {
	var out []string
	for c := range t.Top() {
		out = append(out, strings.ToUpper(c.Name))
	}
	slices.Sort(out)
	return out
}
