package lint

import "strings"

// AC9003 reports the values of an input that could not be checked.
var AC9003 = register(&Rule{
	ID:    "AC9003",
	Title: "value not checked",
	Doc: `Terraform source is evaluated without running Terraform: literals, locals,
variable defaults and .tfvars, for_each and count over known values and a
few functions. A value that depends on something only Terraform knows (a
variable without a value, a resource attribute computed by AWS, a function
not evaluated) is not checked; each access string in that case is reported
once, and the other attributes once per reason. The complete literal words
of such an access string are still checked by the rules that judge a word
on its own (a password rule, reset, a restricted or unknown command). Give
the variable a default or a .tfvars value, or lint terraform show -json
output, to check all of it.

The same holds for CloudFormation intrinsic functions that aclcheck does
not evaluate, and for template placeholders left in any access string —
${…} (Terraform, shell, Fn::Sub), {{ … }} (Helm, Go templates), <…>
(documentation) and $NAME — which would otherwise be linted as literal key
patterns, passwords or hashes: the words holding one are reported here and
not checked (a password or hash rule still counts as one).`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Info,
	Scope:         ScopeFile,
	Run: func(p *Pass) {
		seen := map[string]bool{}
		for _, u := range p.Input.Unresolved {
			why := strings.Join(u.Reasons, ", ")
			if u.Attribute != "access_string" {
				if seen[why] {
					continue
				}
				seen[why] = true
			}
			detail := "%s of %s %s; it is not checked."
			if u.Attribute == "access_string" {
				detail = "%s of %s %s; only its complete literal words are checked, for what does not depend on the rest."
			}
			if u.Detail != "" {
				p.Report(Diagnostic{Subject: u.Range, Summary: "not checked: " + why, Detail: u.Detail})
				continue
			}
			p.Reportf(u.Range, "not checked: "+why, detail, u.Attribute, u.Resource, why)
		}
	},
})
