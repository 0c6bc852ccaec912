package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/lossless"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/aclcheck/aclcheck/internal/report"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// grantJSON is a witness of aclcheck's JSON: the user, the command line
// and, when an argument is not valid UTF-8, the command line in base64.
type grantJSON struct {
	User          string   `json:"user"`
	Witness       []string `json:"witness"`
	WitnessBase64 []string `json:"witness_base64"`
}

// grantsJSON is the part of who-can's and isolate's JSON that replay needs.
type grantsJSON struct {
	Users     []grantJSON       `json:"users"`
	Undecided []reach.Undecided `json:"undecided"`
	Breaches  []grantJSON       `json:"breaches"`
	Pairs     []struct {
		Users         [2]string   `json:"users"`
		Witness       [2][]string `json:"witness"`
		WitnessBase64 [][]string  `json:"witness_base64"`
	} `json:"pairs"`
	Every []grantJSON `json:"every_key"`
}

// TestWitnessesLive runs who-can, isolate (pairs and tenants), diff -f and
// report from the command line on a generated user set, and replays every
// witness they print through ACL DRYRUN on each live engine: each must be
// allowed (and a diff witness denied to the other side). The counts must
// be those of the library; lines sampled from the users may only find what
// the answers found.
func TestWitnessesLive(t *testing.T) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		srv := redistest.StartEngine(t, e)
		tb := testutil.Table(t, e.Name)
		g := aclgen.New(41, tb)
		g.Invalid, g.Broad = 0, 0.7 // broad users reach keys and each other
		all, allAccess := g.Users(150)
		// An ACL file line splits at single spaces, ACL SETUSER at runs of
		// whitespace: keep the strings where both agree.
		var users []*acl.User
		var access []string
		for i, a := range allAccess {
			if strings.Join(aclgen.Words(a), " ") == a {
				users, access = append(users, all[i]), append(access, a)
			}
		}
		// And the users of testdata/boundaries, who share keys (but not
		// default: the test's connection is default's).
		b, err := os.ReadFile("../../testdata/boundaries/users.acl")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			name, a, _ := strings.Cut(strings.TrimPrefix(l, "user "), " ")
			if name == "default" {
				continue
			}
			u, err := acl.NewUser(name, tb).SetUser(a)
			if err != nil {
				t.Fatal(err)
			}
			users, access = append(users, u), append(access, a)
		}
		dir := t.TempDir()
		var old, nu strings.Builder
		var setup [][]string
		for i, u := range users {
			n := u.Name()
			fmt.Fprintf(&old, "user %s %s\n", n, access[i])
			setup = append(setup, append([]string{"ACL", "SETUSER", n}, aclgen.Words(access[i])...))
			// NEW: a third of the users changed, broader or different.
			na := access[i]
			switch i % 6 {
			case 1:
				na += " +@all ~*"
			case 3:
				na = access[(i+1)%len(access)]
			case 5:
				na += " -@write"
			}
			if !aclgen.Safe(na) {
				na = access[i]
			}
			fmt.Fprintf(&nu, "user %s %s\n", n, na)
			setup = append(setup, append([]string{"ACL", "SETUSER", "new-" + n, "reset"}, aclgen.Words(na)...))
		}
		oldFile, newFile := filepath.Join(dir, "old.acl"), filepath.Join(dir, "new.acl")
		writeTestFile(t, dir, "old.acl", old.String())
		writeTestFile(t, dir, "new.acl", nu.String())
		for i, r := range srv.Pipeline(setup) {
			if r != "OK" {
				t.Fatalf("ACL SETUSER %q: %s", setup[i][2:], r)
			}
		}
		cli := func(want int, args ...string) string {
			var stdout, stderr bytes.Buffer
			code := run(append(args[:len(args):len(args)], "--engine", e.Name), nil, &stdout, &stderr)
			if code != want && !(want == 1 && code == 0) {
				t.Fatalf("%q: exit %d, want %d: %s", args, code, want, stderr.String())
			}
			return stdout.String()
		}
		var dry [][]string // each must be allowed
		var deny [][]string
		// A JSON string holds text (encoding/json writes U+FFFD for a byte
		// that is not UTF-8): such a witness is replayed from its base64.
		fromBase64 := 0
		witness := func(argv, b64 []string) []string {
			if b64 == nil {
				if slices.ContainsFunc(argv, func(a string) bool { return strings.ContainsRune(a, utf8.RuneError) }) {
					t.Errorf("witness %q has U+FFFD and no base64", argv)
				}
				return argv
			}
			fromBase64++
			w, err := lossless.Decode(b64)
			if err != nil || len(w) != len(argv) {
				t.Fatalf("witness_base64 %q of %q: %v", b64, argv, err)
			}
			return w
		}
		add := func(user string, argv []string) {
			dry = append(dry, append([]string{"ACL", "DRYRUN", user}, argv...))
		}
		set := reach.New(users)

		// who-can: the questions, and each answer as the library gives it.
		queries := map[string]reach.Query{"--escalate": reach.EscalateQuery(), "--all-keys": reach.AllKeysQuery()}
		var keys, chans []string
		for _, u := range users[:12] {
			for s := range u.Selectors() {
				for _, k := range u.Selector(s).Keys {
					keys = append(keys, k.Pattern)
				}
				chans = append(chans, u.Selector(s).Channels...)
			}
		}
		// The empty pattern matches only the empty name.
		for _, k := range append(keys[:min(len(keys), 6)], "*", "zz*", "[a-c]*:1", "") {
			queries["--read="+k], queries["--write="+k] = reach.ReadQuery(k), reach.WriteQuery(k)
		}
		for _, c := range append(chans[:min(len(chans), 4)], "*", "news.*", "") {
			queries["--channel="+c] = reach.ChannelQuery(c)
		}
		commands := []string{"get", "set", "del", "config|set", "client", "flushall", "publish", "eval", "keys", "acl|setuser", "scan", "select"}
		for _, c := range commands {
			q, err := reach.CommandQuery(tb, c)
			if err != nil {
				t.Fatal(err)
			}
			queries["--command="+c] = q
		}
		named := map[string]map[string]bool{} // query → users named
		grants := 0
		for flag, q := range queries {
			var out grantsJSON
			if err := json.Unmarshal([]byte(cli(1, "who-can", "--format", "json", flag, oldFile)), &out); err != nil {
				t.Fatal(err)
			}
			want, err := set.WhoCan(q)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Users) != len(want.Grants) || len(out.Undecided) != len(want.Undecided) {
				t.Errorf("who-can %s: %d users, %d undecided; the library: %d, %d", flag, len(out.Users), len(out.Undecided), len(want.Grants), len(want.Undecided))
			}
			named[flag] = map[string]bool{}
			for _, g := range out.Users {
				add(g.User, witness(g.Witness, g.WitnessBase64))
				named[flag][g.User] = true
			}
			for _, u := range out.Undecided {
				named[flag][u.User] = true
			}
			grants += len(out.Users)
		}

		// isolate: pairs, then a tenant per user with a key pattern.
		var iso grantsJSON
		if err := json.Unmarshal([]byte(cli(1, "isolate", "--format", "json", oldFile)), &iso); err != nil {
			t.Fatal(err)
		}
		pairs, every, _, err := set.Overlaps()
		if err != nil {
			t.Fatal(err)
		}
		if len(iso.Pairs) != len(pairs) || len(iso.Every) != len(every) {
			t.Errorf("isolate: %d pairs, %d every key; the library: %d, %d", len(iso.Pairs), len(iso.Every), len(pairs), len(every))
		}
		for _, p := range iso.Pairs {
			b64 := [][]string{nil, nil}
			if p.WitnessBase64 != nil {
				b64 = p.WitnessBase64
			}
			add(p.Users[0], witness(p.Witness[0], b64[0]))
			add(p.Users[1], witness(p.Witness[1], b64[1]))
		}
		for _, g := range iso.Every {
			add(g.User, witness(g.Witness, g.WitnessBase64))
		}
		var tenants strings.Builder
		tenants.WriteString("tenants:\n")
		ntenants := 0
		for _, u := range users[:40] {
			if k := u.Selector(0).Keys; len(k) > 0 {
				ntenants++
				fmt.Fprintf(&tenants, "  %s: {users: [%s], keys: [%s]}\n", u.Name(), u.Name(), jsonString(k[0].Pattern))
			}
		}
		writeTestFile(t, dir, "tenants.yaml", tenants.String())
		if err := json.Unmarshal([]byte(cli(1, "isolate", "--format", "json", "--strict", "--tenants", filepath.Join(dir, "tenants.yaml"), oldFile)), &iso); err != nil {
			t.Fatal(err)
		}
		for _, b := range iso.Breaches {
			add(b.User, witness(b.Witness, b.WitnessBase64))
		}

		// diff -f: each witness is allowed to one side and denied to the other.
		var diff struct {
			Users []struct {
				User string `json:"user"`
				Diff *struct {
					Gained       []string `json:"gained_witness"`
					Lost         []string `json:"lost_witness"`
					GainedBase64 []string `json:"gained_witness_base64"`
					LostBase64   []string `json:"lost_witness_base64"`
				} `json:"diff"`
			} `json:"users"`
		}
		if err := json.Unmarshal([]byte(cli(1, "diff", "-f", "--format", "json", oldFile, newFile)), &diff); err != nil {
			t.Fatal(err)
		}
		diffs := 0
		for _, u := range diff.Users {
			if u.Diff == nil {
				continue
			}
			for _, w := range []struct {
				argv          []string
				allow, denied string
			}{{witness(u.Diff.Gained, u.Diff.GainedBase64), "new-" + u.User, u.User}, {witness(u.Diff.Lost, u.Diff.LostBase64), u.User, "new-" + u.User}} {
				if w.argv == nil {
					continue
				}
				diffs++
				add(w.allow, w.argv)
				deny = append(deny, append([]string{"ACL", "DRYRUN", w.denied}, w.argv...))
			}
		}

		// report: every data-witness of the page.
		page := filepath.Join(dir, "report.html")
		cli(0, "report", "-o", page, oldFile)
		b, err = os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		r, err := report.Build(users)
		if err != nil {
			t.Fatal(err)
		}
		want := 2 * len(r.Pairs)
		for _, ev := range r.Evidence {
			if ev.Replay != "" {
				want++
			}
		}
		found := regexp.MustCompile(`data-witness="([^"]*)"`).FindAllSubmatch(b, -1)
		if len(found) != want {
			t.Errorf("report: %d witnesses, want %d", len(found), want)
		}
		for _, m := range found {
			w, err := splitCommandLine(html.UnescapeString(string(m[1])))
			if err != nil || len(w) < 2 {
				t.Fatalf("report: data-witness %q: %v", m[1], err)
			}
			dry = append(dry, append([]string{"ACL", "DRYRUN"}, w...))
		}

		// Replay.
		disagree := 0
		for i, rep := range srv.Pipeline(dry) {
			if rep != "OK" {
				disagree++
				t.Errorf("ACL DRYRUN %q: %s", dry[i][2:], rep)
			}
		}
		for i, rep := range srv.Pipeline(deny) {
			if rep == "OK" {
				disagree++
				t.Errorf("ACL DRYRUN %q: OK, the other side of a diff witness", deny[i][2:])
			}
		}

		// Sampling may only find what the answers found: commands run, and
		// the report's escalate, dangerous and category cells.
		col := map[string]int{}
		for i, c := range r.Columns {
			col[c.Name] = i
		}
		row := map[string]report.Row{}
		for _, rw := range r.Rows {
			row[rw.User] = rw
		}
		dangerous, _ := tb.Category("dangerous")
		sampled, facts := 0, 0
		for i, u := range users {
			for argv, d := range g.Allowed(u, access[i], 150) {
				sampled++
				c := d.Command
				var cols []string
				for _, cat := range tb.Categories() {
					if c.Categories.Has(cat) && cat != dangerous {
						cols = append(cols, "@"+cat.String())
					}
				}
				if c.Categories.Has(dangerous) {
					cols = append(cols, "dangerous")
				}
				if slices.Contains(reach.Escalation, c.Name) {
					cols = append(cols, "escalate")
				}
				for _, n := range cols {
					facts++
					if row[u.Name()].Cells[col[n]].State == report.No {
						t.Errorf("report: %s %s is ✗, but %q is allowed", u.Name(), n, argv)
					}
				}
				for _, n := range []string{c.Name, parentName(c.Name)} {
					if q := "--command=" + n; named[q] != nil {
						facts++
						if !named[q][u.Name()] {
							t.Errorf("who-can %s misses %s, who may run %q", q, u.Name(), argv)
						}
					}
				}
			}
		}
		t.Logf("%s: %d users, %d who-can questions with %d grants, %d pairs, %d every key, %d tenants with %d breaches, %d diff witnesses, %d report witnesses: %d replayed (%d JSON witnesses from their base64), %d disagreements; %d sampled lines, %d facts, all found",
			e.Version, len(users), len(queries), grants, len(pairs), len(every), ntenants, len(iso.Breaches), diffs, len(found), len(dry)+len(deny), fromBase64, disagree, sampled, facts)
	})
}

// splitCommandLine is the inverse of termsafe.CommandLine: words separated
// by single spaces, each plain or Go-quoted.
func splitCommandLine(s string) ([]string, error) {
	var out []string
	for s != "" {
		w, rest, _ := strings.Cut(s, " ")
		if strings.HasPrefix(s, `"`) {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, err
			}
			if w, err = strconv.Unquote(q); err != nil {
				return nil, err
			}
			rest = strings.TrimPrefix(s[len(q):], " ")
		}
		out = append(out, w)
		s = rest
	}
	return out, nil
}

// parentName returns the container of a subcommand name ("config" for
// "config|set"), or "".
func parentName(name string) string {
	p, _, ok := strings.Cut(name, "|")
	if !ok {
		return ""
	}
	return p
}
