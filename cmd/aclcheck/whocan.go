package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/termsafe"
)

type whoCanCmd struct {
	userSetFlags
	question
	Format string   `enum:"text,json" default:"text" help:"Output format: text or json."`
	Inputs []string `arg:"" name:"input" help:"Files of users (ACL files, ACL LIST output, API JSON/YAML, AWS CLI output, CloudFormation, Terraform); - reads standard input."`
}

// question is one who-can question: the flags of who-can and the can:
// block of a test file. A pattern is a pointer so that one given empty (an
// empty --read matches only the empty key) is told from one not given.
type question struct {
	Command  *string `placeholder:"CMD" yaml:"command" help:"Who can run this command or subcommand (CMD|SUB; a container means any of its subcommands)."`
	Read     *string `placeholder:"PATTERN" yaml:"read" help:"Who can read at least one key this pattern matches."`
	Write    *string `placeholder:"PATTERN" yaml:"write" help:"Who can write at least one key this pattern matches."`
	Channel  *string `placeholder:"PATTERN" yaml:"channel" help:"Who can publish or subscribe to at least one channel this pattern matches."`
	AllKeys  bool    `yaml:"all-keys" help:"Who can reach every key (any key name, or KEYS, SCAN, RANDOMKEY, FLUSHALL, FLUSHDB, SWAPDB)."`
	Escalate bool    `yaml:"escalate" help:"Who can hand out everything: ACL SETUSER, ACL LOAD, CONFIG SET, MODULE LOAD(EX), DEBUG."`
}

// errQuestion is the error of no question or of more than one.
var errQuestion = errors.New("give exactly one of --command, --read, --write, --channel, --all-keys, --escalate")

// query returns the question asked under table t.
func (q *question) query(t *category.Table) (reach.Query, error) {
	var out reach.Query
	n := 0
	if q.Command != nil {
		n++
		if *q.Command == "" {
			return out, errors.New("--command: empty command name")
		}
		var err error
		if out, err = reach.CommandQuery(t, *q.Command); err != nil {
			return out, err
		}
	}
	for _, o := range []struct {
		set bool
		q   func() reach.Query
	}{
		{q.Read != nil, func() reach.Query { return reach.ReadQuery(*q.Read) }},
		{q.Write != nil, func() reach.Query { return reach.WriteQuery(*q.Write) }},
		{q.Channel != nil, func() reach.Query { return reach.ChannelQuery(*q.Channel) }},
		{q.AllKeys, reach.AllKeysQuery},
		{q.Escalate, reach.EscalateQuery},
	} {
		if o.set {
			n++
			out = o.q()
		}
	}
	if n != 1 {
		return out, errQuestion
	}
	return out, nil
}

func (c *whoCanCmd) Help() string {
	return `Answers one question over a set of users, exactly: key and channel patterns
are automata, combined with each selector's commands, first arguments and
R/W permissions. Each user named comes with the selector and rules that
grant it and a witness command line that ACL DRYRUN allows; a user for whom
the question could not be settled is listed as undecided. Disabled users
cannot authenticate and are left out.

Exit status: 0 nobody can, 1 somebody can (or is undecided), 2 usage or
input error, so it works as a CI assertion.

Examples:
  aclcheck who-can --command 'config|set' users.acl
  aclcheck who-can --read 'tenant-a:*' users.acl
  aclcheck who-can --all-keys --format json users.json
  aclcheck who-can --escalate cloudformation.yaml`
}

func (c *whoCanCmd) Run(e *env) error {
	t, users, err := c.load(e, c.Inputs)
	if err != nil {
		return err
	}
	q, err := c.query(t)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	a, err := reach.New(users).WhoCan(q)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	return e.answer(c.Format, a, func() { writeGrants(e.stdout, a) }, !a.Empty())
}

// writeGrants prints one line per user: name, selector, rule, witness.
func writeGrants(w io.Writer, a *reach.Answer) {
	if a.Empty() {
		fmt.Fprintln(w, "nobody")
		return
	}
	for _, g := range a.Grants {
		fmt.Fprintf(w, "%s: %s via %s: %s\n", human(g.User), human(g.Selector), human(g.Rule), commandLine(g.Witness))
		if g.Note != "" {
			fmt.Fprintf(w, "  note: %s\n", g.Note)
		}
	}
	for _, u := range a.Undecided {
		fmt.Fprintf(w, "%s: undecided: %s\n", human(u.User), human(u.Reason))
	}
}

// commandLine renders argv for a terminal (termsafe.CommandLine).
func commandLine(argv []string) string { return termsafe.CommandLine(argv) }
