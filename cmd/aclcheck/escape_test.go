package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostile holds what a line may hold to act on a terminal: colours, a
// window title (OSC), a C1 CSI, DEL, bytes that are not UTF-8, a
// right-to-left override.
var hostile = []string{"\x1b[31m", "\x1b]0;pwned\x07", "\u009b2J", "\x7f", "\xff\xfe", "\u202e", "\r"}

// rawControl returns the first byte sequence of out that would act on a
// terminal (newlines and tabs aside), or "".
func rawControl(out string) string {
	for i := 0; i < len(out); {
		r, n := utf8.DecodeRuneInString(out[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			return out[i : i+1]
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f, 0x80 <= r && r <= 0x9f, r == 0x202e:
			return out[i : i+n]
		}
		i += n
	}
	return ""
}

// TestTerminalEscapes runs the commands on input holding terminal control
// sequences: what people read (messages, notes, explanations, errors) never
// shows them raw; data (fmt's and import's access strings, JSON) shows
// them raw only when it does not go to a terminal.
func TestTerminalEscapes(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	runs := 0
	for _, h := range hostile {
		access := "on ~a" + h + "b +get " + h + "x +@all"
		require.NoError(t, os.WriteFile(filepath.Join(dir, "users.acl"), []byte("user alice "+access+"\n"), 0o600))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "f"+h+".txt"), []byte(access+"\n"), 0o600))
		human := [][]string{
			{"lint", "--no-config", "--color", "never", access},
			{"lint", "--no-config", "--color", "always", "-f", "users.acl", "f" + h + ".txt"},
			{"lint", "--no-config", "-f", "missing" + h},
			{"check", access, "--", "GET", "a" + h},
			{"check", "--explain", "on ~a" + h + "* +get", "--", "GET", "a" + h + "1"},
			{"explain", access, "--", "GET", "a"},
			{"diff", "on ~a" + h + " +get", "on ~b +get"},
			{"check", "on", "--", "GET", h},
			{"nosuch" + h},
		}
		data := [][]string{
			{"import", "users.acl"},
			{"fmt", "on ~a +get ~" + h},
			{"lint", "--no-config", "--format", "json", access},
			{"lint", "--no-config", "--format", "sarif", access},
			{"check", "--format", "json", access, "--", "GET", "a" + h},
			{"diff", "--format", "json", "on ~a" + h + " +get", "on ~b +get"},
			{"import", "--format", "json", "users.acl"},
		}
		for _, tty := range []bool{false, true} {
			cmds := human
			if tty {
				cmds = append(cmds, data...)
			}
			for _, args := range cmds {
				var stdout, stderr bytes.Buffer
				runIn(&env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, terminal: tty}, args)
				out := stdout.String() + stderr.String()
				if strings.Contains(strings.Join(args, " "), "always") {
					out = colour.ReplaceAllString(out, "")
				}
				if c := rawControl(out); c != "" {
					t.Errorf("%q (terminal %v): raw %q in output:\n%s", args, tty, c, out)
				}
				runs++
			}
		}
	}
	t.Logf("%d runs", runs)
}

// colour matches the colours aclcheck itself writes.
var colour = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// TestCaretsUnderEscapes checks that a caret stays under its word when the
// words before it are shown escaped or masked.
func TestCaretsUnderEscapes(t *testing.T) {
	var stdout bytes.Buffer
	run([]string{"lint", "--no-config", "--color", "never", "on ~a\x1b[31m >longsecretpassword \u00e9\x7f +nosuch"}, strings.NewReader(""), &stdout, &bytes.Buffer{})
	lines := strings.Split(stdout.String(), "\n")
	require.GreaterOrEqual(t, len(lines), 7, stdout.String())
	assert.Equal(t, `    on ~a\x1b[31m >*** é\x7f +nosuch`, lines[1])
	assert.Equal(t, `                       ^~~~~`, lines[2]) // é\x7f
	assert.Equal(t, lines[1], lines[5])
	assert.Equal(t, `                             ^~~~~~~`, lines[6]) // +nosuch
}

// TestDataKeepsBytes checks that data output keeps the input's bytes when
// it goes to a file or pipe, and is escaped only on a terminal.
func TestDataKeepsBytes(t *testing.T) {
	for _, tty := range []bool{false, true} {
		var stdout, stderr bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, terminal: tty}
		require.Equal(t, exitOK, runIn(e, []string{"fmt", "on ~a\x1b[31m +get"}), stderr.String())
		want := "on sanitize-payload ~a\x1b[31m resetchannels -@all +get\n"
		if tty {
			want = `on sanitize-payload ~a\x1b[31m resetchannels -@all +get` + "\n"
		}
		assert.Equal(t, want, stdout.String())

		stdout.Reset()
		runIn(e, []string{"check", "--format", "json", "on ~a\u009b +get", "--", "GET", "a\u009b"})
		if tty {
			assert.Contains(t, stdout.String(), `a\u009b`)
			assert.Empty(t, rawControl(stdout.String()))
		} else {
			assert.Contains(t, stdout.String(), "a\u009b")
		}
	}
}
