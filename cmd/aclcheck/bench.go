package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

// serverFlags name the live server that bench and fuzz compare with.
type serverFlags struct {
	Redis  string `required:"" placeholder:"ADDR" help:"Server to compare with: unix:///path/to/redis.sock, redis://host:port or host:port."`
	Engine string `placeholder:"E" help:"Command table to use (default: from the server's INFO)."`
}

type benchCmd struct {
	serverFlags
	Duration time.Duration `default:"300ms" help:"How long to measure each side of each case."`
	User     string        `default:"aclcheck-bench" help:"Scratch user created on the server (deleted afterwards)."`
}

func (c *benchCmd) Help() string {
	return `Measures, in one run, the server's pipelined ACL DRYRUN and ACL SETUSER on a set of
cases and aclcheck's Check and Parse+Compile on the same cases, and prints how many
times faster aclcheck is. The server must allow ACL SETUSER, ACL DRYRUN and ACL DELUSER.

Example:
  redis-server --port 0 --unixsocket /tmp/r.sock --save '' &
  aclcheck bench --redis unix:///tmp/r.sock`
}

type benchCase struct {
	name, access string
	argv         []string
}

func benchCases() []benchCase {
	many := "on +@all"
	for i := 0; i < 64; i++ {
		many += fmt.Sprintf(" ~tenant%02d:*", i)
	}
	const ex = "on ~app:* %R~ro:* &chan* -@all +@read +set -config|set (~other:* +get)"
	return []benchCase{
		{"GET allowed", ex, []string{"GET", "app:1"}},
		{"GET denied key", ex, []string{"GET", "secret:1"}},
		{"MGET 3 keys", ex, []string{"MGET", "app:1", "ro:2", "app:3"}},
		{"4 selectors", "on -@all (~a:* +get) (~b:* +get) (~c:* +get) (~d:* +get)", []string{"GET", "d:1"}},
		{"64 patterns", many, []string{"GET", "tenant63:orders"}},
	}
}

// connect dials the server and picks the command table: --engine, or the
// server's own from its INFO. done deletes the scratch user and closes the
// connection.
func (f *serverFlags) connect(user string) (s *redistest.Server, engine string, t *category.Table, done func(), err error) {
	if s, err = redistest.Dial(f.Redis); err != nil {
		return nil, "", nil, nil, &exitError{exitUsage, err}
	}
	engine = f.Engine
	if engine == "" {
		var v string
		if v, err = s.InfoEngine(); err == nil {
			var e category.Engine
			e, err = category.ParseEngine(v)
			engine = e.String()
		}
	}
	if err == nil {
		t, err = category.ForEngine(engine)
	}
	if err != nil {
		s.Close()
		return nil, "", nil, nil, &exitError{exitUsage, err}
	}
	return s, engine, t, func() { s.DelUser(user); s.Close() }, nil
}

func (c *benchCmd) Run(e *env) error {
	s, engine, t, done, err := c.connect(c.User)
	if err != nil {
		return err
	}
	defer done()
	fmt.Fprintf(e.stdout, "engine %s, %d cores, %s per measurement\n", engine, runtime.NumCPU(), c.Duration)
	fmt.Fprintf(e.stdout, "%-16s %14s %14s %9s   %14s %14s %9s\n", "case", "DRYRUN/s", "Check/s", "ratio", "SETUSER/s", "compile/s", "ratio")
	for _, bc := range benchCases() {
		words := strings.Fields(bc.access)
		if r := s.SetUser(c.User, append([]string{"reset"}, words...)...); r != "OK" {
			return &exitError{exitUsage, fmt.Errorf("%s: ACL SETUSER: %s", bc.name, r)}
		}
		u, err := acl.NewUser(c.User, t).SetUser(bc.access)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		want := s.DryRun(c.User, bc.argv...)
		if got := u.DryRun(bc.argv...); got != want {
			return &exitError{exitFindings, fmt.Errorf("%s: the server says %q, aclcheck says %q", bc.name, want, got)}
		}
		const batch = 1000
		dry := make([][]string, batch)
		set := make([][]string, batch/4)
		for i := range dry {
			dry[i] = append([]string{"ACL", "DRYRUN", c.User}, bc.argv...)
		}
		for i := range set {
			set[i] = append([]string{"ACL", "SETUSER", c.User, "reset"}, words...)
		}
		serverCheck := measure(c.Duration, batch, func() { s.Pipeline(dry) })
		ourCheck := measure(c.Duration, batch, func() {
			for i := 0; i < batch; i++ {
				u.Check(bc.argv)
			}
		})
		serverSet := measure(c.Duration, len(set), func() { s.Pipeline(set) })
		ourSet := measure(c.Duration, len(set), func() {
			for i := 0; i < len(set); i++ {
				acl.NewUser(c.User, t).SetUser(bc.access)
			}
		})
		fmt.Fprintf(e.stdout, "%-16s %14.0f %14.0f %8.1fx   %14.0f %14.0f %8.2fx\n", bc.name,
			serverCheck, ourCheck, ourCheck/serverCheck, serverSet, ourSet, ourSet/serverSet)
	}
	return nil
}

// measure runs f, which performs n operations, for about d and returns
// operations per second.
func measure(d time.Duration, n int, f func()) float64 {
	f()
	ops, start := 0, time.Now()
	for time.Since(start) < d {
		f()
		ops += n
	}
	return float64(ops) / time.Since(start).Seconds()
}
