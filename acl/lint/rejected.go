package lint

// judgesGrants reports whether the rule with this ID judges what an access
// string grants or how the service keeps it (categories 3, 5 and 6), rather
// than whether the engine or the service accepts it.
func judgesGrants(id string) bool {
	return len(id) == 6 && (id[2] == '3' || id[2] == '5' || id[2] == '6')
}

// standAlone leaves an engine or service error alone: when one access
// string has an error of category 1 or 2 (the engine or the service rejects
// the string, so the user is not created or changed), the findings about
// what it would grant are dropped; they would describe a user that does
// not exist.
func standAlone(ds Diagnostics) Diagnostics {
	rejected := false
	for _, d := range ds {
		if d.Severity == Error && len(d.RuleID) == 6 && (d.RuleID[2] == '1' || d.RuleID[2] == '2') {
			rejected = true
			break
		}
	}
	if !rejected {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if !judgesGrants(d.RuleID) {
			out = append(out, d)
		}
	}
	return out
}
