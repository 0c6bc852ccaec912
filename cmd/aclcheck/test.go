package main

import (
	"encoding/xml"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/reach"

	yaml "go.yaml.in/yaml/v3"
)

type testCmd struct {
	userSetFlags
	Format string `enum:"text,junit" default:"text" help:"Output format: text (ok/FAIL lines) or junit (JUnit XML for CI)."`
	File   string `arg:"" help:"The YAML file of expectations."`
}

func (c *testCmd) Help() string {
	return `Runs a YAML file of expectations about users, like go test: one ok or FAIL
line per test, with the reason of each failure, then a summary.

  users:                      # inline access strings
    alice: "on ~a:* +get"
  files: [users.acl]          # and/or users from input files (as who-can reads them)
  tests:
    - name: alice reads her keys
      user: alice
      allow: ["GET a:1"]      # command lines ACL DRYRUN must allow
      deny: ["SET a:1 x", [GET, "b:1"]]
    - name: only the operators configure
      only: [admin]           # nobody else may
      can: {command: "config|set"}   # or read:, write:, channel:, all-keys:, escalate:
    - name: tenants are isolated
      isolate:
        tenants: {a: {users: [alice], keys: ["a:*"]}}
        trusted: [admin]
        strict: false

Exit status: 0 every expectation holds, 1 some fail, 2 usage or input error.`
}

// argv is a command line in a test file: a string split at spaces, or a
// list of arguments.
type argv []string

func (a *argv) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*a = strings.Fields(n.Value)
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*a = list
	return nil
}

type testFile struct {
	Engine string            `yaml:"engine"`
	Users  map[string]string `yaml:"users"`
	Files  []string          `yaml:"files"`
	Tests  []struct {
		Name    string `yaml:"name"`
		User    string `yaml:"user"`
		Allow   []argv `yaml:"allow"`
		Deny    []argv `yaml:"deny"`
		Only    *[]string
		Can     *question    `yaml:"can"`
		Isolate *tenantsFile `yaml:"isolate"`
	} `yaml:"tests"`
}

// testResult is the outcome of one test.
type testResult struct {
	name     string
	failures []string
}

func (c *testCmd) Run(e *env) error {
	var f testFile
	if err := readYAML(c.File, &f); err != nil {
		return &exitError{exitUsage, err}
	}
	if f.Engine != "" && c.Engine == "" {
		c.Engine = f.Engine
	}
	t, err := c.setTable()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	var users []*acl.User
	if len(f.Files) > 0 {
		var files []string
		for _, p := range f.Files {
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(c.File), p)
			}
			files = append(files, p)
		}
		if users, err = c.readUsers(e, t, files); err != nil {
			return &exitError{exitUsage, err}
		}
	}
	names := make([]string, 0, len(f.Users))
	for n := range f.Users {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		u, err := compileUser(n, t, f.Users[n])
		if err != nil {
			return &exitError{exitUsage, fmt.Errorf("%s: user %s: %w", c.File, n, err)}
		}
		users = append(users, u)
	}
	byName := map[string]*acl.User{}
	for _, u := range users {
		byName[u.Name()] = u
	}
	set := reach.New(users)
	var results []testResult
	for i, tc := range f.Tests {
		r := testResult{name: tc.Name}
		if r.name == "" {
			r.name = fmt.Sprintf("test %d", i+1)
		}
		fail := func(format string, args ...any) { r.failures = append(r.failures, fmt.Sprintf(format, args...)) }
		if len(tc.Allow)+len(tc.Deny) > 0 {
			u := byName[tc.User]
			if u == nil {
				return &exitError{exitUsage, fmt.Errorf("%s: %s: no user %q", c.File, r.name, tc.User)}
			}
			for _, a := range tc.Allow {
				if d := u.Check(a); !d.Allowed() {
					fail("%s may not run %s: %s", tc.User, commandLine(a), d.Reply())
				}
			}
			for _, a := range tc.Deny {
				if d := u.Check(a); d.Allowed() {
					fail("%s may run %s (selector %d)", tc.User, commandLine(a), d.Selector)
				}
			}
		}
		if tc.Can != nil {
			q, err := tc.Can.query(t)
			if err != nil {
				return &exitError{exitUsage, fmt.Errorf("%s: %s: %w", c.File, r.name, err)}
			}
			a, err := set.WhoCan(q)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			var only []string
			if tc.Only != nil {
				only = *tc.Only
			}
			for _, g := range a.Grants {
				if !slices.Contains(only, g.User) {
					fail("%s can too: %s via %s: %s", g.User, g.Selector, g.Rule, commandLine(g.Witness))
				}
			}
			for _, u := range a.Undecided {
				if !slices.Contains(only, u.User) {
					fail("%s: undecided: %s", u.User, u.Reason)
				}
			}
		}
		if iso := tc.Isolate; iso != nil {
			res, err := set.Isolate(iso.list(), iso.Trusted, iso.Strict)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			for _, b := range res.Breaches {
				fail("tenant %s: %s %s %s: %s", b.Tenant, b.User, b.What, b.Key+b.Channel, commandLine(b.Witness))
			}
			for _, u := range res.Undecided {
				fail("%s: undecided: %s", u.User, u.Reason)
			}
		}
		results = append(results, r)
	}
	failed := 0
	for _, r := range results {
		if len(r.failures) > 0 {
			failed++
		}
	}
	if c.Format == "junit" {
		if err := writeJUnit(e, c.File, results, failed); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			if len(r.failures) == 0 {
				fmt.Fprintf(e.stdout, "ok    %s\n", human(r.name))
				continue
			}
			fmt.Fprintf(e.stdout, "FAIL  %s\n", human(r.name))
			for _, f := range r.failures {
				fmt.Fprintf(e.stdout, "      %s\n", human(f))
			}
		}
		if failed > 0 {
			fmt.Fprintf(e.stdout, "FAIL  %d of %d tests\n", failed, len(results))
		} else {
			fmt.Fprintf(e.stdout, "ok    %d tests\n", len(results))
		}
	}
	if failed > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// writeJUnit writes the results as a JUnit XML test suite.
func writeJUnit(e *env, file string, results []testResult, failed int) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
	}
	type suite struct {
		XMLName  xml.Name   `xml:"testsuite"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	s := suite{Name: "aclcheck " + file, Tests: len(results), Failures: failed}
	for _, r := range results {
		tc := testcase{Name: r.name, Classname: file}
		if len(r.failures) > 0 {
			tc.Failure = &failure{Message: r.failures[0], Text: strings.Join(r.failures, "\n")}
		}
		s.Cases = append(s.Cases, tc)
	}
	fmt.Fprint(e.stdout, xml.Header)
	enc := xml.NewEncoder(e.stdout)
	enc.Indent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	return nil
}
