package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/alecthomas/kong"
)

// cli is the command line grammar.
type cli struct {
	Replay replayCmd `cmd:"" help:"Replay recorded oracle corpora through the library and report agreement per aspect."`
}

// exitError carries an exit code out of a subcommand.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// run parses args and runs the subcommand, returning the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c cli
	exitCode := -1
	parser, err := kong.New(&c,
		kong.Name("aclcheck"),
		kong.Description("Understand Redis/Valkey ACL access strings offline: lint, check, explain, fmt, diff, import, replay."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exitCode = code; panic(errExit) }),
		kong.UsageOnError(),
	)
	if err != nil {
		fmt.Fprintln(stderr, "aclcheck:", err)
		return exitUsage
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	code := func() (code int) {
		defer func() {
			if r := recover(); r != nil {
				if r != errExit {
					panic(r)
				}
				code = exitCode
			}
		}()
		ctx, err := parser.Parse(args)
		if err != nil {
			fmt.Fprintln(stderr, "aclcheck:", err)
			return exitUsage
		}
		if err := ctx.Run(e); err != nil {
			var ee *exitError
			if errors.As(err, &ee) {
				if ee.err != nil {
					fmt.Fprintln(stderr, "aclcheck:", ee.err)
				}
				return ee.code
			}
			fmt.Fprintln(stderr, "aclcheck:", err)
			return exitUsage
		}
		return exitOK
	}()
	return code
}

var errExit = errors.New("exit")
