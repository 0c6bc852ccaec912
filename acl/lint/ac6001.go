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
