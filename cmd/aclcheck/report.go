package main

import (
	"bytes"
	"fmt"

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
	_, users, err := c.load(e, c.Inputs)
	if err != nil {
		return err
	}
	r, err := report.Build(users)
	var b bytes.Buffer
	if err == nil {
		err = r.WriteHTML(&b)
	}
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if err := e.writeOutput(c.Output, b.Bytes()); err != nil {
		return err
	}
	if c.Output != "-" {
		fmt.Fprintf(e.stderr, "wrote %s: %d users\n", human(c.Output), len(users))
	}
	return nil
}
