package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/internal/testutil"
)

// A fixture is a testdata/*.txtar archive: Terraform files, and the
// expected dump in its "want" section.
type fixture struct {
	path string
	ar   *txtar.Archive
}

// fixtures parses testdata/*.txtar.
func fixtures(tb testing.TB) []fixture {
	tb.Helper()
	paths, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(paths) == 0 {
		tb.Fatalf("testdata/*.txtar: %d files, %v", len(paths), err)
	}
	var out []fixture
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, fixture{p, ar})
	}
	return out
}

// TestFixtures reads each testdata/*.txtar (its top-level files, with the
// rest of the archive as the file tree for modules) and compares the dump
// with its "want" section.
func TestFixtures(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(strings.TrimSuffix(filepath.Base(fx.path), ".txtar"), func(t *testing.T) {
			ar := fx.ar
			fsys := fstest.MapFS{}
			var names []string
			wantAt := -1
			for i, f := range ar.Files {
				if f.Name == "want" {
					wantAt = i
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
				if !strings.Contains(f.Name, "/") {
					names = append(names, f.Name)
				}
			}
			res, err := ReadFiles(fsys, names...)
			require.NoError(t, err)
			checkBytes(t, res)
			got := dump(res)
			if *testutil.Update {
				if wantAt < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wantAt = len(ar.Files) - 1
				}
				ar.Files[wantAt].Data = []byte(got)
				require.NoError(t, os.WriteFile(fx.path, txtar.Format(ar), 0o644))
				return
			}
			require.GreaterOrEqual(t, wantAt, 0, "no want section; run with -update")
			assert.Equal(t, string(ar.Files[wantAt].Data), got)
		})
	}
}

// realWorld is the directory of real files, next to the repository.
const realWorld = "../../../../../shared/realworld/files"

// TestRealWorld reads the real .tf files of ../shared: each access string
// must be fully known, every byte must map to that byte in the file, and
// the dump must equal the golden file.
func TestRealWorld(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join(realWorld, "*.tf"))
	if len(names) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s has no .tf files (../shared is required with CI=true)", realWorld)
		}
		t.Skipf("%s not found: real-world files are not checked", realWorld)
	}
	require.Len(t, names, 2)
	for _, n := range names {
		base := filepath.Base(n)
		t.Run(base, func(t *testing.T) {
			res, err := ReadFiles(os.DirFS(realWorld), base)
			require.NoError(t, err)
			assert.Empty(t, res.Diagnostics)
			src := res.Files[base]
			users := 0
			for _, r := range res.Resources {
				if r.Kind != KindUser {
					continue
				}
				users++
				text, ok := r.Access.Text()
				require.True(t, ok, "%s: access string not known: %v", r.Address, r.Access.Reasons())
				m := r.Access.Map()
				require.Len(t, m, len(text)+1)
				for i := 0; i < len(text); i++ {
					require.Equal(t, string(text[i]), string(src[m[i].Offset]), "%s byte %d at %s", r.Address, i, m[i])
				}
			}
			assert.NotZero(t, users)
			golden := filepath.Join("testdata", "realworld", base+".golden")
			got := dump(res)
			testutil.Golden(t, golden, []byte(got))
		})
	}
}

// checkBytes asserts that every known byte of every value maps to the same
// byte in its file (ignoring ASCII case, which lower and upper change), or
// to the backslash of the escape that stands for it.
func checkBytes(t *testing.T, res *Result) {
	t.Helper()
	check := func(r *Resource, name string, v Value) {
		for _, p := range v.Parts {
			if p.Computed {
				continue
			}
			for i := 0; i < len(p.Text); i++ {
				pos := p.Pos[i]
				src := res.Files[pos.Filename]
				require.Less(t, pos.Offset, len(src), "%s %s byte %d", r.Address, name, i)
				c := src[pos.Offset]
				ok := c == p.Text[i] || c|0x20 == p.Text[i]|0x20 && c|0x20 >= 'a' && c|0x20 <= 'z' || c == '\\'
				assert.True(t, ok, "%s %s byte %d (%q) maps to %q at %s", r.Address, name, i, p.Text[i], c, pos)
			}
		}
	}
	for _, r := range res.Resources {
		for name, v := range map[string]Value{"user_id": r.UserID, "user_name": r.UserName, "access_string": r.Access,
			"engine": r.EngineAttr, "group_id": r.GroupID} {
			check(r, name, v)
		}
		for _, m := range append(append([]Member{}, r.Members...), r.Attached...) {
			check(r, "member", m.Value)
		}
	}
}
