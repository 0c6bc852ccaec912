package main

import (
	"io"
	"os"
	"strings"

	"github.com/aclcheck/aclcheck/internal/termsafe"
)

// Output safety. Text for people (messages, notes, explanations, errors)
// always has its control bytes escaped, so that input cannot act on the
// reader's terminal. Output that is data (fmt's access strings, import's,
// JSON) keeps its exact bytes, and is escaped only when it goes to a
// terminal.

// human returns text for people, one or more lines, terminal-safe.
func human(s string) string { return termsafe.EscapeLines(s) }

// data returns s unchanged, or escaped when standard output is a terminal.
func (e *env) data(s string) string {
	if e.terminal {
		return termsafe.EscapeLines(s)
	}
	return s
}

// jsonOut returns the writer for JSON output: standard output itself, or
// on a terminal one that also escapes the characters encoding/json leaves
// raw (DEL, C1 and bidirectional controls). Call done when finished.
func (e *env) jsonOut() (w io.Writer, done func() error) {
	if !e.terminal {
		return e.stdout, func() error { return nil }
	}
	j := termsafe.JSONWriter(e.stdout)
	return j, j.Flush
}

// jsonData returns JSON text unchanged, or on a terminal with the
// characters encoding/json leaves raw escaped (see jsonOut).
func (e *env) jsonData(s string) string {
	if !e.terminal {
		return s
	}
	var b strings.Builder
	j := termsafe.JSONWriter(&b)
	j.Write([]byte(s))
	j.Flush()
	return b.String()
}

// openInput returns standard input for "-" and the named file otherwise.
func (e *env) openInput(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	return os.Open(name)
}

// writeFile replaces the content of name, keeping its permissions.
func writeFile(name, content string) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, []byte(content), st.Mode().Perm())
}

// outputFlag is -o FILE: where a command writes what it makes.
type outputFlag struct {
	Output string `short:"o" placeholder:"FILE" help:"Write to FILE instead of standard output."`
}

// writeOutput writes b to the file name, or to standard output for "" and
// "-"; a failure is a usage error.
func (e *env) writeOutput(name string, b []byte) error {
	if name == "" || name == "-" {
		_, err := e.stdout.Write(b)
		return err
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return &exitError{exitUsage, err}
	}
	return nil
}

// answer writes v as JSON with --format json and calls text otherwise;
// findings make the exit status 1.
func (e *env) answer(format string, v any, text func(), findings bool) error {
	if format == "json" {
		if err := e.writeJSON(v); err != nil {
			return err
		}
	} else {
		text()
	}
	if findings {
		return &exitError{code: exitFindings}
	}
	return nil
}
