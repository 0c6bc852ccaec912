package lint

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/owenrumney/go-sarif/v2/sarif"
)

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
// scanning: one run, every rule of the registry with its documentation
// (the risky-permission rules AC5xxx with a security-severity), and a
// result per diagnostic with its fixes and a content-based partial
// fingerprint ([Fingerprints]) that does not change when lines move.
// Columns are Unicode code points (columnKind unicodeCodePoints),
// converted from aclcheck's byte columns with the inputs' contents. File
// names relative to the working directory (absolute ones inside it
// included) become relative URIs with uriBaseId SRCROOT, the working
// directory; others are file URIs. Notices become tool execution
// notifications of the run's invocation, which is unsuccessful when one of
// them is an error.
func WriteSARIF(w io.Writer, ds Diagnostics, inputs []*input.Input, version string, notices ...Notice) error {
	sw, err := NewSARIFWriter(w, version, notices...)
	if err != nil {
		return err
	}
	if err := sw.Write(ds, inputs); err != nil {
		return err
	}
	return sw.Close()
}

// A SARIFWriter writes the log of [WriteSARIF] a result at a time, byte for
// byte as go-sarif writes the whole log, so that its memory does not grow
// with the results (but for the fingerprints' numbering).
type SARIFWriter struct {
	b      *bufio.Writer
	run    *sarif.Run
	rep    *sarif.Report
	root   string
	prints *Fingerprinter
	head   int // length of the log up to the results' "["
	n      int
	// Omitted, when not 0, is the number of diagnostics left out (a cap on
	// the output): Close records it in the run's properties
	// ("aclcheck/omitted").
	Omitted int
}

// NewSARIFWriter starts the log on w: the tool with every rule of the
// registry, and the notices as tool execution notifications.
func NewSARIFWriter(w io.Writer, version string, notices ...Notice) (*SARIFWriter, error) {
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return nil, err
	}
	drv := sarif.NewVersionedDriver("aclcheck", version)
	drv.InformationURI = strPtr("https://github.com/aclcheck/aclcheck")
	run := sarif.NewRun(*sarif.NewTool(drv))
	run.WithColumnKind("unicodeCodePoints")
	root, _ := os.Getwd()
	if root != "" {
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{
			sarifRoot: sarif.NewSimpleArtifactLocation((&url.URL{Scheme: "file", Path: filepath.ToSlash(root) + "/"}).String())})
	}
	for _, r := range Rules() {
		rd := run.AddRule(r.ID).
			WithName(r.ID).
			WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString(oneLine(r.Doc))).
			WithHelpURI("https://github.com/aclcheck/aclcheck/blob/main/docs/rules.md#" + strings.ToLower(r.ID)).
			WithTextHelp(r.Explain()).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
		if ss := securitySeverity(r); ss != "" {
			pb := sarif.NewPropertyBag()
			pb.Add("security-severity", ss)
			pb.Add("tags", []string{"security"})
			rd.AttachPropertyBag(pb)
		}
	}
	if len(notices) > 0 {
		ok := true
		inv := sarif.NewInvocation()
		for _, n := range notices {
			level := "note"
			if n.Error {
				level, ok = "error", false
			}
			loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
				WithArtifactLocation(artifactLocation(root, n.Filename)))
			inv.AddTToolExecutionNotification(sarif.NewNotification().WithLevel(level).
				WithTextMessage(n.Message).WithLocations([]*sarif.Location{loc}))
		}
		run.AddInvocations(inv.WithExecutionSuccess(ok))
	}
	rep.AddRun(run)
	run.Results = []*sarif.Result{}
	doc, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return nil, err
	}
	head := bytes.Index(doc, []byte(resultsKey))
	if head < 0 {
		return nil, fmt.Errorf("lint: no results in the SARIF log")
	}
	head += len(resultsKey) - 1 // up to and with the "["
	sw := &SARIFWriter{b: bufio.NewWriter(w), run: run, rep: rep, root: root, prints: NewFingerprinter(), head: head}
	sw.b.Write(doc[:head])
	return sw, nil
}

// resultsKey is how the results of the one run start in the indented log.
const resultsKey = "\n      \"results\": []"

// Write writes a result per diagnostic; inputs give the contents, to
// convert byte columns to code points and to fingerprint the findings.
func (sw *SARIFWriter) Write(ds Diagnostics, inputs []*input.Input) error {
	files := map[string]*input.Input{}
	for _, in := range inputs {
		files[in.Filename] = in
	}
	prints := sw.prints.Of(ds, inputs)
	for i, d := range ds {
		msg := d.Summary
		if d.Detail != "" {
			msg += ". " + d.Detail
		}
		res := sw.run.CreateResultForRule(d.RuleID).WithLevel(sarifLevel(d.Severity)).WithMessage(sarif.NewTextMessage(msg))
		sw.run.Results = sw.run.Results[:0]
		name := d.Subject.Start.Filename
		if name == "" {
			name = "-"
		}
		region := sarif.NewRegion().WithStartLine(1)
		if d.Subject.Start.IsValid() {
			region = sarifRegion(files[name], d.Subject)
		}
		res.AddLocation(sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(artifactLocation(sw.root, name)).WithRegion(region)))
		res.WithPartialFingerPrints(map[string]interface{}{"aclcheck/v2": prints[i]})
		for _, f := range d.Fixes {
			if fix := sarifFix(sw.root, files, name, f); fix != nil {
				res.Fixes = append(res.Fixes, fix)
			}
		}
		one, err := json.MarshalIndent(res, "        ", "  ")
		if err != nil {
			return err
		}
		if sw.n > 0 {
			sw.b.WriteByte(',')
		}
		sw.n++
		sw.b.WriteString("\n        ")
		sw.b.Write(one)
	}
	return nil
}

// Close ends the log and flushes it.
func (sw *SARIFWriter) Close() error {
	if sw.Omitted > 0 {
		sw.run.Properties = sarif.Properties{"aclcheck/omitted": sw.Omitted}
	}
	doc, err := json.MarshalIndent(sw.rep, "", "  ")
	if err != nil {
		return err
	}
	if sw.n > 0 {
		sw.b.WriteString("\n      ")
	}
	sw.b.Write(doc[sw.head:]) // "]" and what follows the results
	return sw.b.Flush()
}

// sarifRoot is the uriBaseId of relative URIs: the working directory.
const sarifRoot = "SRCROOT"

// artifactLocation returns the location of a file: a URI relative to
// SRCROOT when name is relative or inside root, a file URI when it is
// absolute elsewhere, and the name as a relative URI for what is not a
// file (standard input, arguments).
func artifactLocation(root, name string) *sarif.ArtifactLocation {
	if name == "-" || name == "" || strings.HasPrefix(name, "<") {
		return sarif.NewSimpleArtifactLocation((&url.URL{Path: name}).String())
	}
	p := relName(root, name)
	if strings.HasPrefix(p, "/") || filepath.IsAbs(filepath.FromSlash(p)) {
		return sarif.NewSimpleArtifactLocation((&url.URL{Scheme: "file", Path: p}).String())
	}
	return sarif.NewSimpleArtifactLocation((&url.URL{Path: p}).String()).WithUriBaseId(sarifRoot)
}

// sarifRegion returns the region of r, with code point columns.
func sarifRegion(in *input.Input, r acl.Range) *sarif.Region {
	region := sarif.NewRegion().WithStartLine(r.Start.Line).WithStartColumn(charColumn(in, r.Start))
	if r.End.IsValid() && r.End.Offset >= r.Start.Offset {
		region.WithEndLine(r.End.Line).WithEndColumn(charColumn(in, r.End))
	}
	return region
}

// sarifFix returns f as a SARIF fix, or nil when it has no edit with a
// position.
func sarifFix(root string, files map[string]*input.Input, name string, f Fix) *sarif.Fix {
	var changes []*sarif.ArtifactChange
	byFile := map[string]*sarif.ArtifactChange{}
	for _, e := range f.Edits {
		if !e.Range.Start.IsValid() {
			continue
		}
		file := e.Range.Start.Filename
		if file == "" {
			file = name
		}
		ch := byFile[file]
		if ch == nil {
			ch = sarif.NewArtifactChange(artifactLocation(root, file))
			byFile[file] = ch
			changes = append(changes, ch)
		}
		ch.WithReplacement(sarif.NewReplacement(sarifRegion(files[file], e.Range)).
			WithInsertedContent(sarif.NewArtifactContent().WithText(e.NewText)))
	}
	if len(changes) == 0 {
		return nil
	}
	return sarif.NewFix().WithDescriptionText(f.Message).WithArtifactChanges(changes)
}

// securitySeverity returns the security-severity GitHub code scanning
// ranks a rule's alerts by (0.1–3.9 low, 4–6.9 medium, 7–8.9 high), for
// the risky-permission rules (AC5xxx); "" for the others.
func securitySeverity(r *Rule) string {
	if !strings.HasPrefix(r.ID, "AC5") {
		return ""
	}
	switch r.Severity {
	case Error:
		return "8.0"
	case Warning:
		return "5.5"
	}
	return "3.0"
}

// charColumn converts a byte column to a 1-based code point column.
func charColumn(in *input.Input, p acl.Pos) int {
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
