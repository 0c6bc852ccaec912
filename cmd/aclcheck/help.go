package main

import (
	"errors"
	"strings"

	"github.com/alecthomas/kong"
)

// helpCmd is "aclcheck help [COMMAND…]": the same as "aclcheck COMMAND… --help".
type helpCmd struct {
	Command []string `arg:"" optional:"" help:"The command to describe, as its words (\"table dump\")."`
}

func (c *helpCmd) Run(kctx *kong.Context) error {
	_, err := kctx.Kong.Parse(append(append([]string(nil), c.Command...), "--help"))
	if err != nil {
		return &exitError{exitUsage, err}
	}
	return nil
}

// tagline is the one-line description of the program.
const tagline = "Understand Redis/Valkey ACL access strings offline."

// exitStatus is the exit code contract of every subcommand; README.md
// states the same.
const exitStatus = `0  success: no findings at or above --fail-on, allowed, equivalent,
   already normalized, the library agrees with the server
1  a negative answer: findings, denied, not equivalent, not normalized,
   mismatches or disagreements
2  the command could not do its job: usage error, unreadable or invalid
   input, unreachable server`

// summary says what the program does.
const summary = tagline + ` Lint them for ElastiCache and MemoryDB, check and explain command lines as ACL DRYRUN would, normalize, diff and import them, and test the library against a live server (replay, fuzz, bench).`

// description is the top-level help text.
var description = summary + `

"aclcheck help COMMAND" or "aclcheck COMMAND --help" describes a command.

Exit status:

` + indent(exitStatus, "  ")

// indent prefixes each line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// usagePath returns the command a parse error is about: "aclcheck" or
// "aclcheck lint".
func usagePath(err error) string {
	var pe *kong.ParseError
	if errors.As(err, &pe) && pe.Context != nil {
		if n := pe.Context.Selected(); n != nil {
			return n.FullPath()
		}
	}
	return "aclcheck"
}
