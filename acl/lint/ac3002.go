package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC3002 shows the access string the service will store when it differs
// from the one written.
var AC3002 = register(&Rule{
	ID:    "AC3002",
	Title: "the service stores a different access string",
	Doc: `ElastiCache and MemoryDB store (and return from DescribeUsers) a normalised
form of the access string, the one ACL LIST prints: the user state first
(off is inserted when missing), then key patterns, channels, and command
rules starting with +@all or -@all (spec A15, §6.13). Tools that compare the
configured string with the stored one — Terraform, CloudFormation drift
detection — then show a difference forever. aclcheck prints the form the
target engine's ACL LIST gives (without passwords and the sanitize-payload
flag); write that form to avoid the perpetual diff. AWS does not document
the rewrite exactly, so treat it as a strong hint rather than a promise.`,
	Bad:      "~objects:* ~items:* ~public:*",
	Good:     "off ~objects:* ~items:* ~public:* resetchannels -@all",
	Example:  "memorydb/redis-7.1",
	Severity: Info,
	Run: func(p *Pass) {
		if !p.Target.Service.IsAWS() || p.Source.Origin == FromAppend || p.User == nil ||
			len(p.Errors) > 0 || len(p.CompileErrors) > 0 || onlySpaces(p.Access.Source) {
			return
		}
		hasPassword := false
		acl.Inspect(p.Access, func(r acl.Rule) bool {
			if k, ok := r.(*acl.Keyword); isSecretWord(r) || ok && k.Kind == acl.Reset {
				hasPassword = true
			}
			return !hasPassword
		})
		if hasPassword {
			return
		}
		stored := StoredForm(p.User, p.Target)
		if strings.Join(strings.Fields(p.Access.Source), " ") == stored {
			return
		}
		p.Report(Diagnostic{Subject: p.Access.Range(), Summary: "stored as `" + stored + "`",
			Detail: p.Target.Service.String() + " will store and return the normalised form; a tool that compares it with this string (Terraform, CloudFormation drift) will always see a difference. Write the stored form to avoid it.",
			Fixes:  []Fix{{Message: "write the stored form", Edits: []TextEdit{{Range: p.Access.Range(), NewText: stored}}}}})
	},
})

// StoredForm returns the access string the target service stores for a
// compiled user: the engine's ACL LIST form without the user name, password
// hashes and the default sanitize-payload flag; on Redis OSS 6.0, which has
// no channel rules, without the channel part.
func StoredForm(u *acl.User, t Target) string {
	f := strings.Fields(u.Describe(true))
	out := f[:0]
	noChannels := t.RedisCompat() < 602
	for _, w := range f {
		switch {
		case w == "sanitize-payload" || strings.HasPrefix(w, "#"):
			continue
		case noChannels && (w == "resetchannels" || strings.HasPrefix(w, "&")):
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
