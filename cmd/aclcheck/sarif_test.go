package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/internal/sarifschema"
)

// TestLintSARIFFilesValidate runs lint -f on every AWS example with
// --format sarif and validates the output against the SARIF 2.1.0 schema.
func TestLintSARIFFilesValidate(t *testing.T) {
	for _, file := range []string{"api-elasticache.yaml", "api-memorydb.json", "cloudformation.json", "cloudformation.yaml", "terraform-plan.json"} {
		var out, errb bytes.Buffer
		code := run([]string{"lint", "-f", "../../testdata/aws/" + file, "--format", "sarif"}, strings.NewReader(""), &out, &errb)
		if code == exitUsage {
			t.Errorf("%s: exit %d: %s", file, code, errb.String())
		}
		if err := sarifschema.Validate(out.Bytes()); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", file, err)
		}
	}
}

// TestLintSARIFNoticesValidate lints a directory holding files of other
// kinds and a missing file: the SARIF log, with its tool execution
// notifications, still validates, and the findings are all there.
func TestLintSARIFNoticesValidate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".github/workflows/ci.yml", "on: push\n")
	write("package.json", `{"name": "x"}`)
	write("users.acl", "user default off\nuser app on >pw ~* +nosuch\n")
	for _, missing := range []bool{false, true} {
		args := []string{"lint", "--no-config", "-f", dir, "--format", "sarif"}
		want := exitFindings
		if missing {
			args, want = append(args, filepath.Join(dir, "missing.acl")), exitUsage
		}
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != want {
			t.Errorf("missing %v: exit %d, want %d: %s", missing, code, want, errb.String())
		}
		if err := sarifschema.Validate(out.Bytes()); err != nil {
			t.Errorf("missing %v: SARIF does not validate: %v (%s)", missing, err, errb.String())
		}
		if !strings.Contains(out.String(), `"ruleId": "AC1002"`) || !strings.Contains(out.String(), "package.json") {
			t.Errorf("missing %v: SARIF lacks the finding or the note:\n%s", missing, out.String())
		}
	}
}
