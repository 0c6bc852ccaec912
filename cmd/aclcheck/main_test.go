package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/aclcheck/aclcheck/internal/redistest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"aclcheck": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the built
// command on every subcommand, input format and exit status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") == "1",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// status N prog args... runs prog and requires exit status N.
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: status N prog [args...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("exit status %d, want %d", got, want)
				}
			},
			// redis [ENGINE] starts a private server of ENGINE (default
			// redis-7.0) and sets $REDIS to its address; it fails in CI
			// when there is none.
			"redis": func(ts *testscript.TestScript, neg bool, args []string) {
				e := redistest.Engines[0]
				if len(args) > 0 {
					var ok bool
					if e, ok = redistest.EngineNamed(args[0]); !ok {
						ts.Fatalf("redis: unknown engine %q", args[0])
					}
				}
				dir := ts.MkAbs(e.Name)
				ts.Check(os.MkdirAll(dir, 0o700))
				s, err := redistest.LaunchEngine(dir, e)
				if errors.Is(err, redistest.ErrNoServer) && os.Getenv("CI") != "true" {
					ts.Logf("no redis-server: %v", err)
					ts.Setenv("REDIS", "")
					return
				}
				ts.Check(err)
				ts.Setenv("REDIS", s.Addr)
				ts.Defer(s.Close)
			},
		},
		// [redis] and [engine:NAME] hold where the server can be started,
		// and always in CI (where a missing one fails).
		Condition: func(cond string) (bool, error) {
			if cond == "redis" {
				cond = "engine:" + redistest.Engines[0].Name
			}
			if name, ok := strings.CutPrefix(cond, "engine:"); ok {
				e, ok := redistest.EngineNamed(name)
				if !ok {
					return false, errors.New("unknown engine " + name)
				}
				_, err := e.Binary()
				return err == nil || os.Getenv("CI") == "true", nil
			}
			return false, errors.New("unknown condition " + cond)
		},
	})
}

// runCLI runs aclcheck with args, reading stdin, and returns its exit
// status, standard output and standard error.
func runCLI(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// writeTestFile writes content to dir/name (making its directory) and
// returns its path.
func writeTestFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestIsolateTestdata runs isolate on testdata/boundaries: the tenants are
// isolated, and adding +keys to one user or a ~* selector to another
// breaks isolation with a witness.
func TestIsolateTestdata(t *testing.T) {
	users, err := os.ReadFile("../../testdata/boundaries/users.acl")
	if err != nil {
		t.Fatal(err)
	}
	tenants := "../../testdata/boundaries/tenants.yaml"
	for _, c := range []struct {
		name, user, add string
		code            int
		want            string
	}{
		{"isolated", "", "", 0, "isolated: 2 tenants, 7 users\n"},
		{"keys", "bob", " +keys", 1, "tenant a: bob every key via root +keys: keys *\n  note: KEYS reads the name of every key\n"},
		{"selector", "alice-ro", " (~* +get)", 1, "tenant b: alice-ro reads tenant-b: via (~* +get) +get allkeys: get tenant-b:\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var lines []string
			for _, l := range strings.Split(strings.TrimSpace(string(users)), "\n") {
				if c.user != "" && strings.HasPrefix(l, "user "+c.user+" ") {
					l += c.add
				}
				lines = append(lines, l)
			}
			file := writeTestFile(t, t.TempDir(), "users.acl", strings.Join(lines, "\n")+"\n")
			code, stdout, stderr := runCLI("", "isolate", "--engine", "redis-7.0", "--tenants", tenants, file)
			if code != c.code || stdout != c.want {
				t.Errorf("exit %d, stdout:\n%s\nstderr: %s\nwant exit %d, stdout:\n%s", code, stdout, stderr, c.code, c.want)
			}
		})
	}
}
