package lint

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/owenrumney/go-sarif/v2/sarif"
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
func WriteText(w io.Writer, ds Diagnostics, inputs []*Input, opts TextOptions) error {
	files := map[string]*Input{}
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
	masks := map[*Input][]span{}
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

// jsonDiagnostic is the JSON form of a diagnostic.
type jsonDiagnostic struct {
	Rule      string    `json:"rule"`
	Severity  Severity  `json:"severity"`
	File      string    `json:"file"`
	Line      int       `json:"line"`
	Column    int       `json:"column"`
	EndLine   int       `json:"end_line"`
	EndColumn int       `json:"end_column"`
	Offset    int       `json:"offset"`
	EndOffset int       `json:"end_offset"`
	Summary   string    `json:"summary"`
	Detail    string    `json:"detail,omitempty"`
	Related   []jsonRel `json:"related,omitempty"`
	Fixes     []Fix     `json:"fixes,omitempty"`
}

type jsonRel struct {
	Message string `json:"message"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
}

// WriteJSON writes diagnostics as a JSON object {"diagnostics": [...]}
// with 1-based lines and byte columns, 0-based byte offsets.
func WriteJSON(w io.Writer, ds Diagnostics) error {
	// The document is written one diagnostic at a time, indented as
	// encoding/json would indent it whole.
	b := bufio.NewWriter(w)
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	counts := map[Severity]int{}
	b.WriteString("{\n  \"diagnostics\": [")
	for i, d := range ds {
		j := jsonDiagnostic{Rule: d.RuleID, Severity: d.Severity, File: d.Subject.Start.Filename,
			Line: d.Subject.Start.Line, Column: d.Subject.Start.Column, EndLine: d.Subject.End.Line, EndColumn: d.Subject.End.Column,
			Offset: d.Subject.Start.Offset, EndOffset: d.Subject.End.Offset, Summary: d.Summary, Detail: d.Detail, Fixes: d.Fixes}
		for _, r := range d.Related {
			j.Related = append(j.Related, jsonRel{r.Message, r.Range.Start.Line, r.Range.Start.Column})
		}
		counts[d.Severity]++
		one.Reset()
		if err := enc.Encode(j); err != nil {
			return err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		b.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	if len(ds) > 0 {
		b.WriteString("\n  ")
	}
	fmt.Fprintf(b, "],\n  \"errors\": %d,\n  \"warnings\": %d,\n  \"infos\": %d\n}\n", counts[Error], counts[Warning], counts[Info])
	return b.Flush()
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes diagnostics as a SARIF 2.1.0 log for GitHub code
// scanning: one run, every rule of the registry with its documentation, and
// a result per diagnostic. Columns are Unicode code points (columnKind
// unicodeCodePoints), converted from aclcheck's byte columns with the
// inputs' contents.
func WriteSARIF(w io.Writer, ds Diagnostics, inputs []*Input, version string) error {
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	drv := sarif.NewVersionedDriver("aclcheck", version)
	drv.InformationURI = strPtr("https://github.com/aclcheck/aclcheck")
	run := sarif.NewRun(*sarif.NewTool(drv))
	run.WithColumnKind("unicodeCodePoints")
	for _, r := range Rules() {
		run.AddRule(r.ID).
			WithName(r.ID).
			WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString(oneLine(r.Doc))).
			WithHelpURI("https://github.com/aclcheck/aclcheck/blob/main/docs/rules.md#" + strings.ToLower(r.ID)).
			WithTextHelp(r.Explain()).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	}
	files := map[string]*Input{}
	for _, in := range inputs {
		files[in.Filename] = in
	}
	for _, d := range ds {
		msg := d.Summary
		if d.Detail != "" {
			msg += ". " + d.Detail
		}
		res := run.CreateResultForRule(d.RuleID).WithLevel(sarifLevel(d.Severity)).WithMessage(sarif.NewTextMessage(msg))
		name := d.Subject.Start.Filename
		if name == "" {
			name = "-"
		}
		region := sarif.NewRegion().WithStartLine(1)
		if d.Subject.Start.IsValid() {
			in := files[name]
			region = sarif.NewRegion().WithStartLine(d.Subject.Start.Line).WithStartColumn(charColumn(in, d.Subject.Start))
			if d.Subject.End.IsValid() && d.Subject.End.Offset > d.Subject.Start.Offset {
				region.WithEndLine(d.Subject.End.Line).WithEndColumn(charColumn(in, d.Subject.End))
			}
		}
		uri := (&url.URL{Path: name}).String()
		res.AddLocation(sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)).WithRegion(region)))
		res.WithPartialFingerPrints(map[string]interface{}{"aclcheck/v1": fmt.Sprintf("%s:%s:%d", d.RuleID, name, d.Subject.Start.Line)})
	}
	rep.AddRun(run)
	return rep.PrettyWrite(w)
}

// charColumn converts a byte column to a 1-based code point column.
func charColumn(in *Input, p acl.Pos) int {
	if in == nil {
		return p.Column
	}
	lineStart := p.Offset - (p.Column - 1)
	if lineStart < 0 || p.Offset > len(in.Content) {
		return p.Column
	}
	return utf8.RuneCountInString(in.Content[lineStart:p.Offset]) + 1
}

func strPtr(s string) *string { return &s }

// oneLine joins the lines of a paragraph.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
