package lint

import (
	"fmt"
	"io"
	"net/url"
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
// scanning: one run, every rule of the registry with its documentation, and
// a result per diagnostic. Columns are Unicode code points (columnKind
// unicodeCodePoints), converted from aclcheck's byte columns with the
// inputs' contents. Notices become tool execution notifications of the
// run's invocation, which is unsuccessful when one of them is an error.
func WriteSARIF(w io.Writer, ds Diagnostics, inputs []*input.Input, version string, notices ...Notice) error {
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
	files := map[string]*input.Input{}
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
	if len(notices) > 0 {
		ok := true
		inv := sarif.NewInvocation()
		for _, n := range notices {
			level := "note"
			if n.Error {
				level, ok = "error", false
			}
			loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation((&url.URL{Path: n.Filename}).String())))
			inv.AddTToolExecutionNotification(sarif.NewNotification().WithLevel(level).
				WithTextMessage(n.Message).WithLocations([]*sarif.Location{loc}))
		}
		run.AddInvocations(inv.WithExecutionSuccess(ok))
	}
	rep.AddRun(run)
	return rep.PrettyWrite(w)
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
