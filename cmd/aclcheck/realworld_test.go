package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/permdiff"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// The precision test: every real access string and file of
// ../shared/realworld linted for the target its source hints at, compared
// with golden files reviewed by hand (testdata/realworld; rewrite them with
// -update and review the diff line by line). It also applies all the fixes
// suggested for each string at once and checks that they remove only what
// they mean to remove.

// realworldDir returns ../shared/realworld, or skips (fails with CI=true)
// where it is absent.
func realworldDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "realworld")
	if _, err := os.Stat(filepath.Join(dir, "strings.jsonl")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the real-world corpus is missing: %v", err)
		}
		t.Skipf("no real-world corpus (%v): skipping the precision test", err)
	}
	return dir
}

// realString is one record of strings.jsonl.
type realString struct {
	Access      string `json:"access"`
	Source      string `json:"source"`
	Kind        string `json:"kind"`
	Service     string `json:"service_hint"`
	Engine      string `json:"engine_hint"`
	Serverless  bool   `json:"serverless"`
	LiveVerdict string `json:"live_redis_7_0_15"`
}

func (r realString) service() string {
	if r.Serverless {
		return "elasticache-serverless"
	}
	return r.Service
}

// jsonDiag is a diagnostic of lint --format json.
type jsonDiag struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Summary   string `json:"summary"`
	Detail    string `json:"detail"`
	Fixes     []struct {
		Message string `json:"message"`
		Edits   []struct {
			Range struct {
				Start, End acl.Pos
			} `json:"range"`
			NewText string `json:"new_text"`
		} `json:"edits"`
	} `json:"fixes"`
}

// lintJSON runs aclcheck lint --format json with args.
func lintJSON(t *testing.T, args ...string) []jsonDiag {
	t.Helper()
	code, out, stderr := runLint(t, "", append([]string{"--format", "json"}, args...)...)
	if code == exitUsage {
		t.Fatalf("lint %q: exit 2: %s", args, stderr)
	}
	var res struct {
		Diagnostics []jsonDiag `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("lint %q: %v\n%s", args, err, out)
	}
	return res.Diagnostics
}

// writeDiag renders d for a golden file: position, severity, rule,
// summary, then the detail and the fixes indented.
func writeDiag(b *strings.Builder, d jsonDiag) {
	pos := fmt.Sprintf("%d:%d-%d", d.Line, d.Column, d.EndColumn)
	if d.EndLine != d.Line {
		pos = fmt.Sprintf("%d:%d-%d:%d", d.Line, d.Column, d.EndLine, d.EndColumn)
	}
	fmt.Fprintf(b, "  %s %s %s %s\n", pos, d.Severity, d.Rule, d.Summary)
	if d.Detail != "" {
		fmt.Fprintf(b, "      %s\n", d.Detail)
	}
	for _, f := range d.Fixes {
		fmt.Fprintf(b, "      fix: %s\n", f.Message)
	}
}

// redactedAccess shows an access string without its passwords, for the
// golden file's headings.
func redactedAccess(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if j := strings.IndexAny(w, "><#!"); j >= 0 && j <= 1 && len(w) > j+1 {
			words[i] = w[:j+1] + "<redacted>"
		}
	}
	return strings.Join(words, " ")
}

func TestRealWorldStrings(t *testing.T) {
	dir := realworldDir(t)
	f, err := os.Open(filepath.Join(dir, "strings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		var r realString
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("strings.jsonl:%d: %v", i+1, err)
		}
		target := r.service() + "/" + r.Engine
		ds := lintJSON(t, "--service", r.service(), "--engine", r.Engine, "--", r.Access)
		live := "accepted"
		if r.LiveVerdict != "OK" {
			live = "rejected"
		}
		fmt.Fprintf(&b, "## %d %s (%s, %s by Redis 7.0.15) %s\n  %s\n", i, target, r.Kind, live, r.Source, redactedAccess(r.Access))
		for _, d := range ds {
			counts[d.Rule]++
			writeDiag(&b, d)
		}
		if rel := checkFixes(t, i, r, ds); rel != "" {
			fmt.Fprintf(&b, "  all fixes applied: %s\n", rel)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b.WriteString("## findings by rule\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "  %s %d\n", id, counts[id])
	}
	testutil.Golden(t, filepath.Join("testdata", "realworld", "strings.golden"), []byte(b.String()))
}

// realFiles are the files of files/ with the target they are for; the
// Terraform sources name their own (service "" lints without --service and
// --engine).
var realFiles = []struct{ name, service, engine string }{
	{"h0riz4n-server-settings.users.acl", "redis", "redis-7.0"},
	{"jpwinans-the-loom.users.acl", "redis", "redis-7.0"},
	{"sk-quantfidential-trading.users.acl", "redis", "redis-7.0"},
	{"tofubytes-ola2.users.acl", "redis", "redis-7.0"},
	{"cfn-ec-metadata-template.json", "elasticache", "redis-7.1"},
	{"alopes2-serverless-url-shortener.cache.tf", "", ""},
	{"schoolos-valkey-elasticache.tf", "", ""},
}

func TestRealWorldFiles(t *testing.T) {
	dir := realworldDir(t)
	for _, rf := range realFiles {
		t.Run(rf.name, func(t *testing.T) {
			path := filepath.Join(dir, "files", rf.name)
			args := []string{"-f", path}
			target := "the target the file names"
			if rf.service != "" {
				args = append(args, "--service", rf.service, "--engine", rf.engine)
				target = rf.service + "/" + rf.engine
			}
			ds := lintJSON(t, args...)
			var b strings.Builder
			fmt.Fprintf(&b, "## %s %s\n", rf.name, target)
			for _, d := range ds {
				writeDiag(&b, d)
			}
			testutil.Golden(t, filepath.Join("testdata", "realworld", rf.name+".golden"), []byte(b.String()))
		})
	}
}

// fixMayRemove says, for the rules whose fixes are checked, which
// commands applying them may take away; nothing else may change. Rules
// not listed here have fixes that change more on purpose (AC3001 turns the
// user on, AC2002 replaces reset): their fixes are not checked.
var fixMayRemove = map[string]func(permdiff.Command) bool{
	// Removing words without effect, or writing the stored form: nothing.
	"AC6001": func(permdiff.Command) bool { return false },
	"AC3002": func(permdiff.Command) bool { return false },
	// Adding -@dangerous: @dangerous commands.
	"AC5002": func(c permdiff.Command) bool {
		return c.Command.Categories.Has(category.Dangerous) || c.Command.Parent != nil && c.Command.Parent.Categories.Has(category.Dangerous)
	},
}

// onlyLost reports whether d takes away only commands that may accepts
// and changes nothing else.
func onlyLost(d *permdiff.Diff, may func(permdiff.Command) bool) bool {
	if d.Enabled != nil || d.NoPass != nil || d.Passwords != nil || d.Sanitize != nil {
		return false
	}
	for _, s := range d.Selectors {
		if s.Future != nil || len(s.GainedCommands) > 0 || s.NumGained > 0 || len(s.GainedKeys) > 0 || len(s.LostKeys) > 0 ||
			len(s.GainedChannels) > 0 || len(s.LostChannels) > 0 || s.Old == "" || s.New == "" {
			return false
		}
		for _, c := range s.LostCommands {
			if !may(c) {
				return false
			}
		}
	}
	return true
}

// fixEdit is one edit of a suggested fix, in byte offsets of the access
// string.
type fixEdit struct {
	start, end int
	text, rule string
}

// checkFixes applies the fixes of ds to the access string, those of each
// rule on their own and then all of them (an edit that overlaps an earlier
// one is left out, as an editor would), compiles the results and checks
// each difference against what the rules' fixes may remove. It returns
// the relation of the string with all fixes applied, for the golden file,
// or "" when there is no fix.
func checkFixes(t *testing.T, i int, r realString, ds []jsonDiag) string {
	t.Helper()
	var all []fixEdit
	byRule := map[string][]fixEdit{}
	for _, d := range ds {
		for _, f := range d.Fixes {
			for _, e := range f.Edits {
				fe := fixEdit{e.Range.Start.Offset, e.Range.End.Offset, e.NewText, d.Rule}
				all = append(all, fe)
				byRule[d.Rule] = append(byRule[d.Rule], fe)
			}
		}
	}
	if len(all) == 0 {
		return ""
	}
	tg, err := lint.NewTarget(r.service(), r.Engine)
	if err != nil {
		t.Fatal(err)
	}
	table, err := tg.Table()
	if err != nil {
		t.Fatal(err)
	}
	old, err := compileForDiff(table, r.Access, tg)
	if err != nil {
		return "not compared: the string does not compile"
	}
	check := func(edits []fixEdit) string {
		fixed, rules, skipped := applyEdits(r.Access, edits)
		u, err := compileForDiff(table, fixed, tg)
		if err != nil {
			t.Errorf("string %d: the fixes of %v make it invalid: %v", i, rules, err)
			return "invalid"
		}
		d := permdiff.Compare(old, u)
		note := d.Relation().String()
		if skipped > 0 {
			note += fmt.Sprintf(" (%d overlapping edits left out)", skipped)
		}
		for _, rule := range rules {
			if fixMayRemove[rule] == nil {
				return note + " (not checked: the " + rule + " fix changes the user on purpose)"
			}
		}
		may := func(c permdiff.Command) bool {
			for _, rule := range rules {
				if fixMayRemove[rule](c) {
					return true
				}
			}
			return false
		}
		if !onlyLost(d, may) {
			t.Errorf("string %d: applying the fixes of %v changes more than they mean to (%s):\n%s", i, rules, note, strings.Join(d.Lines(), "\n"))
		}
		return note
	}
	for _, edits := range byRule {
		check(edits)
	}
	return check(all)
}

// applyEdits applies the edits in offset order, leaving out those that
// overlap an earlier one; it returns the result, the rules whose edits were
// applied and the number left out.
func applyEdits(s string, edits []fixEdit) (string, []string, int) {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b fixEdit) int { return a.start - b.start })
	var out strings.Builder
	var rules []string
	pos, skipped := 0, 0
	for _, e := range edits {
		if e.start < pos || e.end > len(s) || e.start > e.end {
			skipped++
			continue
		}
		out.WriteString(s[pos:e.start])
		out.WriteString(e.text)
		pos = e.end
		if !slices.Contains(rules, e.rule) {
			rules = append(rules, e.rule)
		}
	}
	out.WriteString(s[pos:])
	return out.String(), rules, skipped
}

// compileForDiff compiles access for permdiff; on AWS targets password
// rules are dropped first (the service rejects them; AC2001 reports them).
func compileForDiff(table *category.Table, access string, tg lint.Target) (*acl.User, error) {
	if tg.Service.IsAWS() {
		var words []string
		for _, w := range strings.Fields(access) {
			if strings.IndexByte("><#!", w[0]) < 0 {
				words = append(words, w)
			}
		}
		access = strings.Join(words, " ")
	}
	return compileUser("u", table, access)
}
