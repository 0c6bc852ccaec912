package main

import (
	"bytes"
	"encoding/json"
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
	var out, errb bytes.Buffer
	if code := run(append([]string{"lint", "--no-config", "--format", "sarif", "-f"}, args...), strings.NewReader(""), &out, &errb); code == exitUsage {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if err := sarifschema.Validate(out.Bytes()); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
	var log struct {
		Runs []struct {
			Results []sarifResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
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
