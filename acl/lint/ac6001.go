package lint

import (
	"slices"
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
	Bad:      "on ~app:* +@read +get",
	Good:     "on ~app:* +@read +set",
	Example:  "valkey/valkey-8.0",
	Severity: Warning,
	Run: func(p *Pass) {
		if p.User == nil || p.Compiled == nil {
			return
		}
		noEffect(p, p.Compiled.Rules, false, func(list []acl.Rule) *acl.AccessString {
			return &acl.AccessString{Rules: list, Source: p.Access.Source, Start: p.Access.Start}
		})
		for _, r := range p.Compiled.Rules {
			sel, ok := r.(*acl.Selector)
			if !ok || sel.QuoteError {
				continue
			}
			noEffect(p, sel.Rules, true, func(list []acl.Rule) *acl.AccessString {
				cp := *sel
				cp.Rules = list
				return &acl.AccessString{Rules: []acl.Rule{&cp}, Source: p.Access.Source, Start: p.Access.Start}
			})
		}
		coveredKeys(p)
	},
})

// noEffect analyses one list of rules; wrap builds the access string for a
// sublist.
func noEffect(p *Pass, rules []acl.Rule, inSelector bool, wrap func([]acl.Rule) *acl.AccessString) {
	if len(rules) > maxEffectRules {
		return
	}
	// eff compiles a sublist; nil when it does not compile.
	eff := func(list []acl.Rule) *acl.User {
		u, err := acl.Compile(wrap(list), p.Table, userName(p.Source))
		if err != nil {
			return nil
		}
		return u
	}
	same := func(a, b *acl.User) bool { return a != nil && b != nil && a.SameAccess(b) }
	without := func(list []acl.Rule, i int) []acl.Rule {
		out := make([]acl.Rule, 0, len(list))
		out = append(out, list[:i]...)
		return append(out, list[i+1:]...)
	}
	// acl.Ineffective finds the candidates in near-linear time; the
	// compiles below only describe the few it reports.
	for _, i := range acl.Ineffective(p.Table, rules, inSelector) {
		r := rules[i]
		if neutral(r) {
			continue
		}
		word := wordOf(r)
		d := Diagnostic{Subject: r.Range(), Fixes: []Fix{deleteWord(p, r, "remove "+redact(word))}}
		if same(eff(rules[:i]), eff(rules[:i+1])) {
			d.Summary = quoteWord(word) + " has no effect"
			d.Detail = "At this point it changes nothing: what it grants or removes is already so."
			for _, e := range rules[:i] {
				if strings.EqualFold(wordOf(e), word) {
					d.Summary = quoteWord(word) + " duplicates an earlier rule"
					d.Detail = "The same rule appears before it."
					d.Related = []Related{{Message: "first occurrence", Range: e.Range()}}
					break
				}
			}
		} else {
			d.Summary = quoteWord(word) + " is overridden by a later rule"
			d.Detail = "A later rule undoes what it does."
			dup := false
			for j := i + 1; j < len(rules); j++ {
				if same(eff(rules[:j+1]), eff(without(rules[:j+1], i))) {
					if k, ok := rules[j].(*acl.Keyword); ok && k.Kind == acl.Reset && p.Target.Service.IsAWS() {
						dup = true // AC2002 reports the reset
						break
					}
					if strings.EqualFold(wordOf(rules[j]), word) {
						dup = true // the later copy is reported as the duplicate
						break
					}
					d.Summary = quoteWord(word) + " is overridden by " + quoteWord(wordOf(rules[j]))
					d.Detail = quoteWord(wordOf(rules[j])) + " undoes what it does, so it has no effect."
					d.Related = []Related{{Message: "overridden here", Range: rules[j].Range()}}
					break
				}
			}
			if dup {
				continue
			}
		}
		p.Report(d)
	}
}

// coveredKeys reports literal and prefix key patterns that another pattern
// of the same selector already covers: the first such pattern in the
// selector's order.
func coveredKeys(p *Pass) {
	for i := 0; i < p.User.Selectors(); i++ {
		keys := p.Selector(i).Keys
		shapes := make([]keyShape, len(keys))
		prefixAt := map[string]int{} // prefix patterns by their prefix
		var lengths []int            // of those prefixes, distinct, ascending
		var others []int             // patterns with other glob syntax
		for j, k := range keys {
			shapes[j] = shapeOf(k.Pattern)
			switch shapes[j].kind {
			case shapePrefix:
				prefixAt[shapes[j].prefix] = j
				if n := len(shapes[j].prefix); !slices.Contains(lengths, n) {
					lengths = append(lengths, n)
				}
			case shapeOther:
				others = append(others, j)
			}
		}
		slices.Sort(lengths)
		budget := 1 << 20 // glob matches against other patterns, per selector
		for j, k := range keys {
			ks := shapes[j]
			if k.Rule == nil || ks.kind == shapeOther || ks.prefix == "" {
				continue
			}
			best := -1
			better := func(l int) {
				if q := keys[l]; l != j && q.Pattern != k.Pattern && q.Perm&k.Perm == k.Perm && (best < 0 || l < best) {
					best = l
				}
			}
			for _, n := range lengths {
				if n > len(ks.prefix) {
					break
				}
				if l, ok := prefixAt[ks.prefix[:n]]; ok {
					better(l)
				}
			}
			if ks.kind == shapeLiteral {
				for _, l := range others {
					if budget--; budget < 0 || best >= 0 && l > best {
						break
					}
					if glob.Match(keys[l].Pattern, ks.prefix) {
						better(l)
					}
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

// A keyShape classifies a key pattern for coveredKeys.
type keyShape struct {
	kind   shapeKind
	prefix string // of a literal or prefix pattern: the pattern without its '*'
}

type shapeKind uint8

const (
	shapeOther   shapeKind = iota
	shapeLiteral           // no glob syntax
	shapePrefix            // a literal followed by one '*'
)

func shapeOf(pattern string) keyShape {
	i := strings.IndexAny(pattern, "*?[\\")
	switch {
	case i < 0:
		return keyShape{shapeLiteral, pattern}
	case i == len(pattern)-1 && pattern[i] == '*':
		return keyShape{shapePrefix, pattern[:i]}
	}
	return keyShape{kind: shapeOther}
}
