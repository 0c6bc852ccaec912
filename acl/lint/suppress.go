package lint

import (
	"fmt"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// suppress applies the input's directives and reports unused and malformed
// ones.
func (l *Linter) suppress(in *input.Input, ds Diagnostics) Diagnostics {
	if len(in.Directives) == 0 {
		return ds
	}
	byLine := map[int][]*input.Directive{}
	var placed []*input.Directive // in the order of the input
	var out Diagnostics
	used := map[*input.Directive]map[string]bool{} // the IDs each directive silenced
	meta := func(rule *Rule, r acl.Range, summary, detail string) {
		if l.cfg.Disabled[rule.ID] {
			return
		}
		out = append(out, Diagnostic{RuleID: rule.ID, Severity: rule.Severity, Subject: r, Summary: summary, Detail: detail})
	}
	for _, d := range in.Directives {
		used[d] = map[string]bool{}
		var bad []string
		for _, id := range d.IDs {
			if Lookup(id) == nil {
				bad = append(bad, id)
			}
		}
		switch {
		case len(d.IDs) == 0:
			meta(AC9002, d.Range, "malformed suppression", "Write `# aclcheck:ignore ID reason` on the line above the one to silence.")
			continue
		case strings.TrimSpace(d.Reason) == "":
			meta(AC9002, d.Range, "suppression without a reason", "Add the reason after the rule IDs: `# aclcheck:ignore "+strings.Join(d.IDs, ",")+" why this is fine`. A suppression without a reason silences nothing.")
			continue
		case len(bad) > 0:
			meta(AC9002, d.Range, "suppression names unknown rule "+strings.Join(bad, ", "), "See `aclcheck lint --explain` for the rule IDs.")
		case d.Line == 0:
			meta(AC9002, d.Range, "suppression is not followed by a line to apply to", "")
			continue
		}
		placed = append(placed, d)
		for ln := d.Line; ln <= max(d.Line, d.EndLine); ln++ {
			byLine[ln] = append(byLine[ln], d)
		}
	}
	for _, dg := range ds {
		silenced := false
		for _, d := range byLine[dg.Subject.Start.Line] {
			if dg.Subject.Start.Filename != "" && d.Range.Start.Filename != "" && dg.Subject.Start.Filename != d.Range.Start.Filename {
				continue
			}
			for _, id := range d.IDs {
				if strings.EqualFold(id, dg.RuleID) {
					used[d][strings.ToUpper(id)] = true
					silenced = true
				}
			}
		}
		if !silenced {
			out = append(out, dg)
		}
	}
	for _, d := range placed {
		where := fmt.Sprintf("line %d", d.Line)
		if d.EndLine > d.Line {
			where = fmt.Sprintf("lines %d-%d", d.Line, d.EndLine)
		}
		for _, id := range d.IDs {
			if Lookup(id) != nil && !used[d][strings.ToUpper(id)] && !l.cfg.Disabled[strings.ToUpper(id)] {
				meta(AC9001, d.Range, "unused suppression of "+strings.ToUpper(id),
					fmt.Sprintf("No %s diagnostic is reported on %s; remove the directive or move it above the line it is for.", strings.ToUpper(id), where))
			}
		}
	}
	return out
}
