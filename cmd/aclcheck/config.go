package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/bmatcuk/doublestar/v4"
	yaml "go.yaml.in/yaml/v3"
)

// configFileNames are the names of the configuration file aclcheck lint
// looks for in the working directory and its parents, the first found in
// the nearest directory winning.
var configFileNames = []string{".aclcheck.yaml", ".aclcheck.yml"}

// fileConfig is the content of a .aclcheck.yaml file (docs/config.md,
// schema docs/schema/config.json). Its keys mirror the flags of aclcheck
// lint:
//
//	service: elasticache          # --service
//	engine: redis-7.1             # --engine
//	fail-on: warning              # --fail-on
//	format: text                  # --format
//	input-format: auto            # --input-format
//	only: [aws, AC1*]             # --only: run only these rules
//	rules:                        # in order; a key is an ID, a glob or a category
//	  AC3002: off                 # disable a rule
//	  risk: warning               # change the severity of a category
//	  AC5003: error               # change its severity
//	  AC5001: on                  # enable it (with its default severity)
//	ignore:                       # suppressions for ACL files (no comments there)
//	  - file: deploy/users.acl    # path or glob, from this file's directory or as given
//	    user: admin               # the user's line; without it, the whole file
//	    rules: [AC5001]
//	    reason: break-glass administrator, password in the vault
type fileConfig struct {
	Service     string            `yaml:"service"`
	Engine      string            `yaml:"engine"`
	FailOn      string            `yaml:"fail-on"`
	Format      string            `yaml:"format"`
	InputFormat string            `yaml:"input-format"`
	Only        []string          `yaml:"only"`
	Rules       map[string]string `yaml:"rules"`
	Ignore      []ignoreEntry     `yaml:"ignore"`
	// Path is the file the configuration was read from.
	Path string `yaml:"-"`
	// order holds the keys of Rules in the order of the file.
	order []string
}

// findConfig looks for configFileName in dir and its parents and returns
// its path, or "" when there is none.
func findConfig(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, name := range configFileNames {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadConfig reads and checks a configuration file; an empty file is an
// empty configuration. Errors name the file and line, and suggest the
// nearest known name.
func loadConfig(path string) (*fileConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fc := &fileConfig{Path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			return nil, fmt.Errorf("%s:%s: %s", path, m[1], m[2])
		}
		return nil, fmt.Errorf("%s: %s", path, msg)
	}
	if len(doc.Content) == 0 {
		return fc, nil
	}
	if err := fc.check(doc.Content[0]); err != nil {
		return nil, err
	}
	if err := doc.Content[0].Decode(fc); err != nil { // the shapes are checked
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := fc.applyRules(&lint.Config{}); err != nil {
		return nil, err
	}
	return fc, nil
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// configKeys are the settings of the file, with the kind of value each
// takes.
var configKeys = map[string]yaml.Kind{
	"service": yaml.ScalarNode, "engine": yaml.ScalarNode, "fail-on": yaml.ScalarNode,
	"format": yaml.ScalarNode, "input-format": yaml.ScalarNode,
	"only": yaml.SequenceNode, "rules": yaml.MappingNode, "ignore": yaml.SequenceNode,
}

// configValues are the values the enumerated settings take: those of the
// flags.
var configValues = map[string][]string{
	"service":      {"redis", "valkey", "elasticache", "elasticache-serverless", "memorydb"},
	"fail-on":      {"error", "warning", "info"},
	"format":       {"text", "json", "sarif", "github", "checkstyle"},
	"input-format": input.FormatNames(),
}

var kindNames = map[yaml.Kind]string{yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}

// check reports the first setting of the file that is unknown or of the
// wrong shape, at its line.
func (fc *fileConfig) check(root *yaml.Node) error {
	at := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", fc.Path, n.Line, fmt.Sprintf(format, args...))
	}
	if root.Kind != yaml.MappingNode {
		return at(root, "want a mapping of settings (service:, rules:, …)")
	}
	names := slices.Sorted(maps.Keys(configKeys))
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		want, ok := configKeys[k.Value]
		if !ok {
			return at(k, "unknown setting %q%s", k.Value, lint.DidYouMean(k.Value, names))
		}
		if v.Kind != want && !(v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
			return at(v, "%s: want %s", k.Value, kindNames[want])
		}
		if vals := configValues[k.Value]; vals != nil && !slices.Contains(vals, strings.ToLower(v.Value)) {
			return at(v, "%s: unknown value %q (want %s)%s", k.Value, v.Value, strings.Join(vals, ", "), lint.DidYouMean(v.Value, vals))
		}
		switch k.Value {
		case "only":
			for _, e := range v.Content {
				if _, err := lint.Select(e.Value); e.Kind != yaml.ScalarNode || err != nil {
					return at(e, "only: %v", err)
				}
			}
		case "rules":
			for j := 0; j+1 < len(v.Content); j += 2 {
				rk, rv := v.Content[j], v.Content[j+1]
				if rv.Kind != yaml.ScalarNode {
					return at(rv, "rules: %s: want on, off or a severity", rk.Value)
				}
				if err := setRule(&lint.Config{}, rk.Value, rv.Value); err != nil {
					return at(rk, "rules: %v", err)
				}
				fc.order = append(fc.order, rk.Value)
			}
		case "ignore":
			if err := fc.checkIgnores(v, at); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkIgnores checks the entries of ignore:.
func (fc *fileConfig) checkIgnores(v *yaml.Node, at func(*yaml.Node, string, ...any) error) error {
	fields := []string{"file", "user", "rules", "reason"}
	for i, e := range v.Content {
		if e.Kind != yaml.MappingNode {
			return at(e, "ignore[%d]: want a mapping (file:, user:, rules:, reason:)", i)
		}
		has := map[string]bool{}
		for j := 0; j+1 < len(e.Content); j += 2 {
			k, val := e.Content[j], e.Content[j+1]
			if !slices.Contains(fields, k.Value) {
				return at(k, "ignore[%d]: unknown field %q%s", i, k.Value, lint.DidYouMean(k.Value, fields))
			}
			has[k.Value] = true
			switch {
			case k.Value == "rules" && val.Kind != yaml.SequenceNode:
				return at(val, "ignore[%d]: rules: want a list of rule IDs", i)
			case k.Value == "rules":
				for _, id := range val.Content {
					if lint.Lookup(id.Value) == nil {
						return at(id, "ignore[%d]: unknown rule %q%s", i, id.Value, lint.DidYouMean(id.Value, ruleIDs()))
					}
				}
			case val.Kind != yaml.ScalarNode:
				return at(val, "ignore[%d]: %s: want a single value", i, k.Value)
			case k.Value == "reason" && strings.TrimSpace(val.Value) == "":
				has["reason"] = false
			case k.Value == "file" && !doublestar.ValidatePattern(val.Value):
				return at(val, "ignore[%d]: bad file pattern %q", i, val.Value)
			}
		}
		switch {
		case !has["file"]:
			return at(e, "ignore[%d]: no file", i)
		case !has["rules"]:
			return at(e, "ignore[%d]: no rules", i)
		case !has["reason"]:
			return at(e, "ignore[%d]: no reason (say why the finding is acceptable)", i)
		}
	}
	return nil
}

// ruleIDs returns the IDs of every rule.
func ruleIDs() []string {
	var ids []string
	for _, r := range lint.Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// applyRules applies the rules section to cfg in the order of the file
// (see [setRule]).
func (fc *fileConfig) applyRules(cfg *lint.Config) error {
	order := fc.order
	if len(order) != len(fc.Rules) { // not read from a file
		order = slices.Sorted(maps.Keys(fc.Rules))
	}
	for _, sel := range order {
		if err := setRule(cfg, sel, fc.Rules[sel]); err != nil {
			return fmt.Errorf("%s: %w", fc.Path, err)
		}
	}
	return nil
}

// setRule sets the rules a selector names ([lint.Select]: an ID, a glob or
// a category) in cfg to v: "off" (or "false", "disable") disables them,
// "on" enables them, a severity overrides their own.
func setRule(cfg *lint.Config, selector, v string) error {
	rules, err := lint.Select(selector)
	if err != nil {
		return err
	}
	var sev lint.Severity
	switch strings.ToLower(v) {
	case "off", "false", "disable", "disabled", "on", "true", "enable", "enabled":
	default:
		if sev, err = lint.ParseSeverity(v); err != nil {
			return fmt.Errorf("rule %s: %q is not on, off or a severity (error, warning, info)", strings.ToUpper(selector), v)
		}
	}
	for _, r := range rules {
		switch strings.ToLower(v) {
		case "off", "false", "disable", "disabled":
			if cfg.Disabled == nil {
				cfg.Disabled = map[string]bool{}
			}
			cfg.Disabled[r.ID] = true
		case "on", "true", "enable", "enabled":
			delete(cfg.Disabled, r.ID)
		default:
			if cfg.Severity == nil {
				cfg.Severity = map[string]lint.Severity{}
			}
			cfg.Severity[r.ID] = sev
		}
	}
	return nil
}

// ignoreEntry is a suppression of the configuration file: the rules are
// silenced on the line of user in the files that match File, or in the
// whole files when User is empty. It is how ACL files get suppressions:
// the server refuses comment lines in them.
type ignoreEntry struct {
	File   string   `yaml:"file"`
	User   string   `yaml:"user"`
	Rules  []string `yaml:"rules"`
	Reason string   `yaml:"reason"`
}

// matches reports whether the entry's file pattern matches the input named
// name: as given, or relative to dir (the configuration file's
// directory).
func (e ignoreEntry) matches(dir, name string) bool {
	if ok, _ := doublestar.Match(e.File, filepath.ToSlash(filepath.Clean(name))); ok {
		return true
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return false
	}
	ok, _ := doublestar.Match(e.File, filepath.ToSlash(rel))
	return ok
}

// applyIgnores adds the configuration's suppressions to the inputs:
// directives on users' lines (so that unused ones are reported), and the
// whole-file ones returned as a filter of diagnostics. An entry whose user
// is in none of the files it matches is a note.
func (fc *fileConfig) applyIgnores(inputs []*input.Input) (keep func(lint.Diagnostic) bool, notices []lint.Notice) {
	dir := filepath.Dir(fc.Path)
	type fileRule struct{ file, id string }
	whole := map[fileRule]bool{}
	for i, e := range fc.Ignore {
		found := false
		for _, in := range inputs {
			if !e.matches(dir, in.Filename) {
				continue
			}
			if e.User == "" {
				for _, id := range e.Rules {
					whole[fileRule{in.Filename, strings.ToUpper(id)}] = true
				}
				found = true
				continue
			}
			found = in.IgnoreUser(e.User, e.Rules, e.Reason) || found
		}
		if !found && e.User != "" {
			notices = append(notices, lint.Notice{Filename: fc.Path, Message: fmt.Sprintf("ignore[%d]: no user %q in the files linted that match %q", i, e.User, e.File)})
		}
	}
	return func(d lint.Diagnostic) bool { return !whole[fileRule{d.Subject.Start.Filename, d.RuleID}] }, notices
}
