package lint

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

func text(ds Diagnostics, in *input.Input) string {
	var b bytes.Buffer
	if err := WriteText(&b, ds, []*input.Input{in}, TextOptions{}); err != nil {
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
