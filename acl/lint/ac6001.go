package lint

import (
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
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
	Doc: `A rule whose removal leaves the compiled permissions unchanged does nothing.
The finding says why, naming the rules that decide:

- a grant undone by later rules (+get -@all, +info … -@dangerous): the
  user does not get what the rule seems to give. This is a warning when a
  category rule, -@all or reset undoes it; information when the later rules
  are removals by name (+@hash … -hset -hdel), which are meant;
- grants already given by earlier rules (+@read +@write +@string, +@all
  +ping): information, once per list;
- removals of commands never granted, or removed again later (the defensive
  -@dangerous -flushall -flushdb -debug …): information, once per list;
- a duplicate (+get +get, ~* allkeys): information;
- key patterns covered by another (~app:* ~app:1): information.

The check compiles the string with and without the rules (commands, first
arguments, key and channel patterns, flags), and removing all the rules it
reports at once leaves the permissions unchanged too. Rules that restate a
default (off, -@all, resetkeys, resetchannels, resetpass) are not reported.`,
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
	var cands []acl.Redundancy
	for _, red := range acl.Redundancies(p.Table, rules, inSelector) {
		r := rules[red.Index]
		if neutral(r) {
			continue
		}
		if red.By >= 0 {
			by := rules[red.By]
			if k, ok := by.(*acl.Keyword); ok && k.Kind == acl.Reset && p.Target.Service.IsAWS() {
				continue // AC2002 reports the reset
			}
			if sameRule(by, r) {
				continue // the later copy is reported as the duplicate
			}
		}
		cands = append(cands, red)
	}
	cands = jointlyIneffective(p, rules, cands)
	var adds, removals []acl.Rule
	var addedBy []acl.Rule
	for _, red := range cands {
		r := rules[red.Index]
		word := wordOf(r)
		if first := earlierSame(rules[:red.Index], r); first != nil {
			p.Report(Diagnostic{Subject: r.Range(), Severity: Info, Summary: quoteWord(word) + " repeats " + quoteWord(wordOf(first)),
				Detail:  "It grants or removes what the earlier rule already did.",
				Related: []Related{{Message: "first here", Range: first.Range()}},
				Fixes:   []Fix{deleteWord(p, r, "remove "+redact(word))}})
			continue
		}
		if allow, ok := commandEffect(r); ok {
			if !allow {
				removals = append(removals, r)
				continue
			}
			ef := grantEffect(p.Table, rules, red.Index)
			if len(ef.later) == 0 && len(ef.earlier) > 0 {
				adds = append(adds, r)
				for _, e := range ef.earlier {
					if !slices.Contains(addedBy, e) {
						addedBy = append(addedBy, e)
					}
				}
				continue
			}
			if len(ef.later) > 0 {
				p.Report(ef.diagnostic(p, r))
				continue
			}
		}
		d := Diagnostic{Subject: r.Range(), Severity: Info, Fixes: []Fix{deleteWord(p, r, "remove "+redact(word))}}
		if red.By < 0 {
			d.Summary = quoteWord(word) + " has no effect"
			d.Detail = "At this point it changes nothing: what it grants or removes is already so."
		} else {
			by := rules[red.By]
			d.Severity = Warning
			d.Summary = quoteWord(word) + " is overridden by " + quoteWord(wordOf(by))
			d.Detail = quoteWord(wordOf(by)) + " undoes what it does, so it has no effect."
			d.Related = []Related{{Message: "overridden here", Range: by.Range()}}
		}
		p.Report(d)
	}
	if len(adds) > 0 {
		// Removed together, the others grant what they grant.
		addedBy = slices.DeleteFunc(addedBy, func(r acl.Rule) bool { return slices.Contains(adds, r) })
		sortByOffset(addedBy)
		p.Report(groupDiagnostic(p, adds, wordListMax(adds, 4)+" add"+verbS(len(adds))+" nothing",
			wordListMax(addedBy, 4)+" already grant"+verbS(len(addedBy))+" every command "+pronoun(len(adds))+" grant"+verbS(len(adds))+"."))
	}
	if len(removals) > 0 {
		p.Report(groupDiagnostic(p, removals, wordListMax(removals, 3)+" change"+verbS(len(removals))+" nothing",
			"What "+pronoun(len(removals))+" remove"+verbS(len(removals))+" is not granted where "+pronoun(len(removals))+" stand"+verbS(len(removals))+", or a later rule removes it too. A defensive removal list is harmless, but it is longer than needed and hides the rules that matter."))
	}
}

// groupDiagnostic is an information about several rules of a list, at the
// first, with a fix that removes them all.
func groupDiagnostic(p *Pass, rules []acl.Rule, summary, detail string) Diagnostic {
	d := Diagnostic{Subject: rules[0].Range(), Severity: Info, Summary: summary, Detail: detail}
	fix := Fix{Message: "remove them"}
	if len(rules) == 1 {
		fix.Message = "remove " + redact(wordOf(rules[0]))
	}
	for i, r := range rules {
		fix.Edits = append(fix.Edits, deleteWord(p, r, "").Edits...)
		if i > 0 {
			d.Related = append(d.Related, Related{Message: "also " + redact(wordOf(r)), Range: r.Range()})
		}
	}
	d.Fixes = []Fix{fix}
	return d
}

// pronoun is "it" or "they".
func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "they"
}

// sameRule reports whether a and b are the same rule written twice: the
// same word, or the same keyword spelt two ways (~* and allkeys).
func sameRule(a, b acl.Rule) bool {
	if strings.EqualFold(wordOf(a), wordOf(b)) {
		return true
	}
	ka, ok1 := a.(*acl.Keyword)
	kb, ok2 := b.(*acl.Keyword)
	return ok1 && ok2 && ka.Kind == kb.Kind
}

// earlierSame returns the first of rules that is the same rule as r, or nil.
func earlierSame(rules []acl.Rule, r acl.Rule) acl.Rule {
	for _, e := range rules {
		if sameRule(e, r) {
			return e
		}
	}
	return nil
}

// commandEffect reports whether r acts on commands (a command or category
// rule, ±@all) and whether it allows.
func commandEffect(r acl.Rule) (allow, ok bool) {
	switch n := r.(type) {
	case *acl.CommandRule:
		return n.Allow, true
	case *acl.CategoryRule:
		return n.Allow, true
	case *acl.Keyword:
		switch n.Kind {
		case acl.AllCommands:
			return true, true
		case acl.NoCommands:
			return false, true
		}
	}
	return false, false
}

// effect explains a grant without effect: the earlier rules that already
// grant some of its commands, and the later rules that touch the others
// last (removing or granting them again).
type effect struct {
	rule                 acl.Rule
	earlier, later       []acl.Rule
	earlierCmds, removed []*category.Command
	regranted            []*category.Command
	removers, regranters []acl.Rule
}

// grantEffect explains why the grant rules[i] has no effect.
func grantEffect(t *category.Table, rules []acl.Rule, i int) effect {
	ef := effect{rule: rules[i]}
	add := func(list *[]acl.Rule, r acl.Rule) {
		if !slices.Contains(*list, r) {
			*list = append(*list, r)
		}
	}
	for c := range t.All() {
		if c.IsContainer() {
			continue
		}
		if touched, allow := touches(t, rules[i], c); !touched || !allow {
			continue
		}
		if before := grantingRules(t, rules[:i], c); len(before) > 0 {
			for _, r := range before {
				add(&ef.earlier, r)
			}
			ef.earlierCmds = append(ef.earlierCmds, c)
			continue
		}
		var last acl.Rule
		for _, r := range rules[i+1:] {
			if touched, _ := touches(t, r, c); touched {
				last = r
			}
		}
		if last == nil {
			continue
		}
		add(&ef.later, last)
		if _, allow := touches(t, last, c); allow {
			add(&ef.regranters, last)
			ef.regranted = append(ef.regranted, c)
		} else {
			add(&ef.removers, last)
			ef.removed = append(ef.removed, c)
		}
	}
	sortByOffset(ef.earlier)
	sortByOffset(ef.later)
	sortByOffset(ef.removers)
	sortByOffset(ef.regranters)
	return ef
}

// diagnostic reports a grant that later rules undo or repeat.
func (ef effect) diagnostic(p *Pass, r acl.Rule) Diagnostic {
	word := quoteWord(wordOf(r))
	var parts []string
	if len(ef.earlier) > 0 {
		parts = append(parts, wordListMax(ef.earlier, 4)+" already grant"+verbS(len(ef.earlier))+" "+commandList(ef.earlierCmds, 4))
	}
	if len(ef.removers) > 0 {
		parts = append(parts, "the later "+wordListMax(ef.removers, 6)+" remove"+verbS(len(ef.removers))+" "+commandList(ef.removed, 6))
	}
	if len(ef.regranters) > 0 {
		parts = append(parts, "the later "+wordListMax(ef.regranters, 4)+" grant"+verbS(len(ef.regranters))+" "+commandList(ef.regranted, 4)+" again")
	}
	d := Diagnostic{Subject: r.Range(), Severity: Info, Fixes: []Fix{deleteWord(p, r, "remove "+redact(wordOf(r)))}}
	switch {
	case len(ef.earlier) == 0 && len(ef.regranters) == 0:
		d.Summary = word + " is undone by the later " + wordListMax(ef.removers, 3)
	case len(ef.earlier) == 0 && len(ef.removers) == 0:
		d.Summary = word + " is repeated by the later " + wordListMax(ef.regranters, 3)
	default:
		d.Summary = word + " has no effect"
	}
	d.Detail = strings.ToUpper(parts[0][:1]) + parts[0][1:]
	if len(parts) > 1 {
		d.Detail += "; " + strings.Join(parts[1:], "; ")
	}
	d.Detail += ", so it changes nothing."
	for _, rm := range ef.removers {
		// -@all or reset wipes it, or a category rule undoes a command
		// granted by name: the user does not get what the rule seems
		// to give. Removals by name (+@hash -hset) are meant.
		if _, kw := rm.(*acl.Keyword); kw || isCommandRule(r) && !isCommandRule(rm) {
			d.Severity = Warning
		}
	}
	for _, l := range ef.later {
		d.Related = append(d.Related, Related{Message: "decides here", Range: l.Range()})
	}
	return d
}

// jointlyIneffective returns the candidates whose removal all together
// leaves the user's permissions unchanged: all of them when that holds
// (one compilation), otherwise those kept by trying them from the last to
// the first (so that of two rules that make each other redundant, the later
// is reported).
func jointlyIneffective(p *Pass, rules []acl.Rule, cands []acl.Redundancy) []acl.Redundancy {
	if len(cands) < 2 {
		return cands
	}
	same := func(drop map[acl.Rule]bool) bool {
		u, err := acl.Compile(filterRules(p.Compiled, func(r acl.Rule) bool { return !drop[r] }), p.Table, p.User.Name())
		return err == nil && u.SameAccess(p.User)
	}
	drop := map[acl.Rule]bool{}
	for _, c := range cands {
		drop[rules[c.Index]] = true
	}
	if same(drop) {
		return cands
	}
	clear(drop)
	keep := make([]bool, len(cands))
	for j := len(cands) - 1; j >= 0; j-- {
		r := rules[cands[j].Index]
		drop[r] = true
		if keep[j] = same(drop); !keep[j] {
			delete(drop, r)
		}
	}
	out := cands[:0]
	for j, c := range cands {
		if keep[j] {
			out = append(out, c)
		}
	}
	return out
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
			p.Report(Diagnostic{Subject: k.Rule.Range(), Severity: Info, Summary: quoteWord(k.Rule.Word) + " is covered by " + quoteWord(q.Rule.Word),
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
