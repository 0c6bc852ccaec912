package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint"
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
type fileConfig struct {
	Service     string            `yaml:"service"`
	Engine      string            `yaml:"engine"`
	FailOn      string            `yaml:"fail-on"`
	Format      string            `yaml:"format"`
	InputFormat string            `yaml:"input-format"`
	Rules       map[string]string `yaml:"rules"`
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
