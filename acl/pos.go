package acl

import "fmt"

// Pos is a position in a source text. Its fields are those of participle's
// lexer.Position, in the same order, so the parser fills it directly.
type Pos struct {
	Filename string `json:"file,omitempty"` // file name, or "" for a string given directly
	Offset   int    `json:"offset"`         // byte offset, starting at 0
	Line     int    `json:"line"`           // line number, starting at 1
	Column   int    `json:"column"`         // column number in bytes, starting at 1
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "file:line:col", "line:col" without a file name, or "-"
// for an unknown position.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	if p.Filename == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// advance returns the position after the bytes s, which start at p.
func (p Pos) advance(s string) Pos {
	for i := 0; i < len(s); i++ {
		p.Offset++
		if s[i] == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
	}
	return p
}

// Range is a half-open range of source text: End is the position of the
// first byte after it.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// String returns the start position and, on the same line, the end column.
func (r Range) String() string {
	if r.End.IsValid() && r.End.Line == r.Start.Line {
		return fmt.Sprintf("%s-%d", r.Start, r.End.Column)
	}
	return r.Start.String()
}

// Len returns the length of the range in bytes.
func (r Range) Len() int { return r.End.Offset - r.Start.Offset }
