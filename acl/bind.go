package acl

import (
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// bindCommand resolves a command rule against the table as ACLSetSelector
// does, in the same order of checks. firstArg reports a +cmd|arg rule on a
// command without subcommands.
func bindCommand(t *category.Table, n *CommandRule) (target *category.Command, firstArg bool, err *Error) {
	if !n.Allow || !n.HasArg {
		c := t.Lookup(n.Name)
		if c == nil {
			return nil, false, ruleError(n, ErrUnknownName, "")
		}
		return c, false, nil
	}
	base := t.Lookup(n.Base)
	switch {
	case base == nil:
		return nil, false, ruleError(n, ErrUnknownName, "")
	case base.IsSubcommand():
		return nil, false, ruleError(n, ErrSubcommandArg, "")
	case n.Arg == "":
		return nil, false, ruleError(n, ErrSyntax, "")
	case base.IsContainer():
		sub := t.Lookup(n.Name)
		if sub == nil {
			return nil, false, ruleError(n, ErrUnknownName, "")
		}
		return sub, false, nil
	}
	if DialectOf(t) != Redis70 && crashingFirstArg(n.Arg) {
		return nil, false, ruleError(n, ErrCrash,
			"Redis 7.2 and Valkey 8.0 accept a first argument holding whitespace or a quote, and crash when ACL LIST prints it")
	}
	return base, true, nil
}

// keyError is RuleError of a key rule for the engine of t: a bare %
// (no R, W or ~) is ErrCrash on Redis 7.2 and Valkey, a syntax error on
// Redis 7.0 (Debian's 7.0.15 has the fix of CVE-2024-51741). Every engine
// rejects %~pattern (CVE-2024-31227).
func keyError(t *category.Table, n *KeyPattern) *Error {
	if DialectOf(t) != Redis70 && crashingKeyRule(n.Word) {
		return ruleError(n, ErrCrash,
			"Redis 7.2.6 and Valkey 8.0.1 accept a bare % key rule (no R, W or ~), and crash when ACL LIST prints it")
	}
	return RuleError(n)
}

// crashingKeyRule reports whether key rule w is a % rule that 7.2.6 and
// Valkey 8.0.1 accept with no permission: a bare %.
func crashingKeyRule(w string) bool { return w == "%" }

// crashingFirstArg reports whether a first argument breaks Redis 7.2's
// ACL LIST, which splits the command rules again with sdssplitargs.
func crashingFirstArg(arg string) bool { return strings.ContainsAny(arg, " \t\n\v\f\r\"'") }

// Crashes reports whether rule r is one that Redis 7.2.6 and Valkey 8.0.1
// accept and then crash on at the next ACL LIST, whatever t's engine (t
// tells first arguments from subcommands): a bare % key rule (no R, W or
// ~), or a first-argument rule (+cmd|arg) whose argument holds whitespace or
// a quote. On those engines Compile and Bind refuse it with [ErrCrash];
// Redis 7.0 rejects the first and accepts the second.
func Crashes(r Rule, t *category.Table) bool {
	switch n := r.(type) {
	case *KeyPattern:
		return crashingKeyRule(n.Word)
	case *CommandRule:
		if !n.Allow || !n.HasArg || n.Arg == "" || !crashingFirstArg(n.Arg) {
			return false
		}
		base := t.Lookup(n.Base)
		return base != nil && !base.IsSubcommand() && !base.IsContainer()
	}
	return false
}

func bindCategory(t *category.Table, n *CategoryRule) (category.Category, *Error) {
	cat, ok := t.Category(n.Name)
	if !ok {
		return 0, ruleError(n, ErrUnknownName, "")
	}
	return cat, nil
}

// Bind checks a parsed access string against a command table and returns
// every error that does not depend on the user's state: syntax errors from
// Parse, and unknown commands, subcommands and categories, with positions.
// Errors that depend on state (a pattern after allkeys, removing a missing
// password) are found by [Compile].
func Bind(a *AccessString, t *category.Table) ErrorList {
	var errs ErrorList
	if a.Err != nil {
		errs = append(errs, a.Err)
	}
	var visit func(r Rule, modifier string)
	visit = func(r Rule, modifier string) {
		var err *Error
		switch n := r.(type) {
		case *CommandRule:
			_, _, err = bindCommand(t, n)
		case *CategoryRule:
			_, err = bindCategory(t, n)
		case *DBRule:
			err = dbRuleError(n)
		case *Keyword:
			if n.Kind == AllDBs || n.Kind == ResetDBs {
				err = dbRuleError(n)
			}
		case *Selector:
			for _, sub := range n.Rules {
				visit(sub, n.Word)
			}
			return
		case *KeyPattern:
			err = keyError(t, n)
		default:
			err = RuleError(r)
		}
		if err != nil {
			if modifier != "" {
				err.Modifier = modifier
			}
			errs = append(errs, err)
		}
	}
	for _, r := range a.Rules {
		visit(r, "")
	}
	errs.Sort()
	return errs
}
