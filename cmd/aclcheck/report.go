package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/aclcheck/aclcheck/internal/report"
)

type reportCmd struct {
	userSetFlags
	Output string   `short:"o" required:"" placeholder:"FILE.html" help:"The HTML file to write (- for standard output)."`
	Inputs []string `arg:"" name:"input" help:"Files of users, as who-can reads them; - reads standard input."`
}

func (c *reportCmd) Help() string {
	return `Writes one self-contained HTML page about a set of users (no scripts, nothing
loaded from elsewhere): a matrix of users by capability (escalation,
dangerous commands, every key, reading and writing keys with the patterns
that grant them, channels, key space shared with other users, and each
command category of the engine), then the pairs of users that share a key,
and the witness command line, selector and rules behind every cell. Each ✓
links to its witness, which ACL DRYRUN allows; each ✗ is proven, as who-can
proves it. Passwords and hashes are masked.

Exit status: 0 written, 2 usage or input error.

Examples:
  aclcheck report -o report.html users.acl
  aclcheck report --service elasticache -o report.html cloudformation.yaml`
}

func (c *reportCmd) Run(e *env) error {
	t, err := c.setTable()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	users, err := c.readUsers(e, t, c.Inputs)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	r, err := report.Build(users)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		return &exitError{exitUsage, err}
	}
	if c.Output == "-" {
		_, err = e.stdout.Write(b.Bytes())
	} else if err = os.WriteFile(c.Output, b.Bytes(), 0o644); err == nil {
		fmt.Fprintf(e.stderr, "wrote %s: %d users\n", human(c.Output), len(users))
	}
	if err != nil {
		return &exitError{exitUsage, err}
	}
	return nil
}
