package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC5007 reports %RW~* and %R~* %W~*.
var AC5007 = register(&Rule{
	ID:    "AC5007",
	Title: "%RW~* is not the same as ~*",
	Doc: `~* is the allkeys flag; %RW~* (or %R~* with %W~*) is the glob pattern *,
which does not match the empty key name. ACL LIST prints both as ~*, so after
ACL SAVE/LOAD, a configuration export or the service's normalisation the
user silently becomes allkeys, and further ~pattern rules start failing
("Adding a pattern after the * pattern"). Write ~* (or allkeys) if every key
is meant, or a real pattern otherwise.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for _, info := range p.Selectors() {
			for _, k := range info.Keys {
				if k.Pattern != "*" || k.Perm != acl.PermRW || k.Rule == nil {
					continue
				}
				how := quoteWord(k.Rule.Word)
				if !strings.EqualFold(k.Rule.Word, "%RW~*") && !strings.EqualFold(k.Rule.Word, "%WR~*") {
					how = "%R~* and %W~*"
				}
				p.Report(Diagnostic{Subject: k.Rule.Range(), Summary: how + " is printed as ~* but is not allkeys",
					Detail: "The pattern * does not match the empty key, while ~* (allkeys) does; ACL LIST prints ~*, so a reload turns the user into allkeys. Write ~* if every key is meant.",
					Fixes:  []Fix{replaceWord(k.Rule, "write ~*", "~*")}})
			}
		}
	},
})
