package rules

import (
	"errors"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
)

// Rule is the tflint face of one aclcheck lint rule.
type Rule struct {
	tflint.DefaultRule
	lint *lint.Rule
	set  *RuleSet
}

// Name is the aclcheck rule ID, e.g. "AC2004".
func (r *Rule) Name() string { return r.lint.ID }

// Enabled is true: every aclcheck rule runs by default, as in aclcheck lint.
func (r *Rule) Enabled() bool { return true }

// Severity is the rule's default severity.
func (r *Rule) Severity() tflint.Severity { return severity(r.lint.Severity) }

// Link is the rule's documentation.
func (r *Rule) Link() string {
	return "https://github.com/aclcheck/aclcheck/blob/main/docs/rules.md#" + strings.ToLower(r.lint.ID)
}

// Check emits the rule's diagnostics of the module.
func (r *Rule) Check(runner tflint.Runner) error {
	res, err := r.set.lint(runner)
	if err != nil {
		return err
	}
	for _, d := range res.byRule[r.lint.ID] {
		if err := emit(runner, r, d, res); err != nil {
			return err
		}
	}
	return nil
}

// severity maps aclcheck's severities to tflint's.
func severity(s lint.Severity) tflint.Severity {
	switch s {
	case lint.Error:
		return tflint.ERROR
	case lint.Warning:
		return tflint.WARNING
	}
	return tflint.NOTICE
}

// withSeverity is a rule reported with another severity than its default,
// as some diagnostics are.
type withSeverity struct {
	*Rule
	severity tflint.Severity
}

func (r *withSeverity) Severity() tflint.Severity { return r.severity }

// emit sends one diagnostic to tflint, with its first fix when it has one
// that can be written into the file: edits inside a quoted string on one
// line (not heredocs, not interpolations).
func emit(runner tflint.Runner, r *Rule, d lint.Diagnostic, res *result) error {
	var rule tflint.Rule = r
	if s := severity(d.Severity); s != r.Severity() {
		rule = &withSeverity{r, s}
	}
	rng := hclRange(d.Subject)
	if len(d.Fixes) == 0 || len(d.Fixes[0].Edits) == 0 {
		return runner.EmitIssue(rule, d.Message(), rng)
	}
	fix := d.Fixes[0]
	return runner.EmitIssueWithFix(rule, d.Message(), rng, func(f tflint.Fixer) error {
		for _, e := range fix.Edits {
			text, ok := quoted(e.NewText)
			if !ok || !res.canFix(hclRange(e.Range)) {
				return tflint.ErrFixNotSupported
			}
			if err := f.ReplaceText(hclRange(e.Range), text); err != nil {
				return errors.Join(tflint.ErrFixNotSupported, err)
			}
		}
		changed(runner)
		return nil
	})
}

// hclRange converts an aclcheck range. aclcheck counts columns in bytes,
// as tflint does for ASCII text.
func hclRange(r acl.Range) hcl.Range {
	pos := func(p acl.Pos) hcl.Pos { return hcl.Pos{Line: p.Line, Column: p.Column, Byte: p.Offset} }
	end := r.End
	if !end.IsValid() {
		end = r.Start
	}
	return hcl.Range{Filename: r.Start.Filename, Start: pos(r.Start), End: pos(end)}
}

// quoted escapes text for the inside of an HCL quoted string; ok is false
// for text it cannot hold.
func quoted(text string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case (c == '$' || c == '%') && i+1 < len(text) && text[i+1] == '{':
			b.WriteByte(c)
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}
