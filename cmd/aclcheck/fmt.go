package main

import (
	"fmt"
	"strings"
)

type fmtCmd struct {
	targetFlags
	Check      bool     `help:"Print nothing; exit 1 when an input is not already in normalized form."`
	ShowHashes bool     `help:"Print password hashes (SHA-256 digests) as ACL LIST does, instead of #***. An unsalted SHA-256 of a password is easily cracked: do not share the output."`
	Access     []string `arg:"" help:"Access strings."`
}

func (c *fmtCmd) Help() string {
	return `Prints each access string in the engine's normalized form: what ACL LIST shows
after "user NAME" (Redis 7.2 and Valkey keep the rule history; Redis 7.0
rebuilds commands from a bitmap). Password hashes print as #*** unless
--show-hashes is given.

Examples:
  aclcheck fmt '~app:* +@read -@all +get ~app:*'
  aclcheck fmt --engine redis-7.0 '+@all -@hash -@slow +hget'
  aclcheck fmt --check 'off ~app:* resetchannels -@all +get'`
}

func (c *fmtCmd) Run(e *env) error {
	t, err := c.table()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	changed := false
	for _, access := range c.Access {
		u, err := compileUser("u", t, access)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		if c.Check { // compared unredacted, never printed
			changed = changed || strings.Join(strings.Fields(access), " ") != u.Describe(false)
			continue
		}
		fmt.Fprintln(e.stdout, e.data(u.Describe(!c.ShowHashes)))
	}
	if changed {
		return &exitError{code: exitFindings}
	}
	return nil
}
