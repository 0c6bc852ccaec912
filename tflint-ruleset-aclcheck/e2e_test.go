package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/aclcheck/aclcheck/internal/testutil"
)

// tflintVersion is the tflint the end-to-end test runs.
const tflintVersion = "v0.64.0"

// tflint returns the tflint binary: $ACLCHECK_TFLINT, or the one go
// install builds into the user's cache (make test builds it there first).
// It skips the test when tflint cannot be built, and fails in CI.
func tflint(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ACLCHECK_TFLINT"); p != "" {
		return p
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cache, "aclcheck", "tflint-"+tflintVersion)
	bin := filepath.Join(dir, "tflint")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("-short: not building tflint")
	}
	t.Logf("building tflint %s into %s", tflintVersion, dir)
	cmd := exec.Command("go", "install", "github.com/terraform-linters/tflint@"+tflintVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("go install tflint: %v\n%s", err, out)
		}
		t.Skipf("cannot build tflint: %v\n%s", err, out)
	}
	return bin
}

// tflintIssue is an issue of tflint --format json.
type tflintIssue struct {
	Rule struct {
		Name     string `json:"name"`
		Severity string `json:"severity"`
	} `json:"rule"`
	Message string `json:"message"`
	Range   struct {
		Filename string `json:"filename"`
		Start    struct{ Line, Column int }
		End      struct{ Line, Column int }
	} `json:"range"`
}

func (is tflintIssue) String() string {
	r := is.Range
	return fmt.Sprintf("%s:%d:%d-%d:%d: %s: %s: %s", r.Filename, r.Start.Line, r.Start.Column, r.End.Line, r.End.Column,
		strings.ToLower(is.Rule.Severity), is.Rule.Name, is.Message)
}

// runTFLint installs the plugin into a temporary plugin directory,
// enables it, and runs tflint on dir.
func runTFLint(t *testing.T, dir, extraConfig string, args ...string) []tflintIssue {
	t.Helper()
	bin := tflint(t)
	plugins := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "tflint-ruleset-aclcheck"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	config := filepath.Join(t.TempDir(), ".tflint.hcl")
	if err := os.WriteFile(config, []byte(tflintConfig+extraConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"--config", config, "--format", "json"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TFLINT_PLUGIN_DIR="+plugins, "TFLINT_LOG=")
	out, err := cmd.Output()
	// tflint exits 2 when it reports issues.
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 2) {
		t.Fatalf("tflint: %v\n%s\n%s", err, out, ee.Stderr)
	}
	var res struct {
		Issues []tflintIssue `json:"issues"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("tflint output: %v\n%s", err, out)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("tflint errors: %v", res.Errors)
	}
	return res.Issues
}

// tflintConfig enables the plugin (from TFLINT_PLUGIN_DIR) and turns off
// tflint's bundled Terraform rules, so that only aclcheck's findings show.
const tflintConfig = `plugin "terraform" {
  enabled = false
}

plugin "aclcheck" {
  enabled = true
}
`

// TestTFLint runs tflint with the plugin on testdata/module and compares
// its findings (where, how severe, which rule) with testdata/tflint.golden
// (go test -update rewrites it); the messages are
// TestTFLintSameAsAclcheck's.
func TestTFLint(t *testing.T) {
	issues := runTFLint(t, "testdata/module", "")
	var lines []string
	for _, is := range issues {
		s := is.String()
		lines = append(lines, s[:strings.Index(s, is.Rule.Name)+len(is.Rule.Name)])
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	testutil.Golden(t, "testdata/tflint.golden", []byte(got))
}

// buildAclcheck builds the aclcheck command of the repository.
func buildAclcheck(t *testing.T) string {
	t.Helper()
	aclcheck := filepath.Join(t.TempDir(), "aclcheck")
	build := exec.Command("go", "build", "-o", aclcheck, "./cmd/aclcheck")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build aclcheck: %v\n%s", err, out)
	}
	return aclcheck
}

// aclcheckDiagnostic is a finding of aclcheck lint --format json.
type aclcheckDiagnostic struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	EndLine  int    `json:"end_line"`
	EndCol   int    `json:"end_column"`
}

func (d aclcheckDiagnostic) message() string {
	if d.Detail == "" {
		return d.Summary
	}
	return d.Summary + ": " + d.Detail
}

// lintJSON runs aclcheck lint --format json with args.
func lintJSON(t *testing.T, aclcheck string, dir string, args ...string) []aclcheckDiagnostic {
	t.Helper()
	cmd := exec.Command(aclcheck, append([]string{"lint", "--format", "json"}, args...)...)
	cmd.Dir = dir
	out, _ := cmd.Output() // exit 1: findings
	var res struct {
		Diagnostics []aclcheckDiagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("aclcheck lint %v: %v\n%s", args, err, out)
	}
	return res.Diagnostics
}

// TestTFLintSameAsAclcheckFile runs tflint with the plugin and aclcheck
// lint -f on testdata/same/main.tf: the same findings, with the same
// rules, severities, messages and ranges.
func TestTFLintSameAsAclcheckFile(t *testing.T) {
	var got, want []string
	for _, is := range runTFLint(t, "testdata/same", "") {
		got = append(got, is.String())
	}
	for _, d := range lintJSON(t, buildAclcheck(t), "testdata/same", "-f", "main.tf") {
		want = append(want, fmt.Sprintf("%s:%d:%d-%d:%d: %s: %s: %s", d.File, d.Line, d.Column, d.EndLine, d.EndCol, d.Severity, d.Rule, d.message()))
	}
	sort.Strings(got)
	sort.Strings(want)
	if len(want) < 5 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tflint:\n%s\naclcheck lint -f:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTFLintSameAsAclcheck compares, for each access string of
// testdata/module written as a plain quoted literal, the findings tflint
// reports inside it with those of "aclcheck lint" on the string itself,
// positions moved by the string's place in the file: the same rules,
// severities, messages and ranges, but for the rules a "# tflint-ignore:"
// comment above the string silences. (aclcheck lint reads terraform show
// -json, not .tf source, so the strings are extracted here.)
func TestTFLintSameAsAclcheck(t *testing.T) {
	issues := runTFLint(t, "testdata/module", "")
	aclcheck := buildAclcheck(t)
	strs := plainAccessStrings(t, "testdata/module/main.tf")
	if len(strs) < 3 {
		t.Fatalf("%d plain access strings in the fixture", len(strs))
	}
	for _, s := range strs {
		var want []string
		// The engines the plugin checks the module's users for: the first
		// ElastiCache user's engine attribute ("redis": redis-7.1), and
		// MemoryDB's default, the first MemoryDB user having none.
		engine := map[string]string{"elasticache": "redis-7.1", "memorydb": "valkey-7.2"}[s.service]
		for _, d := range lintJSON(t, aclcheck, ".", "--service", s.service, "--engine", engine, "--", s.value) {
			if s.ignored[d.Rule] {
				continue // tflint's job
			}
			msg := d.message()
			if d.Line != 1 || d.EndLine != 1 {
				t.Errorf("%s: %s on line %d-%d of a one-line string", s.value, d.Rule, d.Line, d.EndLine)
			}
			want = append(want, fmt.Sprintf("main.tf:%d:%d-%d:%d: %s: %s: %s", s.line, s.column+d.Column-1,
				s.line, s.column+d.EndCol-1, d.Severity, d.Rule, msg))
		}
		var got []string
		for _, is := range issues {
			if is.Range.Start.Line == s.line && is.Range.Start.Column >= s.column && is.Range.End.Column <= s.column+len(s.value) {
				got = append(got, is.String())
			}
		}
		sort.Strings(want)
		sort.Strings(got)
		if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: tflint:\n%s\naclcheck lint, moved to the file:\n%s", s.value, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// plainString is an access string written as a quoted literal without
// escapes or interpolations: its value is the text between the quotes.
type plainString struct {
	service      string
	value        string
	line, column int // of its first byte
	ignored      map[string]bool
}

func plainAccessStrings(t *testing.T, name string) []plainString {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, filepath.Base(name), hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var out []plainString
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 {
			continue
		}
		service := map[string]string{"aws_elasticache_user": "elasticache", "aws_memorydb_user": "memorydb"}[b.Labels[0]]
		a := b.Body.Attributes["access_string"]
		if service == "" || a == nil {
			continue
		}
		tmpl, ok := a.Expr.(*hclsyntax.TemplateExpr)
		if !ok || len(tmpl.Parts) != 1 || src[tmpl.SrcRange.Start.Byte] != '"' {
			continue
		}
		lit, ok := tmpl.Parts[0].(*hclsyntax.LiteralValueExpr)
		r := tmpl.Parts[0].Range()
		if !ok || string(src[r.Start.Byte:r.End.Byte]) != lit.Val.AsString() {
			continue
		}
		ignored := map[string]bool{}
		lines := strings.Split(string(src), "\n")
		if above := lines[r.Start.Line-2]; strings.Contains(above, "tflint-ignore:") {
			for _, id := range strings.Split(strings.SplitN(above, "tflint-ignore:", 2)[1], ",") {
				ignored[strings.TrimSpace(id)] = true
			}
		}
		out = append(out, plainString{service, lit.Val.AsString(), r.Start.Line, r.Start.Column, ignored})
	}
	return out
}

// TestTFLintFix runs tflint --fix: each fix is written into the quoted
// string, and the next rule sees the fixed text.
func TestTFLintFix(t *testing.T) {
	dir := t.TempDir()
	const before = `resource "aws_elasticache_user" "a" {
  user_id       = "a"
  user_name     = "a"
  engine        = "redis"
  access_string = "on ~\"a\" >hunter2hunter2 +get +config|get"
  passwords     = ["a-long-enough-password-1"]
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without AC3002, whose fix (the stored form) rewrites the whole string.
	runTFLint(t, dir, "rule \"AC3002\" {\n  enabled = false\n}\n", "--fix")
	got, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// AC2001 removes the password and its space, AC2004 +config|get (lint's
	// edit keeps the space before it).
	want := strings.Replace(before, `"on ~\"a\" >hunter2hunter2 +get +config|get"`, `"on ~\"a\" +get "`, 1)
	if string(got) != want {
		t.Errorf("after tflint --fix:\n%s\nwant:\n%s", got, want)
	}
}
