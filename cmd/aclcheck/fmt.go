package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/category"

	"github.com/rogpeppe/go-internal/diff"
)

type fmtCmd struct {
	targetFlags
	Files      bool     `short:"f" help:"Read the arguments as files (- is standard input): ACL files and files of access strings, one per line."`
	Write      bool     `short:"w" help:"With -f, write the result to the files instead of printing it."`
	Diff       bool     `short:"d" help:"Print a unified diff of what would change instead of the result."`
	Check      bool     `help:"Print the inputs that are not in normalized form (nothing when all are); exit 1 when there are some."`
	ShowHashes bool     `help:"Print password hashes (SHA-256 digests) as ACL LIST does, instead of #***. An unsalted SHA-256 of a password is easily cracked: do not share the output."`
	Args       []string `arg:"" name:"input" help:"Access strings (or files with -f)."`
}

func (c *fmtCmd) Help() string {
	return `Prints each access string in the engine's normalized form: what ACL LIST shows
after "user NAME" (Redis 7.2 and Valkey keep the rule history; Redis 7.0
rebuilds commands from a bitmap). Password hashes print as #*** unless
--show-hashes is given.

With --service elasticache, elasticache-serverless or memorydb it prints
the form the service is known to return from DescribeUsers, where AWS's
examples show it (the knowledge of rule AC3002); where they do not, it
prints the engine's form without sanitize-payload and hashes, which AWS
never shows, and says on standard error that the service's form is not
documented.

With -f the arguments are files, as gofmt reads them: ACL files ("user NAME
rules…" lines) and files of access strings one per line; blank lines and
"#" comments are kept. -w rewrites the files, -d prints a unified diff,
--check lists the files that would change. Written files keep their
password hashes; printed output masks them.

Examples:
  aclcheck fmt '~app:* +@read -@all +get ~app:*'
  aclcheck fmt --engine redis-7.0 '+@all -@hash -@slow +hget'
  aclcheck fmt --check 'off ~app:* resetchannels -@all +get'
  aclcheck fmt --service memorydb --engine redis-7.1 '~objects:* ~items:*'
  aclcheck fmt -d -f users.acl
  aclcheck fmt -w -f users.acl`
}

// formatter turns access strings into their normalized or stored form.
type formatter struct {
	target lint.Target
	table  *category.Table
	notes  map[string]bool // what is unknown, said once on standard error
}

// form returns the normalized (or stored) form of access, unredacted, and
// a note when the service's form is not known.
func (f *formatter) form(access string) (string, string, error) {
	u, err := compileUser("u", f.table, access)
	if err != nil {
		return "", "", err
	}
	if !f.target.Service.IsAWS() {
		return u.Describe(false), "", nil
	}
	a, _ := acl.Parse(access, acl.WithDialect(acl.DialectOf(f.table)))
	st := lint.StoredForm(a, u, f.target)
	if st.Known {
		return st.Form, "", nil
	}
	return st.Form, strings.TrimSuffix(st.Why, ".") + "; printing the engine's form without sanitize-payload and hashes", nil
}

func (c *fmtCmd) Run(e *env) error {
	tg, t, err := c.target()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if c.Write && !c.Files {
		return &exitError{exitUsage, errors.New("-w rewrites files: give -f FILE…")}
	}
	if c.Write && (c.Diff || c.Check) {
		return &exitError{exitUsage, errors.New("-w does not combine with -d or --check")}
	}
	f := &formatter{target: tg, table: t, notes: map[string]bool{}}
	show := func(s string) string { // what may be printed
		if !c.ShowHashes {
			s = acl.Redact(s)
		}
		return e.data(s)
	}
	changed, failed := false, false
	report := func(err error) {
		fmt.Fprintln(e.stderr, "aclcheck:", err)
		failed = true
	}
	if !c.Files {
		for i, access := range c.Args {
			out, note, err := f.form(access)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			f.note(e, note)
			same := sameForm(access, out)
			changed = changed || !same
			switch {
			case c.Check:
				if !same {
					fmt.Fprintln(e.stdout, show(access))
				}
			case c.Diff:
				if !same {
					name := fmt.Sprintf("<arg%d>", i+1)
					e.stdout.Write(diff.Diff(name, []byte(show(access)+"\n"), name, []byte(show(out)+"\n")))
				}
			default:
				fmt.Fprintln(e.stdout, show(out))
			}
		}
	} else {
		stdin := 0
		for _, name := range c.Args {
			if name == "-" {
				stdin++
			}
		}
		if stdin > 1 || stdin > 0 && c.Write {
			return &exitError{exitUsage, errors.New("standard input given twice, or with -w")}
		}
		for _, name := range c.Args {
			src, err := readInput(e, name)
			if err != nil {
				report(err)
				continue
			}
			out, err := f.file(e, name, src)
			if err != nil {
				report(err)
				continue
			}
			same := out == src
			changed = changed || !same
			switch {
			case c.Check:
				if !same {
					fmt.Fprintln(e.stdout, e.data(name))
				}
			case c.Diff:
				if !same {
					e.stdout.Write(diff.Diff(e.data(name)+".orig", []byte(showText(show, e.data, src)), e.data(name), []byte(showText(show, e.data, out))))
				}
			case c.Write:
				if !same {
					if err := writeFile(name, out); err != nil {
						report(err)
					}
				}
			default:
				io.WriteString(e.stdout, showText(show, e.data, out))
			}
		}
	}
	switch {
	case failed:
		return &exitError{code: exitUsage}
	case changed && (c.Check || c.Diff):
		return &exitError{code: exitFindings}
	}
	return nil
}

// note says on standard error, once, what is not known about the output.
func (f *formatter) note(e *env, note string) {
	if note != "" && !f.notes[note] {
		f.notes[note] = true
		fmt.Fprintln(e.stderr, "aclcheck: note:", note)
	}
}

// file formats the lines of an ACL file or a file of access strings:
// "user NAME rules" lines keep "user NAME", blank lines and comments are
// kept, every other line is an access string.
func (f *formatter) file(e *env, name, src string) (string, error) {
	var b strings.Builder
	lines := strings.SplitAfter(src, "\n")
	for i, line := range lines {
		body := strings.TrimRight(line, "\r\n")
		eol := line[len(body):]
		trimmed := strings.TrimSpace(body)
		if trimmed == "" || isComment(trimmed) {
			b.WriteString(line)
			continue
		}
		prefix, access := "", body
		if w := strings.Fields(trimmed); len(w) >= 2 && strings.EqualFold(w[0], "user") {
			prefix = "user " + w[1] + " "
			access = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(trimmed[len(w[0]):]), w[1]))
		}
		out, note, err := f.form(access)
		if err != nil {
			return "", fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
		f.note(e, note)
		if sameForm(access, out) && prefix == "" {
			out = body // keep the line's own spacing when nothing else changes
		}
		b.WriteString(prefix + out + eol)
	}
	return b.String(), nil
}

// isComment reports whether a line of a file of access strings is a
// comment: it starts with # and is not a hash rule (#<64 hex digits>).
func isComment(line string) bool {
	if !strings.HasPrefix(line, "#") {
		return false
	}
	w, _, _ := strings.Cut(line, " ")
	return len(w) != 65 || strings.Trim(strings.ToLower(w[1:]), "0123456789abcdef") != ""
}

// sameForm reports whether access already has the words of form.
func sameForm(access, form string) bool {
	return strings.Join(strings.Fields(access), " ") == form
}

// showText applies show to every line of s, and data to comments.
func showText(show, data func(string) string, s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		body := strings.TrimRight(l, "\r\n")
		if isComment(strings.TrimSpace(body)) {
			lines[i] = data(body) + l[len(body):]
		} else {
			lines[i] = show(body) + l[len(body):]
		}
	}
	return strings.Join(lines, "")
}

// readInput reads a file, or standard input for "-", up to maxFmtInput
// bytes.
func readInput(e *env, name string) (string, error) {
	r, err := e.openInput(name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, maxFmtInput+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxFmtInput {
		return "", fmt.Errorf("%s: larger than %d bytes", name, maxFmtInput)
	}
	return string(data), nil
}

// maxFmtInput bounds what fmt reads from one file.
const maxFmtInput = 64 << 20
