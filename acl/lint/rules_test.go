package lint

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl/lint/input"
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
