package lint

import (
	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// mapRange maps a range of a source parsed at line 1 to file positions.
func (l *Linter) mapRange(s *input.Source, r acl.Range) acl.Range {
	if s.Map == nil {
		return r
	}
	return acl.Range{Start: mapPos(s, r.Start), End: mapPos(s, r.End)}
}

// mapSecret is mapRange for a secret: it covers the secret's own bytes in
// the file, also where the byte after it is not in the file at that place
// (a separator of a CloudFormation !Join) or stands elsewhere (a Helm
// user's words come from several keys, in the chart's order).
func (l *Linter) mapSecret(s *input.Source, r acl.Range) acl.Range {
	if s.Map == nil {
		return r
	}
	start, end := mapPos(s, r.Start), mapPos(s, r.End)
	if r.End.Offset <= r.Start.Offset {
		return acl.Range{Start: start, End: end}
	}
	last := mapPos(s, acl.Pos{Offset: r.End.Offset - 1, Line: 1, Column: 1})
	if end.Offset <= last.Offset || end.Line != last.Line {
		// End just after the last byte, or at the next byte of the file
		// that comes after it on its line (the end of an escape).
		end = last
		end.Offset, end.Column = last.Offset+1, last.Column+1
		for i := r.End.Offset + 1; i < len(s.Map); i++ {
			if m := s.Map[i]; m.Offset > last.Offset {
				if m.Line == last.Line {
					end = m
				}
				break
			}
		}
	}
	return acl.Range{Start: start, End: end}
}

func mapPos(s *input.Source, p acl.Pos) acl.Pos {
	if !p.IsValid() {
		return p
	}
	i := p.Offset
	if i < 0 {
		i = 0
	}
	if i >= len(s.Map) {
		i = len(s.Map) - 1
	}
	return s.Map[i]
}

// remap converts the positions of diagnostics of a mapped source.
func (l *Linter) remap(s *input.Source, ds Diagnostics) Diagnostics {
	if s.Map == nil {
		return ds
	}
	for i := range ds {
		d := &ds[i]
		d.Subject = l.mapRange(s, d.Subject)
		for j := range d.Related {
			d.Related[j].Range = l.mapRange(s, d.Related[j].Range)
		}
		for j := range d.Fixes {
			for k := range d.Fixes[j].Edits {
				d.Fixes[j].Edits[k].Range = l.mapRange(s, d.Fixes[j].Edits[k].Range)
			}
		}
	}
	return ds
}
