// Package progress is a helper of the CLI: it draws a one-line progress bar
// on a terminal, and nothing on anything else (a pipe, a file, CI logs);
// [Color] says whether colours may be written to a stream.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// Bar reports progress towards a known total. The zero value and a nil Bar
// draw nothing.
type Bar struct {
	w     io.Writer
	label string
	total int
	last  time.Time
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Color reports whether w takes ANSI colours: it is a terminal, NO_COLOR is
// unset or empty (https://no-color.org) and TERM is not "dumb".
func Color(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb" && IsTerminal(w)
}

// New returns a bar on w when w is a terminal, or nil (which draws nothing).
func New(w io.Writer, label string, total int) *Bar {
	if total <= 0 || !IsTerminal(w) {
		return nil
	}
	return &Bar{w: w, label: label, total: total}
}

// Set draws the bar at done out of the total, at most every 100ms.
func (b *Bar) Set(done int) {
	if b == nil || time.Since(b.last) < 100*time.Millisecond && done < b.total {
		return
	}
	b.last = time.Now()
	const width = 30
	n := width * done / b.total
	fmt.Fprintf(b.w, "\r%s [%s%s] %d/%d", b.label, strings.Repeat("=", n), strings.Repeat(" ", width-n), done, b.total)
}

// Done clears the bar's line.
func (b *Bar) Done() {
	if b == nil {
		return
	}
	fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", len(b.label)+50))
}
