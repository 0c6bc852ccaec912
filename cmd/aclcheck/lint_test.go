package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func runLint(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"lint", "--no-config"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
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
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -update creates it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (go test ./cmd/aclcheck -run Lint -update rewrites it):\n--- got\n%s--- want\n%s", golden, got, want)
			}
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
	var out, errb bytes.Buffer
	// The engine (AC1004 on 6.0), the severity of AC6001 (an information
	// by default) and the disabled AC3002 (which would report the -@all
	// ElastiCache adds) come from the file.
	code := run([]string{"lint", "on ~app:* &x -@all +get", "on ~app:* ~app:*"}, strings.NewReader(""), &out, &errb)
	if code != exitFindings {
		t.Errorf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	if !strings.Contains(s, "error: AC1004") || !strings.Contains(s, "error: AC6001") || strings.Contains(s, "AC3002") {
		t.Errorf("config not applied:\n%s", s)
	}
	// Flags win over the file.
	out.Reset()
	code = run([]string{"lint", "--service", "valkey", "--engine", "valkey-8.0", "--fail-on", "error", "on ~app:* -@all +get"}, strings.NewReader(""), &out, &errb)
	if code != exitOK {
		t.Errorf("flags over config: exit %d:\n%s", code, out.String())
	}
}

func TestLintSARIF(t *testing.T) {
	code, out, _ := runLint(t, "", "--format", "sarif", "--service", "elasticache", "on ~* >secretpassword123456 +@all")
	if code != exitFindings || !strings.Contains(out, `"version": "2.1.0"`) || strings.Contains(out, "secretpassword") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
