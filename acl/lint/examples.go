package lint

import (
	"embed"
	"io/fs"
	"strings"
)

// examples holds every rule's Bad and Good example. The tests lint the same
// files and compare the diagnostics with the "# want" lines in them, so the
// documentation and the tests share one source.
//
//go:embed testdata/rules/*/bad.acl testdata/rules/*/bad.yaml testdata/rules/*/bad.tf
//go:embed testdata/rules/*/good.acl testdata/rules/*/good.yaml testdata/rules/*/good.tf
var examples embed.FS

// exampleDir is the directory of a rule's example files, in [examples] and
// on disk.
func exampleDir(id string) string { return "testdata/rules/" + id }

// loadExamples sets r.Bad and r.Good from testdata/rules/ID/bad.EXT and
// good.EXT; it panics, at package initialisation, if one is missing.
func (r *Rule) loadExamples() {
	r.Bad, r.badFile = readExample(r.ID, "bad")
	r.Good, r.goodFile = readExample(r.ID, "good")
}

func readExample(id, kind string) (text, file string) {
	files, _ := fs.Glob(examples, exampleDir(id)+"/"+kind+".*")
	if len(files) != 1 {
		panic("lint: rule " + id + " needs exactly one " + kind + " example in " + exampleDir(id))
	}
	b, err := examples.ReadFile(files[0])
	if err != nil {
		panic(err)
	}
	return exampleText(string(b)), files[0]
}

// exampleText returns an example file without its expectations ("# want"
// lines) and without the final newline.
func exampleText(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	out := lines[:0]
	for _, l := range lines {
		if _, ok := wantComment(l); !ok {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// wantComment reports whether line is an expectation comment, "# want …"
// alone on its line (indented in YAML), and returns what follows "want".
func wantComment(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if t == "# want" {
		return "", true
	}
	return strings.CutPrefix(t, "# want ")
}

// exampleLang returns the Markdown code block language of an example file.
func exampleLang(file string) string {
	if strings.HasSuffix(file, ".yaml") {
		return "yaml"
	}
	if strings.HasSuffix(file, ".tf") {
		return "hcl"
	}
	return ""
}
