package lint

import (
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// touches reports whether rule r sets or clears c's command bit, and
// whether it allows: +@all and -@all, reset, ±command (or its container),
// ±@category of c (or of its container). First-argument rules do not touch
// the bit.
func touches(t *category.Table, r acl.Rule, c *category.Command) (touched, allow bool) {
	switch n := r.(type) {
	case *acl.Keyword:
		switch n.Kind {
		case acl.AllCommands:
			return true, true
		case acl.NoCommands, acl.Reset:
			return true, false
		}
	case *acl.CommandRule:
		target := t.Lookup(n.Name)
		if target == nil || target != c && target != c.Parent {
			return false, false
		}
		return true, n.Allow
	case *acl.CategoryRule:
		cat, ok := t.Category(n.Name)
		if ok && (c.Categories.Has(cat) || c.Parent != nil && c.Parent.Categories.Has(cat)) {
			return true, n.Allow
		}
	}
	return false, false
}

// grantingRules returns the rules of a selector (its applied rules, in
// order) that together leave c allowed: every rule that allows c after the
// last one that removes it. It returns nil when the last rule to touch c
// removes it.
func grantingRules(t *category.Table, rules []acl.Rule, c *category.Command) []acl.Rule {
	var out []acl.Rule
	for _, r := range rules {
		touched, allow := touches(t, r, c)
		switch {
		case !touched:
		case allow:
			out = append(out, r)
		default:
			out = out[:0]
		}
	}
	return out
}

// isAllCommands reports whether r is +@all or allcommands.
func isAllCommands(r acl.Rule) bool {
	k, ok := r.(*acl.Keyword)
	return ok && k.Kind == acl.AllCommands
}

// wordList quotes the words of rules and joins them with ", " and "and".
func wordList(rules []acl.Rule) string { return wordListMax(rules, len(rules)) }

// wordListMax is wordList showing at most max words, then "and N more".
func wordListMax(rules []acl.Rule, max int) string {
	words := make([]string, min(len(rules), max))
	for i := range words {
		words[i] = quoteWord(wordOf(rules[i]))
	}
	if len(rules) > max {
		return strings.Join(words, ", ") + more(len(rules)-max)
	}
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// grantGroup is a set of commands allowed by the same rules.
type grantGroup struct {
	by   []acl.Rule
	cmds []*category.Command
}

// groupByGrant groups cmds by the rules of the selector that grant them,
// in the order of each group's first granting rule; commands no rule
// grants (NO_AUTH ones) are left out.
func groupByGrant(t *category.Table, rules []acl.Rule, cmds []*category.Command) []grantGroup {
	var groups []grantGroup
	for _, c := range cmds {
		by := grantingRules(t, rules, c)
		if len(by) == 0 {
			continue
		}
		found := false
		for i := range groups {
			if sameRules(groups[i].by, by) {
				groups[i].cmds = append(groups[i].cmds, c)
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, grantGroup{by: append([]acl.Rule(nil), by...), cmds: []*category.Command{c}})
		}
	}
	slices.SortStableFunc(groups, func(a, b grantGroup) int { return byOffset(a.by[0], b.by[0]) })
	return groups
}

func sameRules(a, b []acl.Rule) bool { return slices.Equal(a, b) }

// sortByOffset sorts rules by their position.
func sortByOffset(rules []acl.Rule) { slices.SortStableFunc(rules, byOffset) }

func byOffset(a, b acl.Rule) int { return a.Range().Start.Offset - b.Range().Start.Offset }

// grantRange is the range to report a group at: its first granting rule.
func (g grantGroup) grantRange() acl.Range { return g.by[0].Range() }

// unionGrants returns, for the groups that skip does not leave out, the
// rules that grant their commands (in the order they are written) and the
// commands (in table order).
func unionGrants(groups []grantGroup, skip func(grantGroup) bool) ([]acl.Rule, []*category.Command) {
	var by []acl.Rule
	var cmds []*category.Command
	for _, g := range groups {
		if skip != nil && skip(g) {
			continue
		}
		cmds = append(cmds, g.cmds...)
		for _, r := range g.by {
			if !slices.Contains(by, r) {
				by = append(by, r)
			}
		}
	}
	sortByOffset(by)
	slices.SortFunc(cmds, func(a, b *category.Command) int { return a.ID - b.ID })
	return by, cmds
}
