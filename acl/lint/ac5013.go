package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC5013 reports password rules that do not set the password meant.
var AC5013 = register(&Rule{
	ID:    "AC5013",
	Title: "password rule does not set the password meant",
	Doc: `A password rule is easy to get wrong without any error from the server:

- >HASH with 64 hexadecimal digits adds those 64 characters as a clear-text
  password; the password that was hashed does not work. A SHA-256 hash is
  written #HASH, in lower case.
- >nopass adds the literal password "nopass"; the keyword is written without >.
- > alone (or > followed by a space, which splits the word) adds the empty
  password: AUTH with an empty password then logs in.
- A later nopass, resetpass or reset removes every password given before it:
  nopass makes the user accept any password, resetpass and reset leave it
  with none (so it cannot log in).

ElastiCache and MemoryDB take passwords through their API, never in the
access string (AC2001).`,
	ExampleTarget: "redis/redis-7.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		if p.Target.Service.IsAWS() {
			return
		}
		rules := p.Access.Rules
		for i, r := range rules {
			pw, ok := r.(*acl.Password)
			if !ok || pw.Op != acl.AddPassword && pw.Op != acl.AddHash {
				continue
			}
			secret := pw.Secret()
			switch {
			case pw.Op == acl.AddHash:
			case secret == "":
				p.Report(Diagnostic{Subject: r.Range(), Summary: "`>` alone adds the empty password",
					Detail: "Anyone who knows the user name can log in with an empty password. If a password follows after a space, remove the space: `>` and the password are one word."})
			case len(secret) == 64 && isHex(secret):
				p.Report(Diagnostic{Subject: r.Range(), Summary: "`>` with a SHA-256 hash sets the hash itself as the password",
					Detail: "`>` takes a clear-text password, so the 64 hexadecimal digits become the password and the password they are the hash of does not work. Write a hash with `#` instead of `>`, in lower case."})
			case strings.EqualFold(secret, "nopass"):
				p.Report(Diagnostic{Subject: r.Range(), Summary: "`>` makes this word a literal password, not the keyword",
					Detail: "The rule adds a password spelled like the keyword; it does not let the user log in without a password. Write the keyword without `>`, or give a real password."})
			}
			if wiper := laterPasswordReset(rules[i+1:]); wiper != nil {
				what := "the user then has no password and cannot log in until one is added"
				if k := wiper.(*acl.Keyword); k.Kind == acl.NoPass {
					what = "the user then accepts any password"
				}
				p.Report(Diagnostic{Subject: r.Range(), Summary: "password removed by the later " + quoteWord(wordOf(wiper)),
					Detail:  quoteWord(wordOf(wiper)) + " removes every password given before it: " + what + ".",
					Related: []Related{{Message: "removed here", Range: wiper.Range()}}})
			}
		}
	},
})

// laterPasswordReset returns the first nopass, resetpass or reset of rules.
func laterPasswordReset(rules []acl.Rule) acl.Rule {
	for _, r := range rules {
		if k, ok := r.(*acl.Keyword); ok && (k.Kind == acl.NoPass || k.Kind == acl.ResetPass || k.Kind == acl.Reset) {
			return r
		}
	}
	return nil
}

// isHex reports whether s holds only hexadecimal digits.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
