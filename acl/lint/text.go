package lint

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// TextOptions configure [WriteText].
type TextOptions struct {
	// Color adds ANSI colours.
	Color bool
	// NoSource leaves out the source line and caret.
	NoSource bool
}

const maxShownLine = 160

// WriteText writes diagnostics as "file:line:col: severity: ID: summary",
// each followed by the offending source line (with passwords masked) and a
// caret under the range, the detail and the suggested fixes. inputs give
// the file contents and the ranges of secrets.
func WriteText(w io.Writer, ds Diagnostics, inputs []*input.Input, opts TextOptions) error {
	files := map[string]*input.Input{}
	for _, in := range inputs {
		files[in.Filename] = in
	}
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	sevColor := map[Severity]string{Error: "1;31", Warning: "1;33", Info: "1;36"}
	masks := map[*input.Input][]span{}
	b := bufio.NewWriter(w)
	for _, d := range ds {
		pos := d.Subject.Start.String()
		if !d.Subject.Start.IsValid() {
			pos = d.Subject.Start.Filename
		}
		fmt.Fprintf(b, "%s: %s: %s: %s\n", paint("1", pos), paint(sevColor[d.Severity], d.Severity.String()), d.RuleID, d.Summary)
		if in := files[d.Subject.Start.Filename]; in != nil && !opts.NoSource && d.Subject.Start.IsValid() {
			if _, ok := masks[in]; !ok {
				masks[in] = spansOf(in.Secrets)
			}
			line, caret := sourceLine(in.Content, masks[in], d.Subject)
			if line != "" {
				fmt.Fprintf(b, "    %s\n    %s\n", line, paint("32", caret))
			}
		}
		if d.Detail != "" {
			fmt.Fprintf(b, "    %s\n", d.Detail)
		}
		for _, f := range d.Fixes {
			fmt.Fprintf(b, "    fix: %s\n", f.Message)
		}
	}
	return b.Flush()
}

// A span is a range of byte offsets [start, end).
type span struct{ start, end int }

// spansOf returns the byte ranges of rs, sorted and merged where they
// overlap, so that a line finds its secrets by binary search.
func spansOf(rs []acl.Range) []span {
	out := make([]span, 0, len(rs))
	for _, r := range rs {
		if r.End.Offset > r.Start.Offset {
			out = append(out, span{r.Start.Offset, r.End.Offset})
		}
	}
	slices.SortFunc(out, func(a, b span) int { return a.start - b.start })
	merged := out[:0]
	for _, sp := range out {
		if n := len(merged); n > 0 && sp.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// sourceLine returns the line of content holding r's start with the secret
// spans masked, shortened around the range if long, and the caret line
// under it. It copies only what it shows.
func sourceLine(content string, secrets []span, r acl.Range) (string, string) {
	p := r.Start
	lineStart := p.Offset - (p.Column - 1)
	if lineStart < 0 || lineStart > len(content) {
		return "", ""
	}
	lineLen := strings.IndexByte(content[lineStart:], '\n')
	if lineLen < 0 {
		lineLen = len(content) - lineStart
	}
	if lineLen > 0 && content[lineStart+lineLen-1] == '\r' {
		lineLen--
	}
	col := min(max(p.Column-1, 0), lineLen)
	n := 1
	if r.End.Line == p.Line && r.End.Offset > p.Offset {
		n = r.End.Offset - p.Offset
	}
	if col+n > lineLen {
		n = max(1, lineLen-col)
	}
	from, to, prefix, suffix := 0, lineLen, "", ""
	if lineLen > maxShownLine {
		from = max(0, col-40)
		to = min(lineLen, max(col+n, from+maxShownLine))
		if to-from > maxShownLine+80 {
			to = from + maxShownLine + 80
			n = min(n, to-col)
		}
		if from > 0 {
			prefix = "…"
		}
		if to < lineLen {
			suffix = "…"
		}
	}
	lo, hi := lineStart+from, lineStart+to
	shown := []byte(content[lo:hi])
	first, _ := slices.BinarySearchFunc(secrets, lo, func(sp span, off int) int { return cmp.Compare(sp.end, off+1) })
	for _, sp := range secrets[first:] {
		if sp.start >= hi {
			break
		}
		for o := max(sp.start, lo); o < min(sp.end, hi); o++ {
			shown[o-lo] = '*'
		}
	}
	var caret strings.Builder
	if prefix != "" {
		caret.WriteByte(' ')
	}
	for _, c := range shown[:col-from] {
		if c == '\t' {
			caret.WriteByte('\t')
		} else if c < 0x80 || c >= 0xc0 {
			caret.WriteByte(' ')
		}
	}
	caret.WriteByte('^')
	for i := 1; i < n; i++ {
		caret.WriteByte('~')
	}
	return prefix + string(shown) + suffix, caret.String()
}

// oneLine joins the lines of a paragraph.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
