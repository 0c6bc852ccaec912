package lint

import (
	"encoding/xml"
	"io"
)

// WriteCheckstyle writes diagnostics as a Checkstyle XML report, the
// format Jenkins, GitLab and reviewdog read: a <file> element per file in
// the order of ds, an <error> per diagnostic with its line, byte column,
// severity (error, warning, info), message and source "aclcheck.ID". The
// notices that are errors become <error> elements of their file with
// source "aclcheck".
func WriteCheckstyle(w io.Writer, ds Diagnostics, notices ...Notice) error {
	type csError struct {
		Line     int    `xml:"line,attr,omitempty"`
		Column   int    `xml:"column,attr,omitempty"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
	}
	type csFile struct {
		Name   string    `xml:"name,attr"`
		Errors []csError `xml:"error"`
	}
	doc := struct {
		XMLName xml.Name  `xml:"checkstyle"`
		Version string    `xml:"version,attr"`
		Files   []*csFile `xml:"file"`
	}{Version: "4.3"}
	byName := map[string]*csFile{}
	file := func(name string) *csFile {
		if name == "" {
			name = "-"
		}
		f := byName[name]
		if f == nil {
			f = &csFile{Name: name}
			byName[name] = f
			doc.Files = append(doc.Files, f)
		}
		return f
	}
	for _, d := range ds {
		f := file(d.Subject.Start.Filename)
		f.Errors = append(f.Errors, csError{Line: d.Subject.Start.Line, Column: d.Subject.Start.Column,
			Severity: d.Severity.String(), Message: d.Message(), Source: "aclcheck." + d.RuleID})
	}
	for _, n := range notices {
		if n.Error {
			f := file(n.Filename)
			f.Errors = append(f.Errors, csError{Severity: "error", Message: n.Message, Source: "aclcheck"})
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
