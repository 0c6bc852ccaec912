package lint

import (
	"errors"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC1001 reports syntax errors: words the engine's ACL parser rejects
// whatever its command table.
var AC1001 = register(&Rule{
	ID:    "AC1001",
	Title: "syntax error",
	Doc: `The engine rejects the word: it is not one of the rule forms of ACL SETUSER
(on, off, ~pattern, %R~pattern, &pattern, +command, -command, +@category,
-@category, (selector), the keywords), a password hash is not 64 lowercase
hex digits, a selector's parenthesis is not closed, a pattern holds a space,
or a rule that is only valid for the user appears inside a selector. The
whole ACL SETUSER fails: no rule of the string is applied.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Error,
	Run: func(p *Pass) {
		for _, e := range p.Errors {
			if errors.Is(e.Err, acl.ErrUnknownName) || errors.Is(e.Err, acl.ErrCrash) || errors.Is(e.Err, acl.ErrNeedsNewerEngine) {
				continue
			}
			summary := strings.ToLower(e.Reason()[:1]) + e.Reason()[1:]
			switch {
			case errors.Is(e.Err, acl.ErrSyntax):
				summary = "syntax error in " + quoteWord(e.Word)
			case errors.Is(e.Err, acl.ErrBadHash):
				summary = "invalid password hash " + quoteWord(e.Word)
			case errors.Is(e.Err, acl.ErrUnmatchedParen):
				summary = "unmatched parenthesis in selector " + quoteWord(e.Word)
			case errors.Is(e.Err, acl.ErrSubcommandArg):
				summary = "first-arg rule on a subcommand " + quoteWord(e.Word)
			}
			detail := e.Detail
			if detail != "" && !strings.HasSuffix(detail, ".") {
				detail = strings.ToUpper(detail[:1]) + detail[1:] + ". "
			} else if detail != "" {
				detail += " "
			}
			detail += "The engine replies: " + e.Reply() // masked
			if hint := syntaxHint(redact(e.Word)); hint != "" {
				detail += ". " + hint
			} else if afterLoneGreater(p.Access, e.Range.Start.Offset) {
				detail += ". The `>` before it is a rule of its own, which adds the empty password: write `>` and the password as one word."
			}
			p.Report(Diagnostic{Subject: e.Range, Summary: summary, Detail: detail})
		}
	},
})

// syntaxHint suggests the keyword a misspelt word was probably meant to be.
func syntaxHint(word string) string {
	kws := []string{"on", "off", "nopass", "resetpass", "reset", "allkeys", "resetkeys", "allchannels",
		"resetchannels", "allcommands", "nocommands", "clearselectors", "sanitize-payload", "skip-sanitize-payload"}
	if n := nearest(word, kws); n != "" && len(word) > 2 {
		return "Did you mean `" + n + "`?"
	}
	if len(word) > 1 && word[0] == '@' {
		return "A category rule needs a sign: `+" + word + "` or `-" + word + "`."
	}
	return ""
}

// afterLoneGreater reports whether the word at off follows a lone `>`
// (the empty password) with only spaces between: "> secret" split in two.
func afterLoneGreater(a *acl.AccessString, off int) bool {
	for _, r := range a.Rules {
		pw, ok := r.(*acl.Password)
		if !ok || pw.Op != acl.AddPassword || pw.Secret() != "" {
			continue
		}
		end := pw.Range().End.Offset - a.Start.Offset
		if start := off - a.Start.Offset; end < start && start <= len(a.Source) && onlySpaces(a.Source[end:start]) {
			return true
		}
	}
	return false
}
