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
once, and the other attributes once per reason. Give the variable a default
or a .tfvars value, or lint terraform show -json output, to check it.`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Info,
	Scope:         ScopeResource,
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
			p.Reportf(u.Range, "not checked: "+why, "%s of %s %s; it is not checked.", u.Attribute, u.Resource, why)
		}
	},
})
