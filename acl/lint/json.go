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
	j := NewJSONWriter(w)
	if err := j.Write(ds); err != nil {
		return err
	}
	return j.Close(notices...)
}

// A JSONWriter writes the document of [WriteJSON] a diagnostic at a time,
// indented as encoding/json would indent it whole, so that its memory does
// not grow with the diagnostics.
type JSONWriter struct {
	b      *bufio.Writer
	one    bytes.Buffer
	enc    *json.Encoder
	n      int
	counts map[Severity]int
	// Omitted, when not 0, is the number of diagnostics left out (a cap on
	// the output): Close writes it as "omitted".
	Omitted int
}

// NewJSONWriter starts the document on w.
func NewJSONWriter(w io.Writer) *JSONWriter {
	j := &JSONWriter{b: bufio.NewWriter(w), counts: map[Severity]int{}}
	j.enc = json.NewEncoder(&j.one)
	j.enc.SetEscapeHTML(false)
	j.enc.SetIndent("    ", "  ")
	j.b.WriteString("{\n  \"version\": \"" + JSONVersion + "\",\n  \"diagnostics\": [")
	return j
}

// Write writes diagnostics.
func (j *JSONWriter) Write(ds Diagnostics) error {
	for _, d := range ds {
		r := jsonDiagnostic{Rule: d.RuleID, Severity: d.Severity, File: d.Subject.Start.Filename,
			Line: d.Subject.Start.Line, Column: d.Subject.Start.Column, EndLine: d.Subject.End.Line, EndColumn: d.Subject.End.Column,
			Offset: d.Subject.Start.Offset, EndOffset: d.Subject.End.Offset, Summary: d.Summary, Detail: d.Detail, Fixes: d.Fixes}
		for _, rel := range d.Related {
			r.Related = append(r.Related, jsonRel{rel.Message, rel.Range.Start.Line, rel.Range.Start.Column})
		}
		j.counts[d.Severity]++
		j.one.Reset()
		if err := j.enc.Encode(r); err != nil {
			return err
		}
		if j.n > 0 {
			j.b.WriteByte(',')
		}
		j.n++
		j.b.WriteString("\n    ")
		j.b.Write(bytes.TrimSuffix(j.one.Bytes(), []byte("\n")))
	}
	return nil
}

// Close ends the document with the notices and the counts, and flushes it.
func (j *JSONWriter) Close(notices ...Notice) error {
	b := j.b
	if j.n > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("],\n")
	if len(notices) > 0 {
		j.one.Reset()
		j.enc.SetIndent("  ", "  ")
		if err := j.enc.Encode(notices); err != nil {
			return err
		}
		b.WriteString("  \"notifications\": ")
		b.Write(bytes.TrimSuffix(j.one.Bytes(), []byte("\n")))
		b.WriteString(",\n")
	}
	if j.Omitted > 0 {
		fmt.Fprintf(b, "  \"omitted\": %d,\n", j.Omitted)
	}
	fmt.Fprintf(b, "  \"errors\": %d,\n  \"warnings\": %d,\n  \"infos\": %d\n}\n", j.counts[Error], j.counts[Warning], j.counts[Info])
	return b.Flush()
}
