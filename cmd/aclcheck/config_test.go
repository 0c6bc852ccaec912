package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl/lint"
	yaml "go.yaml.in/yaml/v3"
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
		"servce: redis\n":                         `bad.yaml:1: unknown setting "servce" (did you mean service?)`,
		"rules:\n  AC0000: off\n":                 `bad.yaml:2: rules: unknown rule "AC0000"`,
		"rules:\n  AC5O01: off\n":                 `bad.yaml:2: rules: unknown rule "AC5O01" (did you mean AC5001?)`,
		"rules:\n  ac5001: loud\n":                `bad.yaml:2: rules: rule AC5001: "loud" is not on, off or a severity`,
		"rules:\n  AC9*: off\n  rsik: off\n":      `bad.yaml:3: rules: unknown rule "rsik" (did you mean risk?)`,
		"rules: [AC5001]\n":                       "bad.yaml:1: rules: want a mapping",
		"service: [\n":                            "bad.yaml:1: did not find expected node content",
		"service: elastcache\n":                   `bad.yaml:1: service: unknown value "elastcache" (want redis, valkey, elasticache, elasticache-serverless, memorydb) (did you mean elasticache?)`,
		"only: [AC5*, nosuch]\n":                  `bad.yaml:1: only: unknown rule "nosuch"`,
		"ignore:\n- file: a\n  rule: [AC5001]\n":  `bad.yaml:3: ignore[0]: unknown field "rule" (did you mean rules?)`,
		"ignore:\n- file: a\n  rules: [AC5001]\n": "bad.yaml:2: ignore[0]: no reason",
	} {
		_, err := loadConfig(write("bad.yaml", content))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "main.") {
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
	// Selectors apply in the order of the file: a category, then one of
	// its rules back on.
	fc, err = loadConfig(write("order.yml", "rules:\n  risk: off\n  AC5003: on\n  AC1*: warning\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg = lint.Config{}
	if err := fc.applyRules(&cfg); err != nil {
		t.Fatal(err)
	}
	if !cfg.Disabled["AC5001"] || cfg.Disabled["AC5003"] || cfg.Severity["AC1002"] != lint.Warning || len(cfg.Severity) != len(mustSelect(t, "AC1*")) {
		t.Errorf("ordered rules: %+v", cfg)
	}
}

func mustSelect(t *testing.T, sel string) []*lint.Rule {
	rs, err := lint.Select(sel)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestSelectRules checks --only, --disable, --enable and --severity.
func TestSelectRules(t *testing.T) {
	var cfg lint.Config
	if err := selectRules(&cfg, []string{"risk", "AC1002"}, []string{"AC50*"}, []string{"AC5003"}, []string{"AC5003=error", "AC1*=info"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range lint.Rules() {
		on := r.ID == "AC1002" || r.ID == "AC5003" || strings.HasPrefix(r.ID, "AC5") && !strings.HasPrefix(r.ID, "AC50")
		if cfg.Disabled[r.ID] == on {
			t.Errorf("%s: disabled %v", r.ID, cfg.Disabled[r.ID])
		}
	}
	if cfg.Severity["AC5003"] != lint.Error || cfg.Severity["AC1002"] != lint.Info {
		t.Errorf("severities %v", cfg.Severity)
	}
	for _, bad := range [][]string{{"AC5003"}, {"AC5003=loud"}, {"nosuch=error"}} {
		if err := selectRules(&lint.Config{}, nil, nil, nil, bad); err == nil {
			t.Errorf("--severity %v accepted", bad)
		}
	}
}

// TestConfigSchema validates the example of docs/config.md against
// docs/schema/config.json, checks that the schema names exactly the
// settings loadConfig knows, and that it rejects a misspelt setting.
func TestConfigSchema(t *testing.T) {
	doc, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "```yaml\n")
	example, _, _ := strings.Cut(rest, "```")
	fc, err := loadConfig(writeTestFile(t, t.TempDir(), ".aclcheck.yaml", example))
	if err != nil {
		t.Fatalf("docs/config.md example: %v", err)
	}
	if len(fc.Rules) != 5 || len(fc.Ignore) != 1 {
		t.Errorf("example read as %+v", fc)
	}
	sch := schemas(t)["config"]
	var v any
	if err := yaml.Unmarshal([]byte(example), &v); err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("docs/config.md example does not validate: %#v", err)
	}
	raw, err := os.ReadFile("../../docs/schema/config.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(s.Properties, configKeys, func(any, yaml.Kind) bool { return true }) {
		t.Errorf("schema settings %v, loadConfig knows %v", slices.Sorted(maps.Keys(s.Properties)), slices.Sorted(maps.Keys(configKeys)))
	}
	for _, bad := range []string{"servce: redis\n", "rules:\n  AC5001: loud\n", "only: [rsik]\n", "ignore:\n- file: a\n  rules: [AC5001]\n"} {
		var v any
		yaml.Unmarshal([]byte(bad), &v)
		if err := sch.Validate(v); err == nil {
			t.Errorf("schema accepts %q", bad)
		}
	}
}
