package main

import (
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
