package lint

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Categories names the rule categories, by the first digit of their IDs.
var Categories = map[string]string{
	"engine":      "AC1", // the engine rejects the access string
	"aws":         "AC2", // ElastiCache / MemoryDB restrictions on access strings
	"service":     "AC3", // what the service does with the access string
	"resources":   "AC4", // ElastiCache / MemoryDB users, user groups and ACLs
	"risk":        "AC5", // risky permissions
	"noeffect":    "AC6", // rules and patterns without effect
	"suppression": "AC9", // inline suppressions
}

// Select returns the rules a selector names, in ID order: "all", a
// category name (see [Categories]), a rule ID, or a glob of IDs
// ("AC5*", "AC60?1"), in any case. An unknown name or a glob that matches
// no rule is an error that suggests the closest name.
func Select(selector string) ([]*Rule, error) {
	s := strings.TrimSpace(selector)
	up := strings.ToUpper(s)
	var match func(*Rule) bool
	switch prefix, isCat := Categories[strings.ToLower(s)]; {
	case strings.EqualFold(s, "all"):
		match = func(*Rule) bool { return true }
	case isCat:
		match = func(r *Rule) bool { return strings.HasPrefix(r.ID, prefix) }
	case strings.ContainsAny(s, "*?["):
		if _, err := path.Match(up, ""); err != nil {
			return nil, fmt.Errorf("bad rule pattern %q", selector)
		}
		match = func(r *Rule) bool { ok, _ := path.Match(up, r.ID); return ok }
	default:
		if r := Lookup(up); r != nil {
			return []*Rule{r}, nil
		}
		return nil, fmt.Errorf("unknown rule %q%s", selector, didYouMean(s))
	}
	var out []*Rule
	for _, r := range Rules() {
		if match(r) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no rule matches %q%s", selector, didYouMean(s))
	}
	return out, nil
}

// didYouMean suggests the rule ID or category name closest to s.
func didYouMean(s string) string {
	var names []string
	for c := range Categories {
		names = append(names, c)
	}
	slices.Sort(names)
	for _, r := range Rules() {
		names = append(names, r.ID)
	}
	return DidYouMean(s, names)
}

// DidYouMean returns " (did you mean X?)" for the word of words closest
// to s (within two edits, case ignored), or "": for errors about names.
func DidYouMean(s string, words []string) string {
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	best := nearest(s, lower)
	if best == "" {
		return ""
	}
	return " (did you mean " + words[slices.Index(lower, best)] + "?)"
}
