package lint

import (
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// AC4004 checks passwords.
var AC4004 = register(&Rule{
	ID:    "AC4004",
	Title: "invalid password",
	Doc: `A user has one or two passwords of 16 to 128 printable characters, without
comma, double quote, slash or at sign (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html; the service says
"Passwords length must be between 16-128 characters."). aclcheck takes
printable to mean ASCII 0x20–0x7E; whether a space is allowed is not
documented, so a space is a warning. Passwords are never
printed: they are named by their position.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for _, u := range p.Input.Users {
			for _, list := range [][]input.Field{u.Passwords, u.AuthPasswords} {
				if len(list) > 2 {
					p.Reportf(list[2].Range, "more than two passwords", "%s has %d passwords; a user has at most two.", u.Resource, len(list))
				}
				for i, f := range list {
					if !f.Literal {
						continue
					}
					n := "password " + strconv.Itoa(i+1)
					v := f.Value
					if len(v) < 16 || len(v) > 128 {
						p.Reportf(f.Range, n+" has "+strconv.Itoa(len(v))+" characters", "Passwords have 16 to 128 characters (the service replies: Passwords length must be between 16-128 characters).")
					}
					var bad []string
					space, unprintable := false, false
					for j := 0; j < len(v); j++ {
						switch c := v[j]; {
						case c == ',' || c == '"' || c == '/' || c == '@':
							if !strings.Contains(strings.Join(bad, ""), string(c)) {
								bad = append(bad, string(c))
							}
						case c == ' ':
							space = true
						case c < 0x20 || c > 0x7e:
							unprintable = true
						}
					}
					if len(bad) > 0 {
						p.Reportf(f.Range, n+" contains "+strings.Join(bad, " "), "The characters , \" / and @ are not allowed in passwords.")
					}
					if unprintable {
						p.Reportf(f.Range, n+" contains characters that are not printable ASCII", "Passwords are printable characters; aclcheck takes that to mean ASCII 0x20 to 0x7E.")
					}
					if space {
						p.Report(Diagnostic{Subject: f.Range, Severity: Warning, Summary: n + " contains a space",
							Detail: "AWS says passwords are printable characters but not whether a space is allowed."})
					}
				}
			}
		}
	},
})
