package main

import (
	"fmt"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
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
--show-hashes is given. With --service elasticache, elasticache-serverless or
memorydb it prints the form the service is known to return from
DescribeUsers, where AWS's examples show it; where they do not, it prints
the engine's form and says on standard error that the service's form is not
documented.

Examples:
  aclcheck fmt '~app:* +@read -@all +get ~app:*'
  aclcheck fmt --engine redis-7.0 '+@all -@hash -@slow +hget'
  aclcheck fmt --check 'off ~app:* resetchannels -@all +get'
  aclcheck fmt --service memorydb --engine redis-7.1 'on ~* +@read'`
}

func (c *fmtCmd) Run(e *env) error {
	t, err := c.table()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	var target lint.Target // only an AWS service changes the form
	if svc, err := lint.ParseService(c.Service); err == nil && svc.IsAWS() {
		if target, err = lint.NewTarget(c.Service, c.Engine); err != nil {
			return &exitError{exitUsage, err}
		}
	}
	changed := false
	for _, access := range c.Access {
		u, err := compileUser("u", t, access)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		want, shown := u.Describe(false), u.Describe(!c.ShowHashes)
		if target.Service.IsAWS() {
			a, _ := acl.Parse(access, acl.WithDialect(acl.DialectOf(t)))
			if st := lint.StoredForm(a, u, target); st.Known {
				want, shown = st.Form, st.Form
			} else {
				fmt.Fprintf(e.stderr, "aclcheck: %s; printing the engine's form\n", strings.TrimSuffix(st.Why, "."))
			}
		}
		if c.Check { // compared unredacted, never printed
			changed = changed || strings.Join(strings.Fields(access), " ") != want
			continue
		}
		fmt.Fprintln(e.stdout, e.data(shown))
	}
	if changed {
		return &exitError{code: exitFindings}
	}
	return nil
}
