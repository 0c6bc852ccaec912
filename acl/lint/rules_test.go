package lint

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

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

func has(ds Diagnostics, id string) bool {
	for _, d := range ds {
		if d.RuleID == id {
			return true
		}
	}
	return false
}

func text(ds Diagnostics, in *Input) string {
	var b bytes.Buffer
	if err := WriteText(&b, ds, []*Input{in}, TextOptions{}); err != nil {
		panic(err)
	}
	return b.String()
}

// TestRuleDocs checks that every rule is documented as the style asks.
func TestRuleDocs(t *testing.T) {
	for _, r := range Rules() {
		if r.Title == "" || r.Doc == "" || r.ExampleTarget == "" {
			t.Errorf("%s: missing Title, Doc or ExampleTarget", r.ID)
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
