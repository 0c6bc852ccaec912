package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/synth"
	"github.com/aclcheck/aclcheck/category"
)

type synthCmd struct {
	From       string   `required:"" enum:"monitor,acl-log,jsonl" help:"Trace format: monitor (redis-cli MONITOR), acl-log (ACL LOG, text or JSON), jsonl ({\"user\":…,\"argv\":[…]} lines, as the go-redis recorder writes)."`
	User       string   `placeholder:"NAME" help:"Merge the whole trace into one user NAME (default: one user per traced user, or per client address)."`
	Client     string   `placeholder:"C" help:"Add what a client library needs to connect and stay healthy: go-redis, redis-py, ioredis, lettuce, jedis."`
	Service    string   `placeholder:"S" enum:",elasticache,elasticache-serverless,memorydb" default:"" help:"Leave out what the service forbids and report it: elasticache, elasticache-serverless, memorydb."`
	Engine     string   `default:"valkey-8.0" placeholder:"E" help:"Engine: redis-6.0 … valkey-8.2 (default valkey-8.0)."`
	Format     string   `enum:"text,json" default:"text" help:"Output: text (an ACL file; notes on stderr) or json."`
	Keys       string   `default:"prefix" placeholder:"LEVEL" help:"Key and channel patterns: prefix (up to and including the last separator), exact (literal names), or N (the first N segments)."`
	Separator  string   `default:":" help:"Separator of key name segments."`
	Categories bool     `help:"Allow whole data-type categories (less @dangerous) instead of single commands."`
	Traces     []string `arg:"" name:"trace" help:"Trace files (- for standard input)."`
}

func (c *synthCmd) Help() string {
	return `Reads a trace of real traffic and writes the least-privilege access string of
each user (or client) that allows exactly the traced commands, with key and
channel patterns generalised from the observed names and split by use
(%R~ read, %W~ written, ~ both). The trace is then replayed through the
result: every traced command must be allowed. Notes (what the string allows
beyond the trace, what the service forbids, why client commands were added)
go to standard error in text mode.

Exit status: 0 every traced command is allowed, 1 some cannot be (the
service forbids them), 2 usage or input error.

Examples:
  redis-cli MONITOR > trace.txt   # while the application runs
  aclcheck synth --from monitor --user app --client go-redis trace.txt
  aclcheck synth --from acl-log --service elasticache --engine redis-7.1 log.txt
  aclcheck synth --from jsonl --keys exact trace.jsonl`
}

func (c *synthCmd) Run(e *env) error {
	t, err := category.ForEngine(c.Engine)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	s, err := synth.New(synth.Options{Table: t, User: c.User, Keys: c.Keys, Separator: c.Separator,
		Categories: c.Categories, Client: c.Client, Service: c.Service})
	if err != nil {
		return &exitError{exitUsage, err}
	}
	read := map[string]func(io.Reader, func(synth.Event) error) error{
		"monitor": synth.ReadMonitor, "acl-log": synth.ReadACLLog, "jsonl": synth.ReadJSONL,
	}[c.From]
	paths, cleanup, err := spoolStdin(c.Traces, e.stdin)
	defer cleanup()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	for i, p := range paths {
		if err := readTrace(p, read, func(ev synth.Event) error { s.Add(ev); return nil }); err != nil {
			return &exitError{exitUsage, fmt.Errorf("%s: %w", c.Traces[i], err)}
		}
	}
	res, err := s.Result()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	// Replay the trace through the result.
	denied := map[string][]string{}
	checked := 0
	for i, p := range paths {
		name := c.Traces[i] // "-" for the spooled standard input
		err := readTrace(p, read, func(ev synth.Event) error {
			if d, ok := res.Check(ev); ok {
				if d.Verdict != acl.Invalid {
					checked++
					if !d.Allowed() {
						user := s.UserOf(ev)
						denied[user] = append(denied[user], fmt.Sprintf("%s:%d: %s", name, ev.Line, d.Reply()))
					}
				}
			} else if allowed, ok := res.Allows(ev); ok {
				checked++
				if !allowed {
					user := s.UserOf(ev)
					denied[user] = append(denied[user], fmt.Sprintf("%s:%d: %s %s not granted", name, ev.Line, ev.Need.Reason, ev.Need.Object))
				}
			}
			return nil
		})
		if err != nil {
			return &exitError{exitUsage, fmt.Errorf("%s: %w", name, err)}
		}
	}
	// The result must pass lint for the target with no error.
	var lintErrs []string
	if c.Service != "" {
		target, err := lint.NewTarget(c.Service, c.Engine)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		for _, u := range res.Users {
			ds, err := lint.Validate(u.Access, target)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			for _, d := range ds {
				if d.Severity == lint.Error {
					lintErrs = append(lintErrs, u.Name+": "+d.String())
				}
			}
		}
	}
	if err := c.write(e, res, denied, checked); err != nil {
		return err
	}
	if len(lintErrs) > 0 {
		return &exitError{exitFindings, fmt.Errorf("the result does not pass lint for %s:\n%s", c.Service, strings.Join(lintErrs, "\n"))}
	}
	if len(denied) > 0 {
		return &exitError{exitFindings, nil}
	}
	return nil
}

func (c *synthCmd) write(e *env, res *synth.Result, denied map[string][]string, checked int) error {
	if c.Format == "json" {
		type jsonUser struct {
			*synth.User
			Denied []string `json:"denied,omitempty"`
		}
		out := struct {
			Users   []jsonUser `json:"users"`
			Checked int        `json:"checked"`
		}{Users: []jsonUser{}, Checked: checked}
		for _, u := range res.Users {
			out.Users = append(out.Users, jsonUser{u, denied[u.Name]})
		}
		return e.writeJSON(out)
	}
	for _, u := range res.Users {
		if strings.ContainsAny(u.Name, " \t\r\n\x00") {
			fmt.Fprintf(e.stderr, "aclcheck: %q cannot be a user name; use --user NAME\n", u.Name)
			continue
		}
		fmt.Fprintf(e.stdout, "user %s %s\n", u.Name, u.Access)
		fmt.Fprintf(e.stderr, "# %s: %d traced commands\n", u.Name, u.Events)
		for _, a := range u.Client {
			fmt.Fprintf(e.stderr, "# %s: +%s added for %s: %s\n", u.Name, a.Command, c.Client, a.Reason)
		}
		for _, b := range u.BeyondTrace {
			fmt.Fprintf(e.stderr, "# %s: beyond the trace: %s\n", u.Name, b)
		}
		for _, x := range u.Unavailable {
			fmt.Fprintf(e.stderr, "# %s: needed but %s forbids it: %s\n", u.Name, c.Service, x)
		}
		for _, n := range u.Notes {
			fmt.Fprintf(e.stderr, "# %s: note: %s\n", u.Name, n)
		}
		for _, d := range denied[u.Name] {
			fmt.Fprintf(e.stderr, "# %s: denied: %s\n", u.Name, d)
		}
	}
	fmt.Fprintf(e.stderr, "# replayed %d traced commands through the result: %d denied\n", checked, countAll(denied))
	return nil
}

func countAll(m map[string][]string) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}

// readTrace reads one trace file with read.
func readTrace(path string, read func(io.Reader, func(synth.Event) error) error, fn func(synth.Event) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return read(f, fn)
}

// spoolStdin replaces "-" in paths by a temporary copy of standard input,
// so the trace can be read twice (once to synthesize, once to verify).
func spoolStdin(paths []string, stdin io.Reader) ([]string, func(), error) {
	out := append([]string(nil), paths...)
	cleanup := func() {}
	spooled := false
	for i, p := range out {
		if p != "-" {
			continue
		}
		if spooled {
			return nil, cleanup, errors.New("- is given twice")
		}
		spooled = true
		f, err := os.CreateTemp("", "aclcheck-trace-*")
		if err != nil {
			return nil, cleanup, err
		}
		cleanup = func() { os.Remove(f.Name()) }
		_, err = io.Copy(f, stdin)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, cleanup, err
		}
		out[i] = f.Name()
	}
	if len(out) == 0 {
		return nil, cleanup, errors.New("no trace: give files, or - for standard input")
	}
	return out, cleanup, nil
}
