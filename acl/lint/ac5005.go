package lint

import "github.com/aclcheck/aclcheck/acl"

// AC5005 reports users that accept any password.
var AC5005 = register(&Rule{
	ID:    "AC5005",
	Title: "nopass: any password is accepted",
	Doc: `nopass makes the user accept any password, or none: whoever can reach the
server can act as this user. Set a password (>password or #sha256) or, for a
user that must not log in, leave it off. On ElastiCache and MemoryDB nopass
in an access string is reported by AC2005 instead, and users that need no
password by AC4005.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		if p.User == nil || !p.User.NoPass() || p.Target.Service.IsAWS() {
			return
		}
		r := lastKeyword(p.Access.Rules, acl.NoPass)
		if r == nil {
			return
		}
		p.Report(Diagnostic{Subject: r.Range(), Summary: "nopass: any password is accepted",
			Detail: "Whoever can reach the server can authenticate as this user. Give it a password instead."})
	},
})
