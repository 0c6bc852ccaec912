package acl

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Sentinel errors, one per reason Redis gives. An [*Error] wraps one of them,
// so callers can test with errors.Is.
var (
	ErrSyntax           = errors.New("Syntax error")                                                                                                                                                            // EINVAL
	ErrUnknownName      = errors.New("Unknown command or category name in ACL")                                                                                                                                 // ENOENT
	ErrKeyAfterAllKeys  = errors.New("Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns")         // EEXIST
	ErrChannelAfterAll  = errors.New("Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels") // EISDIR
	ErrNoSuchPassword   = errors.New("The password you are trying to remove from the user does not exist")                                                                                                      // ENODEV
	ErrBadHash          = errors.New("The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters")                                                                       // EBADMSG
	ErrSubcommandArg    = errors.New("Allowing first-arg of a subcommand is not supported")                                                                                                                     // ECHILD
	ErrUnmatchedParen   = errors.New("Unmatched parenthesis in acl selector")
	ErrBadUserName      = errors.New("Usernames can't contain spaces or null characters")
	ErrNeedsNewerEngine = errors.New("rule needs a newer engine")
	ErrLimit            = errors.New("input exceeds a limit")
	// ErrCrash is aclcheck's own: the rule is one that Redis 7.2.6 and
	// Valkey 8.0.1 accept and then crash on, at the next ACL LIST (see
	// [Crashes]), so there is no server reply to repeat.
	ErrCrash = errors.New("the engine would crash on the next ACL LIST")

	// The reasons of a [FileError] that are not a rule's (see FileError.Err).
	ErrNotUserLine   = errors.New("should start with user keyword followed by the username")
	ErrDuplicateUser = errors.New("duplicate user")
	ErrFileUserName  = errors.New("username contains invalid characters")
	ErrFileCrash     = errors.New("the server crashes loading this line (unmatched parenthesis in a selector)")
)

// Error is an error in an access string: the offending word, where it is,
// and why Redis rejects it.
type Error struct {
	Range Range
	// Rule is the rule the error belongs to (a rule inside a selector, not
	// the selector); nil for errors of the whole string (an unmatched
	// parenthesis, a bad user name, a limit).
	Rule Rule
	// Word is the offending word. For a rule inside a selector it is that
	// rule; Modifier is then the whole selector.
	Word string
	// Modifier is the argument Redis names in its reply.
	Modifier string
	// Err is one of the sentinel errors; its text is Redis's reason.
	Err error
	// Detail explains more, in aclcheck's words; may be empty.
	Detail string
	// secret marks errors whose words hold a password or hash.
	secret bool
}

// engineTooOld is the reason of a rule the engine is too old to know:
// Redis replies with a plain syntax error, so it is [ErrSyntax] (whose text
// it has) and [ErrNeedsNewerEngine] at once.
type engineTooOld struct{}

func (engineTooOld) Error() string { return ErrSyntax.Error() }

func (engineTooOld) Is(target error) bool {
	return target == ErrSyntax || target == ErrNeedsNewerEngine
}

// Error returns "line:col: reason (word)", with passwords redacted.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Range.Start.IsValid() {
		b.WriteString(e.Range.Start.String())
		b.WriteString(": ")
	}
	b.WriteString(e.Reason())
	fmt.Fprintf(&b, " in %q", e.RedactedWord())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error { return e.Err }

// Reason returns Redis's words for the error.
func (e *Error) Reason() string { return e.Err.Error() }

// RedactedWord returns Word with every secret masked (see [Redact]).
func (e *Error) RedactedWord() string { return RedactWord(e.Word) }

// Reply returns the error reply of ACL SETUSER, e.g. "ERR Error in ACL
// SETUSER modifier '+nosuch': Unknown command or category name in ACL",
// with every secret of the modifier masked (see [Redact]). For [ErrCrash]
// the server has no error reply, and Reply returns the empty string.
func (e *Error) Reply() string { return e.reply(Redact(e.Modifier)) }

// UnredactedReply returns the exact error reply of ACL SETUSER: like the
// server's, it repeats the modifier as given (as a C string: up to a NUL
// byte), secrets included. It is for comparing with a server; never show
// it to people.
func (e *Error) UnredactedReply() string { return e.reply(e.Modifier) }

func (e *Error) reply(modifier string) string {
	if errors.Is(e.Err, ErrCrash) {
		return ""
	}
	if errors.Is(e.Err, ErrBadUserName) {
		return "ERR " + ErrBadUserName.Error()
	}
	if errors.Is(e.Err, ErrUnmatchedParen) {
		return "ERR Unmatched parenthesis in acl selector starting at '" + ascii.CString(modifier) + "'."
	}
	return "ERR Error in ACL SETUSER modifier '" + ascii.CString(modifier) + "': " + e.Reason()
}

// ErrorList is a list of errors, sorted by position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Sort sorts the list by source offset.
func (l ErrorList) Sort() {
	slices.SortStableFunc(l, func(a, b *Error) int { return cmp.Compare(a.Range.Start.Offset, b.Range.Start.Offset) })
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}
