package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
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
	ExampleTarget: "memorydb/redis-7.1",
	Severity:      Info,
	Run: func(p *Pass) {
		if !p.Target.Service.IsAWS() || p.Source.Origin == input.FromAppend || p.User == nil ||
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
		if sameWords(p.Access.Source, stored) {
			return
		}
		p.Report(Diagnostic{Subject: p.Access.Range(), Summary: "stored as `" + stored + "`",
			Detail: storedDetail[p.Target.Service],
			Fixes:  []Fix{{Message: "write the stored form", Edits: []TextEdit{{Range: p.Access.Range(), NewText: stored}}}}})
	},
})

// storedDetail is AC3002's detail by service, made once.
var storedDetail = func() (d [MemoryDB + 1]string) {
	for i := range d {
		d[i] = Service(i).String() + " will store and return the normalised form; a tool that compares it with this string (Terraform, CloudFormation drift) will always see a difference. Write the stored form to avoid it."
	}
	return d
}()

// StoredForm returns the access string the target service stores for a
// compiled user: the engine's ACL LIST form without the user name, password
// hashes and the default sanitize-payload flag; on Redis OSS 6.0, which has
// no channel rules, without the channel part.
func StoredForm(u *acl.User, t Target) string {
	desc := u.Describe(true)
	var b strings.Builder
	b.Grow(len(desc))
	noChannels := !t.Engine.HasChannelRules()
	for w := range strings.FieldsSeq(desc) {
		switch {
		case w == "sanitize-payload" || strings.HasPrefix(w, "#"):
			continue
		case noChannels && (w == "resetchannels" || strings.HasPrefix(w, "&")):
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// sameWords reports whether a and b hold the same words separated by ASCII
// whitespace, as ACL SETUSER's arguments.
func sameWords(a, b string) bool {
	for {
		var wa, wb string
		wa, a = nextWord(a)
		wb, b = nextWord(b)
		if wa != wb {
			return false
		}
		if wa == "" {
			return true
		}
	}
}

const asciiSpace = " \t\n\v\f\r"

// nextWord returns the first word of s and what follows it.
func nextWord(s string) (word, rest string) {
	s = strings.TrimLeft(s, asciiSpace)
	if i := strings.IndexAny(s, asciiSpace); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}
