package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC5011 reports ACL files that leave the built-in default user in place.
var AC5011 = register(&Rule{
	ID:    "AC5011",
	Title: "ACL file without a default user",
	Doc: `An ACL file with no "user default" line leaves the server's built-in default
user as it is: on nopass ~* &* +@all. Every client that connects is
authenticated as default without a password and may run every command on
every key, whatever the other users of the file are restricted to. Define
the default user in the file: "user default off" to disable it, or give it
a password and only what unauthenticated clients need. The same holds for a
redis.conf or valkey.conf without a "user default" directive, requirepass
(a password on the default user) or aclfile.`,
	ExampleTarget: "redis/redis-7.2",
	Severity:      Error,
	Scope:         ScopeFile,
	Run: func(p *Pass) {
		if cfg := p.Input.Config; cfg != nil && !p.Target.Service.IsAWS() {
			// A server configuration file: the default user is the
			// built-in one unless a user directive, requirepass or an
			// ACL file says otherwise.
			if cfg.Sentinel || cfg.RequirePass || cfg.ACLFile.Set {
				return
			}
			for _, s := range p.Input.Strings {
				if s.UserName == "default" {
					return
				}
			}
			r := acl.Range{Start: acl.Pos{Filename: p.Input.Filename, Line: 1, Column: 1}}
			if len(p.Input.Strings) > 0 {
				r = acl.Range{Start: p.Input.Strings[0].Start, End: p.Input.Strings[0].Start}
			}
			r.End = r.Start
			p.Report(Diagnostic{Subject: r,
				Summary: "no `user default`, requirepass or aclfile: the built-in default user `on nopass ~* &* +@all` stays",
				Detail:  "Anyone who can connect is authenticated as default with no password and may run every command on every key. Add `user default off` (or a default user with a password and the least it needs), or requirepass."})
			return
		}
		res := p.aclFile()
		if res == nil || res.DefaultDefined || res.Crash {
			return
		}
		// At the first line that is not blank.
		c, off, line := p.Input.Content, 0, 1
		for off < len(c) && strings.TrimSpace(lineText(c[off:], 1)) == "" {
			nl := strings.IndexByte(c[off:], '\n')
			if nl < 0 {
				break
			}
			off, line = off+nl+1, line+1
		}
		text := lineText(c[off:], 1)
		start := acl.Pos{Filename: p.Input.Filename, Offset: off, Line: line, Column: 1}
		end := acl.Pos{Filename: p.Input.Filename, Offset: off + len(text), Line: line, Column: len(text) + 1}
		p.Report(Diagnostic{Subject: acl.Range{Start: start, End: end},
			Summary: "no `user default` line: the built-in default user `on nopass ~* &* +@all` stays",
			Detail:  "Anyone who can connect is authenticated as default with no password and may run every command on every key. Add `user default off`, or a default user with a password and the least it needs."})
	},
})
