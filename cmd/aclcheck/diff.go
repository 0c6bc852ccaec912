package main

import (
	"fmt"
	"io"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/permdiff"
	"github.com/aclcheck/aclcheck/internal/lossless"
)

type diffCmd struct {
	userSetFlags
	Format string `enum:"text,json" default:"text" help:"Output format: text or json."`
	FailOn string `enum:"any,broader,never" default:"any" help:"Exit 1 on: any difference (default); broader: only when NEW allows something OLD does not (a CI gate against new access); never."`
	Files  bool   `short:"f" help:"Read OLD and NEW as files of users (as lint -f reads them) and compare the users by name."`
	Old    string `arg:"" help:"The access string before (a file with -f)."`
	New    string `arg:"" help:"The access string after (a file with -f)."`
}

func (c *diffCmd) Help() string {
	return `Shows the effective permission difference between two access strings under the
engine's command table. The first line is the verdict: equivalent, narrower
(NEW allows less), broader (NEW allows more) or incomparable. It is exact: key
and channel patterns are automata, and selectors are compared by the command
lines they allow together, so a command line that one allows and the other
denies follows for each direction that has one (both confirmed as ACL DRYRUN
would). The differences follow by name: on/off, passwords (counted, never
shown), commands and subcommands gained and lost ("config" stands for a
container with all its subcommands, "select|0" for a first argument),
categories now complete or no longer complete, key patterns with their R/W,
channel patterns, and selectors.

allkeys (~*) grants the empty key, which %RW~* (listed ~* by ACL LIST) does
not; %R~a plus %W~a equals ~a; a -@all that ElastiCache inserts, redundant
rules, patterns and selectors and the order of selectors change nothing.

With -f, OLD and NEW are files of users (ACL files, ACL LIST output, API
JSON/YAML, CloudFormation, Terraform) compared by user name: added, removed,
broader, narrower, incomparable; the first line is the verdict for the set.

Exit status: 0 equivalent (or no difference --fail-on counts), 1 a difference
--fail-on counts, 2 invalid input.

Examples:
  aclcheck diff 'on allkeys +@all' 'on ~* +@all -@all +@all'
  aclcheck diff 'on ~app:* +@read' 'on ~app:* +@read -keys +set'
  aclcheck diff --fail-on broader -f users-main.acl users-pr.acl
  aclcheck diff --format json 'on ~a* ~ab %R~r' 'on ~a* ~r &news'`
}

func (c *diffCmd) Run(e *env) error {
	t, err := c.setTable()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if c.Files {
		return c.files(e)
	}
	old, err := compileUser("u", t, c.Old)
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("old: %w", err)}
	}
	nu, err := compileUser("u", t, c.New)
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("new: %w", err)}
	}
	d := permdiff.Compare(old, nu)
	rel := d.Relation()
	if c.Format == "json" {
		if err := e.writeJSON(lossless.Object{struct {
			Equivalent bool   `json:"equivalent"`
			Relation   string `json:"relation"`
		}{rel == permdiff.Equivalent, rel.String()}, d}); err != nil {
			return err
		}
	} else {
		verdict := rel.String()
		if rel == permdiff.Equivalent {
			verdict = paint(e.stdout, green, verdict)
		}
		fmt.Fprintln(e.stdout, verdict)
		writeDiff(e.stdout, "", d)
	}
	return c.exit(rel)
}

// writeDiff prints the differences and the witnesses of d, each line
// after indent.
func writeDiff(w io.Writer, indent string, d *permdiff.Diff) {
	for _, line := range d.Lines() {
		fmt.Fprintln(w, indent+human(line))
	}
	if d.Gained != nil {
		fmt.Fprintln(w, indent+"new allows, old denies: "+commandLine(d.Gained))
	}
	if d.Lost != nil {
		fmt.Fprintln(w, indent+"old allows, new denies: "+commandLine(d.Lost))
	}
}

// exit returns the exit status --fail-on asks for after rel.
func (c *diffCmd) exit(rel permdiff.Relation) error {
	fail := false
	switch c.FailOn {
	case "any":
		fail = rel != permdiff.Equivalent
	case "broader":
		fail = rel == permdiff.Broader || rel == permdiff.Incomparable
	}
	if fail {
		return &exitError{code: exitFindings}
	}
	return nil
}

// userDiff is the comparison of one user of two user sets.
type userDiff struct {
	User     string         `json:"user"`
	Relation string         `json:"relation"` // or "added", "removed"
	Diff     *permdiff.Diff `json:"diff,omitempty"`
}

// files compares two files of users by name.
func (c *diffCmd) files(e *env) error {
	t, _ := c.setTable()
	olds, err := c.readUsers(e, t, []string{c.Old})
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("old: %w", err)}
	}
	news, err := c.readUsers(e, t, []string{c.New})
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("new: %w", err)}
	}
	byName := map[string]*acl.User{}
	for _, u := range news {
		byName[u.Name()] = u
	}
	var out []userDiff
	gains, loses := false, false
	seen := map[string]bool{}
	for _, o := range olds {
		seen[o.Name()] = true
		n := byName[o.Name()]
		if n == nil {
			out, loses = append(out, userDiff{User: o.Name(), Relation: "removed"}), true
			continue
		}
		d := permdiff.Compare(o, n)
		rel := d.Relation()
		gains = gains || rel == permdiff.Broader || rel == permdiff.Incomparable
		loses = loses || rel == permdiff.Narrower || rel == permdiff.Incomparable
		if rel != permdiff.Equivalent {
			out = append(out, userDiff{User: o.Name(), Relation: rel.String(), Diff: d})
		}
	}
	for _, n := range news {
		if !seen[n.Name()] {
			out, gains = append(out, userDiff{User: n.Name(), Relation: "added"}), true
		}
	}
	rel := permdiff.Equivalent
	switch {
	case gains && loses:
		rel = permdiff.Incomparable
	case gains:
		rel = permdiff.Broader
	case loses:
		rel = permdiff.Narrower
	}
	if c.Format == "json" {
		if out == nil {
			out = []userDiff{}
		}
		if err := e.writeJSON(struct {
			Relation string     `json:"relation"`
			Users    []userDiff `json:"users"`
		}{rel.String(), out}); err != nil {
			return err
		}
		return c.exit(rel)
	}
	fmt.Fprintln(e.stdout, rel.String())
	for _, u := range out {
		fmt.Fprintf(e.stdout, "%s: %s\n", human(u.User), u.Relation)
		if u.Diff != nil {
			writeDiff(e.stdout, "  ", u.Diff)
		}
	}
	return c.exit(rel)
}
