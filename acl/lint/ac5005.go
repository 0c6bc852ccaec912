package lint

import (
	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// AC5005 reports users that accept any password.
var AC5005 = register(&Rule{
	ID:    "AC5005",
	Title: "nopass: any password is accepted",
	Doc: `nopass makes the user accept any password, or none: whoever can reach the
server can act as this user. Set a password (>password or #sha256) or, for a
user that must not log in, leave it off: a user that is off cannot log in
at all, so off nopass (the documented way to lock the default user) is not
reported, and a user that may run only connection commands such as PING
(a health check) gets an information. On ElastiCache and MemoryDB nopass
in an access string is reported by AC2005 instead, and users that need no
password by AC4005.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		if p.User == nil || !p.User.NoPass() || !p.User.Enabled() || p.Target.Service.IsAWS() {
			return
		}
		r := lastKeyword(p.Access.Rules, acl.NoPass)
		if r == nil {
			return
		}
		d := Diagnostic{Subject: r.Range(), Summary: "nopass: any password is accepted",
			Detail: "Whoever can reach the server can authenticate as this user. Give it a password instead."}
		if onlyConnection(p) {
			d.Severity = Info
			d.Detail = "Whoever can reach the server can authenticate as this user, but it may run only connection commands (PING, HELLO …). Give it a password if that is not meant."
		}
		p.Report(d)
	},
})

// onlyConnection reports whether every command the user may run is a
// @connection command (PING, HELLO, AUTH …) in every selector.
func onlyConnection(p *Pass) bool {
	for i := range p.User.Selectors() {
		if len(allowedIn(p.User, i, func(c *category.Command) bool { return !c.Categories.Has(category.Connection) })) > 0 {
			return false
		}
	}
	return true
}
