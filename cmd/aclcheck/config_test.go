package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl/lint"
)

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string { return writeTestFile(t, dir, name, content) }
	// An empty file is an empty configuration.
	fc, err := loadConfig(write("empty.yaml", ""))
	if err != nil || fc.Service != "" || len(fc.Rules) != 0 {
		t.Errorf("empty file: %+v, %v", fc, err)
	}
	for content, want := range map[string]string{
		"servce: redis\n":          "field servce not found",
		"rules:\n  AC0000: off\n":  `unknown rule "AC0000"`,
		"rules:\n  ac5001: loud\n": "rule AC5001: ",
		"service: [\n":             "bad.yaml: yaml:",
	} {
		_, err := loadConfig(write("bad.yaml", content))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one containing %q", content, err, want)
		}
	}
	if _, err := loadConfig(filepath.Join(dir, "none.yaml")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	// Rule IDs are read in any case; later settings of the flags win.
	fc, err = loadConfig(write("rules.yaml", "rules:\n  ac5001: off\n  Ac6001: error\n"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg lint.Config
	if err := fc.applyRules(&cfg); err != nil {
		t.Fatal(err)
	}
	if err := setRule(&cfg, "ac5001", "on"); err != nil {
		t.Fatal(err)
	}
	if cfg.Disabled["AC5001"] || cfg.Severity["AC6001"] != lint.Error {
		t.Errorf("rules: %+v", cfg)
	}
}
