package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC1005 reports module commands and categories (search, JSON) named where
// the target does not have the module.
var AC1005 = register(&Rule{
	ID:    "AC1005",
	Title: "module command or category not available on the target",
	Doc: `@search and FT.* commands exist only where the search module runs: MemoryDB
(Redis OSS 7.1 and Valkey 7.2, vector search) and ElastiCache for Valkey 8.2
and later (valkey-search). @json and JSON.* commands exist on ElastiCache
(Redis OSS 6.2.6 and later, Valkey 7.2 and later) and MemoryDB. Self-managed
servers are assumed to run no module. Elsewhere the engine rejects the name
as an unknown command or category. AWS does not document whether its API
rejects the string first; the engine does. @bloom and BF.*
(ElastiCache for Valkey 8.1 and later bloom filters) are not confirmed by the
documentation aclcheck is built from, so on those targets they are reported
as a warning only.`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Run: func(p *Pass) {
		for e, r := range p.ruleErrors(acl.ErrUnknownName) {
			mod := moduleName(r)
			if mod == "" {
				continue
			}
			name := strings.ToLower(wordOf(r)[1:])
			sev := Error
			var detail string
			switch mod {
			case "search":
				detail = "Search commands exist on MemoryDB (Redis OSS 7.1, Valkey 7.2) and on ElastiCache for Valkey 8.2 and later; " + p.Target.String() + " has none."
				if p.Target.Search() != 0 {
					detail = "The search module of " + p.Target.String() + " has no command of that name."
				}
			case "json":
				detail = "JSON commands exist on ElastiCache (Redis OSS 6.2.6 and later, Valkey 7.2 and later) and MemoryDB; " + p.Target.String() + " has none."
				if p.Target.HasJSON() {
					detail = "The JSON module of " + p.Target.String() + " has no command of that name."
				}
			case "bloom":
				detail = "Bloom filter commands are not in aclcheck's tables."
				if p.Target.Service.IsElastiCache() && p.Target.Engine.ValkeyAtLeast(8, 1) {
					sev = Warning
					detail += " ElastiCache for Valkey 8.1 and later has bloom filters, but the @bloom category is not confirmed in the documentation aclcheck is built from: check it on a test cache."
				}
			}
			p.Report(Diagnostic{Subject: e.Range, Severity: sev,
				Summary: quoteWord(name) + " is not available on " + p.Target.String(),
				Detail:  detail + " The engine would reply: Unknown command or category name in ACL."})
		}
	},
})

// moduleName returns "search", "json" or "bloom" when r names a module
// category or command, or "".
func moduleName(r acl.Rule) string {
	switch n := r.(type) {
	case *acl.CategoryRule:
		switch strings.ToLower(n.Name) {
		case "search", "json", "bloom":
			return strings.ToLower(n.Name)
		}
	case *acl.CommandRule:
		if prefix, _, ok := strings.Cut(strings.ToLower(n.Base), "."); ok {
			return modulePrefixes[prefix]
		}
	}
	return ""
}

// modulePrefixes maps the prefix of a module's command names to the module.
var modulePrefixes = map[string]string{"ft": "search", "json": "json", "bf": "bloom"}
