package lint

import (
	"github.com/aclcheck/aclcheck/acl"
)

// AC6003 reports a password or hash rule written where a user line's name
// goes.
var AC6003 = register(&Rule{
	ID:    "AC6003",
	Title: "password rule in the place of the user name",
	Doc: `The server takes the first word after "user" (and after ACL SETUSER) as the
user's name, whatever it is. In "user >secret on ~app:* +get" the name was
left out: the server creates a user called ">secret" and sets no password
from that word, and the password is shown wherever user names are (ACL
USERS, ACL LIST). aclcheck hides such a name in its own output. Put the name
first: "user app on >secret ~app:* +get".`,
	ExampleTarget: "redis/redis-7.2",
	Severity:      Warning,
	Run: func(p *Pass) {
		s := p.Source
		if s == nil || s.NameSecret == nil || !passwordRuleName(s.UserName) {
			return
		}
		p.Report(Diagnostic{Subject: *s.NameSecret,
			Summary: "the user name " + quoteWord(s.UserName) + " is a password rule: the name is missing",
			Detail:  "The server creates a user named after the password and sets no password from it. Put the user's name before the rules."})
	},
})

// passwordRuleName reports whether name, parsed as an access string, is
// one rule that sets a password: >password or a well-formed #hash. (A name
// starting with < or !, a removal, is hidden but not reported: nobody sets
// a password that way.)
func passwordRuleName(name string) bool {
	a, err := acl.Parse(name)
	if err != nil || a == nil || len(a.Rules) != 1 {
		return false
	}
	pw, ok := a.Rules[0].(*acl.Password)
	return ok && (pw.Op == acl.AddPassword || pw.Op == acl.AddHash)
}
