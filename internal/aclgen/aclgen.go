// Package aclgen generates random ACL access strings and command lines for
// differential tests against live servers (and for aclcheck fuzz). It covers
// every rule form, mixed case, unknown names, selectors with quotes and
// garbage, and never generates the inputs known to crash servers: a % key
// rule without R or W, and a first argument with whitespace or a quote.
package aclgen

import (
	"fmt"
	"math/rand"
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// Gen is a deterministic generator. It is not safe for concurrent use.
type Gen struct {
	r    *rand.Rand
	t    *category.Table
	cmds []*category.Command // every command and subcommand
	cats []category.Category
}

// New returns a generator seeded with seed that draws commands from t.
func New(seed int64, t *category.Table) *Gen {
	return &Gen{r: rand.New(rand.NewSource(seed)), t: t, cmds: t.Commands(), cats: t.Categories()}
}

// Patterns and keys are drawn from pools built so that they often match.
var (
	patterns = []string{"app:*", "user:*:profile", "cache:[0-9]*", "k?", "*", "a", "[a-c]*", `\*x`,
		"-secret:*", "", "é*", "lock*", "[^x]*", "*:data", "job:[!a]*", "q]", "[a-]x", "rw*", "r*", "w*"}
	keys = []string{"app:1", "user:42:profile", "cache:7", "cache:x", "k1", "kk", "a", "x", "", "*x",
		"-secret:1", "é1", "lock9a", "c", "b", "rw1", "r1", "w1", "job:b", "a b", "x]"}
	channels = []string{"chan", "chan1", "news.*", "n*", "lit[ab]", "lita", "", "*"}
	words    = []string{"foo", "@all", ")", "++get", "%X~a", "%~x", "%RR~x", "+", "-", "+@", "all", "~", "&"}
)

func (g *Gen) pick(list []string) string { return list[g.r.Intn(len(list))] }

// mixCase randomly changes the case of s (Redis compares keywords and
// command names ignoring case).
func (g *Gen) mixCase(s string) string {
	switch g.r.Intn(6) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		b := []byte(s)
		for i := range b {
			if g.r.Intn(2) == 0 && 'a' <= b[i] && b[i] <= 'z' {
				b[i] -= 'a' - 'A'
			}
		}
		return string(b)
	}
	return s
}

func (g *Gen) hash() string {
	const hex = "0123456789abcdef"
	b := make([]byte, 64)
	for i := range b {
		b[i] = hex[g.r.Intn(16)]
	}
	return string(b)
}

func (g *Gen) command() *category.Command { return g.cmds[g.r.Intn(len(g.cmds))] }

// firstArg returns a safe first argument: letters and digits only.
func (g *Gen) firstArg() string { return g.pick([]string{"0", "1", "object", "a", "Abc", "x9"}) }

// selectorWord returns one rule valid inside or outside a selector.
func (g *Gen) selectorWord() string {
	switch g.r.Intn(20) {
	case 0, 1, 2:
		perm := g.pick([]string{"~", "%R~", "%W~", "%RW~", "%WR~", "%rw~", "%r~", "%R", "%W"})
		if !strings.HasSuffix(perm, "~") {
			return perm // %R and %W without '~': the pattern is empty
		}
		return perm + g.pick(patterns)
	case 3:
		return g.mixCase(g.pick([]string{"allkeys", "resetkeys", "~*"}))
	case 4, 5:
		return "&" + g.pick(channels)
	case 6:
		return g.mixCase(g.pick([]string{"allchannels", "resetchannels", "&*"}))
	case 7, 8, 9, 10:
		sign := g.pick([]string{"+", "-"})
		c := g.command()
		return sign + g.mixCase(c.Name)
	case 11:
		c := g.command()
		if c.Parent == nil && !c.IsContainer() {
			return "+" + g.mixCase(c.Name) + "|" + g.firstArg()
		}
		return "+" + c.Name + "|" + g.pick([]string{"nosuch", "", "x|y"})
	case 12, 13, 14:
		cat := g.cats[g.r.Intn(len(g.cats))]
		return g.pick([]string{"+@", "-@"}) + g.mixCase(cat.String())
	case 15:
		return g.mixCase(g.pick([]string{"+@all", "-@all", "allcommands", "nocommands"}))
	case 16:
		return g.pick([]string{"+nosuch", "-nosuch", "+@nosuch", "+get|x|y", "-select|0", "+config|get|x", "+@read|x"})
	case 17:
		return g.pick(words)
	case 18:
		return g.mixCase(g.pick([]string{"+select|0", "+debug|object", "+select", "-select", "+client|id", "-client"}))
	}
	return "+" + g.mixCase(g.pick([]string{"get", "set", "mget", "publish", "subscribe", "psubscribe", "eval", "sort", "copy"}))
}

// userWord returns a rule that is valid only outside selectors.
func (g *Gen) userWord() string {
	switch g.r.Intn(10) {
	case 0, 1:
		return g.mixCase(g.pick([]string{"on", "off", "nopass", "resetpass", "sanitize-payload", "skip-sanitize-payload"}))
	case 2:
		return g.pick([]string{">", "<"}) + g.pick([]string{"pw1", "pw2", "", "pw3"})
	case 3:
		h := g.hash()
		if g.r.Intn(4) == 0 {
			h = h[:10]
		}
		return g.pick([]string{"#", "!"}) + h
	case 4:
		return g.mixCase(g.pick([]string{"reset", "clearselectors"}))
	}
	return g.selector()
}

// selector returns a selector, spread over words as a client would send
// it, sometimes with quotes, quoting errors or a nested parenthesis.
func (g *Gen) selector() string {
	n := g.r.Intn(5)
	body := make([]string, n)
	for i := range body {
		w := g.selectorWord()
		switch g.r.Intn(14) {
		case 0:
			if strings.HasPrefix(w, "~") || strings.HasPrefix(w, "&") {
				w = `"` + w + ` b"` // a space in a pattern: Syntax error
			}
		case 1:
			if !strings.Contains(w, "|") {
				w = `'` + w + `'`
			}
		case 2:
			w = `"` + w // a quoting error: an empty selector
		case 3:
			w = "(" + w // a second '(' inside
		case 4:
			w = g.pick([]string{"on", ">pw", "reset"}) // user-level words are errors here
		}
		body[i] = w
	}
	s := "(" + strings.Join(body, " ") + ")"
	if g.r.Intn(10) == 0 {
		s = "(" + strings.Join(body, " ") // unmatched
	}
	return s
}

// Access returns a random access string of 0 to 12 rules.
func (g *Gen) Access() string {
	n := g.r.Intn(13)
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		if g.r.Intn(4) == 0 {
			out = append(out, g.userWord())
		} else {
			out = append(out, g.selectorWord())
		}
	}
	return strings.Join(out, " ")
}

var argPool = []string{"1", "2", "0", "01", "+1", "1x", "-1", "3", "STORE", "GET", "BY", "LIMIT", "STREAMS",
	"KEYS", "AUTH", "WEIGHTS", "LEFT", "m", "10", "#", "*", "x*"}

// Argv returns a random command line: usually a known command or
// subcommand with arguments drawn from keys, channels and numbers, at times
// an unknown command or one with the wrong number of arguments.
func (g *Gen) Argv() []string {
	if g.r.Intn(40) == 0 {
		return []string{g.pick([]string{"nosuch", "config|get", "CONFIG"}), "x"}
	}
	c := g.command()
	var argv []string
	if c.Parent != nil {
		argv = []string{g.mixCase(c.Parent.Name), g.mixCase(strings.TrimPrefix(c.Name, c.Parent.Name+"|"))}
	} else {
		argv = []string{g.mixCase(c.Name)}
	}
	n := c.Arity
	if n < 0 {
		n = -n + g.r.Intn(4)
	}
	if g.r.Intn(15) == 0 {
		n += g.r.Intn(3) - 1 // perhaps a wrong arity
	}
	pubsub := strings.Contains(c.Name, "subscribe") || strings.Contains(c.Name, "publish")
	for len(argv) < n {
		switch {
		case pubsub && g.r.Intn(3) > 0:
			argv = append(argv, g.pick(channels))
		case g.r.Intn(3) == 0:
			argv = append(argv, g.pick(argPool))
		default:
			argv = append(argv, g.pick(keys))
		}
	}
	return argv
}

// Words splits an access string as the corpus format does: at runs of
// ASCII whitespace, one ACL SETUSER argument per word.
func Words(access string) []string {
	return strings.FieldsFunc(access, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
	})
}

// String describes the generator, for test logs.
func (g *Gen) String() string { return fmt.Sprintf("aclgen(%s)", g.t.Engine()) }
