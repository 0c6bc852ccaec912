package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/conformance"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

// The tests of this file compare tables with live servers on the public
// corpus (the access strings and probes of the recorded corpus of the
// server's version, sent to the server again).

// corpusOf returns the public corpus recorded from engine e.
func corpusOf(e redistest.Engine) string {
	return "../../acl/testdata/oracle/" + e.Version + ".jsonl.gz"
}

// startEngine starts a live server of e and requires INFO server to
// report e's version.
func startEngine(t *testing.T, e redistest.Engine) *redistest.Server {
	t.Helper()
	s := redistest.StartEngine(t, e)
	if v, err := s.InfoEngine(); err != nil || v != e.Version {
		t.Fatalf("live server is %q (%v), want %s", v, err, e.Version)
	}
	return s
}

// agreeLive applies every case of the corpus of the live server s to user
// u on the server and to the library with table tb, and requires the same
// ACL SETUSER replies, the same ACL LIST lines (exactly, or for Redis 7.0
// per selector as token multisets: 7.0 prints single commands in a random
// order) and byte-identical ACL DRYRUN replies.
func agreeLive(t *testing.T, s *redistest.Server, tb *category.Table) {
	t.Helper()
	corpus := corpusOf(s.Engine)
	cases, err := conformance.ReadFile(corpus)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1500 {
		t.Fatalf("%s: %d cases, want 1500", corpus, len(cases))
	}
	lineage := acl.Redis72
	if s.Engine.Name == "redis-7.0" {
		lineage = acl.Redis70
	}
	var bad, lists, dry int
	fail := func(format string, args ...any) {
		if bad++; bad <= 10 {
			t.Errorf(format, args...)
		}
	}
	for _, c := range cases {
		cmds := [][]string{{"ACL", "DELUSER", "u"}, append([]string{"ACL", "SETUSER", "u"}, aclgen.Words(c.Access)...)}
		for _, d := range c.DryRun {
			cmds = append(cmds, append([]string{"ACL", "DRYRUN", "u"}, d.Argv...))
		}
		replies := s.Pipeline(cmds)
		u, reply := conformance.SetUser(tb, "u", c.Access)
		if reply != replies[1] {
			fail("line %d: SETUSER %q\n  server: %s\n  ours:   %s", c.Line, c.Access, replies[1], reply)
			continue
		}
		if u == nil {
			continue
		}
		list, err := s.ACLList("u")
		if err != nil {
			t.Fatal(err)
		}
		lists++
		if !conformance.SameACLList(lineage, list, u.ACLList()) {
			fail("line %d: ACL LIST of %q\n  server: %s\n  ours:   %s", c.Line, c.Access, list, u.ACLList())
		}
		for i, d := range c.DryRun {
			dry++
			if got := u.DryRun(d.Argv...); got != replies[2+i] {
				fail("line %d: DRYRUN %q after %q\n  server: %s\n  ours:   %s", c.Line, d.Argv, c.Access, replies[2+i], got)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d disagreements with the live server", bad)
	}
	if lists < 500 || dry < 2000 {
		t.Errorf("only %d ACL LIST and %d DRYRUN comparisons", lists, dry)
	}
}

// TestRedis71IsRedis70Live: AWS's Redis OSS 7.1 is a build of 7.0, so the
// redis-7.1 table must answer exactly as the live 7.0.15 server does, and
// fmt must print for it what it prints for redis-7.0.
func TestRedis71IsRedis70Live(t *testing.T) {
	s := startEngine(t, redistest.Engines[0])
	tb, err := category.ForEngine("redis-7.1")
	if err != nil {
		t.Fatal(err)
	}
	agreeLive(t, s, tb)
	for _, access := range []string{"on ~a +get -set", "on ~a -@all +get +set -set +get +@read"} {
		out := map[string]string{}
		for _, engine := range []string{"redis-7.0", "redis-7.1"} {
			code, stdout, stderr := runCLI("", "fmt", "--engine", engine, access)
			if code != 0 {
				t.Fatalf("fmt --engine %s: exit %d: %s", engine, code, stderr)
			}
			out[engine] = stdout
		}
		if out["redis-7.1"] != out["redis-7.0"] {
			t.Errorf("fmt %q: redis-7.1 prints %q, redis-7.0 prints %q", access, out["redis-7.1"], out["redis-7.0"])
		}
		s.DelUser("u")
		if r := s.SetUser("u", aclgen.Words(access)...); r != "OK" {
			t.Fatalf("SETUSER %q: %s", access, r)
		}
		list, _ := s.ACLList("u")
		if got := "user u " + strings.TrimSpace(out["redis-7.1"]); !conformance.SameACLList(acl.Redis70, list, got) {
			t.Errorf("fmt --engine redis-7.1 %q = %q, server: %q", access, got, list)
		}
	}
}

// TestTableDumpLive: a dump of each live server records its engine, and
// the table loaded from it answers as that server does. --table with an
// --engine the dump contradicts is a usage error naming both.
func TestTableDumpLive(t *testing.T) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		s := startEngine(t, e)
		path := filepath.Join(t.TempDir(), "table.json")
		if code, _, stderr := runCLI("", "table", "dump", "--redis", s.Addr, "-o", path); code != 0 {
			t.Fatalf("table dump: exit %d: %s", code, stderr)
		}
		tb, err := (&targetFlags{Table: path}).table() // as --table loads it
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(tb.Engine()); got != e.Name {
			t.Errorf("loaded dump: Engine() = %q, want %s", got, e.Name)
		}
		agreeLive(t, s, tb)
		if e.Name == "redis-7.0" {
			checkTableFlags(t, path)
		}
	})
}

// checkTableFlags runs check with --table path, a dump of Redis 7.0.15,
// and --engine: absent, agreeing or contradicting.
func checkTableFlags(t *testing.T, path string) {
	for _, tt := range []struct {
		engine string
		code   int
		out    string
	}{
		{"", 1, "denied: This user has no permissions to access the 'b' key\n"},
		{"redis-7.0", 1, "denied: This user has no permissions to access the 'b' key\n"},
		{"redis-7.2", 2, "aclcheck: --table " + path + " contradicts --engine redis-7.2: category: load: engine mismatch: the dump is of redis-7.0 (redis-7.0.15), not redis-7.2\n"},
		{"redis-7.1", 2, "aclcheck: --table " + path + " contradicts --engine redis-7.1: category: load: engine mismatch: the dump is of redis-7.0 (redis-7.0.15), not redis-7.1\n"},
	} {
		args := []string{"check", "--table", path}
		if tt.engine != "" {
			args = append(args, "--engine", tt.engine)
		}
		code, stdout, stderr := runCLI("", append(args, "on ~a +get", "--", "GET", "b")...)
		if code != tt.code || stdout+stderr != tt.out {
			t.Errorf("%q: exit %d, output %q; want exit %d, %q", args, code, stdout+stderr, tt.code, tt.out)
		}
	}
}
