package lint

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

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

// JSONVersion is the version of the JSON documents aclcheck writes, their
// top-level "version" field. It changes when a field is removed or changes
// meaning; new fields may appear within a version. The schemas are in
// docs/schema.
const JSONVersion = "1"

// WriteJSON writes diagnostics as a JSON object {"version": "1",
// "diagnostics": [...]} with 1-based lines and byte columns, 0-based byte
// offsets, and the notices, if any, as "notifications": [...]; the schema
// is docs/schema/lint.json.
func WriteJSON(w io.Writer, ds Diagnostics, notices ...Notice) error {
	// The document is written one diagnostic at a time, indented as
	// encoding/json would indent it whole.
	b := bufio.NewWriter(w)
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	counts := map[Severity]int{}
	b.WriteString("{\n  \"version\": \"" + JSONVersion + "\",\n  \"diagnostics\": [")
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
	b.WriteString("],\n")
	if len(notices) > 0 {
		one.Reset()
		enc.SetIndent("  ", "  ")
		if err := enc.Encode(notices); err != nil {
			return err
		}
		b.WriteString("  \"notifications\": ")
		b.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
		b.WriteString(",\n")
	}
	fmt.Fprintf(b, "  \"errors\": %d,\n  \"warnings\": %d,\n  \"infos\": %d\n}\n", counts[Error], counts[Warning], counts[Info])
	return b.Flush()
}
