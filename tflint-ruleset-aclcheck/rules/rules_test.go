package rules

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/helper"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
	"github.com/zclconf/go-cty/cty"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// check runs every rule of rs on files as tflint does and returns the
// test runner with the issues and fixes.
func check(t *testing.T, rs *RuleSet, files map[string]string) *helper.Runner {
	t.Helper()
	hr := helper.TestRunner(t, files)
	runner, err := rs.NewRunner(hr)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs.Rules {
		if err := r.Check(runner); err != nil {
			t.Fatal(err)
		}
	}
	return hr
}

func fixture(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile("../testdata/module/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"main.tf": string(src)}
}

// TestPositions checks the exact ranges in main.tf of findings that
// depend on how the plugin places a string: after plain text, after
// escaped quotes (\"), after an interpolation, in a heredoc, in a list
// element, a reference and a block; a value from a variable is placed at
// the expression, and an unknown one is only reported as not checked
// (AC9003). (Which rules fire is TestSameAsLint's business.)
func TestPositions(t *testing.T) {
	hr := check(t, NewRuleSet(), fixture(t))
	got := map[string]bool{}
	var all []string
	for _, is := range hr.Issues {
		r := is.Range
		k := fmt.Sprintf("%d:%d-%d:%d %s", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column, is.Rule.Name())
		got[k] = true
		all = append(all, k)
		if r.Start.Line >= 52 && r.Start.Line <= 58 && is.Rule.Name() != "AC9003" {
			t.Errorf("%s: a finding on the user whose access string is unknown", k)
		}
	}
	for _, want := range []string{
		"22:48-22:63 AC2001", // >hunter2hunter2
		"22:64-22:75 AC2004", // +config|get
		"24:13-24:33 AC4005", // no-password-required, inside its quotes
		"32:47-32:52 AC6001", // +keys, after the escaped quotes
		"40:51-40:60 AC5003", // +flushall, after ${var.prefix}
		"48:19-48:19 AC5003", // var.reader_access
		"60:1-60:44 AC4008",  // the group's block
		"63:54-63:89 AC4012", // aws_elasticache_user.reader.user_id
		"69:11-69:16 AC5001", // +@all in the heredoc
		"73:18-73:25 AC4004", // "short" in the list
		"56:19-56:36 AC9003", // var.secret_access has no value
		"94:75-94:83 AC5003", // +flushdb
	} {
		if !got[want] {
			t.Errorf("no %s; the issues:\n%s", want, strings.Join(all, "\n"))
		}
	}
}

// TestSameAsLint checks that the plugin reports what aclcheck lint
// reports on terraform show -json output of the same resources, for the
// same engine: the same rules, severities and messages.
func TestSameAsLint(t *testing.T) {
	hr := check(t, NewRuleSet(), fixture(t))
	var got []string
	for _, is := range hr.Issues {
		if is.Rule.Name() == "AC9003" {
			continue // unknown values: the plan knows them
		}
		got = append(got, is.Rule.Name()+" "+is.Rule.Severity().String()+" "+is.Message)
	}
	var want []string
	for _, svc := range []input.Service{input.ElastiCache, input.MemoryDB} {
		name := "../testdata/plan-" + svc.String() + ".json"
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in, err := input.Read(name, string(src), input.Terraform, svc)
		if err != nil {
			t.Fatal(err)
		}
		// The engine the plugin chooses for Terraform source: the first
		// user's engine attribute.
		tf := *in
		tf.Format = input.TerraformSource
		engine := lint.InputEngine(&tf, svc)
		if engine == "" {
			engine = lint.DefaultEngine(svc)
		}
		target, err := lint.NewTarget(svc.String(), engine)
		if err != nil {
			t.Fatal(err)
		}
		l, err := lint.New(lint.Config{Target: target})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range l.Lint(in) {
			want = append(want, d.RuleID+" "+severity(d.Severity).String()+" "+d.Message())
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("plugin:\n%s\naclcheck lint of the plan:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// elastiCacheUser is an aws_elasticache_user resource "a" (line 1) whose
// access_string (line 5, column 19) is the expression access.
func elastiCacheUser(access string) string {
	return `resource "aws_elasticache_user" "a" {
  user_id       = "a"
  user_name     = "a"
  engine        = "redis"
  access_string = ` + access + `
  passwords     = ["a-long-enough-password-1"]
}
`
}

// TestFix checks that tflint --fix writes lint's fixes into quoted
// strings at the right bytes (after escapes), and leaves heredocs alone.
// AC2001 removes the password and its space, AC2004 the word (lint's edit
// keeps the space before it); AC3002's rewrite of the whole string
// overlaps them and is not applied in the same pass.
func TestFix(t *testing.T) {
	files := map[string]string{"main.tf": elastiCacheUser(`"on ~\"a\" >hunter2hunter2 +get +config|get"`) + `
resource "aws_memorydb_user" "b" {
  user_name     = "b"
  access_string = <<EOT
on ~b >hunter2hunter2 +get
EOT
}
`}
	hr := check(t, NewRuleSet(), files)
	got := string(hr.Changes()["main.tf"])
	wantLine := `  access_string = "on ~\"a\" +get "`
	if !strings.Contains(got, "\n"+wantLine+"\n") || !strings.Contains(got, "\non ~b >hunter2hunter2 +get\n") {
		t.Errorf("fixed file:\n%s\nwant the line %s and the heredoc unchanged", got, wantLine)
	}
}

// TestEngine checks the plugin block's engine: redis-6.2 has no
// selectors, and an unknown engine is refused.
func TestEngine(t *testing.T) {
	files := map[string]string{"main.tf": elastiCacheUser(`"on ~a +get (~b +set)"`)}
	engine := func(e string) *hclext.BodyContent {
		return &hclext.BodyContent{Attributes: hclext.Attributes{"engine": {Name: "engine",
			Expr: hcl.StaticExpr(cty.StringVal(e), hcl.Range{})}}}
	}
	rs := NewRuleSet()
	if err := rs.ApplyConfig(engine("redis-6.2")); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, is := range check(t, rs, files).Issues {
		if is.Rule.Name() == "AC1004" && is.Range.Start.Line == 5 && is.Range.Start.Column == 31 {
			found = true
		}
	}
	if !found {
		t.Error("no AC1004 for a selector on redis-6.2 at 5:31")
	}
	for _, is := range check(t, NewRuleSet(), files).Issues {
		if is.Rule.Name() == "AC1004" {
			t.Errorf("AC1004 on the default engine: %s", is.Message)
		}
	}
	if err := rs.ApplyConfig(engine("redis-9.9")); err == nil || !strings.Contains(err.Error(), `engine "redis-9.9"`) {
		t.Errorf("engine redis-9.9: %v", err)
	}
}

// TestRuleSet checks that every aclcheck rule is a tflint rule of the same
// ID and default severity.
func TestRuleSet(t *testing.T) {
	rs := NewRuleSet()
	if len(rs.Rules) != len(lint.Rules()) || len(rs.Rules) == 0 {
		t.Fatalf("%d rules, aclcheck has %d", len(rs.Rules), len(lint.Rules()))
	}
	for i, r := range lint.Rules() {
		tr := rs.Rules[i]
		if tr.Name() != r.ID || tr.Severity() != severity(r.Severity) || !tr.Enabled() ||
			tr.Link() != "https://github.com/aclcheck/aclcheck/blob/main/docs/rules.md#"+strings.ToLower(r.ID) {
			t.Errorf("rule %d: %s %s %v %s", i, tr.Name(), tr.Severity(), tr.Enabled(), tr.Link())
		}
	}
	var _ tflint.RuleSet = rs
}
