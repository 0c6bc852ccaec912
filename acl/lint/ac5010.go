package lint

import "github.com/aclcheck/aclcheck/acl"

// AC5010 reports selectors emptied by a quoting error.
var AC5010 = register(&Rule{
	ID:    "AC5010",
	Title: "selector emptied by a quoting error",
	Doc: `A selector body is split like a command line, with quotes and escapes. When
the quoting is broken (an unbalanced " or ', a closing quote followed by a
letter) the engine silently creates an empty selector — it allows nothing —
and replies OK, so the rules inside it are lost without an error. Fix the
quoting.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for r := range p.Access.All() {
			if s, ok := r.(*acl.Selector); ok && s.QuoteError {
				p.Report(Diagnostic{Subject: r.Range(), Summary: "quoting error: selector " + quoteWord(s.Word) + " is created empty",
					Detail: "The engine cannot split the selector body, so it silently creates a selector that allows nothing. Fix the quotes."})
			}
		}
	},
})
