package lint

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/internal/termsafe"
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
		fmt.Fprintf(b, "%s: %s: %s: %s\n", paint("1", termsafe.Escape(pos)), paint(sevColor[d.Severity], d.Severity.String()), d.RuleID, termsafe.Escape(d.Summary))
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
			fmt.Fprintf(b, "    %s\n", termsafe.Escape(d.Detail))
		}
		for _, f := range d.Fixes {
			fmt.Fprintf(b, "    fix: %s\n", termsafe.Escape(f.Message))
		}
	}
	return b.Flush()
}

// A span is a secret's byte range [start, end) and what is shown instead.
type span struct {
	start, end int
	masked     string
}

// spansOf returns the byte ranges of the secrets, sorted and merged where
// they overlap, so that a line finds its secrets by binary search.
func spansOf(secrets []acl.Secret) []span {
	out := make([]span, 0, len(secrets))
	for _, s := range secrets {
		if s.Range.End.Offset > s.Range.Start.Offset {
			out = append(out, span{s.Range.Start.Offset, s.Range.End.Offset, s.Masked()})
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

// sourceLine returns the line of content holding r's start, shortened
// around the range if long, as it is shown: every secret replaced by its
// mask (">***", whatever its length) and every control byte escaped
// ("\x1b"); and the caret line under the range, aligned with what is
// shown. It copies only what it shows.
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
	from, to := 0, lineLen
	if lineLen > maxShownLine {
		from = max(0, col-40)
		to = min(lineLen, max(col+n, from+maxShownLine))
		if to-from > maxShownLine+80 {
			to = from + maxShownLine + 80
			n = min(n, to-col)
		}
	}
	lo, hi := lineStart+from, lineStart+to
	// A secret that starts before the shown part is cut off at its start.
	first, _ := slices.BinarySearchFunc(secrets, lo, func(sp span, off int) int { return cmp.Compare(sp.end, off+1) })
	secrets = secrets[first:]
	var shown, caret strings.Builder
	if from > 0 {
		shown.WriteString("…")
		caret.WriteByte(' ')
	}
	subStart, subEnd := lineStart+col, lineStart+col+n
	marks := 0 // carets and tildes written
	// put shows text for the source bytes [o, end) and extends the caret
	// line under it.
	put := func(o, end int, text string) {
		shown.WriteString(text)
		w := utf8.RuneCountInString(text)
		switch {
		case o < subEnd && end > subStart:
			for k := 0; k < w; k++ {
				if marks == 0 {
					caret.WriteByte('^')
				} else {
					caret.WriteByte('~')
				}
				marks++
			}
		case o < subStart && text == "\t":
			caret.WriteByte('\t')
		case o < subStart:
			caret.WriteString(strings.Repeat(" ", w))
		}
	}
	for o := lo; o < hi; {
		if len(secrets) > 0 && o >= secrets[0].start {
			sp := secrets[0]
			secrets = secrets[1:]
			if o < sp.end {
				end := min(sp.end, hi)
				put(o, end, sp.masked)
				o = end
			}
			continue
		}
		limit := hi
		if len(secrets) > 0 && secrets[0].start < limit {
			limit = secrets[0].start
		}
		c, size := termsafe.Next(content[o:limit])
		put(o, o+size, c)
		o += size
	}
	if marks == 0 {
		caret.WriteByte('^')
	}
	if to < lineLen {
		shown.WriteString("…")
	}
	return shown.String(), caret.String()
}

// oneLine joins the lines of a paragraph.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
