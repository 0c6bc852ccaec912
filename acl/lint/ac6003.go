package lint

import (
	"strings"
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

// passwordRuleName reports whether name is a rule that sets a password:
// > and a password, or # and 64 lowercase hex digits. (A name starting with
// < or !, a removal, is hidden but not reported: nobody sets a password
// that way.)
func passwordRuleName(name string) bool {
	switch {
	case len(name) < 2:
		return false
	case name[0] == '>':
		return true
	case name[0] == '#':
		return len(name) == 65 && strings.Trim(name[1:], "0123456789abcdef") == ""
	}
	return false
}
