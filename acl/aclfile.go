package acl

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// FileError is one error of loading an ACL file, as the server reports it.
type FileError struct {
	// Line is the line number the server gives (1-based).
	Line int
	// Range is the offending word, or the whole line.
	Range Range
	// Err says why: [ErrNotUserLine] for a line that is not "user NAME
	// [rules…]" (a comment, ACL SETUSER, a continuation line, "User" in
	// another case), [ErrDuplicateUser] for a second line for the same
	// name, [ErrFileUserName] for a name holding whitespace,
	// [ErrFileCrash] for a line the server crashes on while loading it (a
	// selector whose parenthesis is never closed: every engine
	// dereferences a NULL pointer), or the sentinel of the rule that
	// failed.
	Err error
	// Text is the server's message for this error, with filename as the
	// server names the file: "users.acl:4: Syntax error. ", with the
	// secrets of a rule it repeats masked (a selector holding a password
	// fails as written: "Error in applying operation '(+x >***)'").
	Text string
	// UnredactedText is Text as the server logs it, secrets and all.
	UnredactedText string
}

// FileResult is what loading an ACL file gives.
type FileResult struct {
	// Errors are the errors in the server's order. The load is atomic: if
	// there is any, no user of the file is loaded.
	Errors []*FileError
	// Users are the users of the file, in order, when it loads.
	Users []*User
	// Lines are the line numbers of Users.
	Lines []int
	// DefaultDefined is false when no line defines the default user: the
	// server then keeps its built-in default user (on nopass ~* &* +@all).
	DefaultDefined bool
	// Crash is set when the server crashes while loading the file (the
	// last error is then [ErrFileCrash]).
	Crash bool

	builtin *User // the server's default user, when the file defines none
}

// Message returns what the server logs after "because of ACL errors: "
// (at startup) or replies after "ERR " (ACL LOAD), with secrets masked, or
// "" when the file loads.
func (r *FileResult) Message() string { return r.message(false) }

// UnredactedMessage is Message as the server logs it, secrets and all.
func (r *FileResult) UnredactedMessage() string { return r.message(true) }

func (r *FileResult) message(raw bool) string {
	if len(r.Errors) == 0 || r.Crash {
		return ""
	}
	var b strings.Builder
	for _, e := range r.Errors {
		if raw {
			b.WriteString(e.UnredactedText)
		} else {
			b.WriteString(e.Text)
		}
	}
	b.WriteString("WARNING: ACL errors detected, no change to the previously active ACL rules was performed")
	return b.String()
}

// LoadFile loads the content of an ACL file as the server's aclfile
// loading (at startup and by ACL LOAD) does for the engine of t, and
// reports every error the server reports, with its text. filename is the
// name the messages give (the server's aclfile setting).
//
// The server's rule: the file is read up to each NUL byte of a line (the
// rest of that line, newline included, is lost); lines are split at "\n"
// and trimmed of spaces, tabs, CR and LF; blank lines are skipped; a line
// is split at single spaces (not tabs; quotes are not special; empty
// words are no-ops); its first word must be "user" and a name must
// follow; a name holding whitespace, or a name already defined, is an
// error; the rules are then applied one by one to a new user, reporting
// every unknown command or category and the first other error of the
// line. There are no comments: a "#" line is refused. Positions are
// byte offsets of content, named filename (approximate after a NUL byte,
// whose line the server shortens).
func LoadFile(filename, content string, t *category.Table) *FileResult {
	return loadFile(filename, content, t, true)
}

// CheckFile is LoadFile without the users (Users and Lines are nil): its
// memory does not grow with the users of the file, only with its errors.
func CheckFile(filename, content string, t *category.Table) *FileResult {
	return loadFile(filename, content, t, false)
}

func loadFile(filename, content string, t *category.Table, keep bool) *FileResult {
	res := &FileResult{}
	content = stripAfterNUL(content)
	seen := map[string]bool{}
	dialect := DialectOf(t)
	line, off := 0, 0
	for off <= len(content) {
		line++
		end := strings.IndexByte(content[off:], '\n')
		if end < 0 {
			end = len(content) - off
		}
		raw := content[off : off+end]
		lineStart := off
		off += end + 1
		lead := len(raw) - len(strings.TrimLeft(raw, " \t\r\n"))
		text := strings.Trim(raw, " \t\r\n")
		if text == "" {
			continue
		}
		textStart := lineStart + lead
		pos := func(o int) Pos { return Pos{Filename: filename, Offset: o, Line: line, Column: o - lineStart + 1} }
		lineRange := Range{pos(textStart), pos(textStart + len(text))}
		// report adds an error; masked, when given, is msg with the
		// secrets of the rule it repeats masked.
		report := func(r Range, err error, msg string, masked ...string) {
			e := &FileError{Line: line, Range: r, Err: err, Text: msg, UnredactedText: msg}
			if len(masked) > 0 {
				e.Text = masked[0]
			}
			res.Errors = append(res.Errors, e)
		}
		words, starts := splitSpaces(text)
		if words[0] != "user" || len(words) < 2 {
			report(lineRange, ErrNotUserLine, fmt.Sprintf("%s:%d should start with user keyword followed by the username. ", filename, line))
			continue
		}
		name := words[1]
		nameRange := Range{pos(textStart + starts[1]), pos(textStart + starts[1] + len(name))}
		// A name that may be a password or hash rule (">secret" pasted
		// as the name) is masked in Text.
		shown := RedactWord(name)
		if strings.ContainsAny(name, " \t\n\v\f\r\x00") {
			msg := func(name string) string {
				return fmt.Sprintf("'%s:%d: username '%s' contains invalid characters. ", filename, line, name)
			}
			report(nameRange, ErrFileUserName, msg(name), msg(shown))
			continue
		}
		if seen[name] {
			msg := func(name string) string {
				return fmt.Sprintf("WARNING: Duplicate user '%s' found on line %d. ", name, line)
			}
			report(nameRange, ErrDuplicateUser, msg(name), msg(shown))
			continue
		}
		seen[name] = true
		args, argStarts, ok := mergeSelectors(words[2:], starts[2:])
		if !ok {
			report(lineRange, ErrFileCrash, fmt.Sprintf("%s:%d: crash (unmatched parenthesis). ", filename, line))
			res.Crash = true
			return res
		}
		u := NewUser(name, t)
		syntaxReported := false
		for i, arg := range args {
			arg = strings.Trim(arg, "\t\r\n")
			if arg == "" {
				continue
			}
			argOff := textStart + argStarts[i] + (len(args[i]) - len(strings.TrimLeft(args[i], "\t\r\n")))
			src := arg
			if arg[0] != '(' {
				// One argument is one rule, whatever whitespace it holds.
				src = maskSpace(arg)
			}
			a, _ := Parse(src, WithStart(pos(argOff)), WithDialect(dialect))
			var e *Error
			if a == nil {
				e = &Error{Err: ErrSyntax}
			} else if nu, err := u.Apply(a); err != nil && !errors.As(err, &e) {
				e = &Error{Err: ErrSyntax}
			} else if err == nil || errors.Is(e.Err, ErrCrash) {
				// (A crashing rule is accepted; the server crashes later,
				// at ACL LIST.)
				if src != arg && strings.IndexByte("~%&", arg[0]) >= 0 {
					// A pattern may not hold whitespace (checked after
					// the other errors).
					e = &Error{Err: ErrSyntax}
				} else {
					u = nu
					continue
				}
			}
			r := Range{pos(argOff), pos(argOff + len(arg))}
			if errors.Is(e.Err, ErrUnknownName) {
				const op = "%s:%d: Error in applying operation '%s': %s. "
				report(r, e.Err, fmt.Sprintf(op, filename, line, arg, e.Err), fmt.Sprintf(op, filename, line, RedactWord(arg), e.Err))
			} else if !syntaxReported {
				report(r, e.Err, fmt.Sprintf("%s:%d: %s. ", filename, line, e.Err))
				syntaxReported = true
			}
		}
		if keep {
			res.Users = append(res.Users, u)
			res.Lines = append(res.Lines, line)
		}
		if name == "default" {
			res.DefaultDefined = true
		}
	}
	if len(res.Errors) > 0 {
		res.Users, res.Lines = nil, nil
	} else if !res.DefaultDefined {
		res.builtin, _ = NewUser("default", t).SetUser("on nopass ~* &* +@all")
	}
	return res
}

// stripAfterNUL returns content as the server reads it: each line (of at
// most 1023 bytes, as fgets reads it) up to its first NUL byte.
func stripAfterNUL(content string) string {
	if strings.IndexByte(content, 0) < 0 {
		return content
	}
	var b strings.Builder
	for len(content) > 0 {
		n := min(len(content), 1023)
		if nl := strings.IndexByte(content[:n], '\n'); nl >= 0 {
			n = nl + 1
		}
		chunk := content[:n]
		if z := strings.IndexByte(chunk, 0); z >= 0 {
			chunk = chunk[:z]
		}
		b.WriteString(chunk)
		content = content[n:]
	}
	return b.String()
}

// splitSpaces splits s at each single space, as sdssplitlen does: empty
// words stand between adjacent spaces. It returns the words and their
// offsets in s.
func splitSpaces(s string) ([]string, []int) {
	words := strings.Split(s, " ")
	starts := make([]int, len(words))
	o := 0
	for i, w := range words {
		starts[i] = o
		o += len(w) + 1
	}
	return words, starts
}

// mergeSelectors merges the words of a selector, from one starting with
// "(" to one ending with ")", into one argument joined by spaces, as the
// server does before applying them. ok is false when a selector is never
// closed.
func mergeSelectors(words []string, starts []int) (args []string, argStarts []int, ok bool) {
	open := -1
	var sel string
	for i, w := range words {
		if open < 0 && strings.HasPrefix(w, "(") && !strings.HasSuffix(w, ")") {
			open, sel = i, w
			continue
		}
		if open >= 0 {
			sel += " " + w
			if strings.HasSuffix(w, ")") {
				args, argStarts = append(args, sel), append(argStarts, starts[open])
				open = -1
			}
			continue
		}
		args, argStarts = append(args, w), append(argStarts, starts[i])
	}
	return args, argStarts, open < 0
}

// maskSpace replaces the whitespace inside one argument by a byte that
// Parse does not split at, so that the argument stays one rule.
func maskSpace(s string) string {
	if !strings.ContainsAny(s, " \t\n\v\f\r") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' {
			b[i] = 0x01
		}
	}
	return string(b)
}
