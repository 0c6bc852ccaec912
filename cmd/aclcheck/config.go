package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/bmatcuk/doublestar/v4"
	yaml "go.yaml.in/yaml/v3"
)

// configFileName is the name of the configuration file aclcheck lint looks
// for in the working directory and its parents.
const configFileName = ".aclcheck.yaml"

// fileConfig is the content of a .aclcheck.yaml file. Its keys mirror the
// flags of aclcheck lint:
//
//	service: elasticache          # --service
//	engine: redis-7.1             # --engine
//	fail-on: warning              # --fail-on
//	format: text                  # --format
//	input-format: auto            # --input-format
//	rules:
//	  AC3002: off                 # disable a rule
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
	Rules       map[string]string `yaml:"rules"`
	Ignore      []ignoreEntry     `yaml:"ignore"`
	// Path is the file the configuration was read from.
	Path string `yaml:"-"`
}

// findConfig looks for configFileName in dir and its parents and returns
// its path, or "" when there is none.
func findConfig(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, configFileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadConfig reads and checks a configuration file; an empty file is an
// empty configuration.
func loadConfig(path string) (*fileConfig, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var fc fileConfig
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	fc.Path = path
	if err := fc.applyRules(&lint.Config{}); err != nil {
		return nil, err
	}
	for i, e := range fc.Ignore {
		switch {
		case e.File == "":
			return nil, fmt.Errorf("%s: ignore[%d]: no file", path, i)
		case len(e.Rules) == 0:
			return nil, fmt.Errorf("%s: ignore[%d]: no rules", path, i)
		case strings.TrimSpace(e.Reason) == "":
			return nil, fmt.Errorf("%s: ignore[%d]: no reason (say why the finding is acceptable)", path, i)
		case !doublestar.ValidatePattern(e.File):
			return nil, fmt.Errorf("%s: ignore[%d]: bad file pattern %q", path, i, e.File)
		}
		for _, id := range e.Rules {
			if lint.Lookup(id) == nil {
				return nil, fmt.Errorf("%s: ignore[%d]: unknown rule %q", path, i, id)
			}
		}
	}
	return &fc, nil
}

// applyRules applies the rules section to cfg (see [setRule]).
func (fc *fileConfig) applyRules(cfg *lint.Config) error {
	for id, v := range fc.Rules {
		if err := setRule(cfg, strings.ToUpper(id), v); err != nil {
			return fmt.Errorf("%s: %w", fc.Path, err)
		}
	}
	return nil
}

// setRule sets rule id in cfg to v: "off" (or "false", "disable") disables
// it, "on" enables it, a severity overrides its own.
func setRule(cfg *lint.Config, id, v string) error {
	if lint.Lookup(id) == nil {
		return fmt.Errorf("unknown rule %q", id)
	}
	id = strings.ToUpper(id)
	switch strings.ToLower(v) {
	case "off", "false", "disable", "disabled":
		if cfg.Disabled == nil {
			cfg.Disabled = map[string]bool{}
		}
		cfg.Disabled[id] = true
	case "on", "true", "enable", "enabled":
		delete(cfg.Disabled, id)
	default:
		s, err := lint.ParseSeverity(v)
		if err != nil {
			return fmt.Errorf("rule %s: %w", id, err)
		}
		if cfg.Severity == nil {
			cfg.Severity = map[string]lint.Severity{}
		}
		cfg.Severity[id] = s
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
