package lint

import (
	"strings"
)

// AC5006 reports deprecated first-argument rules.
var AC5006 = register(&Rule{
	ID:    "AC5006",
	Title: "deprecated first-argument rule",
	Doc: `+command|argument on a command without subcommands (+select|0, +debug|object)
allows the command only with that first argument. The form is deprecated
since Redis 7.0, works only for allowing, and is fragile: a later category
rule or -command silently drops it (+select|0 -@connection denies SELECT 0),
and after +command it does nothing. Prefer a real subcommand rule, or key and
database restrictions.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for n := range p.commandRules() {
			if !n.Allow || !n.HasArg {
				continue
			}
			base := p.Table.Lookup(n.Base)
			if base == nil || base.IsContainer() || base.IsSubcommand() {
				continue
			}
			p.Report(Diagnostic{Subject: n.Range(), Summary: "deprecated first-argument rule " + quoteWord(n.Word),
				Detail: strings.ToUpper(base.Name) + " has no subcommands, so this allows it only with the first argument " + quoteWord(n.Arg) + ". The form is deprecated and a later category rule or -" + base.Name + " drops it silently."})
		}
	},
})
