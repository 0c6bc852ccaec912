// Package rules is the tflint rule set of aclcheck: one tflint rule per
// aclcheck lint rule, all fed by a single lint of the module's
// ElastiCache and MemoryDB resources.
package rules

import (
	"fmt"
	"runtime/debug"

	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/aclcheck/aclcheck/acl/lint"
)

// Config is the plugin block of .tflint.hcl beyond enabled, version and
// source.
type Config struct {
	// Engine is the engine checked ("valkey-8.0", "redis-7.1"), as
	// aclcheck lint --engine. By default it is the one aclcheck lint
	// chooses: from the engine attribute of the service's first user
	// (redis: redis-7.1), else valkey-8.0 for ElastiCache and valkey-7.2
	// for MemoryDB.
	Engine string `hclext:"engine,optional"`
}

// RuleSet is the aclcheck rule set.
type RuleSet struct {
	tflint.BuiltinRuleSet
	config Config
}

// NewRuleSet returns the rule set with a rule for each aclcheck lint rule.
func NewRuleSet() *RuleSet {
	rs := &RuleSet{}
	rs.Name = "aclcheck"
	rs.Version = version()
	for _, r := range lint.Rules() {
		rs.Rules = append(rs.Rules, &Rule{lint: r, set: rs})
	}
	return rs
}

// version is the module version of the plugin binary.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "0.0.0-devel"
}

// ConfigSchema is the schema of the plugin block.
func (rs *RuleSet) ConfigSchema() *hclext.BodySchema {
	return hclext.ImpliedBodySchema(&Config{})
}

// ApplyConfig reads the plugin block.
func (rs *RuleSet) ApplyConfig(body *hclext.BodyContent) error {
	var c Config
	if diags := hclext.DecodeBody(body, nil, &c); diags.HasErrors() {
		return diags
	}
	if c.Engine != "" {
		if _, err := lint.NewTarget("elasticache", c.Engine); err != nil {
			return fmt.Errorf("aclcheck plugin: %w", err)
		}
	}
	rs.config = c
	return nil
}

// NewRunner wraps tflint's runner so that the module is linted once for
// all rules.
func (rs *RuleSet) NewRunner(runner tflint.Runner) (tflint.Runner, error) {
	return &cachedRunner{Runner: runner}, nil
}

// cachedRunner keeps the lint of one check of a module until a fix
// changes the files.
type cachedRunner struct {
	tflint.Runner
	res *result
}

// lint returns the lint of the module the runner checks.
func (rs *RuleSet) lint(runner tflint.Runner) (*result, error) {
	c, ok := runner.(*cachedRunner)
	if ok && c.res != nil {
		return c.res, nil
	}
	res, err := lintModule(runner, rs.config, rs.disabled())
	if err == nil && ok {
		c.res = res
	}
	return res, err
}

// changed marks the cached diagnostics stale: a fix moved the text.
func changed(runner tflint.Runner) {
	if c, ok := runner.(*cachedRunner); ok {
		c.res = nil
	}
}

// disabled returns the IDs of the rules tflint does not run.
func (rs *RuleSet) disabled() map[string]bool {
	if rs.EnabledRules == nil {
		return nil // not configured (tests): all rules
	}
	off := map[string]bool{}
	for _, r := range rs.Rules {
		off[r.Name()] = true
	}
	for _, r := range rs.EnabledRules {
		delete(off, r.Name())
	}
	return off
}
