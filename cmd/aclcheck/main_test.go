package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
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
			// redis starts a private redis-server and sets $REDIS to its
			// address; it fails in CI when there is none.
			"redis": func(ts *testscript.TestScript, neg bool, args []string) {
				s, err := redistest.Launch(ts.MkAbs("."))
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
		Condition: func(cond string) (bool, error) {
			if cond == "redis" {
				_, err := exec.LookPath("redis-server")
				return err == nil || os.Getenv("CI") == "true", nil
			}
			return false, errors.New("unknown condition " + cond)
		},
	})
}
