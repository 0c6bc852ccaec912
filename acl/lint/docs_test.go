package lint

import (
	"os"
	"strings"
	"testing"
)

// TestRuleDocsUpToDate checks that docs/rules.md is what go generate
// writes, and that it lists every rule.
func TestRuleDocsUpToDate(t *testing.T) {
	want := Markdown()
	if *update {
		if err := os.WriteFile("../../docs/rules.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("docs/rules.md is out of date: run go generate ./acl/lint (or go test ./acl/lint -update)")
	}
	for _, r := range Rules() {
		if !strings.Contains(want, "\n## "+r.ID+"\n") {
			t.Errorf("%s is not documented", r.ID)
		}
	}
}
