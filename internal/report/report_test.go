package report_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/report"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// boundaryUsers compiles testdata/boundaries/users.acl and a user whose
// name and patterns hold markup and control bytes.
func boundaryUsers(t testing.TB) []*acl.User {
	tb := testutil.Table(t, "redis-7.0")
	b, err := os.ReadFile("../../testdata/boundaries/users.acl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	lines = append(lines, "user <script>alert(1)</script>\x1b[31m on >hunter2secret ~<b>x*\x07 &<i>* +get +publish")
	var users []*acl.User
	for _, l := range lines {
		name, access, _ := strings.Cut(strings.TrimPrefix(l, "user "), " ")
		u, err := acl.NewUser(name, tb).SetUser(access)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		users = append(users, u)
	}
	return users
}

// TestGolden renders the report of testdata/boundaries and compares it
// with testdata/boundaries.html.golden (go test -update rewrites it). Input text
// is inert: no markup, control byte or secret of it reaches the page.
func TestGolden(t *testing.T) {
	r, err := report.Build(boundaryUsers(t))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, bad := range []string{"<script", "<b>", "<i>", "\x1b", "\x07", "hunter2", "5e884898", "http:", "https:", "src=", "@import", "url("} {
		if strings.Contains(got, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[31m", "&lt;b&gt;x*\\x07", `<a href="#e-0">✓</a>`, `id="e-0"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Build sorts: the order of the users does not matter.
	users := boundaryUsers(t)
	for i, j := 0, len(users)-1; i < j; i, j = i+1, j-1 {
		users[i], users[j] = users[j], users[i]
	}
	r2, err := report.Build(users)
	if err != nil {
		t.Fatal(err)
	}
	var b2 bytes.Buffer
	if err := r2.WriteHTML(&b2); err != nil {
		t.Fatal(err)
	}
	if b2.String() != got {
		t.Error("the page depends on the order of the users")
	}
	testutil.Golden(t, "testdata/boundaries.html.golden", b.Bytes())
}

// TestLinks checks that every cell's link has its target, and that the
// cells say what reach says: admin escalates, metrics does not.
func TestLinks(t *testing.T) {
	r, err := report.Build(boundaryUsers(t))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range r.Evidence {
		ids["#"+e.ID] = true
	}
	for _, p := range r.Pairs {
		ids["#"+p.ID] = true
	}
	cells := map[string]string{}
	for _, row := range r.Rows {
		var marks []string
		for i, c := range row.Cells {
			if c.Href != "" && !ids[c.Href] {
				t.Errorf("%s %s: link %s has no target", row.User, r.Columns[i].Name, c.Href)
			}
			if (c.Href != "") != (c.State == report.Yes || c.State == report.Undecided) {
				t.Errorf("%s %s: %v cell links to %q", row.User, r.Columns[i].Name, c.State, c.Href)
			}
			if i < 7 {
				marks = append(marks, c.State.Mark())
			}
		}
		cells[row.User] = strings.Join(marks, "")
	}
	// escalate, dangerous, all keys, reads, writes, channels, shares.
	want := map[string]string{
		"admin": "✓✓✓✓✓✓✓", "alice": "✗✗✗✓✓✓✓", "alice-ro": "✗✗✗✓✗✗✓", "bob": "✗✗✗✓✓✓✓", "bob-jobs": "✗✗✗✓✓✗✓",
		"default": "–––––––", "metrics": "✗✓✗✗✗✗✗", `<script>alert(1)</script>\x1b[31m`: "✗✗✗✓✗✓✗",
	}
	for u, w := range want {
		if cells[u] != w {
			t.Errorf("%s: %s, want %s", u, cells[u], w)
		}
	}
	if len(cells) != len(want) {
		t.Errorf("%d rows, want %d", len(cells), len(want))
	}
}
