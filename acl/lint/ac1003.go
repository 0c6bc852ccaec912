package lint

import (
	"errors"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// AC1003 reports the errors ACL SETUSER finds while applying the rules in
// order: a pattern after allkeys, a channel after allchannels, removing a
// password that is not set.
var AC1003 = register(&Rule{
	ID:    "AC1003",
	Title: "rule rejected in its position",
	Doc: `Some rules are valid on their own but rejected after others: a key pattern
after ~* or allkeys ("Adding a pattern after the * pattern ... is not
valid"), a channel pattern after &* or allchannels, or <password for a
password the user does not have. The engine rejects the whole string. Put
the specific patterns first or drop them (~* already allows every key), or
use resetkeys / resetchannels to start a new list.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Error,
	Run: func(p *Pass) {
		for _, e := range p.CompileErrors {
			summary := strings.ToLower(e.Reason()[:1]) + e.Reason()[1:]
			var fixes []Fix
			r := e.Rule
			switch {
			case errors.Is(e.Err, acl.ErrKeyAfterAllKeys):
				summary = "key pattern " + quoteWord(e.Word) + " after allkeys"
			case errors.Is(e.Err, acl.ErrChannelAfterAll):
				summary = "channel pattern " + quoteWord(e.Word) + " after allchannels"
			case errors.Is(e.Err, acl.ErrNoSuchPassword):
				summary = "removing a password the user does not have"
			}
			if r != nil && (errors.Is(e.Err, acl.ErrKeyAfterAllKeys) || errors.Is(e.Err, acl.ErrChannelAfterAll)) {
				fixes = append(fixes, deleteWord(p, r, "remove "+redact(e.Word)))
			}
			detail := "The engine replies: " + e.Reply()
			if e.Detail != "" {
				detail += ". " + e.Detail
			}
			p.Report(Diagnostic{Subject: e.Range, Summary: summary, Detail: detail, Fixes: fixes})
		}
	},
})
