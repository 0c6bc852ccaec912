package synth

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aclcheck/aclcheck/internal/ascii"
	"github.com/aclcheck/aclcheck/internal/lossless"
	"github.com/aclcheck/aclcheck/internal/sds"
)

// Event is one traced command: a command line, or, from ACL LOG, one
// denied permission (Argv is nil and Need says what was denied).
type Event struct {
	// User is the user that ran the command, when the trace says; Client
	// the client's address.
	User, Client string
	// Argv is the command line (argv[0] the command name).
	Argv []string
	// Need is set for an ACL LOG entry instead of Argv.
	Need *Need
	// Line is the line of the trace the event comes from (1-based).
	Line int
}

// Need is a permission an ACL LOG entry reports as denied.
type Need struct {
	// Reason is "command", "key" or "channel".
	Reason string
	// Command is the denied command's full name ("get", "config|get"); for
	// key and channel entries, the command the client was running (from
	// the entry's client-info cmd=), or "".
	Command string
	// Object is the denied key or channel.
	Object string
}

// maxLine bounds the length of one trace line (64 MiB): a longer line is an
// input error, not a memory exhaustion.
const maxLine = 64 << 20

func newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return sc
}

// ReadMonitor reads redis-cli MONITOR output ("1700000000.123456 [0
// 127.0.0.1:50000] "GET" "k"") and calls fn with each command. Commands
// that scripts run (the client "lua") are attributed to the last client
// that ran EVAL, EVALSHA or FCALL (and their _RO forms). When a client
// authenticates with a user name the log shows (AUTH user … or HELLO … AUTH
// user …, whose password MONITOR redacts), its later commands are that
// user's. Lines that are not commands ("OK", blank) are skipped; a command
// line with broken quoting is an error naming its line.
func ReadMonitor(r io.Reader, fn func(Event) error) error {
	sc := newScanner(r)
	users := map[string]string{} // client -> user from AUTH
	scriptCaller := ""
	var scratch []byte
	var ends []int
	n := 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		open := bytes.IndexByte(line, '[')
		if open < 0 || !isTimestamp(line[:open]) {
			continue
		}
		end := bytes.IndexByte(line[open:], ']')
		if end < 0 {
			return fmt.Errorf("line %d: no ']' after the client", n)
		}
		inside := line[open+1 : open+end]
		if i := bytes.IndexByte(inside, ' '); i >= 0 {
			inside = inside[i+1:]
		}
		// The client and the arguments, unquoted, go into one string.
		scratch = append(scratch[:0], inside...)
		var err error
		scratch, ends, err = appendQuoted(scratch, ends[:0], line[open+end+1:])
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if len(ends) == 0 {
			continue
		}
		text := string(scratch)
		client := text[:len(inside)]
		argv := make([]string, len(ends))
		start := len(inside)
		for i, e := range ends {
			argv[i], start = text[start:e], e
		}
		if client == "lua" {
			client = scriptCaller
		} else if isScript(argv[0]) {
			scriptCaller = client
		}
		if u, ok := authUser(argv); ok {
			users[client] = u
		}
		if err := fn(Event{User: users[client], Client: client, Argv: argv, Line: n}); err != nil {
			return err
		}
	}
	return scanErr(sc.Err(), n)
}

func scanErr(err error, n int) error {
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("line %d: longer than %d bytes", n+1, maxLine)
	}
	return err
}

// isTimestamp reports whether s is MONITOR's "seconds.micros " prefix.
func isTimestamp(s []byte) bool {
	s = bytes.TrimSpace(s)
	sec, micro, ok := bytes.Cut(s, []byte("."))
	return ok && len(sec) > 0 && allDigits(sec) && allDigits(micro)
}

func allDigits(s []byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isScript(name string) bool {
	for _, s := range [...]string{"eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"} {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

// authUser returns the user name an AUTH or HELLO command line shows.
func authUser(argv []string) (string, bool) {
	const redacted = "(redacted)"
	switch {
	case strings.EqualFold(argv[0], "auth"):
		if len(argv) == 3 && argv[1] != redacted {
			return argv[1], true
		}
	case strings.EqualFold(argv[0], "hello"):
		for i := 2; i+2 < len(argv); i++ {
			if strings.EqualFold(argv[i], "auth") && argv[i+1] != redacted {
				return argv[i+1], true
			}
		}
	}
	return "", false
}

// appendQuoted appends the arguments of MONITOR's output s, unquoted, to
// dst and the end offset of each to ends. Each is a double-quoted string as
// sdscatrepr writes it (\\ \" \n \r \t \a \b and \xHH escapes). (It is
// sds.SplitArgs for one form, without an allocation per argument.)
func appendQuoted(dst []byte, ends []int, s []byte) ([]byte, []int, error) {
	i := 0
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return dst, ends, nil
		}
		arg := len(ends) + 1
		if s[i] != '"' {
			return dst, ends, fmt.Errorf("argument %d does not start with a quote", arg)
		}
		i++
		closed := false
		for i < len(s) && !closed {
			// Copy the plain run up to the next quote or backslash.
			j := i
			for j < len(s) && s[j] != '"' && s[j] != '\\' {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
			if i >= len(s) {
				break
			}
			c := s[i]
			i++
			if c == '"' {
				closed = true
				break
			}
			if i >= len(s) {
				return dst, ends, fmt.Errorf("argument %d ends in a backslash", arg)
			}
			e := s[i]
			i++
			switch e {
			case 'x':
				if i+1 >= len(s) || !ascii.IsHex(s[i]) || !ascii.IsHex(s[i+1]) {
					return dst, ends, fmt.Errorf("argument %d has a bad \\x escape", arg)
				}
				dst = append(dst, ascii.Unhex(s[i])<<4|ascii.Unhex(s[i+1]))
				i += 2
			default:
				dst = append(dst, sds.Unescape(e))
			}
		}
		if !closed {
			return dst, ends, fmt.Errorf("argument %d has no closing quote", arg)
		}
		ends = append(ends, len(dst))
		if i < len(s) && s[i] != ' ' {
			// (Not quoting the byte: it may be part of a password.)
			return dst, ends, fmt.Errorf("argument %d is not followed by a space", arg)
		}
	}
}

// jsonEvent is one line of the JSON Lines trace format. ArgvBase64 is
// Argv in base64 when an argument is not valid UTF-8, which a JSON string
// cannot hold (docs/output.md).
type jsonEvent struct {
	User       string   `json:"user"`
	Client     string   `json:"client,omitempty"`
	Argv       []string `json:"argv"`
	ArgvBase64 []string `json:"argv_base64,omitempty"`
}

// ReadJSONL reads JSON Lines {"user":…,"argv":[…]} (optionally "client",
// and "argv_base64", which replaces argv) and calls fn with each command.
// Blank lines are skipped; a line that is not such an object, or has an
// empty argv, is an error naming its line.
func ReadJSONL(r io.Reader, fn func(Event) error) error {
	sc := newScanner(r)
	n := 0
	for sc.Scan() {
		n++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var je jsonEvent
		err := json.Unmarshal(b, &je)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if je.ArgvBase64 != nil {
			if je.Argv, err = lossless.Decode(je.ArgvBase64); err != nil {
				return fmt.Errorf("line %d: argv_base64: %w", n, err)
			}
		}
		if len(je.Argv) == 0 {
			return fmt.Errorf("line %d: no argv", n)
		}
		if err := fn(Event{User: je.User, Client: je.Client, Argv: je.Argv, Line: n}); err != nil {
			return err
		}
	}
	return scanErr(sc.Err(), n)
}

// WriteJSONL writes one event as a JSON line of the format ReadJSONL reads.
func WriteJSONL(w io.Writer, user, client string, argv []string) error {
	b, err := json.Marshal(jsonEvent{User: user, Client: client, Argv: argv, ArgvBase64: lossless.Base64s(argv)})
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
