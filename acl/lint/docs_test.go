package lint

import (
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/internal/testutil"
)

// TestRuleDocsUpToDate checks that docs/rules.md is what go generate
// writes, and that it lists every rule.
func TestRuleDocsUpToDate(t *testing.T) {
	want := Markdown()
	testutil.Golden(t, "../../docs/rules.md", []byte(want)) // go generate ./acl/lint writes it too
	for _, r := range Rules() {
		if !strings.Contains(want, "\n## "+r.ID+"\n") {
			t.Errorf("%s is not documented", r.ID)
		}
	}
}
