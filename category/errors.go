package category

import (
	"errors"
	"strconv"
)

// Sentinel errors; the errors returned by this package wrap them, so test
// with [errors.Is].
var (
	// ErrUnknownEngine reports an engine name that [ForEngine] does not know.
	ErrUnknownEngine = errors.New("unknown engine")
	// ErrEngineMismatch reports a dump given to [Load] whose recorded
	// engine differs from the one [WithEngine] states.
	ErrEngineMismatch = errors.New("engine mismatch")
	// ErrUnknownCommand reports a command name the table does not have.
	ErrUnknownCommand = errors.New("unknown command")
	// ErrUnknownSubcommand reports a subcommand its container does not have.
	ErrUnknownSubcommand = errors.New("unknown subcommand")
	// ErrArity reports a command line with the wrong number of arguments.
	ErrArity = errors.New("wrong number of arguments")
)

// LookupError is returned by [Table.Resolve] for an unknown command or
// subcommand. It wraps [ErrUnknownCommand] when Sub is empty and
// [ErrUnknownSubcommand] otherwise.
type LookupError struct {
	// Name is argv[0] exactly as given.
	Name string
	// Sub is argv[1] exactly as given when the container Name has no such
	// subcommand; "" for an unknown command.
	Sub string
	// sub records that the error is about a subcommand, even an empty one.
	sub bool
}

// Error returns "unknown command 'name'" or
// "unknown subcommand 'sub' of 'name'".
func (e *LookupError) Error() string {
	if e.sub || e.Sub != "" {
		return "unknown subcommand " + quote(e.Sub) + " of " + quote(e.Name)
	}
	return "unknown command " + quote(e.Name)
}

// Unwrap returns [ErrUnknownSubcommand] or [ErrUnknownCommand].
func (e *LookupError) Unwrap() error {
	if e.sub || e.Sub != "" {
		return ErrUnknownSubcommand
	}
	return ErrUnknownCommand
}

// ArityError is returned by [Table.Resolve] when the number of arguments
// does not match the command's arity. It wraps [ErrArity].
type ArityError struct {
	// Command is the resolved command or subcommand.
	Command *Command
}

// Error returns "wrong number of arguments for 'name' command", the
// wording of Redis.
func (e *ArityError) Error() string {
	return "wrong number of arguments for " + quote(e.Command.Name) + " command"
}

// Unwrap returns [ErrArity].
func (e *ArityError) Unwrap() error { return ErrArity }

// quote wraps s in single quotes, escaping what is not printable ASCII.
func quote(s string) string {
	q := strconv.QuoteToASCII(s)
	return "'" + q[1:len(q)-1] + "'"
}
