package main

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/category"

	"github.com/alecthomas/kong"
)

// command is one node of the command line grammar as shell completion and
// the manual page see it: its words after "aclcheck", its visible
// subcommands and the flags it accepts (its own and its parents').
type command struct {
	node  *kong.Node
	path  []string
	subs  []*command
	flags []*kong.Flag
}

// commands returns the visible commands of the grammar, the application
// first, parents before their children.
func commands(app *kong.Application) []*command {
	var out []*command
	var walk func(n *kong.Node, path []string)
	walk = func(n *kong.Node, path []string) {
		c := &command{node: n, path: path}
		for _, group := range n.AllFlags(true) {
			c.flags = append(c.flags, group...)
		}
		out = append(out, c)
		for _, child := range n.Children {
			if child.Hidden || child.Type != kong.CommandNode {
				continue
			}
			i := len(out)
			walk(child, append(path[:len(path):len(path)], child.Name))
			c.subs = append(c.subs, out[i])
		}
	}
	walk(app.Node, nil)
	return out
}

// name returns the command's words, "" for the application.
func (c *command) name() string { return strings.Join(c.path, " ") }

// subNames returns the names of the visible subcommands.
func (c *command) subNames() []string {
	var names []string
	for _, s := range c.subs {
		names = append(names, s.node.Name)
	}
	return names
}

// flagValues returns the words a flag's value may be, and whether the
// value names a file. A flag without either takes free text.
func flagValues(f *kong.Flag) (values []string, file bool) {
	switch {
	case f.Enum != "":
		return f.EnumSlice(), false
	case f.Name == "engine":
		return category.Engines(), false
	case f.PlaceHolder == "ID":
		for _, r := range lint.Rules() {
			values = append(values, r.ID)
		}
		return values, false
	}
	t := f.Tag.Type
	return nil, t == "existingfile" || t == "path" || t == "existingdir" || f.PlaceHolder == "FILE"
}

// argValues returns the words the next positional argument of c may be:
// its enum, or the top-level commands for "help"; nil means file names or
// free text.
func argValues(c *command, root *command) []string {
	if c.node.Name == "help" && len(c.path) == 1 {
		return root.subNames()
	}
	for _, p := range c.node.Positional {
		if p.Enum != "" {
			return p.EnumSlice()
		}
	}
	return nil
}
