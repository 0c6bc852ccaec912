package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/glob"
)

// maxEffectRules bounds the rules AC6001 analyses per list.
const maxEffectRules = 400

// neutral reports whether r restates a default or resets state: such rules
// are idiomatic even when they change nothing (off, -@all, resetkeys, …).
func neutral(r acl.Rule) bool {
	switch n := r.(type) {
	case *acl.Keyword:
		switch n.Kind {
		case acl.Off, acl.NoCommands, acl.ResetKeys, acl.ResetChannels, acl.ResetPass, acl.ClearSelectors,
			acl.SanitizePayload, acl.AllDBs, acl.ResetDBs, acl.Reset:
			return true
		}
	case *acl.Password, *acl.Selector, *acl.BadRule, *acl.DBRule:
		return true
	}
	return false
}

// AC6001 reports rules that change nothing.
var AC6001 = register(&Rule{
	ID:    "AC6001",
	Title: "rule has no effect",
	Doc: `A rule whose removal leaves the compiled permissions unchanged does nothing:
a duplicate (+get +get), a grant already covered (+@read +get, ~app:* ~app:1),
a removal of something never granted (-@all -flushall), or a rule undone by a
later one (+get -@all, ~app:* ~*). Such rules mislead readers about what the
user may do. The check compiles the string with and without each rule and
compares the effective permissions (commands, first arguments, key and
channel patterns, flags). Rules that restate a default (off, -@all,
resetkeys, resetchannels, resetpass) are not reported.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		if p.User == nil || p.Compiled == nil {
			return
		}
		noEffect(p, p.Compiled.Rules, false)
		for _, r := range p.Compiled.Rules {
			if sel, ok := r.(*acl.Selector); ok && !sel.QuoteError {
				noEffect(p, sel.Rules, true)
			}
		}
		coveredKeys(p)
	},
})

// noEffect analyses one list of rules.
func noEffect(p *Pass, rules []acl.Rule, inSelector bool) {
	if len(rules) > maxEffectRules {
		return
	}
	// acl.Redundancies finds the rules and what overrides them in
	// near-linear time.
	for _, red := range acl.Redundancies(p.Table, rules, inSelector) {
		r := rules[red.Index]
		if neutral(r) {
			continue
		}
		word := wordOf(r)
		d := Diagnostic{Subject: r.Range(), Fixes: []Fix{deleteWord(p, r, "remove "+redact(word))}}
		if red.By < 0 {
			d.Summary = quoteWord(word) + " has no effect"
			d.Detail = "At this point it changes nothing: what it grants or removes is already so."
			for _, e := range rules[:red.Index] {
				if strings.EqualFold(wordOf(e), word) {
					d.Summary = quoteWord(word) + " duplicates an earlier rule"
					d.Detail = "The same rule appears before it."
					d.Related = []Related{{Message: "first occurrence", Range: e.Range()}}
					break
				}
			}
		} else {
			by := rules[red.By]
			if k, ok := by.(*acl.Keyword); ok && k.Kind == acl.Reset && p.Target.Service.IsAWS() {
				continue // AC2002 reports the reset
			}
			if strings.EqualFold(wordOf(by), word) {
				continue // the later copy is reported as the duplicate
			}
			d.Summary = quoteWord(word) + " is overridden by " + quoteWord(wordOf(by))
			d.Detail = quoteWord(wordOf(by)) + " undoes what it does, so it has no effect."
			d.Related = []Related{{Message: "overridden here", Range: by.Range()}}
		}
		p.Report(d)
	}
}

// coveredKeys reports literal and prefix (literal*) key patterns that
// another pattern of the same selector covers (glob.Covers) with at least
// the same permissions: the first such pattern in the selector's order.
func coveredKeys(p *Pass) {
	for i := 0; i < p.User.Selectors(); i++ {
		keys := p.Selector(i).Keys
		if len(keys) < 2 {
			continue
		}
		patterns := make([]string, len(keys))
		for j, k := range keys {
			patterns[j] = k.Pattern
		}
		set := glob.NewCoverSet(patterns)
		for j, k := range keys {
			if k.Rule == nil || !literalOrPrefix(k.Pattern) {
				continue
			}
			best := -1
			for l := range set.Coverers(k.Pattern) {
				if l != j && keys[l].Perm&k.Perm == k.Perm && (best < 0 || l < best) {
					best = l
				}
			}
			if best < 0 {
				continue
			}
			q := keys[best]
			p.Report(Diagnostic{Subject: k.Rule.Range(), Summary: quoteWord(k.Rule.Word) + " is covered by " + quoteWord(q.Rule.Word),
				Detail:  "Every key it matches also matches " + quoteWord(q.Rule.Word) + " with at least the same permissions.",
				Related: []Related{{Message: "covering pattern", Range: q.Rule.Range()}},
				Fixes:   []Fix{deleteWord(p, k.Rule, "remove "+k.Rule.Word)}})
		}
	}
}

// literalOrPrefix reports whether a key pattern is a literal, or a literal
// followed by one '*'.
func literalOrPrefix(pattern string) bool {
	i := strings.IndexAny(pattern, `*?[\`)
	return i < 0 || i == len(pattern)-1 && pattern[i] == '*'
}
