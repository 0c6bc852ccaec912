package main

import (
	"slices"
	"strings"

	"github.com/alecthomas/kong"
)

// pastedCommands are the subcommands whose arguments are access strings.
var pastedCommands = []string{"lint", "fmt", "diff"}

// isPastedAccess reports whether an argument that starts with "-" is an
// access string pasted as it is ("-@all +get", "-flushall -debug"), not a
// flag: it starts with a single "-" and holds a blank, or starts with "-@".
// Flags never do. Other access strings that start with "-" ("-get") need
// "--" before them.
func isPastedAccess(a string) bool {
	return strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") &&
		(strings.HasPrefix(a, "-@") || strings.ContainsAny(a, " \t\n"))
}

// pasteAccess rewrites the arguments of lint, fmt and diff so that pasted
// access strings that start with "-" are not read as flags, and flags may
// follow the inputs (lint -f a.acl --format sarif b.acl): unless there is
// a "--" already, the flags (with their values) come first, then "--",
// then the other arguments in their order.
func pasteAccess(app *kong.Application, args []string) []string {
	if len(args) == 0 || !slices.Contains(pastedCommands, args[0]) {
		return args
	}
	if slices.Contains(args, "--") {
		return args
	}
	var node *kong.Node
	for _, c := range app.Children {
		if c.Name == args[0] {
			node = c
		}
	}
	if node == nil {
		return args
	}
	takesValue := func(a string) bool { // a is a flag without "=value"
		for _, group := range node.AllFlags(false) {
			for _, f := range group {
				if a == "--"+f.Name || f.Short != 0 && a == "-"+string(f.Short) {
					return !f.IsBool() && !f.IsCounter()
				}
			}
		}
		return false
	}
	out := []string{args[0]}
	var pos []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && a != "-" && !isPastedAccess(a) {
			out = append(out, a)
			if !strings.Contains(a, "=") && takesValue(a) && i+1 < len(args) {
				i++
				out = append(out, args[i])
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(append(out, "--"), pos...)
}
