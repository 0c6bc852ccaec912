package main

import (
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK       = 0 // clean, allowed, equivalent
	exitFindings = 1 // findings at or above --fail-on, denied, not equivalent, mismatches
	exitUsage    = 2 // usage or input error
)

// env is what a subcommand may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// terminal is set when standard output is a terminal.
	terminal bool
}
