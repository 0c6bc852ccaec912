package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/alecthomas/kong"
)

//go:generate go run . man -o ../../docs/aclcheck.1

// manCmd is "aclcheck man": the manual page, made from the grammar.
type manCmd struct {
	outputFlag
}

func (c *manCmd) Help() string {
	return `Prints the manual page (roff) made from the command line grammar: every
command with its flags, arguments and help. docs/aclcheck.1 is its output
("go generate ./cmd/aclcheck"); read it with "man -l docs/aclcheck.1".`
}

func (c *manCmd) Run(e *env, kctx *kong.Context) error {
	var b strings.Builder
	writeMan(&b, kctx.Model)
	return e.writeOutput(c.Output, []byte(b.String()))
}

// writeMan writes the manual page of the application in roff (man macros).
func writeMan(w io.Writer, app *kong.Application) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	cmds := commands(app)
	p(`.TH ACLCHECK 1 "" "aclcheck" "aclcheck manual"`)
	p(".SH NAME")
	p(`aclcheck \- %s`, roffText(tagline))
	p(".SH SYNOPSIS")
	p(".B aclcheck")
	p(".I command")
	p(".RI [ flags ]")
	p(".RI [ arguments ]")
	p(".br")
	p(`.B aclcheck \-\-version`)
	p(".br")
	p(".B aclcheck help")
	p(".RI [ command ]")
	p(".SH DESCRIPTION")
	p("%s", roffText(summary))
	p(".SH COMMANDS")
	for _, c := range cmds[1:] {
		if len(c.subs) > 0 && len(c.node.Positional) == 0 {
			continue // a group: its subcommands follow
		}
		p(".SS %s", roffQuote(roffText("aclcheck "+c.node.Summary())))
		p("%s", roffText(c.node.Help))
		if c.node.Detail != "" {
			p(".PP")
			p(".nf")
			p("%s", roffText(c.node.Detail))
			p(".fi")
		}
		for _, a := range c.node.Positional {
			p(".TP")
			p(`.I %s`, roffQuote(roffText(a.Summary())))
			p("%s", roffText(a.Help))
		}
		for _, f := range c.flags {
			if slices.Contains(app.Flags, f) {
				continue // --help and --version, in the synopsis
			}
			p(".TP")
			p(`.B %s`, roffQuote(roffText(flagSpelling(f))))
			help := f.Help
			if f.HasDefault && f.Default != "" && !strings.Contains(help, "default") {
				help += " (default: " + f.Default + ")"
			}
			p("%s", roffText(help))
		}
	}
	p(`.SH "EXIT STATUS"`)
	p(".nf")
	p("%s", roffText(exitStatus))
	p(".fi")
	p(".SH FILES")
	p(".TP")
	p(".B .aclcheck.yaml")
	p("Configuration of lint (service, engine, rules), looked up in the working directory and its parents.")
	p(`.SH "SEE ALSO"`)
	p(`.BR redis-cli (1),`)
	p(".BR tflint (1),")
	p(".BR pre-commit (1);")
	p("the rules: aclcheck lint \\-\\-explain all, docs/rules.md.")
}

// flagSpelling returns "-f, --files" or "--engine=E".
func flagSpelling(f *kong.Flag) string {
	s := "--" + f.Name
	if takesValue(f) {
		s += "=" + f.FormatPlaceHolder()
	}
	if f.Short != 0 {
		s = "-" + string(f.Short) + ", " + s
	}
	return s
}

// roffText escapes text for roff: backslashes, hyphens (minus signs in
// commands and flags), characters outside ASCII, and lines that would
// start with a control character.
func roffText(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, `\[u%04X]`, r)
		}
	}
	s = b.String()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}

// roffQuote makes s one macro argument.
func roffQuote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
