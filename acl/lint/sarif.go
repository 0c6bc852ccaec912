package lint

import (
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
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
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
	files := map[string]*input.Input{}
	for _, in := range inputs {
		files[in.Filename] = in
	}
	prints := Fingerprints(ds, inputs)
	for i, d := range ds {
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
			region = sarifRegion(files[name], d.Subject)
		}
		res.AddLocation(sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(artifactLocation(root, name)).WithRegion(region)))
		res.WithPartialFingerPrints(map[string]interface{}{"aclcheck/v2": prints[i]})
		for _, f := range d.Fixes {
			if fix := sarifFix(root, files, name, f); fix != nil {
				res.Fixes = append(res.Fixes, fix)
			}
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
	return rep.PrettyWrite(w)
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
