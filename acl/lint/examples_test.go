package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// A want is one expected diagnostic. Example files write it as a comment
// line directly above the line it is about (a trailing "# …" would be a
// hash rule in an access string):
//
//	# want AC5003 11 "allows .*SCAN"
//	on ~app:* +@write +@read
//
// After the rule ID come, each optional and in this order: the position,
// a column of the line below or line:column with line 1 that line; the
// severity (error, warning or info), the rule's default severity when
// omitted; and a quoted regexp that the summary must match. Several want
// lines above one line are several diagnostics.
type want struct {
	id       string
	line     int // of the diagnostic's start
	col      int // 0: any column
	severity Severity
	summary  *regexp.Regexp // nil: any summary
	at       int            // line of the want comment, for messages
}

func (w want) String() string {
	s := fmt.Sprintf("%s %s at %d", w.id, w.severity, w.line)
	if w.col != 0 {
		s += fmt.Sprintf(":%d", w.col)
	}
	if w.summary != nil {
		s += fmt.Sprintf(" matching %q", w.summary)
	}
	return s
}

func (w want) matches(d Diagnostic) bool {
	return d.RuleID == w.id && d.Subject.Start.Line == w.line && (w.col == 0 || d.Subject.Start.Column == w.col) &&
		d.Severity == w.severity && (w.summary == nil || w.summary.MatchString(d.Summary))
}

var wantPos = regexp.MustCompile(`^(?:(\d+):)?(\d+)$`)

// parseWant parses the text after "# want" of a comment on line at, for a
// diagnostic on line below or later.
func parseWant(text string, at, below int) (want, error) {
	f := strings.Fields(text)
	if len(f) == 0 || Lookup(f[0]) == nil {
		return want{}, fmt.Errorf("want: no rule ID or unknown rule in %q", text)
	}
	w := want{id: strings.ToUpper(f[0]), line: below, severity: Lookup(f[0]).Severity, at: at}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), f[0]))
	next := func() string {
		if rest == "" || rest[0] == '"' || rest[0] == '`' {
			return ""
		}
		word, _, _ := strings.Cut(rest, " ")
		return word
	}
	take := func(word string) { rest = strings.TrimSpace(rest[len(word):]) }
	if m := wantPos.FindStringSubmatch(next()); m != nil {
		take(m[0])
		w.col, _ = strconv.Atoi(m[2])
		if m[1] != "" {
			n, _ := strconv.Atoi(m[1])
			if n < 1 {
				return want{}, fmt.Errorf("want: line %d of the string, want 1 or more", n)
			}
			w.line = below + n - 1
		}
	}
	if word := next(); word != "" {
		s, ok := severityByName[word]
		if !ok {
			return want{}, fmt.Errorf("want: %q is not a position, severity or quoted regexp", word)
		}
		take(word)
		w.severity = s
	}
	if rest != "" {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil || strings.TrimSpace(rest[len(q):]) != "" {
			return want{}, fmt.Errorf("want: bad quoted regexp in %q", text)
		}
		expr, _ := strconv.Unquote(q)
		if w.summary, err = regexp.Compile(expr); err != nil {
			return want{}, fmt.Errorf("want: %v", err)
		}
	}
	return w, nil
}

var severityByName = map[string]Severity{"error": Error, "warning": Warning, "info": Info}

// parseWants returns the expectations of an example file.
func parseWants(content string) ([]want, error) {
	lines := strings.Split(content, "\n")
	var wants []want
	var pending []int // want lines waiting for the line below them
	for i, l := range lines {
		if _, ok := wantComment(l); ok {
			pending = append(pending, i)
			continue
		}
		for _, at := range pending {
			text, _ := wantComment(lines[at])
			w, err := parseWant(text, at+1, i+1)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", at+1, err)
			}
			wants = append(wants, w)
		}
		pending = nil
	}
	if len(pending) > 0 {
		return nil, fmt.Errorf("line %d: want without a line below it", pending[0]+1)
	}
	return wants, nil
}

// matchWants pairs each diagnostic with an expectation; it returns the
// expectations no diagnostic met and the diagnostics nothing expected.
func matchWants(ds Diagnostics, wants []want) (missing []want, unexpected Diagnostics) {
	used := make([]bool, len(wants))
	for _, d := range ds {
		found := false
		for i, w := range wants {
			if !used[i] && w.matches(d) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			unexpected = append(unexpected, d)
		}
	}
	for i, w := range wants {
		if !used[i] {
			missing = append(missing, w)
		}
	}
	return missing, unexpected
}

// expect fails t unless ds are exactly the diagnostics wanted: none missing
// and none unexpected, of any rule. file names where the wants come from.
func expect(t *testing.T, file string, ds Diagnostics, wants ...want) {
	t.Helper()
	missing, unexpected := matchWants(ds, wants)
	for _, w := range missing {
		if w.at > 0 {
			t.Errorf("%s:%d: missing %s", file, w.at, w)
		} else {
			t.Errorf("missing %s", w)
		}
	}
	for _, d := range unexpected {
		t.Errorf("unexpected %s", d)
	}
}

// exampleFile is one file of testdata/rules/ID: the Bad or Good example or
// an extra case.
type exampleFile struct {
	path    string // testdata/rules/ID/NAME
	kind    string // "bad", "good" or "case"
	content string
}

// TestRuleExamples lints every file of testdata/rules/ID (bad.*, good.*
// and case-*.*, read as an ACL file or access strings for .acl, as YAML
// for .yaml and as Terraform source for .tf) for the rule's ExampleTarget, or for the target of a
// "# target SERVICE/ENGINE" line in a case file, and requires the
// diagnostics to be exactly the "# want" lines of the file. The bad example
// must expect its rule and the good one must not; the text output for Bad
// is also compared with bad.golden.
func TestRuleExamples(t *testing.T) {
	dirs, err := os.ReadDir("testdata/rules")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, dir := range dirs {
		r := Lookup(dir.Name())
		if !dir.IsDir() || r == nil || r.ID != dir.Name() {
			t.Errorf("testdata/rules/%s is not a rule", dir.Name())
			continue
		}
		seen[r.ID] = true
		files, err := os.ReadDir(exampleDir(r.ID))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(r.ID, func(t *testing.T) {
			for _, f := range files {
				name := f.Name()
				kind, _, _ := strings.Cut(name, ".")
				switch {
				case name == "bad.golden":
					continue
				case strings.HasPrefix(kind, "case-"):
					kind = "case"
				case kind != "bad" && kind != "good":
					t.Errorf("%s: not bad.*, good.*, case-*.* or bad.golden", name)
					continue
				}
				b, err := os.ReadFile(filepath.Join(exampleDir(r.ID), name))
				if err != nil {
					t.Fatal(err)
				}
				t.Run(strings.TrimSuffix(name, filepath.Ext(name)), func(t *testing.T) {
					lintExampleFile(t, r, exampleFile{exampleDir(r.ID) + "/" + name, kind, string(b)})
				})
			}
		})
	}
	for _, r := range Rules() {
		if !seen[r.ID] {
			t.Errorf("%s has no testdata/rules/%s", r.ID, r.ID)
		}
	}
}

var (
	targetLine = regexp.MustCompile(`(?m)^# target (\S+)$`)
	tableLine  = regexp.MustCompile(`(?m)^# table (\S+)$`)
)

func lintExampleFile(t *testing.T, r *Rule, f exampleFile) {
	t.Helper()
	target := r.ExampleTarget
	if m := targetLine.FindAllStringSubmatch(f.content, -1); m != nil {
		if f.kind != "case" || len(m) > 1 {
			t.Fatalf("%s: only a case file may name a target, once (the docs show bad and good for %s)", f.path, r.ExampleTarget)
		}
		target = m[0][1]
	}
	tg, err := ParseTarget(target)
	if err != nil {
		t.Fatalf("%s: target: %v", f.path, err)
	}
	cfg := Config{Target: tg}
	if m := tableLine.FindStringSubmatch(f.content); m != nil {
		// "# table ENGINE" lints with that engine's built-in table, as
		// --table with its COMMAND INFO would.
		if cfg.Table, err = category.ForEngine(m[1]); err != nil {
			t.Fatalf("%s: table: %v", f.path, err)
		}
	}
	l, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var in *input.Input
	switch filepath.Ext(f.path) {
	case ".acl":
		// The want lines are blanked, not removed, so that lines keep
		// their numbers (and ACL files their meaning: the server refuses
		// comments).
		in = input.ReadText(f.path, blankWants(f.content))
	case ".yaml", ".tf":
		if in, err = input.Read(f.path, f.content, input.Auto, tg.Service); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("%s: examples are .acl, .yaml or .tf files", f.path)
	}
	wants, err := parseWants(f.content)
	if err != nil {
		t.Fatalf("%s:%v", f.path, err)
	}
	own := 0
	for _, w := range wants {
		if w.id == r.ID {
			own++
		}
	}
	switch {
	case f.kind == "bad" && own == 0:
		t.Errorf("%s: the bad example expects no %s", f.path, r.ID)
	case f.kind == "good" && own > 0:
		t.Errorf("%s: the good example expects %s", f.path, r.ID)
	}
	ds := l.Lint(in)
	expect(t, f.path, ds, wants...)
	if f.kind == "bad" {
		// The golden file holds the output for Bad as documented, without
		// the want lines, so that editing them leaves it unchanged.
		doc := r.ID + ".bad"
		in := input.ReadText(doc, r.Bad)
		if ext := filepath.Ext(f.path); ext == ".yaml" || ext == ".tf" {
			if in, err = input.Read(doc, r.Bad, input.Auto, tg.Service); err != nil {
				t.Fatal(err)
			}
		}
		testutil.Golden(t, filepath.Join("testdata", "rules", r.ID, "bad.golden"), []byte(text(l.Lint(in), in)))
	}
}

// blankWants returns content with its want lines emptied.
func blankWants(content string) string {
	lines := strings.Split(content, "\n")
	for i, l := range lines {
		if _, ok := wantComment(l); ok {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// TestParseWants checks the forms of a want line and where it points.
func TestParseWants(t *testing.T) {
	const content = "# want AC5003\n# want AC5003 11\n\n# want AC4001 2:13 info \"stored in lower case\"\n  # want AC1001 `x\\.y`\non ~a\n"
	ws, err := parseWants(content)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range ws {
		got = append(got, fmt.Sprintf("%d: %s", w.at, w))
	}
	wantText := []string{
		`1: AC5003 warning at 3`,
		`2: AC5003 warning at 3:11`,
		`4: AC4001 info at 7:13 matching "stored in lower case"`,
		`5: AC1001 error at 6 matching "x\\.y"`,
	}
	if fmt.Sprint(got) != fmt.Sprint(wantText) {
		t.Errorf("got  %q\nwant %q", got, wantText)
	}
	for _, bad := range []string{"# want\non", "# want XX0000\non", "# want AC5003 0:3\non", "# want AC5003 loud\non",
		"# want AC5003 \"(\"\non", "# want AC5003 \"x\" y\non", "on\n# want AC5003"} {
		if _, err := parseWants(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

// TestMatchWants checks that matching fails both ways: on a diagnostic
// nobody expected (of any rule) and on an expectation nothing met.
func TestMatchWants(t *testing.T) {
	d := func(id string, line, col int, s Severity, summary string) Diagnostic {
		return Diagnostic{RuleID: id, Severity: s, Summary: summary, Subject: acl.Range{Start: acl.Pos{Line: line, Column: col}}}
	}
	ds := Diagnostics{d("AC5003", 3, 11, Warning, "allows SCAN despite key patterns"), d("AC3002", 3, 1, Info, "stored as `on`")}
	ws, err := parseWants("# want AC5003 11 \"allows SCAN\"\n# want AC3002 1\non\n")
	if err != nil {
		t.Fatal(err)
	}
	if missing, unexpected := matchWants(ds, ws); len(missing)+len(unexpected) != 0 {
		t.Errorf("exact wants: missing %v, unexpected %v", missing, unexpected)
	}
	for _, tc := range []struct {
		wants                 string
		nMissing, nUnexpected int
	}{
		{"\n# want AC5003 11\non\n", 0, 1},                         // AC3002 unexpected
		{"# want AC3002 1\n# want AC3002 1\non\n", 1, 1},           // one AC3002 missing, AC5003 unexpected
		{"# want AC5003 12\n# want AC3002 1\non\n", 1, 1},          // wrong column
		{"# want AC5003 11 error\n# want AC3002 1\non\n", 1, 1},    // wrong severity
		{"# want AC5003 11 \"KEYS\"\n# want AC3002 1\non\n", 1, 1}, // wrong summary
		{"# want AC5003 2:11\n# want AC3002 1\non\n", 1, 1},        // wrong line
	} {
		ws, err := parseWants(tc.wants)
		if err != nil {
			t.Fatal(err)
		}
		missing, unexpected := matchWants(ds, ws)
		if len(missing) != tc.nMissing || len(unexpected) != tc.nUnexpected {
			t.Errorf("%q: %d missing, %d unexpected; want %d, %d", tc.wants, len(missing), len(unexpected), tc.nMissing, tc.nUnexpected)
		}
	}
}
