package lint

import (
	"errors"

	"github.com/aclcheck/aclcheck/acl"
)

// AC1006 reports the rules that Redis 7.2.6 and Valkey 8.0.1 accept and
// then crash on ([acl.Crashes]).
var AC1006 = register(&Rule{
	ID:    "AC1006",
	Title: "rule crashes the engine",
	Doc: `Redis 7.2.6 and Valkey 8.0.1 accept two rules and then crash at the next ACL
LIST or ACL GETUSER: a bare % key rule (no R, W or ~), and a first-argument rule
(+command|argument on a command without subcommands, such as +select|0) whose
argument holds whitespace or a quote, e.g. +select|a"b, or "+select|a b" in a
quoted selector body. ACL LIST re-splits the command rules of 7.2, and the
check that follows aborts the server. aclcheck refuses both rules for these
engines. Redis 7.0 rejects the bare % and accepts and enforces the first
argument: there the rule is a warning, as the string will crash the server
after an upgrade to 7.2. Write the argument without whitespace or quotes,
and name the % rule's permissions (%R~pattern, %W~pattern).`,
	ExampleTarget: "redis/redis-7.2",
	Severity:      Error,
	Run: func(p *Pass) {
		for _, e := range p.Errors {
			if errors.Is(e.Err, acl.ErrCrash) {
				p.Report(Diagnostic{Subject: e.Range, Summary: quoteWord(e.Word) + " crashes " + p.Target.Engine.String() + " at the next ACL LIST",
					Detail: e.Detail + "; aclcheck refuses it."})
			}
		}
		if acl.DialectOf(p.Table) != acl.Redis70 {
			return
		}
		for r := range p.Access.All() {
			if _, ok := r.(*acl.CommandRule); ok && acl.Crashes(r, p.Table) {
				p.Report(Diagnostic{Subject: r.Range(), Severity: Warning,
					Summary: quoteWord(r.String()) + " crashes Redis 7.2 and Valkey 8.0 at the next ACL LIST",
					Detail:  p.Target.Engine.String() + " accepts and enforces this first argument, but the access string will crash the server after an upgrade to Redis 7.2 or Valkey."})
			}
		}
	},
})
