package main

import (
	"encoding/json"
	"fmt"

	"github.com/aclcheck/aclcheck/acl/permdiff"
)

type diffCmd struct {
	targetFlags
	Format string `enum:"text,json" default:"text" help:"Output format: text or json."`
	Old    string `arg:"" help:"The access string before."`
	New    string `arg:"" help:"The access string after."`
}

func (c *diffCmd) Help() string {
	return `Shows the effective permission difference between two access strings under the
engine's command table: on/off, passwords (counted, never shown), commands and
subcommands gained and lost (by name: "config" stands for a container with all
its subcommands, "select|0" for a first argument), categories now complete or
no longer complete, key patterns with their R/W, channel patterns, and
selectors.

The comparison is semantic: allkeys equals ~*, %R~a plus %W~a equals ~a, a
-@all that ElastiCache inserts changes nothing, redundant rules, patterns and
selectors do not matter, and the order of selectors does not matter.
Exit status: 0 equivalent, 1 different, 2 invalid input.

Examples:
  aclcheck diff 'on allkeys +@all' 'on ~* +@all -@all +@all'
  aclcheck diff 'on ~app:* +@read' 'on ~app:* +@read -keys +set'
  aclcheck diff --format json 'on ~a* ~ab %R~r' 'on ~a* ~r &news'`
}

func (c *diffCmd) Run(e *env) error {
	t, err := c.table()
	if err != nil {
		return &exitError{exitUsage, err}
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
	equivalent := d.Relation() == permdiff.Equivalent
	switch {
	case c.Format == "json":
		w, done := e.jsonOut()
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct {
			Equivalent bool `json:"equivalent"`
			*permdiff.Diff
		}{equivalent, d}); err != nil {
			return err
		}
		if err := done(); err != nil {
			return err
		}
	case equivalent:
		fmt.Fprintln(e.stdout, paint(e.stdout, green, "equivalent"))
	default:
		for _, line := range d.Lines() {
			fmt.Fprintln(e.stdout, human(line))
		}
	}
	if !equivalent {
		return &exitError{code: exitFindings}
	}
	return nil
}
