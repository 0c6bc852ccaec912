package lint

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
)

var update = flag.Bool("update", false, "rewrite golden files")

// exampleInput turns a rule's Bad or Good text into an input: API-shaped
// YAML for resource rules, lines of access strings otherwise.
func exampleInput(t *testing.T, r *Rule, name, text string, target Target) *Input {
	t.Helper()
	if r.Scope == ScopeResource {
		in, err := Read(name, text, FormatAPI, target.Service)
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	if onlySpaces(text) {
		return &Input{Filename: name, Content: text, Strings: []*Source{{Text: text, Start: linePos(name)}}}
	}
	return ReadText(name, text)
}

func linePos(name string) acl.Pos { return acl.Pos{Filename: name, Line: 1, Column: 1} }

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func lintExample(t *testing.T, r *Rule, name, text string) (Diagnostics, *Input) {
	t.Helper()
	target, err := ParseTarget(r.Example)
	if err != nil {
		t.Fatalf("%s: Example: %v", r.ID, err)
	}
	l, err := New(Config{Target: target})
	if err != nil {
		t.Fatal(err)
	}
	in := exampleInput(t, r, name, text, target)
	return l.Lint(in), in
}

func has(ds Diagnostics, id string) bool {
	for _, d := range ds {
		if d.RuleID == id {
			return true
		}
	}
	return false
}

// TestRuleGolden runs every rule's Bad example (which must trigger it; its
// whole output is compared with testdata/rules/ID.golden) and its Good
// example (which must not).
func TestRuleGolden(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			t.Run("bad", func(t *testing.T) {
				ds, in := lintExample(t, r, r.ID+".bad", r.Bad)
				if !has(ds, r.ID) {
					t.Errorf("Bad example %q does not trigger %s; got:\n%s", r.Bad, r.ID, text(ds, in))
				}
				golden(t, "rules/"+r.ID+".golden", []byte(text(ds, in)))
			})
			t.Run("good", func(t *testing.T) {
				ds, in := lintExample(t, r, r.ID+".good", r.Good)
				if has(ds, r.ID) {
					t.Errorf("Good example %q triggers %s:\n%s", r.Good, r.ID, text(ds, in))
				}
			})
		})
	}
}

func text(ds Diagnostics, in *Input) string {
	var b bytes.Buffer
	if err := WriteText(&b, ds, []*Input{in}, TextOptions{}); err != nil {
		panic(err)
	}
	return b.String()
}

// TestRuleAC4011 checks the account limits with generated inputs.
func TestRuleAC4011(t *testing.T) {
	var b strings.Builder
	b.WriteString("UserGroups:\n")
	for i := 0; i < 101; i++ {
		fmt.Fprintf(&b, "  - {UserGroupId: g%d, Engine: valkey, UserIds: [u1]}\n", i)
	}
	target, _ := ParseTarget("elasticache/valkey-8.0")
	l, _ := New(Config{Target: target})
	in, err := Read("groups.yaml", b.String(), FormatAPI, ElastiCache)
	if err != nil {
		t.Fatal(err)
	}
	ds := l.Lint(in)
	if !has(ds, "AC4011") {
		t.Fatalf("101 groups: no AC4011:\n%s", text(ds, in))
	}
	in.Groups = in.Groups[:100]
	if ds := l.Lint(in); has(ds, "AC4011") {
		t.Fatalf("100 groups: AC4011 reported")
	}
}

// TestRuleDocs checks that every rule is documented as the style asks.
func TestRuleDocs(t *testing.T) {
	for _, r := range Rules() {
		if r.Title == "" || r.Doc == "" || r.Example == "" {
			t.Errorf("%s: missing Title, Doc or Example", r.ID)
		}
		if strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title %q should have no final period", r.ID, r.Title)
		}
	}
}

// TestRuleAC6001CoveredKeys checks which key patterns AC6001 reports as
// covered by another pattern of the same selector.
func TestRuleAC6001CoveredKeys(t *testing.T) {
	target, _ := ParseTarget("elasticache/valkey-8.0")
	l, _ := New(Config{Target: target})
	for access, want := range map[string][]string{
		"on ~app:* ~app:1 +get":               {"`~app:1` is covered by `~app:*`"},
		"on ~app:* ~app:x:* +get":             {"`~app:x:*` is covered by `~app:*`"},
		"on %R~app:* ~app:1 +get":             nil,
		"on ~app:* %R~app:1 +get":             {"`%R~app:1` is covered by `~app:*`"},
		"on ~a?c ~abc +get":                   {"`~abc` is covered by `~a?c`"},
		"on ~ap[p]:* ~app:x* +get":            nil,
		"on ~app* ~app ~ap* +get":             {"`~app*` is covered by `~ap*`", "`~app` is covered by `~app*`"},
		`on ~a\* ~a\*b ~b* ~b?c +get`:         nil,
		"on ~* ~app:1 +get":                   nil,
		"on ~x:* (~x:1 +get) ~y:1 -@all +get": nil,
		"on (~x:* ~x:1 +get)":                 {"`~x:1` is covered by `~x:*`"},
	} {
		var got []string
		for _, d := range l.Validate(access) {
			if d.RuleID == "AC6001" && strings.Contains(d.Summary, "is covered by") {
				got = append(got, d.Summary)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %q, want %q", access, got, want)
		}
	}
}
