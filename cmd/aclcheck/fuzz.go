package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/conformance"
	"github.com/aclcheck/aclcheck/internal/progress"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

type fuzzCmd struct {
	serverFlags
	N       int     `default:"1000" help:"Number of access strings to try (each with 3 command lines)."`
	Seed    int64   `default:"1" help:"Generator seed."`
	Special float64 `default:"0.1" help:"Share of access strings with NUL bytes in their words, and of command lines with NUL, CR or LF bytes."`
	Record  string  `placeholder:"FILE" help:"Write the minimized mismatches to FILE in the corpus format (JSON lines)."`
	User    string  `default:"aclcheck-fuzz" help:"Scratch user created on the server (deleted afterwards)."`
}

func (c *fuzzCmd) Help() string {
	return `Differential fuzzing: random access strings and command lines are sent to the
server (ACL SETUSER, ACL LIST, ACL DRYRUN) and to aclcheck, and every
disagreement is printed, minimized to the fewest rules that still disagree.
Inputs known to crash servers are never sent. Use a scratch server: the
command creates and deletes one user. Exit status 1 when anything disagreed.

Example:
  redis-server --port 0 --unixsocket /tmp/r.sock --save '' &
  aclcheck fuzz --redis unix:///tmp/r.sock --n 5000 --record mismatches.jsonl`
}

func (c *fuzzCmd) Run(e *env) error {
	s, engine, t, done, err := c.connect(c.User)
	if err != nil {
		return err
	}
	defer done()
	g := aclgen.New(c.Seed, t)
	g.Special = c.Special
	f := &fuzzer{s: s, t: t, user: c.User}
	var found []conformance.Case
	bar := progress.New(e.stderr, "fuzz", c.N)
	defer bar.Done()
	for i := 0; i < c.N; i++ {
		bar.Set(i)
		access := g.Access()
		probes := [][]string{g.Argv(access), g.Argv(access), g.Argv(access)}
		m := f.compare(aclgen.Words(access), probes)
		if m == nil {
			continue
		}
		words := f.minimize(aclgen.Words(access), probes, m.Aspect)
		m = f.compare(words, probes)
		if m == nil { // flaky: keep the original
			words = aclgen.Words(access)
			m = f.compare(words, probes)
		}
		fmt.Fprintf(e.stdout, "mismatch (%s) on %s\n  access: %s\n  server: %s\n  ours:   %s\n",
			m.Aspect, engine, printable(redact(strings.Join(words, " "))), printable(redact(m.Want)), printable(redact(m.Got)))
		found = append(found, f.record(engine, words, probes))
	}
	fmt.Fprintf(e.stdout, "%d access strings, %d mismatches (seed %d, engine %s)\n", c.N, len(found), c.Seed, engine)
	if c.Record != "" && len(found) > 0 {
		out, err := os.Create(c.Record)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		defer out.Close()
		if err := conformance.Write(out, found); err != nil {
			return err
		}
	}
	if len(found) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// printable quotes s as Go does when it holds control bytes (NUL, CR, LF
// in special inputs), so that they show.
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// redact hides password and hash rules in printed text.
func redact(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		words[i] = acl.Redact(w)
	}
	return strings.Join(words, " ")
}

type fuzzer struct {
	s    *redistest.Server
	t    *category.Table
	user string
}

// server asks the server about one access string and its probes.
func (f *fuzzer) server(words []string, probes [][]string) (setuser, list string, dry []string) {
	cmds := [][]string{{"ACL", "DELUSER", f.user}, append([]string{"ACL", "SETUSER", f.user}, words...)}
	for _, p := range probes {
		cmds = append(cmds, append([]string{"ACL", "DRYRUN", f.user}, p...))
	}
	replies := f.s.Pipeline(cmds)
	setuser, dry = replies[1], replies[2:]
	if setuser == "OK" {
		list, _ = f.s.ACLList(f.user)
	}
	return setuser, list, dry
}

// compare returns the first disagreement, or nil.
func (f *fuzzer) compare(words []string, probes [][]string) *conformance.Mismatch {
	access := strings.Join(words, " ")
	setuser, list, dry := f.server(words, probes)
	u, reply := conformance.SetUser(f.t, f.user, access)
	if reply != setuser {
		return &conformance.Mismatch{Aspect: conformance.AspectSetUser, Input: access, Want: setuser, Got: reply}
	}
	if setuser != "OK" {
		return nil
	}
	if got := u.ACLList(); !conformance.SameACLList(acl.DialectOf(f.t), list, got) {
		return &conformance.Mismatch{Aspect: conformance.AspectACLList, Input: access, Want: list, Got: got}
	}
	for i, p := range probes {
		if got := u.DryRun(p...); got != dry[i] {
			return &conformance.Mismatch{Aspect: conformance.AspectDryRun, Input: access + " -- " + strings.Join(p, " "), Want: dry[i], Got: got}
		}
	}
	return nil
}

// minimize drops rules one at a time while the same aspect still
// disagrees.
func (f *fuzzer) minimize(words []string, probes [][]string, aspect string) []string {
	for i := 0; i < len(words); {
		shorter := append(append([]string(nil), words[:i]...), words[i+1:]...)
		if m := f.compare(shorter, probes); m != nil && m.Aspect == aspect && aclgen.Safe(strings.Join(shorter, " ")) {
			words = shorter
			continue
		}
		i++
	}
	return words
}

// record turns a case into the corpus format, with the server's answers.
func (f *fuzzer) record(engine string, words []string, probes [][]string) conformance.Case {
	setuser, list, dry := f.server(words, probes)
	c := conformance.Case{Engine: engine, User: f.user, Access: strings.Join(words, " "), SetUser: setuser, ACLList: list}
	if setuser == "OK" {
		for i, p := range probes {
			c.DryRun = append(c.DryRun, conformance.DryRun{Argv: p, Reply: dry[i]})
		}
	}
	return c
}
