package acl_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/conformance"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// The differential tests compare the library with the live oracle, a
// private redis-server 7.0.15 (Debian), on generated inputs: ACL SETUSER
// replies, ACL LIST lines (per selector as token multisets, since 7.0
// prints single commands in a random order) and ACL DRYRUN replies.

// The upstream tests (upstream_test.go) assert exact values without a
// server, and also compare with live servers of every engine, shared by the
// package's tests, where they can be started.
var live struct {
	once    sync.Once
	logged  sync.Once
	servers []*redistest.Server // of the engines that could be started
	dirs    []string
	errs    []error
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range live.servers {
		s.Close()
	}
	for _, d := range live.dirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// liveServers returns the shared live servers, one per engine that could
// be started (none without redis-server and ../shared/engines).
func liveServers(t *testing.T) []*redistest.Server {
	live.once.Do(func() {
		for _, e := range redistest.Engines {
			dir, err := os.MkdirTemp("", "aclcheck-live")
			if err == nil {
				live.dirs = append(live.dirs, dir)
				var s *redistest.Server
				if s, err = redistest.LaunchEngine(dir, e); err == nil {
					live.servers = append(live.servers, s)
				}
			}
			if err != nil {
				live.errs = append(live.errs, err)
			}
		}
	})
	if len(live.errs) > 0 {
		live.logged.Do(func() {
			t.Logf("some engines are missing from the live comparisons of the upstream tests: %v", errors.Join(live.errs...))
		})
	}
	return live.servers
}

// liveAgree applies access (successive ACL SETUSER calls) to a new user u
// on each live server and to the library with the server's table, and
// requires the same SETUSER replies, ACL LIST line and ACL DRYRUN replies.
// Inputs that crash Redis 7.2 and Valkey are sent to Redis 7.0 only.
func liveAgree(t *testing.T, access []string, argvs ...[]string) {
	t.Helper()
	for _, s := range liveServers(t) {
		if s.Engine.Name != "redis-7.0" && slices.ContainsFunc(access, unsafe) {
			continue
		}
		liveAgreeOn(t, s, access, argvs...)
	}
}

func unsafe(access string) bool { return !aclgen.Safe(access) }

func liveAgreeOn(t *testing.T, s *redistest.Server, access []string, argvs ...[]string) {
	t.Helper()
	cmds := [][]string{{"ACL", "DELUSER", "u"}}
	for _, a := range access {
		cmds = append(cmds, append([]string{"ACL", "SETUSER", "u"}, aclgen.Words(a)...))
	}
	for _, argv := range argvs {
		cmds = append(cmds, append([]string{"ACL", "DRYRUN", "u"}, argv...))
	}
	replies := s.Pipeline(cmds)
	engine := s.Engine.Name
	u, exists := acl.NewUser("u", testutil.Table(t, engine)), false
	for i, a := range access {
		reply := "OK"
		nu, err := u.SetUser(a)
		if e := (*acl.Error)(nil); errors.As(err, &e) {
			reply = e.UnredactedReply()
		} else if err != nil {
			reply = err.Error()
		} else {
			u, exists = nu, true
		}
		require.Equal(t, replies[1+i], reply, "live %s SETUSER %q", engine, a)
	}
	if !exists {
		return
	}
	list, err := s.ACLList("u")
	require.NoError(t, err)
	require.True(t, conformance.SameACLList(u.Dialect(), list, u.ACLList()), "live %s ACL LIST of %q\n  server: %s\n  ours:   %s", engine, access, list, u.ACLList())
	for i, argv := range argvs {
		require.Equal(t, replies[1+len(access)+i], u.DryRun(argv...), "live %s DRYRUN %q after %q", engine, argv, access)
	}
}

// seed returns the generator seed: ACLCHECK_SEED (a number, or "random"),
// or a fixed default so that runs are reproducible.
func seed(t *testing.T) int64 {
	s := int64(20261122)
	switch v := os.Getenv("ACLCHECK_SEED"); v {
	case "":
	case "random":
		s = time.Now().UnixNano()
	default:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("ACLCHECK_SEED: %v", err)
		}
		s = n
	}
	t.Logf("seed %d (set ACLCHECK_SEED to a number or to random to change it)", s)
	return s
}

// oracleCase is a new user built by one or more successive ACL SETUSER
// calls, with the command lines to dry-run, and the server's replies once
// run.
type oracleCase struct {
	steps []string // access strings, one per ACL SETUSER call
	argvs [][]string

	setUser []string // the replies to each ACL SETUSER
	exists  bool     // some ACL SETUSER said OK
	list    string   // the user's ACL LIST line, if it exists
	dryRun  []string // the replies to ACL DRYRUN, if it exists
}

// oracle runs cases on a live server and compares them with the library.
type oracle struct {
	s  *redistest.Server
	tb *category.Table
}

const oracleBatch = 200

// userName names the user of the i-th case of a batch. The 7.0 denial
// texts do not name the user; ACL LIST lines do.
func userName(i int) string { return "u" + strconv.Itoa(i) }

// run sends a batch of at most oracleBatch cases in one pipeline (ACL
// DELUSER, the ACL SETUSERs and the ACL DRYRUNs of each), reads ACL LIST,
// and fills in the replies.
func (o *oracle) run(t *testing.T, cases []*oracleCase) {
	t.Helper()
	var cmds [][]string
	for i, c := range cases {
		u := userName(i)
		cmds = append(cmds, []string{"ACL", "DELUSER", u})
		for _, s := range c.steps {
			cmds = append(cmds, append([]string{"ACL", "SETUSER", u}, aclgen.Words(s)...))
		}
		for _, argv := range c.argvs {
			cmds = append(cmds, append([]string{"ACL", "DRYRUN", u}, argv...))
		}
	}
	replies := o.s.Pipeline(cmds)
	list, err := o.s.Client.Do(context.Background(), "ACL", "LIST").StringSlice()
	require.NoError(t, err)
	lines := map[string]string{}
	for _, l := range list {
		if name, _, ok := strings.Cut(strings.TrimPrefix(l, "user "), " "); ok {
			lines[name] = l
		}
	}
	k := 0
	for i, c := range cases {
		if strings.HasPrefix(replies[k], "transport error") {
			t.Fatalf("server: %s (after %q)", replies[k], c.steps)
		}
		k++
		c.setUser = replies[k : k+len(c.steps)]
		k += len(c.steps)
		c.list, c.dryRun = lines[userName(i)], nil
		c.exists = c.list != ""
		if c.exists {
			c.dryRun = replies[k : k+len(c.argvs)]
		}
		k += len(c.argvs)
	}
}

// mismatch is one disagreement between the server and the library.
type mismatch struct {
	aspect       string // conformance.AspectSetUser, AspectACLList or AspectDryRun
	steps        []string
	argv         []string // for a DRYRUN mismatch
	server, ours string
}

func (m mismatch) String() string {
	s := fmt.Sprintf("%s of %q", m.aspect, strings.Join(m.steps, " ; "))
	if m.argv != nil {
		s += fmt.Sprintf(" -- %q", m.argv)
	}
	return s + fmt.Sprintf("\n    server: %q\n    ours:   %q", m.server, m.ours)
}

// tally counts comparisons per aspect.
type tally map[string]int

// setUser applies the steps of a case to a new user as the library does:
// conformance.SetUser for one ACL SETUSER, User.SetUser for successive
// ones. It returns the user (nil if no step succeeded) and the replies.
func (o *oracle) setUser(name string, steps []string) (*acl.User, []string) {
	if len(steps) == 1 {
		u, reply := conformance.SetUser(o.tb, name, steps[0])
		return u, []string{reply}
	}
	var replies []string
	u, exists := acl.NewUser(name, o.tb), false
	for _, s := range steps {
		nu, err := u.SetUser(s)
		var e *acl.Error
		switch {
		case errors.As(err, &e):
			replies = append(replies, e.UnredactedReply())
		case err != nil:
			replies = append(replies, "ERR "+err.Error())
		default:
			replies = append(replies, "OK")
			u, exists = nu, true
		}
	}
	if !exists {
		return nil, replies
	}
	return u, replies
}

// compare checks the i-th case of a batch against the library and returns
// its first mismatch, if any.
func (o *oracle) compare(i int, c *oracleCase, n tally) *mismatch {
	u, replies := o.setUser(userName(i), c.steps)
	for j, reply := range replies {
		n[conformance.AspectSetUser]++
		if reply != c.setUser[j] {
			return &mismatch{aspect: conformance.AspectSetUser, steps: c.steps[:j+1], server: c.setUser[j], ours: reply}
		}
	}
	if (u != nil) != c.exists {
		return &mismatch{aspect: conformance.AspectACLList, steps: c.steps, server: c.list, ours: "no user"}
	}
	if u == nil {
		return nil
	}
	n[conformance.AspectACLList]++
	if ours := u.ACLList(); !conformance.SameACLList(u.Dialect(), c.list, ours) {
		return &mismatch{aspect: conformance.AspectACLList, steps: c.steps, server: c.list, ours: ours}
	}
	for j, argv := range c.argvs {
		n[conformance.AspectDryRun]++
		if ours := u.DryRun(argv...); ours != c.dryRun[j] {
			return &mismatch{aspect: conformance.AspectDryRun, steps: c.steps, argv: argv, server: c.dryRun[j], ours: ours}
		}
	}
	return nil
}

// minimize drops ACL SETUSER calls, words of their access strings and
// trailing arguments of a DRYRUN command line for as long as the same kind
// of mismatch remains, trying all candidates of a step in one batch.
func (o *oracle) minimize(t *testing.T, m mismatch) mismatch {
	for round := 0; round < 40; round++ {
		var cands []*oracleCase
		add := func(steps []string, argv []string) {
			for _, s := range steps {
				if !aclgen.Safe(s) && o.s.Engine.Name != "redis-7.0" {
					return
				}
			}
			c := &oracleCase{steps: steps}
			if argv != nil {
				c.argvs = [][]string{argv}
			}
			cands = append(cands, c)
		}
		for j := range m.steps {
			if len(m.steps) > 1 {
				add(slices.Delete(slices.Clone(m.steps), j, j+1), m.argv)
			}
			words := aclgen.Words(m.steps[j])
			for i := range words {
				steps := slices.Clone(m.steps)
				steps[j] = strings.Join(slices.Delete(slices.Clone(words), i, i+1), " ")
				add(steps, m.argv)
			}
		}
		if len(m.argv) > 1 {
			add(m.steps, m.argv[:len(m.argv)-1])
		}
		if len(cands) > oracleBatch {
			cands = cands[:oracleBatch]
		}
		if len(cands) == 0 {
			return m
		}
		o.run(t, cands)
		found := false
		for i, c := range cands {
			if got := o.compare(i, c, tally{}); got != nil && got.aspect == m.aspect {
				m, found = *got, true
				break
			}
		}
		if !found {
			return m
		}
	}
	return m
}

// scale returns ACLCHECK_ORACLE_SCALE, a multiplier of the number of
// comparisons for longer hunts (default 1).
func scale(t *testing.T) int {
	v := os.Getenv("ACLCHECK_ORACLE_SCALE")
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("ACLCHECK_ORACLE_SCALE: want a positive integer, got %q", v)
	}
	return n
}

// differential generates users (steps access strings each, applied by
// successive ACL SETUSER calls, with probes command lines) until want
// comparisons of aspect have been made, compares everything with the live
// server, and fails on any mismatch, showing the first few minimized.
func differential(t *testing.T, aspect string, want, steps, probes int, configure func(*aclgen.Gen)) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		differentialOn(t, e, aspect, want, steps, probes, configure)
	})
}

// differentialOn is differential on one engine, with its table.
func differentialOn(t *testing.T, e redistest.Engine, aspect string, want, steps, probes int, configure func(*aclgen.Gen)) {
	s := redistest.StartEngine(t, e)
	o := &oracle{s: s, tb: testutil.Table(t, e.Name)}
	g := aclgen.New(seed(t), o.tb)
	configure(g)
	if e.Name == "redis-7.0" {
		g.Crashing = 0.1 // Redis 7.0 takes what crashes the others
	}
	want *= scale(t)
	n, kinds, special, crashing := tally{}, tally{}, 0, 0
	var found []mismatch
	misses := tally{}
	cases := 0
	for n[aspect] < want {
		cases += oracleBatch
		cases := make([]*oracleCase, oracleBatch)
		for i := range cases {
			c := &oracleCase{}
			for j := 0; j < steps; j++ {
				c.steps = append(c.steps, g.Access())
			}
			for j := 0; j < probes; j++ {
				c.argvs = append(c.argvs, g.Argv(strings.Join(c.steps, " ")))
			}
			cases[i] = c
		}
		o.run(t, cases)
		for i, c := range cases {
			for _, r := range c.dryRun {
				kinds[replyKind(r)]++
			}
			if slices.ContainsFunc(c.steps, hasNUL) || slices.ContainsFunc(c.argvs, hasSpecial) {
				special++
			}
			if slices.ContainsFunc(c.steps, func(s string) bool { return crashes(s, o.tb) }) {
				crashing++
			}
			if m := o.compare(i, c, n); m != nil {
				misses[m.aspect]++
				if len(found) < 5 {
					found = append(found, *m)
				}
			}
		}
	}
	for _, a := range []string{conformance.AspectSetUser, conformance.AspectACLList, conformance.AspectDryRun} {
		t.Logf("%s: %-8s compared %6d, mismatches %d", e.Name, a, n[a], misses[a])
	}
	t.Logf("%s: %d cases (users), %d of them with NUL, CR or LF bytes, %d with rules that crash Redis 7.2", e.Name, cases, special, crashing)
	if n[conformance.AspectDryRun] > 0 {
		t.Logf("DRYRUN replies: %d OK, %d command, %d key and %d channel denials, %d errors",
			kinds["ok"], kinds["command"], kinds["key"], kinds["channel"], kinds["error"])
	}
	for _, m := range found {
		t.Errorf("mismatch (minimized): %s\n  found as: %s", o.minimize(t, m), m)
	}
}

// crashes reports whether access holds a rule of acl.Crashes.
func crashes(access string, t *category.Table) bool {
	a, _ := acl.Parse(access)
	for r := range a.All() {
		if acl.Crashes(r, t) {
			return true
		}
	}
	return false
}

// hasNUL and hasSpecial tell the cases of the NUL, CR and LF family: CR
// and LF in an access string only separate words.
func hasNUL(access string) bool     { return strings.IndexByte(access, 0) >= 0 }
func hasSpecial(argv []string) bool { return slices.ContainsFunc(argv, aclgen.HasSpecial) }

// replyKind classifies an ACL DRYRUN reply.
func replyKind(r string) string {
	switch {
	case r == "OK":
		return "ok"
	case strings.HasPrefix(r, "ERR "):
		return "error"
	case strings.HasSuffix(r, " command"):
		return "command"
	case strings.HasSuffix(r, " key"):
		return "key"
	}
	return "channel"
}

// TestSetUserOracleDifferential compares ACL SETUSER replies (accepted, or
// the exact error) and ACL LIST lines with the live server for at least
// 20,000 generated access strings.
func TestSetUserOracleDifferential(t *testing.T) {
	differential(t, conformance.AspectSetUser, 20000, 1, 0, func(*aclgen.Gen) {})
}

// TestDryRunOracleDifferential compares ACL DRYRUN replies with the live
// servers for at least 20,000 (access string, command line) pairs, plus
// the SETUSER replies and ACL LIST lines of those access strings; a fifth
// of them have NUL, CR or LF bytes.
func TestDryRunOracleDifferential(t *testing.T) {
	differential(t, conformance.AspectDryRun, 20000, 1, 8, func(g *aclgen.Gen) {
		g.Invalid, g.Broad = 0.01, 0.7 // most users valid, most commands allowed
		g.Special = 0.2                // and some NUL, CR and LF bytes
	})
}

// TestSetUserSequenceOracleDifferential applies two or three successive
// ACL SETUSER calls to each user (User.SetUser continues from the previous
// state, and a failing call changes nothing) and compares every reply, the
// final ACL LIST line and DRYRUN replies with the live server.
func TestSetUserSequenceOracleDifferential(t *testing.T) {
	differential(t, conformance.AspectSetUser, 6000, 3, 2, func(g *aclgen.Gen) {
		g.Invalid, g.MaxRules, g.Special = 0.04, 6, 0.1
	})
}

// TestSpecialBytesOracleDifferential compares SETUSER replies, ACL LIST
// lines and DRYRUN replies with the live servers for access strings with
// NUL bytes in their words and command lines with NUL, CR or LF bytes in
// their command names, subcommands, keys and channels.
func TestSpecialBytesOracleDifferential(t *testing.T) {
	differential(t, conformance.AspectSetUser, 6000, 1, 4, func(g *aclgen.Gen) {
		g.Special, g.Invalid, g.Broad = 1, 0.02, 0.6
	})
}

// TestOracleCorpus replays the recorded corpora of Redis 7.0.15, Redis
// 7.2.6 and Valkey 8.0.1 (testdata/oracle, 1,500 cases each) and requires
// full agreement on every aspect.
func TestOracleCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/oracle/*.jsonl.gz")
	require.NoError(t, err)
	require.Len(t, files, 3)
	for _, f := range files {
		rep := conformance.NewReport()
		cases, err := conformance.ReadFile(f)
		require.NoError(t, err)
		for _, c := range cases {
			rep.Replay(filepath.Base(f), c, "")
		}
		require.Equal(t, 1500, rep.Cases, f)
		for _, a := range []string{conformance.AspectSetUser, conformance.AspectACLList, conformance.AspectDryRun} {
			tl := rep.Aspects[a]
			t.Logf("%s: %-8s %d/%d", filepath.Base(f), a, tl.Agree, tl.Total)
			if tl.Agree != tl.Total || tl.Total == 0 {
				t.Errorf("%s: %s agrees on %d of %d", f, a, tl.Agree, tl.Total)
			}
		}
		for _, m := range rep.Mismatches {
			t.Errorf("%s:%d %s %s\n  want %s\n  got  %s", m.File, m.Line, m.Engine, m.Input, m.Want, m.Got)
		}
	}
}

// The NUL, CR and LF inputs on which the library once disagreed with the
// servers (found by the differential tests with aclgen's Gen.Special),
// with the replies of all three engines, recorded live. Redis reads
// keywords, command and category names as C strings, names error words up
// to a NUL, appends the later words of a selector as C strings, and turns
// CR and LF into spaces in error replies.
func TestSpecialBytesRegressions(t *testing.T) {
	syntax := func(w string) string { return "ERR Error in ACL SETUSER modifier '" + w + "': Syntax error" }
	unknown := func(w string) string {
		return "ERR Error in ACL SETUSER modifier '" + w + "': Unknown command or category name in ACL"
	}
	tests := []struct {
		access, reply, list string // list: the Redis 7.2 line; 7.0's has no sanitize-payload
	}{
		{"on\x00x", "OK", "user u on sanitize-payload resetchannels -@all"},
		{"o\x00n", syntax("o"), ""},
		{"\x00on", syntax(""), ""},
		{"-get\x00x +@all", "OK", "user u off sanitize-payload resetchannels +@all"},
		{"+client|trac\x00kinginfo", unknown("+client|trac"), ""},
		{"+select|0\x00x", "OK", "user u off sanitize-payload resetchannels -@all +select|0"},
		{"+select|\x00a", syntax("+select|"), ""},
		{"+@read\x00x", "OK", "user u off sanitize-payload resetchannels -@all +@read"},
		{"+@STRIN\x00G", unknown("+@STRIN"), ""},
		{"~a\x00b", syntax("~a"), ""},
		{"%RW~a\x00b", syntax("%RW~a"), ""},
		{"&a\x00b", syntax("&a"), ""},
		{">pa\x00ss", "OK", "user u off sanitize-payload #7e89ef5fe0fb288715d9be33011d0238159a58dffefc2af01321a1afa84f87d4 resetchannels -@all"},
		{"(+get\x00x ~k)", "OK", "user u off sanitize-payload resetchannels -@all (resetchannels -@all +get)"},
		{"(~a +get\x00x ~b)", "OK", "user u off sanitize-payload resetchannels -@all (~a ~b resetchannels -@all +get)"},
		{"( \x00-@admin)", syntax("( "), ""},
		{"(~a )\x00 +get)", syntax("(~a ) +get)"), ""},
		{"(~a %\x00rw~x)", syntax("(~a %"), ""},
	}
	for _, tt := range tests {
		for _, engine := range []string{"redis-7.0", "redis-7.2", "valkey-8.0"} {
			u, err := acl.NewUser("u", testutil.Table(t, engine)).SetUser(tt.access)
			if tt.reply != "OK" {
				var e *acl.Error
				require.ErrorAs(t, err, &e, "%q on %s", tt.access, engine)
				assert.Equal(t, tt.reply, e.Reply(), "%q on %s", tt.access, engine)
				continue
			}
			require.NoError(t, err, "%q on %s", tt.access, engine)
			want := tt.list
			if engine == "redis-7.0" {
				want = strings.Replace(want, " sanitize-payload", "", 1)
			}
			assert.Equal(t, want, u.ACLList(), "%q on %s", tt.access, engine)
		}
		liveAgree(t, []string{tt.access})
	}

	argvs := [][]string{{"\r\nzscore"}, {"l\n\x00pop"}, {"get", "a\x00b"}, {"get", "k\x00b"}, {"publish", "d\x00x", "m"},
		{"psubscribe", "c\x00"}, {"config", "g\ret", "x"}, {"get", "x\rb\n"}}
	want := map[string][]string{
		"redis-7.0": {"ERR Command '  zscore' not found", "ERR Command 'l ' not found", "This user has no permissions to access the 'a' key", "OK",
			"This user has no permissions to access the 'd' channel", "This user has no permissions to access the 'c' channel",
			"ERR Command 'config' not found", "This user has no permissions to access the 'x\rb\n' key"},
		"redis-7.2": {"ERR Command '  zscore' not found", "ERR Command 'l ' not found", "User u has no permissions to access the 'a\x00b' key", "OK",
			"User u has no permissions to access the 'd\x00x' channel", "User u has no permissions to access the 'c\x00' channel",
			"ERR Command 'config' not found", "User u has no permissions to access the 'x\rb\n' key"},
	}
	want["valkey-8.0"] = want["redis-7.2"]
	const access = "on +@all ~k* &c*"
	for engine, replies := range want {
		u := setUser(t, engine, access)
		for i, argv := range argvs {
			assert.Equal(t, replies[i], u.DryRun(argv...), "%q on %s", argv, engine)
		}
	}
	liveAgree(t, []string{access}, argvs...)
}

// TestSentinelOracleDifferential compares ACL SETUSER replies (accepted, or
// the exact error), ACL LIST lines and ACL DRYRUN replies of each engine's Sentinel
// (redis-server --sentinel) with the library on the engine's Sentinel
// table (category.ForSentinel), for generated access strings drawn from
// that table and command lines of Sentinel's commands and of data commands
// Sentinel does not have.
func TestSentinelOracleDifferential(t *testing.T) {
	const n = 2000
	for _, e := range redistest.Engines {
		t.Run(e.Name, func(t *testing.T) {
			s, err := redistest.LaunchSentinel(t.TempDir(), e)
			if errors.Is(err, redistest.ErrNoServer) {
				if os.Getenv("CI") == "true" {
					t.Fatalf("oracle tests must run in CI: %v", err)
				}
				t.Skipf("skipping %s Sentinel oracle test: %v", e.Name, err)
			}
			require.NoError(t, err)
			defer s.Close()
			info, err := s.InfoEngine()
			require.NoError(t, err)
			require.Equal(t, e.Version, info)
			tb, err := category.ForSentinel(e.Name)
			require.NoError(t, err)
			g := aclgen.New(seed(t), tb)
			foreign := [][]string{{"GET", "k"}, {"SET", "k", "v"}, {"CONFIG", "GET", "x"}, {"SENTINEL", "NOSUCH"}, {"PING"}}
			accepted, refused, dryruns, lists := 0, 0, 0, 0
			for batch := 0; batch < n; batch += oracleBatch {
				var cases []string
				var argvs [][][]string
				var cmds [][]string
				for i := 0; i < oracleBatch; i++ {
					a := g.Access()
					if e.Name != "redis-7.0" && !aclgen.Safe(a) {
						continue
					}
					name := userName(i)
					av := [][]string{g.Argv(a), foreign[i%len(foreign)]}
					cases, argvs = append(cases, a), append(argvs, av)
					cmds = append(cmds, []string{"ACL", "DELUSER", name}, append([]string{"ACL", "SETUSER", name}, aclgen.Words(a)...))
					for _, argv := range av {
						cmds = append(cmds, append([]string{"ACL", "DRYRUN", name}, argv...))
					}
				}
				replies := s.Pipeline(cmds)
				k := 0
				for i, a := range cases {
					k++ // DELUSER
					want := replies[k]
					k++
					reply := "OK"
					u, err := acl.NewUser(userName(i), tb).SetUser(a)
					if ae := (*acl.Error)(nil); errors.As(err, &ae) {
						reply = ae.UnredactedReply()
					} else if err != nil {
						reply = err.Error()
					}
					require.Equal(t, want, reply, "live %s Sentinel SETUSER %q", e.Version, a)
					if err != nil {
						refused++
						k += len(argvs[i])
						continue
					}
					accepted++
					list, err := s.ACLList(userName(i))
					require.NoError(t, err)
					require.True(t, conformance.SameACLList(u.Dialect(), list, u.ACLList()), "live %s Sentinel ACL LIST of %q\n  server: %s\n  ours:   %s", e.Version, a, list, u.ACLList())
					lists++
					for _, argv := range argvs[i] {
						assert.Equal(t, replies[k], u.DryRun(argv...), "live %s Sentinel DRYRUN %q after %q", e.Version, argv, a)
						dryruns++
						k++
					}
				}
			}
			t.Logf("%s Sentinel: %d access strings accepted (%d ACL LIST lines equal), %d refused with the same error, %d DRYRUN replies equal", e.Version, accepted, lists, refused, dryruns)
			require.Greater(t, accepted, n/4, "most generated access strings are valid")
			require.Greater(t, refused, 10)
		})
	}
}
