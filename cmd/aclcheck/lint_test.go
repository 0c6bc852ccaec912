package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/internal/sarifschema"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

func runLint(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(stdin, append([]string{"lint", "--no-config"}, args...)...)
}

// TestLintAcceptance is the acceptance example of the lint issue.
func TestLintAcceptance(t *testing.T) {
	code, out, _ := runLint(t, "", "--service", "elasticache", "--engine", "redis-6.2", "on ~* >secretpassword123456 reset %R~x (+get)")
	if code != exitFindings {
		t.Errorf("exit %d, want 1", code)
	}
	if strings.Contains(out, "secretpassword") {
		t.Errorf("output leaks the password:\n%s", out)
	}
	for _, want := range []string{
		"<arg1>:1:7: error: AC2001:",
		"<arg1>:1:29: error: AC2002:",
		"<arg1>:1:35: error: AC1004:",
		"<arg1>:1:40: error: AC1004:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestLintAWSGolden checks the output for each example of testdata/aws
// against its .golden file.
func TestLintAWSGolden(t *testing.T) {
	t.Chdir("../..")
	files, _ := filepath.Glob("testdata/aws/*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") || strings.HasSuffix(f, ".md") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, stderr := runLint(t, "", "--color", "never", "-f", f)
			if code == exitUsage {
				t.Fatalf("exit 2: %s", stderr)
			}
			got := out + "exit " + string(rune('0'+code)) + "\n"
			golden := strings.TrimSuffix(f, filepath.Ext(f)) + filepath.Ext(f) + ".golden"
			testutil.Golden(t, golden, []byte(got))
			for _, secret := range []string{"hunter2", "correct-horse", "this-is-a-long-password", "short/pw"} {
				if strings.Contains(out, secret) {
					t.Errorf("output leaks a password (%s)", secret)
				}
			}
		})
	}
	if n < 5 {
		t.Fatalf("only %d examples in testdata/aws", n)
	}
}

func TestLintExitCodes(t *testing.T) {
	if code, out, _ := runLint(t, "", "on ~app:* -@all +get"); code != exitOK || out != "" {
		t.Errorf("clean string: exit %d, output %q", code, out)
	}
	if code, _, _ := runLint(t, "", "on ~app:* +get -@all +set"); code != exitOK {
		t.Errorf("warning with --fail-on error: exit %d", code)
	}
	if code, _, _ := runLint(t, "", "--fail-on", "warning", "on ~app:* +get -@all +set"); code != exitFindings {
		t.Errorf("warning with --fail-on warning: exit %d", code)
	}
	if code, _, _ := runLint(t, ""); code != exitUsage {
		t.Errorf("no input: exit %d", code)
	}
	if code, _, _ := runLint(t, "", "-f", "/nonexistent"); code != exitUsage {
		t.Errorf("missing file: exit %d", code)
	}
	if code, _, _ := runLint(t, "", "--service", "memorydb", "--engine", "redis-6.0", "on"); code != exitUsage {
		t.Errorf("memorydb/redis-6.0: exit %d", code)
	}
	if code, _, stderr := runLint(t, "{not json", "--input-format", "api", "-"); code != exitUsage {
		t.Errorf("bad JSON: exit %d %s", code, stderr)
	}
}

func TestLintStdinACLFile(t *testing.T) {
	acl := "user default on nopass ~* &* +@all\n# aclcheck:ignore AC5003 reviewed\nuser app on #" + strings.Repeat("a", 64) + " ~app:* +@read\n# aclcheck:ignore AC5001\nuser b off\n"
	code, out, _ := runLint(t, acl, "--format", "json", "-")
	if code != exitFindings {
		t.Errorf("exit %d", code)
	}
	// The comment lines hold suppressions, and the server refuses them.
	for _, want := range []string{`"rule": "AC5001"`, `"rule": "AC5005"`, `"rule": "AC9002"`, `"rule": "AC1007"`, `"file": "<stdin>"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"rule": "AC5003"`) {
		t.Errorf("AC5003 was suppressed:\n%s", out)
	}
}

func TestLintExplain(t *testing.T) {
	code, out, _ := runLint(t, "", "--explain", "ac5003")
	if code != exitOK || !strings.HasPrefix(out, "AC5003: keyless command") || !strings.Contains(out, "Bad (") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if code, _, _ := runLint(t, "", "--explain", "AC0000"); code != exitUsage {
		t.Errorf("unknown rule: exit %d", code)
	}
	if code, out, _ := runLint(t, "", "--explain", "all"); code != exitOK || strings.Count(out, "\n") < 30 {
		t.Errorf("--explain all: exit %d:\n%s", code, out)
	}
}

func TestLintConfigFile(t *testing.T) {
	dir := t.TempDir()
	cfg := "service: elasticache\nengine: redis-6.0\nfail-on: warning\nrules:\n  AC3002: off\n  AC6001: error\n"
	if err := os.WriteFile(filepath.Join(dir, ".aclcheck.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	// The engine (AC1004 on 6.0), the severity of AC6001 (an information
	// by default) and the disabled AC3002 (which would report the -@all
	// ElastiCache adds) come from the file.
	code, s, errs := runCLI("", "lint", "on ~app:* &x -@all +get", "on ~app:* ~app:*")
	if code != exitFindings {
		t.Errorf("exit %d: %s", code, errs)
	}
	if !strings.Contains(s, "error: AC1004") || !strings.Contains(s, "error: AC6001") || strings.Contains(s, "AC3002") {
		t.Errorf("config not applied:\n%s", s)
	}
	// Flags win over the file.
	code, s, _ = runCLI("", "lint", "--service", "valkey", "--engine", "valkey-8.0", "--fail-on", "error", "on ~app:* -@all +get")
	if code != exitOK {
		t.Errorf("flags over config: exit %d:\n%s", code, s)
	}
}

func TestLintSARIF(t *testing.T) {
	code, out, _ := runLint(t, "", "--format", "sarif", "--service", "elasticache", "on ~* >secretpassword123456 +@all")
	if code != exitFindings || !strings.Contains(out, `"version": "2.1.0"`) || strings.Contains(out, "secretpassword") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestLintSARIFFilesValidate runs lint -f on every AWS example with
// --format sarif and validates the output against the SARIF 2.1.0 schema.
func TestLintSARIFFilesValidate(t *testing.T) {
	for _, file := range []string{"api-elasticache.yaml", "api-memorydb.json", "cloudformation.json", "cloudformation.yaml", "terraform-plan.json"} {
		code, out, errs := runCLI("", "lint", "-f", "../../testdata/aws/"+file, "--format", "sarif")
		if code == exitUsage {
			t.Errorf("%s: exit %d: %s", file, code, errs)
		}
		if err := sarifschema.Validate([]byte(out)); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", file, err)
		}
	}
}

// TestLintSARIFNoticesValidate lints a directory holding files of other
// kinds and a missing file: the SARIF log, with its tool execution
// notifications, still validates, and the findings are all there.
func TestLintSARIFNoticesValidate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) { writeTestFile(t, dir, name, content) }
	write(".github/workflows/ci.yml", "on: push\n")
	write("package.json", `{"name": "x"}`)
	write("users.acl", "user default off\nuser app on >pw ~* +nosuch\n")
	for _, missing := range []bool{false, true} {
		args := []string{"lint", "--no-config", "-f", dir, "--format", "sarif"}
		want := exitFindings
		if missing {
			args, want = append(args, filepath.Join(dir, "missing.acl")), exitUsage
		}
		code, out, errs := runCLI("", args...)
		if code != want {
			t.Errorf("missing %v: exit %d, want %d: %s", missing, code, want, errs)
		}
		if err := sarifschema.Validate([]byte(out)); err != nil {
			t.Errorf("missing %v: SARIF does not validate: %v (%s)", missing, err, errs)
		}
		if !strings.Contains(out, `"ruleId": "AC1002"`) || !strings.Contains(out, "package.json") {
			t.Errorf("missing %v: SARIF lacks the finding or the note:\n%s", missing, out)
		}
	}
}

// sarifResult is what the fingerprint tests read of a SARIF result.
type sarifResult struct {
	RuleID    string `json:"ruleId"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine int `json:"startLine"`
			} `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

// lintSARIF runs lint -f args --format sarif in dir, validates the log
// against the SARIF 2.1.0 schema and returns its results.
func lintSARIF(t *testing.T, dir string, args ...string) []sarifResult {
	t.Helper()
	t.Chdir(dir)
	code, out, errs := runLint(t, "", append([]string{"--format", "sarif", "-f"}, args...)...)
	if code == exitUsage {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if err := sarifschema.Validate([]byte(out)); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
	var log struct {
		Runs []struct {
			Results []sarifResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	return log.Runs[0].Results
}

// TestSARIFFingerprintsStable lints the AWS examples and an ACL file, then
// the same files with a blank line inserted at their top: every result
// keeps its fingerprint while its line moves down by one, the
// fingerprints are distinct (two findings on one line included), and the
// URIs are relative to SRCROOT even for absolute arguments.
func TestSARIFFingerprintsStable(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"users.acl": "user default off\nuser app on ~* +nosuch +get|x +get|x\n"}
	for _, f := range []string{"api-elasticache.yaml", "api-memorydb.json", "cloudformation.json", "cloudformation.yaml", "terraform-plan.json"} {
		b, err := os.ReadFile("../../testdata/aws/" + f)
		if err != nil {
			t.Fatal(err)
		}
		files[f] = string(b)
	}
	write := func(prefix string) {
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(prefix+content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	type key struct{ uri, print string }
	lines := func(rs []sarifResult) map[key]int {
		m := map[key]int{}
		for _, r := range rs {
			loc := r.Locations[0].PhysicalLocation
			if loc.ArtifactLocation.URIBaseID != "SRCROOT" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") || strings.HasPrefix(loc.ArtifactLocation.URI, "./") {
				t.Errorf("%s: uri %q base %q, want a relative URI on SRCROOT", r.RuleID, loc.ArtifactLocation.URI, loc.ArtifactLocation.URIBaseID)
			}
			k := key{loc.ArtifactLocation.URI, r.PartialFingerprints["aclcheck/v2"]}
			if k.print == "" {
				t.Errorf("%s: no fingerprint: %v", r.RuleID, r.PartialFingerprints)
			}
			if _, dup := m[k]; dup {
				t.Errorf("%s in %s: fingerprint %s used twice", r.RuleID, k.uri, k.print)
			}
			m[k] = loc.Region.StartLine
		}
		return m
	}
	write("")
	before := lines(lintSARIF(t, dir, "."))
	write("\n")
	after := lines(lintSARIF(t, dir, dir)) // absolute: still relative URIs
	if len(before) < 20 || len(before) != len(after) {
		t.Fatalf("%d results before the blank line, %d after", len(before), len(after))
	}
	for k, line := range before {
		got, ok := after[k]
		switch {
		case !ok:
			t.Errorf("%s: fingerprint %s (line %d) changed when a blank line was inserted at the top", k.uri, k.print, line)
		case line > 0 && got != line+1:
			t.Errorf("%s: fingerprint %s at line %d, then %d; want %d", k.uri, k.print, line, got, line+1)
		}
	}
}
