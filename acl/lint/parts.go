package lint

import (
	"slices"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// PartSize is the number of access strings [Linter.LintParts] lints at a
// time.
const PartSize = 4096

// LintParts is [Linter.Lint] for large inputs: for an input read by
// [input.ReadTextParts] it lints the access strings a part of [PartSize]
// at a time, as [input.Input.Parts] reads them, and hands each part's
// diagnostics, sorted, to emit with the part (which holds the part's
// strings, suppressions and secrets, for the writers). The diagnostics of
// the file as a whole (ACL file rules) come with the part that holds their
// offset, so that the parts' diagnostics, one after the other, are those
// of Lint in Lint's order. Memory grows with a part, not with the input.
// Any other input is linted whole and emitted once.
func (l *Linter) LintParts(in *input.Input, emit func(Diagnostics, *input.Input) error) error {
	if !in.Lazy() {
		return emit(l.Lint(in), in)
	}
	// The file as a whole: the ACL file as the server loads it.
	var file Diagnostics
	if len(l.rules[ScopeFile]) > 0 {
		file = l.run(&Pass{Target: l.cfg.Target, Table: l.table, Input: in}, ScopeFile)
		file.Sort()
	}
	// The secrets the file rules found in lines no access string covers go
	// with the part that shows them, as their diagnostics do.
	secrets := slices.Clone(in.Secrets)
	slices.SortFunc(secrets, func(a, b acl.Secret) int { return a.Range.Start.Offset - b.Range.Start.Offset })
	var held *input.Input // a part, emitted when the next one says where it ends
	var ds Diagnostics
	flush := func(end int) error {
		for len(file) > 0 && file[0].Subject.Start.Offset < end {
			ds, file = append(ds, file[0]), file[1:]
		}
		for len(secrets) > 0 && secrets[0].Range.Start.Offset < end {
			held.Secrets, secrets = append(held.Secrets, secrets[0]), secrets[1:]
		}
		return emit(l.finish(held, ds), held)
	}
	for part := range in.Parts(PartSize) {
		if held != nil {
			if err := flush(partStart(part)); err != nil {
				return err
			}
		}
		held, ds = part, l.lint(part)
	}
	return flush(len(in.Content) + 1)
}

// partStart returns the offset where a part starts: the line of its first
// directive or access string.
func partStart(p *input.Input) int {
	start := len(p.Content) + 1
	lineOf := func(pos acl.Pos) int { return pos.Offset - (pos.Column - 1) }
	if len(p.Strings) > 0 {
		start = lineOf(p.Strings[0].Start)
	}
	if len(p.Directives) > 0 {
		start = min(start, lineOf(p.Directives[0].Range.Start))
	}
	return start
}
