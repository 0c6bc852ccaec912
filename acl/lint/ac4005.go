package lint

import "strings"

// AC4005 checks authentication modes and their combination with passwords.
var AC4005 = register(&Rule{
	ID:    "AC4005",
	Title: "invalid authentication mode",
	Doc: `AuthenticationMode.Type is password, no-password-required or iam on
ElastiCache, password or iam on MemoryDB. Type password needs at least one
password; iam and no-password-required take none. NoPasswordRequired true
cannot be combined with passwords or with another Type. An ElastiCache
CreateUser with no password, no AuthenticationMode and without
NoPasswordRequired is rejected ("No password was provided"). A user that
needs no password gets a warning: anyone who can reach the cache can
authenticate as it, and AWS recommends against it; not when its access
string turns it off, as no one can authenticate as a user that is off.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Error,
	Scope:         ScopeResource,
	Run: func(p *Pass) {
		for _, u := range p.Input.Users {
			t := strings.ToLower(u.AuthType.Value)
			pw := len(u.AllPasswords())
			if u.AuthType.Set && u.AuthType.Literal {
				valid := t == "password" || t == "iam" || t == "no-password-required" && u.Service != MemoryDB
				if !valid {
					allowed := "password, no-password-required or iam"
					if u.Service == MemoryDB {
						allowed = "password or iam"
					}
					p.Reportf(u.AuthType.Range, "authentication type "+quoteWord(u.AuthType.Value)+" is invalid", "It must be %s.", allowed)
					continue
				}
				switch {
				case t == "password" && pw == 0 && !u.AuthPasswordsSet && !u.PasswordsSet:
					p.Reportf(u.AuthType.Range, "authentication type password without passwords", "A user with authentication mode password must have at least one password.")
				case t != "password" && pw > 0:
					p.Reportf(u.AllPasswords()[0].Range, "passwords given with authentication type "+t, "Passwords are not allowed with authentication type %s.", t)
				}
			}
			if strings.EqualFold(u.NoPasswordRequired.Value, "true") {
				switch {
				case pw > 0:
					p.Reportf(u.NoPasswordRequired.Range, "NoPasswordRequired with passwords", "NoPasswordRequired true cannot be combined with passwords.")
				case u.AuthType.Set && t != "no-password-required":
					p.Reportf(u.NoPasswordRequired.Range, "NoPasswordRequired with authentication type "+t, "No password required flag is true but the authentication type is %s.", t)
				}
			}
			if u.Service != MemoryDB && !u.Modify && !u.AuthType.Set && pw == 0 && !u.PasswordsSet && !u.AuthPasswordsSet && !u.NoPasswordRequired.Set {
				p.Reportf(u.Range, "no password and no authentication mode", "%s has no password; give AuthenticationMode (password or iam) or, for a Redis OSS user without a password, NoPasswordRequired.", u.Resource)
			}
			if u.NoPassword() && !strings.EqualFold(u.Engine.Value, "valkey") && !disabled(p, u) {
				r := u.NoPasswordRequired.Range
				if u.AuthType.Set {
					r = u.AuthType.Range
				}
				p.Report(Diagnostic{Subject: r, Severity: Warning, Summary: "user needs no password",
					Detail: "Anyone who can reach the cache can authenticate as " + quoteWord(u.Name()) + "; AWS does not recommend it. Use a password or IAM authentication."})
			}
		}
	},
})
