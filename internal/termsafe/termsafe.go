// Package termsafe is a helper of the output steps: it shows untrusted text
// on a terminal without letting it act on the terminal. Control bytes (C0
// except tab, DEL, C1), invalid UTF-8 and the Unicode controls that reorder
// or break lines are shown as escapes (\x1b, \u009b, \u202e), so that a line
// of a file under review cannot recolour, retitle or rewrite the reviewer's
// terminal.
package termsafe

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// Next returns how the first character of s is shown, and its length in
// bytes: itself, or an escape for a control byte, a C1 or bidirectional
// control, or a byte that is not valid UTF-8. s must not be empty.
func Next(s string) (shown string, size int) {
	c := s[0]
	if c < utf8.RuneSelf {
		if c < 0x20 && c != '\t' || c == 0x7f {
			return `\x` + string(hex[c>>4]) + string(hex[c&15]), 1
		}
		return s[:1], 1
	}
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && size <= 1 {
		return `\x` + string(hex[c>>4]) + string(hex[c&15]), 1
	}
	if isControl(r) {
		return `\u` + string(hex[r>>12&15]) + string(hex[r>>8&15]) + string(hex[r>>4&15]) + string(hex[r&15]), size
	}
	return s[:size], size
}

// isControl reports whether r is a C1 control, a line or paragraph
// separator, or a bidirectional formatting character.
func isControl(r rune) bool {
	return 0x80 <= r && r <= 0x9f || r == 0x2028 || r == 0x2029 ||
		0x200e <= r && r <= 0x200f || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// Safe reports whether s shows as itself.
func Safe(s string) bool {
	for i := 0; i < len(s); {
		shown, n := Next(s[i:])
		if len(shown) != n {
			return false
		}
		i += n
	}
	return true
}

// Escape returns s with every character that could act on a terminal
// shown as an escape (see [Next]). Newlines are escaped too: a message is
// one line.
func Escape(s string) string {
	if Safe(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		shown, n := Next(s[i:])
		b.WriteString(shown)
		i += n
	}
	return b.String()
}

// EscapeLines is Escape for text of several lines: newlines stay.
func EscapeLines(s string) string {
	if Safe(strings.ReplaceAll(s, "\n", "")) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Escape(l)
	}
	return strings.Join(lines, "\n")
}

// JSONWriter returns a writer that passes JSON text to w with the
// characters encoding/json leaves raw but a terminal would act on (DEL,
// C1 and bidirectional controls) written as \u escapes, which decode to
// the same characters. It may hold back the start of a character split
// across writes until the next Write or Flush.
func JSONWriter(w io.Writer) *JSONEscaper { return &JSONEscaper{w: w} }

// JSONEscaper is the writer of [JSONWriter].
type JSONEscaper struct {
	w       io.Writer
	pending []byte
	buf     []byte
}

// Write escapes p and writes it on.
func (j *JSONEscaper) Write(p []byte) (int, error) {
	data := p
	if len(j.pending) > 0 {
		data = append(j.pending, p...)
		j.pending = nil
	}
	out := j.buf[:0]
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				out = append(out, `\u007f`...)
			} else {
				out = append(out, c)
			}
			i++
			continue
		}
		if !utf8.FullRune(data[i:]) {
			j.pending = append([]byte(nil), data[i:]...)
			break
		}
		r, n := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError && isControl(r) {
			out = append(out, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		} else {
			out = append(out, data[i:i+n]...)
		}
		i += n
	}
	j.buf = out
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes the bytes held back.
func (j *JSONEscaper) Flush() error {
	if len(j.pending) == 0 {
		return nil
	}
	_, err := j.w.Write(j.pending)
	j.pending = nil
	return err
}

// CommandLine renders argv as one line: plain words as they are, others
// (empty, with blanks, quotes, backslashes, control or non-ASCII bytes)
// quoted with Go escapes, so that no control byte is ever shown raw.
func CommandLine(argv []string) string {
	parts := make([]string, len(argv))
	for i, a := range argv {
		if a != "" && !strings.ContainsFunc(a, func(r rune) bool { return r <= ' ' || r == '"' || r == '\'' || r == '\\' || r >= 0x7f }) {
			parts[i] = a
		} else {
			parts[i] = strconv.Quote(a)
		}
	}
	return strings.Join(parts, " ")
}
