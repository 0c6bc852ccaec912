package aclgen

import (
	"strings"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// The bytes the servers' C code treats specially: NUL ends a C string
// (strcasecmp, strrchr, sdsnew and "%s" stop there), and CR and LF are
// rewritten to spaces in error replies. Gen.Special puts them into access
// strings and command lines.

// nulTails are what may follow a NUL byte put into a rule word: text a
// byte-wise reader would take as part of the rule.
var nulTails = []string{"", "", "x", "|x", "|0", "|get", "~k", "@read", "*", "on", ")", "|", "\x00", " ", "é", "(", "R~x", "!"}

// special returns w with a NUL byte put in: at the start, inside, at the
// end, replacing a byte, or followed by more text.
func (g *Gen) special(w string) string {
	p := 0
	if len(w) > 0 {
		p = 1 + g.intn(len(w))
	}
	switch g.weighted(10, 30, 25, 10, 25) {
	case 0:
		return "\x00" + w
	case 1:
		return w[:p] + "\x00" + w[p:]
	case 2:
		return w + "\x00"
	case 3:
		if len(w) > 0 {
			i := g.intn(len(w))
			return w[:i] + "\x00" + w[i+1:]
		}
	}
	tail := pick(g, nulTails)
	if tail == " " {
		tail = ""
	}
	return w + "\x00" + tail
}

// specialAccess puts NUL bytes into some words of access, at least one.
func (g *Gen) specialAccess(access string) string {
	words := Words(access)
	if len(words) == 0 {
		return g.special("")
	}
	hit := false
	for i, w := range words {
		if g.chance(0.2) {
			words[i], hit = g.special(w), true
		}
	}
	if !hit {
		i := g.intn(len(words))
		words[i] = g.special(words[i])
	}
	return strings.Join(words, " ")
}

// lineBytes are the bytes put into command lines.
var lineBytes = []string{"\x00", "\x00", "\r", "\n", "\r\n", "\x00\r", "\n\x00"}

// specialArg returns a with a NUL, CR or LF put in.
func (g *Gen) specialArg(a string) string {
	b := pick(g, lineBytes)
	p := g.intn(len(a) + 1)
	switch g.weighted(20, 40, 40) {
	case 0:
		p = 0
	case 1:
		p = len(a)
	}
	return a[:p] + b + a[p:]
}

// specialArgv puts NUL, CR or LF bytes into argv: the command name, the
// subcommand or first argument, keys and channels. It leaves argv as it is
// rather than make it ambiguous.
func (g *Gen) specialArgv(argv []string) []string {
	for range 10 {
		if a := g.specialArgvOnce(argv); !g.ambiguous(a) {
			return a
		}
	}
	return argv
}

// ambiguous reports whether a server finds the command of argv or not
// depending on its hash seed, which is random per process: a command or
// subcommand name that is a valid name, a NUL byte and more. The command
// tables hash the whole name but compare names as C strings, so such a
// name finds the command when the two hashes share a bucket. The library
// says such names are unknown.
func (g *Gen) ambiguous(argv []string) bool {
	if strings.IndexByte(argv[0], 0) >= 0 {
		c := g.t.Lookup(ascii.CString(argv[0]))
		return c != nil && !c.IsSubcommand()
	}
	c := g.t.Lookup(argv[0])
	if c == nil || !c.IsContainer() || len(argv) < 2 || strings.IndexByte(argv[1], 0) < 0 {
		return false
	}
	return g.t.Lookup(c.Name+"|"+ascii.CString(argv[1])) != nil
}

func (g *Gen) specialArgvOnce(argv []string) []string {
	argv = append([]string(nil), argv...)
	for n := 1 + g.weighted(70, 25, 5); n > 0; n-- {
		i := 0
		switch k := g.weighted(30, 30, 40); {
		case k == 0 || len(argv) == 1:
		case k == 1 || len(argv) == 2:
			i = 1
		default:
			i = 1 + g.intn(len(argv)-1)
		}
		argv[i] = g.specialArg(argv[i])
	}
	return argv
}

// HasSpecial reports whether s holds a NUL, CR or LF byte.
func HasSpecial(s string) bool { return strings.ContainsAny(s, "\x00\r\n") }
