package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// AC4001 checks user ids, user names, user group ids and ACL names.
var AC4001 = register(&Rule{
	ID:    "AC4001",
	Title: "invalid user id, user name, user group id or ACL name",
	Doc: `ElastiCache user ids (and, in CloudFormation, user group ids) must begin with
a letter and contain only letters, digits and hyphens; they are stored in
lower case (CloudFormation accepts lower case only). MemoryDB user names and
ACL names follow the same pattern and the console adds: 1 to 40 characters,
no two consecutive hyphens, no hyphen at the end. ElastiCache user names must
not be empty. aclcheck treats the API patterns as anchored. Ids
longer than 40 characters are reported as a warning: a limit of 40 is
stated by AWS CDK and other tools, not by the API reference.`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		cfn := p.Input.Format == input.CloudFormation
		check := func(f input.Field, what string, memorydb bool) {
			if !f.Set || !f.Literal {
				return
			}
			v := f.Value
			switch {
			case v == "":
				p.Reportf(f.Range, what+" is empty", "It must have at least one character.")
				return
			case !idPattern.MatchString(v):
				p.Reportf(f.Range, what+" "+quoteWord(v)+" is invalid", "It must begin with a letter and contain only letters, digits and hyphens.")
				return
			}
			if memorydb {
				switch {
				case len(v) > 40:
					p.Reportf(f.Range, what+" "+quoteWord(v)+" is longer than 40 characters", "MemoryDB names have 1 to 40 characters.")
				case strings.Contains(v, "--"):
					p.Reportf(f.Range, what+" "+quoteWord(v)+" has two consecutive hyphens", "MemoryDB names may not contain two consecutive hyphens.")
				case strings.HasSuffix(v, "-"):
					p.Reportf(f.Range, what+" "+quoteWord(v)+" ends with a hyphen", "MemoryDB names may not end with a hyphen.")
				}
				if v != strings.ToLower(v) {
					p.Report(Diagnostic{Subject: f.Range, Severity: Info, Summary: what + " " + quoteWord(v) + " will be read back in lower case",
						Detail: "MemoryDB accepts upper case but returns names in lower case; tools comparing the two (Terraform) see a difference."})
				}
				return
			}
			if len(v) > 40 {
				p.Report(Diagnostic{Subject: f.Range, Severity: Warning, Summary: what + " " + quoteWord(v) + " is longer than 40 characters",
					Detail: "AWS CDK and other tools limit ElastiCache ids to 40 characters; the API reference states no maximum."})
			}
			if v != strings.ToLower(v) {
				if cfn {
					p.Reportf(f.Range, what+" "+quoteWord(v)+" has upper-case letters", "CloudFormation accepts only lower-case ids (pattern [a-z][a-z0-9\\-]*).")
				} else {
					p.Report(Diagnostic{Subject: f.Range, Severity: Info, Summary: what + " " + quoteWord(v) + " is stored in lower case",
						Detail: "ElastiCache stores ids in lower case; refer to it as " + quoteWord(strings.ToLower(v)) + "."})
				}
			}
		}
		for _, u := range p.Input.Users {
			if u.Service == MemoryDB {
				check(u.UserName, "user name", true)
				continue
			}
			check(u.UserID, "user id", false)
			if u.UserName.Set && u.UserName.Literal {
				if u.UserName.Value == "" {
					p.Reportf(u.UserName.Range, "user name is empty", "ElastiCache user names have at least one character.")
				} else if strings.ContainsAny(u.UserName.Value, " \t\r\n") {
					p.Report(Diagnostic{Subject: u.UserName.Range, Severity: Warning, Summary: "user name " + quoteWord(u.UserName.Value) + " contains whitespace",
						Detail: "Clients pass the user name to AUTH; a name with whitespace is hard to use and rejected by some tools."})
				}
			}
		}
		for _, g := range p.Input.Groups {
			if g.Service == MemoryDB {
				check(g.ID, "ACL name", true)
			} else {
				check(g.ID, "user group id", false)
			}
		}
	},
})
