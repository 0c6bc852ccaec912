package main

import (
	"fmt"
	"io"
	"os"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"
)

// userSetFlags are the flags of the subcommands that read a set of users
// from files, as lint -f reads them.
type userSetFlags struct {
	targetFlags
	InputFormat string `enum:"auto,text,api,cloudformation,terraform" default:"auto" help:"Input format: auto, text (access strings, ACL files, ACL LIST output), api, cloudformation, terraform."`
}

// setTable returns the command table: --table, --engine, or the default
// engine of --service.
func (f *userSetFlags) setTable() (*category.Table, error) {
	if f.Engine == "" && f.Table == "" {
		svc, err := input.ParseService(f.Service)
		if err != nil {
			return nil, err
		}
		f.Engine = lint.DefaultEngine(svc)
	}
	return f.table()
}

// load returns the command table and the users of files, with usage
// errors (exit 2).
func (f *userSetFlags) load(e *env, files []string) (*category.Table, []*acl.User, error) {
	t, err := f.setTable()
	if err != nil {
		return nil, nil, &exitError{exitUsage, err}
	}
	users, err := f.readUsers(e, t, files)
	if err != nil {
		return nil, nil, &exitError{exitUsage, err}
	}
	return t, users, nil
}

// readUsers reads and compiles the users of files ("-" is standard input,
// once). Users are named as their files name them; access strings without
// a name (plain lines) are named FILE:LINE. An access string that is not a
// literal, one that does not compile, or a name used twice is an error:
// a question about a set of users must not silently leave one out.
func (f *userSetFlags) readUsers(e *env, t *category.Table, files []string) ([]*acl.User, error) {
	format, err := input.ParseFormat(f.InputFormat)
	if err != nil {
		return nil, err
	}
	svc, err := input.ParseService(f.Service)
	if err != nil {
		return nil, err
	}
	var users []*acl.User
	seen := map[string]string{}
	add := func(name string, src *input.Source) error {
		if prev, ok := seen[name]; ok {
			return fmt.Errorf("%s: user %q is defined twice (first at %s)", src.Start, name, prev)
		}
		seen[name] = src.Start.String()
		a, err := acl.Parse(src.Text, acl.WithStart(src.Start), acl.WithDialect(acl.DialectOf(t)))
		if a == nil || err != nil {
			return fmt.Errorf("user %q: %w", name, err)
		}
		u, err := acl.Compile(a, t, name)
		if err != nil {
			return fmt.Errorf("user %q: %w", name, err)
		}
		users = append(users, u)
		return nil
	}
	stdinUsed := false
	for _, file := range files {
		var b []byte
		name := file
		if file == "-" {
			if stdinUsed {
				return nil, fmt.Errorf("standard input given twice")
			}
			stdinUsed, name = true, "<stdin>"
			b, err = io.ReadAll(e.stdin)
		} else {
			b, err = os.ReadFile(file)
		}
		if err != nil {
			return nil, err
		}
		in, err := input.Read(name, string(b), format, svc)
		if err != nil {
			return nil, err
		}
		for _, s := range in.Strings {
			n := s.UserName
			if n == "" || s.NameSecret != nil {
				// Unnamed, or a name that may be a password rule (not
				// shown): the user is named by its line.
				n = fmt.Sprintf("%s:%d", name, s.Start.Line)
			}
			if s.Start.Filename == "" {
				s.Start.Filename = name
			}
			if err := add(n, s); err != nil {
				return nil, err
			}
		}
		for _, u := range in.Users {
			if u.Modify {
				continue // a change to a user defined elsewhere
			}
			if u.Access == nil {
				return nil, fmt.Errorf("%s: %s: the access string is not a literal; cannot decide what it grants", name, u.Resource)
			}
			if err := add(u.Name(), u.Access); err != nil {
				return nil, err
			}
		}
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("no users in %v", files)
	}
	return users, nil
}
