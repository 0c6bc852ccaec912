package lint

import (
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"
)

// AC3002 shows the access string the service is known to store when it
// differs from the one written.
var AC3002 = register(&Rule{
	ID:    "AC3002",
	Title: "the service stores a different access string",
	Doc: `ElastiCache and MemoryDB return (DescribeUsers) a normalised form of some access
strings, so that tools that compare the configured string with the returned
one (Terraform, CloudFormation drift detection) may show a difference forever.
AWS does not document the rewrite; aclcheck reports it only where AWS's own
examples show it (https://docs.aws.amazon.com/memorydb/latest/devguide/logging-using-cloudtrail.html):

- MemoryDB (Redis OSS) added off, resetchannels and -@all and ordered the
  rules as ACL LIST does: ~* &* -@all +@read came back as off ~* &* -@all
  +@read, and ~objects:* ~items:* ~public:* as off ~objects:* ~items:*
  ~public:* resetchannels -@all. aclcheck shows the expected form when those
  additions and that order are the only difference between the string and
  the target engine's ACL LIST form; a string the engine rewrites further
  (categories re-derived, redundant rules dropped) is not reported.
- ElastiCache (Redis OSS) returned ~objects:* ~items:* ~public:* as
  off ~objects:* ~items:* ~public:* -@all, without resetchannels, and
  on ~* +@all unchanged: aclcheck reports only the -@all it adds to a string
  without command rules.

Nothing is reported for ElastiCache strings with command rules, for Valkey
engines, or for strings without on or off (AC3001 reports those first): AWS
shows no stored form for them. The rule is information only.`,
	ExampleTarget: "memorydb/redis-7.1",
	Severity:      Info,
	Run: func(p *Pass) {
		if !p.Target.Service.IsAWS() || p.Source.Origin == input.FromAppend || p.User == nil ||
			len(p.Errors) > 0 || len(p.CompileErrors) > 0 || onlySpaces(p.Access.Source) {
			return
		}
		hasPassword := false
		for r := range p.Access.All() {
			if k, ok := r.(*acl.Keyword); isSecretWord(r) || ok && k.Kind == acl.Reset {
				hasPassword = true
				break
			}
		}
		if hasPassword || !hasState(p.Access) {
			return
		}
		st := StoredForm(p.Access, p.User, p.Target)
		if !st.Known || sameWords(p.Access.Source, st.Form) {
			return
		}
		d := Diagnostic{Subject: p.Access.Range(), Detail: st.Why + " A tool that compares this string with the returned one (Terraform, CloudFormation drift) may always see a difference; writing the returned form avoids it."}
		if st.AddsNoCommands {
			end := p.Access.Range().End
			d.Summary = p.Target.Service.String() + " adds `-@all` to a string without command rules"
			d.Fixes = []Fix{{Message: "write -@all", Edits: []TextEdit{{Range: acl.Range{Start: end, End: end}, NewText: " -@all"}}}}
		} else {
			d.Summary = "expected back as `" + st.Form + "`"
			d.Fixes = []Fix{{Message: "write the form the service returns", Edits: []TextEdit{{Range: p.Access.Range(), NewText: st.Form}}}}
		}
		p.Report(d)
	},
})

// Stored is what is known of the access string a service stores for a
// user.
type Stored struct {
	// Form is the stored form when Known; otherwise the engine's ACL LIST
	// form without what AWS never shows (sanitize-payload, hashes), the
	// closest guess, which aclcheck fmt prints with Why.
	Form string
	// Known is set when a source shows the service storing this form; the
	// form is then still a prediction for other strings of the same shape.
	Known bool
	// AddsNoCommands is set for ElastiCache, which is known only to add
	// -@all to a string without command rules.
	AddsNoCommands bool
	// Why gives the evidence, or says what is not known.
	Why string
}

// StoredForm says what the target stores for the access string a and its
// compiled user u: for Redis and Valkey, the engine's ACL LIST form; for
// MemoryDB with Redis OSS, that form too (AWS's examples match it); for
// ElastiCache with Redis OSS, the string with -@all added when it has no
// command rule (AWS's example). Anything else is not documented: Known is
// false and Why says so.
func StoredForm(a *acl.AccessString, u *acl.User, t Target) Stored {
	switch {
	case !t.Service.IsAWS():
		return Stored{Form: engineForm(u, t), Known: true, Why: "The engine keeps the rules in the form ACL LIST prints."}
	case t.Engine.Family != category.Redis:
		return Stored{Form: engineForm(u, t), Why: "AWS shows no access string returned by " + t.Service.String() + " with " + t.Engine.String() + "; how the service rewrites it is not documented."}
	case t.Service == MemoryDB:
		// Only the rewrites AWS's examples show: flags first, then keys,
		// then channels (resetchannels when there are none), then command
		// rules (after -@all when they do not start with ±@all), as ACL
		// LIST prints them. A string the engine would rewrite further
		// (categories re-derived, redundant rules dropped) is not
		// covered by any example.
		form := engineForm(u, t)
		if doc := documentedForm(a); doc == "" || !sameWords(doc, form) {
			return Stored{Form: form, Why: "AWS's examples show MemoryDB adding off, resetchannels and -@all and ordering the rules as ACL LIST does (https://docs.aws.amazon.com/memorydb/latest/devguide/logging-using-cloudtrail.html); the engine would rewrite this string further (`" + form + "`), and what MemoryDB returns then is not documented."}
		}
		return Stored{Form: form, Known: true,
			Why: "AWS's examples show MemoryDB adding off, resetchannels and -@all and ordering the rules as ACL LIST does (`~objects:* ~items:* ~public:*` came back as `off ~objects:* ~items:* ~public:* resetchannels -@all`); the exact rewrite is not documented."}
	case !hasCommandRules(a):
		words := strings.Fields(a.Source)
		if !hasState(a) {
			words = append([]string{"off"}, words...)
		}
		return Stored{Form: strings.Join(append(words, "-@all"), " "), Known: true, AddsNoCommands: true,
			Why: "AWS's example shows ElastiCache adding `-@all` to a string without command rules (`~objects:* ~items:* ~public:*` came back as `off ~objects:* ~items:* ~public:* -@all`); whether it rewrites more is not documented."}
	case strings.Join(strings.Fields(a.Source), " ") == "on ~* +@all":
		return Stored{Form: "on ~* +@all", Known: true, Why: "AWS's describe-users example returns `on ~* +@all` unchanged."}
	}
	return Stored{Form: engineForm(u, t), Why: "AWS documents no rewrite of this string by " + t.Service.String() + " (its example returns `on ~* +@all` unchanged); what it returns is not known."}
}

// documentedForm returns the root rules of a in the order ACL LIST prints
// them (flags, key patterns, channel patterns, command rules) with the
// additions AWS's MemoryDB examples show: off without on or off,
// resetchannels without channel rules, -@all before command rules that do
// not start with ±@all. It returns "" for a string with other rules
// (passwords, resets, selectors), whose rewrite no example shows.
func documentedForm(a *acl.AccessString) string {
	var flags, keys, channels, cmds []string
	for _, r := range a.Rules {
		w := wordOf(r)
		switch n := r.(type) {
		case *acl.KeyPattern:
			keys = append(keys, w)
		case *acl.ChannelPattern:
			channels = append(channels, w)
		case *acl.CommandRule, *acl.CategoryRule:
			cmds = append(cmds, w)
		case *acl.Keyword:
			switch n.Kind {
			case acl.On, acl.Off, acl.NoPass, acl.SanitizePayload, acl.SkipSanitizePayload:
				if n.Kind != acl.SanitizePayload { // the default, which engineForm drops
					flags = append(flags, w)
				}
			case acl.AllKeys:
				keys = append(keys, w)
			case acl.AllChannels, acl.ResetChannels:
				channels = append(channels, w)
			case acl.AllCommands, acl.NoCommands:
				cmds = append(cmds, w)
			default:
				return ""
			}
		default:
			return ""
		}
	}
	if !hasState(a) {
		flags = append([]string{"off"}, flags...)
	}
	if len(channels) == 0 {
		channels = []string{"resetchannels"}
	}
	if len(cmds) == 0 || cmds[0] != "+@all" && cmds[0] != "-@all" && cmds[0] != "allcommands" && cmds[0] != "nocommands" {
		cmds = append([]string{"-@all"}, cmds...)
	}
	return strings.Join(slices.Concat(flags, keys, channels, cmds), " ")
}

// hasState reports whether the root rules say on, off or reset.
func hasState(a *acl.AccessString) bool {
	for _, r := range a.Rules {
		if k, ok := r.(*acl.Keyword); ok && (k.Kind == acl.On || k.Kind == acl.Off || k.Kind == acl.Reset) {
			return true
		}
	}
	return false
}

// hasCommandRules reports whether the root rules hold a command or
// category rule (±@all, allcommands and nocommands included).
func hasCommandRules(a *acl.AccessString) bool {
	for _, r := range a.Rules {
		switch n := r.(type) {
		case *acl.CommandRule, *acl.CategoryRule:
			return true
		case *acl.Keyword:
			if n.Kind == acl.AllCommands || n.Kind == acl.NoCommands {
				return true
			}
		}
	}
	return false
}

// engineForm is the engine's ACL LIST form of u without the user name,
// password hashes and the default sanitize-payload flag; on Redis OSS 6.0,
// which has no channel rules, without the channel part.
func engineForm(u *acl.User, t Target) string {
	return u.DescribeWith(acl.DescribeOptions{NoHashes: true, NoSanitizePayload: true, NoChannels: !t.Engine.HasChannelRules()})
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
