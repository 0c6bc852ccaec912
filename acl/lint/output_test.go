package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"

	"github.com/aclcheck/aclcheck/internal/sarifschema"
)

func sampleDiagnostics(t *testing.T) (Diagnostics, []*input.Input) {
	t.Helper()
	target, _ := NewTarget("elasticache", "redis-6.2")
	l, err := New(Config{Target: target})
	if err != nil {
		t.Fatal(err)
	}
	a := input.ReadText("users é.acl", "user app on ~* >secretpassword123456 reset %R~x (+get) +sett\nuser b ~x +@all\n")
	content, err := os.ReadFile("../../testdata/aws/cloudformation.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := input.Read("testdata/aws/cloudformation.yaml", string(content), input.Auto, ElastiCache)
	if err != nil {
		t.Fatal(err)
	}
	ds := append(l.Lint(a), l.Lint(b)...)
	ds = append(ds, Diagnostic{RuleID: "AC4011", Severity: Warning, Summary: "no position"})
	return ds, []*input.Input{a, b}
}

// TestRuleSARIFSchema validates the SARIF output against the OASIS SARIF
// 2.1.0 schema, formats included.
func TestRuleSARIFSchema(t *testing.T) {
	ds, inputs := sampleDiagnostics(t)
	var out bytes.Buffer
	if err := WriteSARIF(&out, ds, inputs, "test"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "secretpassword") {
		t.Fatal("SARIF output leaks a password")
	}
	if err := sarifschema.Validate(out.Bytes()); err != nil {
		t.Fatalf("SARIF output does not validate: %#v", err)
	}
	// GitHub code scanning needs these.
	for _, want := range []string{`"version": "2.1.0"`, `"ruleId": "AC2001"`, `"startLine": 1`, `"level": "error"`, `"uri": "users%20%C3%A9.acl"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("SARIF output lacks %s", want)
		}
	}
}

func TestRuleJSONOutput(t *testing.T) {
	ds, _ := sampleDiagnostics(t)
	var out bytes.Buffer
	if err := WriteJSON(&out, ds); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Diagnostics []map[string]any `json:"diagnostics"`
		Errors      int              `json:"errors"`
	}
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Errors == 0 || v.Diagnostics[0]["rule"] == "" || strings.Contains(out.String(), "secretpassword") {
		t.Fatalf("bad JSON output:\n%s", out.String())
	}
}

func TestRuleTextOutput(t *testing.T) {
	ds, inputs := sampleDiagnostics(t)
	var out bytes.Buffer
	if err := WriteText(&out, ds, inputs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if strings.Contains(s, "secretpassword") {
		t.Fatal("text output leaks a password")
	}
	want := "users é.acl:1:16: error: AC2001: password rule `>***` in access string\n" +
		"    user app on ~* >*** reset %R~x (+get) +sett\n" +
		"                   ^~~~\n"
	if !strings.Contains(s, want) {
		t.Errorf("text output lacks\n%s\ngot:\n%s", want, s)
	}
}

// TestTextMasksEverySecret checks the source lines of an input with several
// passwords per line.
func TestTextMasksEverySecret(t *testing.T) {
	target, _ := ParseTarget("elasticache/valkey-8.0")
	l, _ := New(Config{Target: target})
	var lines []string
	for i := 0; i < 3*parallelMin; i++ {
		lines = append(lines, fmt.Sprintf("on >first%dpass <second%dpass ~k%d +get +get", i, i, i))
	}
	in := input.ReadText("pw.txt", strings.Join(lines, "\n")+"\n")
	var out bytes.Buffer
	if err := WriteText(&out, l.Lint(in), []*input.Input{in}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "pass ") || strings.Contains(out.String(), "first1") {
		t.Fatalf("a password shows:\n%.2000s", out.String())
	}
	want := "    on >*** <*** ~k17 +get +get\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("text output lacks\n%s", want)
	}
}

func TestSourceLineWindow(t *testing.T) {
	content := "x\n\ton >pw1234 " + strings.Repeat("~k ", 100) + ">tail5678 +get\r\nnext\n"
	secrets := spansOf([]acl.Secret{
		{Range: acl.Range{Start: acl.Pos{Offset: 6}, End: acl.Pos{Offset: 13}}, Op: '>'},
		{Range: acl.Range{Start: acl.Pos{Offset: 314}, End: acl.Pos{Offset: 323}}, Op: '>'},
	})
	at := func(off, n int) acl.Range {
		return acl.Range{Start: acl.Pos{Line: 2, Column: off - 1, Offset: off}, End: acl.Pos{Line: 2, Column: off - 1 + n, Offset: off + n}}
	}
	line, caret := sourceLine(content, secrets, at(6, 7))
	if want := "\ton >*** ~k ~k"; !strings.HasPrefix(line, want) || !strings.HasSuffix(line, "…") {
		t.Errorf("start of line: %q", line)
	}
	if caret != "\t   ^~~~" {
		t.Errorf("caret %q", caret)
	}
	line, caret = sourceLine(content, secrets, at(314, 9))
	if want := "~k >*** +get"; !strings.HasPrefix(line, "…") || !strings.HasSuffix(line, want) {
		t.Errorf("end of line: %q", line)
	}
	if want := strings.Repeat(" ", 41) + "^~~~"; caret != want {
		t.Errorf("caret %q, want %q", caret, want)
	}
}

// TestJSONStreamed checks that the streamed JSON document is exactly the
// one encoding/json writes for the whole value.
func TestJSONStreamed(t *testing.T) {
	ds, _ := sampleDiagnostics(t)
	for _, n := range []int{0, 1, len(ds)} {
		var got bytes.Buffer
		if err := WriteJSON(&got, ds[:n]); err != nil {
			t.Fatal(err)
		}
		whole := struct {
			Version     string           `json:"version"`
			Diagnostics []jsonDiagnostic `json:"diagnostics"`
			Errors      int              `json:"errors"`
			Warnings    int              `json:"warnings"`
			Infos       int              `json:"infos"`
		}{Version: JSONVersion, Diagnostics: []jsonDiagnostic{}}
		for _, d := range ds[:n] {
			j := jsonDiagnostic{Rule: d.RuleID, Severity: d.Severity, File: d.Subject.Start.Filename,
				Line: d.Subject.Start.Line, Column: d.Subject.Start.Column, EndLine: d.Subject.End.Line, EndColumn: d.Subject.End.Column,
				Offset: d.Subject.Start.Offset, EndOffset: d.Subject.End.Offset, Summary: d.Summary, Detail: d.Detail, Fixes: d.Fixes}
			for _, r := range d.Related {
				j.Related = append(j.Related, jsonRel{r.Message, r.Range.Start.Line, r.Range.Start.Column})
			}
			whole.Diagnostics = append(whole.Diagnostics, j)
			switch d.Severity {
			case Error:
				whole.Errors++
			case Warning:
				whole.Warnings++
			case Info:
				whole.Infos++
			}
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(whole); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d diagnostics:\n--- got\n%s--- want\n%s", n, got.String(), want.String())
		}
	}
	if len(ds) < 3 {
		t.Fatalf("sample has %d diagnostics", len(ds))
	}
}
