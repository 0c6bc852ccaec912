package aclgen

import (
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// hints is what a command line can use from an access string: its
// patterns, and the commands its rules name.
type hints struct {
	keys, channels []string
	cmds           []*category.Command // named by command or category rules
	firstArgs      []firstArg
}

type firstArg struct {
	cmd *category.Command
	arg string
}

// hints collects the patterns and commands of access, selector bodies
// included.
func (g *Gen) hints(access string) *hints {
	h := &hints{}
	toks, _ := effectiveTokens(Words(access), false)
	for _, t := range toks {
		if t == "" {
			continue
		}
		switch {
		case t[0] == '~':
			h.keys = append(h.keys, t[1:])
		case t[0] == '%':
			if i := strings.IndexByte(t, '~'); i >= 0 {
				h.keys = append(h.keys, t[i+1:])
			}
		case t[0] == '&':
			h.channels = append(h.channels, t[1:])
		case strings.HasPrefix(t, "+@") || strings.HasPrefix(t, "-@"):
			// Commands a rule allows are drawn more often than those
			// it denies.
			n := 1
			if t[0] == '+' {
				n = 6
			}
			if m := g.members[strings.ToLower(t[2:])]; len(m) > 0 {
				for i := 0; i < n; i++ {
					h.cmds = append(h.cmds, pick(g, m))
				}
			}
		case t[0] == '+' || t[0] == '-':
			name := t[1:]
			if i := strings.LastIndexByte(name, '|'); i >= 0 {
				if base := g.t.Lookup(name[:i]); base != nil && !base.IsContainer() && !base.IsSubcommand() {
					h.firstArgs = append(h.firstArgs, firstArg{base, name[i+1:]})
					continue
				}
			}
			if c := g.t.Lookup(name); c != nil {
				h.cmds = append(h.cmds, c)
				if t[0] == '+' {
					h.cmds = append(h.cmds, c, c)
				}
			}
		}
	}
	return h
}

// Argv returns a random command line (argv[0] is the command name) to
// check against a user built from access, as ACL DRYRUN user argv...
// would. Most lines name a command of the table, often one the access
// string mentions, with keys and channels that match its patterns or
// nearly do; some have a wrong number of arguments, an unknown command or
// subcommand, odd numkeys values (01, +1, 1x, -1), or SORT BY/GET/STORE
// options. Arguments hold NUL, CR or LF bytes only with Gen.Special.
func (g *Gen) Argv(access string) []string {
	h := g.hints(access)
	var argv []string
	switch g.weighted(50, 8, 10, 4, 28) {
	case 0:
		if len(h.cmds) > 0 {
			argv = g.line(pick(g, h.cmds), h)
			break
		}
		argv = g.line(pick(g, g.all), h)
	case 1:
		if len(h.firstArgs) > 0 {
			fa := pick(g, h.firstArgs)
			argv = g.line(fa.cmd, h)
			if len(argv) >= 2 || g.chance(0.8) {
				argv = append(argv[:1], g.firstArgVariant(fa.arg))
				argv = g.fill(argv, fa.cmd, h)
			}
			break
		}
		argv = g.line(pick(g, g.all), h)
	case 2:
		argv = g.pubsub(h)
	case 3:
		argv = g.unknown(h)
	default:
		argv = g.line(pick(g, g.all), h)
	}
	if g.chance(0.04) {
		// A wrong number of arguments, most of the time.
		if len(argv) > 1 && g.chance(0.5) {
			argv = argv[:len(argv)-1]
		} else {
			argv = append(argv, g.filler(h))
		}
	}
	if g.chance(g.Special) {
		argv = g.specialArgv(argv)
	}
	return argv
}

// firstArgVariant returns arg, in another case, or another word.
func (g *Gen) firstArgVariant(arg string) string {
	switch g.weighted(50, 25, 25) {
	case 0:
		return arg
	case 1:
		return g.casing(strings.ToLower(arg))
	}
	return pick(g, []string{"0", "1", "x", arg + "x", "", "OBJECT", "digest"})
}

// fill appends arguments until argv has an arity c accepts.
func (g *Gen) fill(argv []string, c *category.Command, h *hints) []string {
	n := c.Arity
	if n < 0 {
		n = -n
	}
	for len(argv) < n {
		argv = append(argv, g.filler(h))
	}
	return argv
}

// name returns the words naming c: "get", or "config" "get".
func (g *Gen) name(c *category.Command) []string {
	if c.IsSubcommand() {
		return []string{g.casing(c.Parent.Name), g.casing(c.Name[len(c.Parent.Name)+1:])}
	}
	return []string{g.casing(c.Name)}
}

// line returns a command line for c.
func (g *Gen) line(c *category.Command, h *hints) []string {
	if c.IsContainer() && g.chance(0.85) {
		c = pick(g, c.Subcommands)
	}
	argv := g.name(c)
	switch c.Name {
	case "sort", "sort_ro":
		return g.sort(argv, c.Name == "sort", h)
	case "migrate":
		return g.migrate(argv, h)
	case "xread", "xreadgroup":
		return g.xread(argv, c.Name == "xreadgroup", h)
	case "georadius", "georadiusbymember", "georadius_ro", "georadiusbymember_ro":
		return g.georadius(argv, c.Name, h)
	case "set":
		return g.set(argv, h)
	case "bitfield", "bitfield_ro":
		return g.bitfield(argv, c.Name == "bitfield_ro", h)
	case "publish", "spublish", "subscribe", "ssubscribe", "psubscribe":
		return g.channelLine(argv, c.Name, h)
	}
	return g.generic(argv, c, h)
}

// generic fills a command line from the command's arity and key specs.
func (g *Gen) generic(argv []string, c *category.Command, h *hints) []string {
	argc := c.Arity
	if argc < 0 {
		argc = -argc + g.weighted(35, 30, 20, 10, 5)
	}
	for len(argv) < argc {
		argv = append(argv, g.filler(h))
	}
	prefix := 1
	if c.IsSubcommand() {
		prefix = 2
	}
	keys := map[int]bool{}
	for _, ks := range c.KeySpecs {
		if ks.Flags&category.KeyNotKey != 0 {
			continue
		}
		first := 0
		switch ks.BeginSearch.Kind {
		case category.SearchIndex:
			first = ks.BeginSearch.Index
		case category.SearchKeyword:
			if !g.chance(0.75) {
				continue
			}
			lo := prefix
			if ks.BeginSearch.StartFrom > lo {
				lo = ks.BeginSearch.StartFrom
			}
			for len(argv) <= lo+1 {
				argv = append(argv, g.filler(h))
			}
			p := lo + g.intn(len(argv)-lo-1)
			argv[p] = g.casing(strings.ToLower(ks.BeginSearch.Keyword))
			first = p + 1
		default:
			continue
		}
		fk := ks.FindKeys
		step := max(fk.KeyStep, 1)
		switch fk.Kind {
		case category.FindRange:
			last := first + fk.LastKey
			switch {
			case fk.LastKey < 0 && fk.Limit == 0:
				last = len(argv) + fk.LastKey
			case fk.LastKey < 0:
				last = first + (len(argv)-first)/fk.Limit + fk.LastKey
			}
			for i := first; i <= last && i < len(argv); i += step {
				keys[i] = true
			}
		case category.FindKeynum:
			idx := first + fk.KeyNumIdx
			n := g.weighted(10, 40, 25, 15, 10)
			start := first + fk.FirstKey
			want := max(start+n*step+g.intn(2), idx+1)
			for len(argv) < want {
				argv = append(argv, g.filler(h))
			}
			argv[idx] = g.numkeys(n)
			for i := 0; i < n; i++ {
				keys[start+i*step] = true
			}
		}
	}
	for i := range argv {
		if keys[i] && i >= prefix && i < len(argv) {
			argv[i] = g.key(h)
		}
	}
	return argv
}

// numkeys returns a numkeys argument for n keys: mostly n itself, sometimes
// a form only C's atoi accepts (01, +1, 1x, " 1"), a negative or a too
// large number.
func (g *Gen) numkeys(n int) string {
	s := strconv.Itoa(n)
	if !g.chance(0.3) {
		return s
	}
	return pick(g, []string{"0" + s, "+" + s, s + "x", " " + s, "-1", "-" + s, "00", strconv.Itoa(n + 1), "999", "x", ""})
}

// commonKeys are key names that match the typical patterns of the
// generator and of the spec's examples.
var commonKeys = []string{"k", "k1", "a", "b", "key", "r1", "w1", "rw1", "user:1", "app:x", "cache", "foo", "bar",
	"x", "Q", "K1", "é", "a b", "news.1", "{a,b}", "[", "\\", "*", "?", "-", "log:2024-01-01"}

// key returns a key name: an instance of one of the access string's
// patterns, a near miss, the pattern text itself, or some other name.
func (g *Gen) key(h *hints) string {
	return g.nameFor(h.keys)
}

// channel returns a channel name, like key does for channel patterns.
func (g *Gen) channel(h *hints) string {
	return g.nameFor(h.channels)
}

func (g *Gen) nameFor(patterns []string) string {
	w := 0
	if len(patterns) > 0 {
		w = 60
	}
	switch g.weighted(w, w/6, w/4, 14, 8, 4, 3) {
	case 0:
		return g.instantiate(pick(g, patterns))
	case 1:
		return pick(g, patterns)
	case 2:
		return g.mutate(g.instantiate(pick(g, patterns)))
	case 3:
		return pick(g, commonKeys)
	case 4:
		return g.word(1 + g.intn(6))
	case 5:
		return ""
	}
	return strings.Repeat("ab", 1+g.intn(300))
}

const wordBytes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:._-*?[]^\\{},/#é"

// word returns n random bytes (printable, sometimes part of a UTF-8
// sequence).
func (g *Gen) word(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = wordBytes[g.intn(len(wordBytes))]
	}
	return string(b)
}

// mutate changes a name a little: a byte more, less or changed, or its
// case.
func (g *Gen) mutate(s string) string {
	switch g.intn(5) {
	case 0:
		return s + g.word(1)
	case 1:
		if s != "" {
			i := g.intn(len(s))
			return s[:i] + s[i+1:]
		}
	case 2:
		if s != "" {
			i := g.intn(len(s))
			return s[:i] + g.word(1) + s[i+1:]
		}
	case 3:
		return strings.ToUpper(s)
	}
	return g.word(1) + s
}

// instantiate returns a string that Redis's glob pattern p matches, or
// nearly: each metacharacter is replaced by bytes it accepts.
func (g *Gen) instantiate(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			for n := g.weighted(30, 40, 20, 10); n > 0; n-- {
				b.WriteString(g.word(1))
			}
		case '?':
			b.WriteString(g.word(1))
		case '\\':
			if i+1 < len(p) {
				i++
			}
			b.WriteByte(p[i])
		case '[':
			j := i + 1
			negate := j < len(p) && p[j] == '^'
			if negate {
				j++
			}
			var members []byte
			for ; j < len(p) && p[j] != ']'; j++ {
				switch {
				case p[j] == '\\' && j+1 < len(p):
					j++
					members = append(members, p[j])
				case j+2 < len(p) && p[j+1] == '-':
					lo, hi := p[j], p[j+2]
					if lo > hi {
						lo, hi = hi, lo
					}
					members = append(members, lo+byte(g.intn(int(hi-lo)+1)))
					j += 2
				default:
					members = append(members, p[j])
				}
			}
			i = j
			switch {
			case negate || len(members) == 0:
				b.WriteString(g.word(1))
			default:
				b.WriteByte(members[g.intn(len(members))])
			}
		default:
			b.WriteByte(c)
		}
	}
	s := b.String()
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "0")
	}
	return s
}

var fillers = []string{"0", "1", "-1", "10", "100", "01", "+1", "1x", "v", "x", "field", "member", "LEFT", "RIGHT", "MIN",
	"MAX", "GET", "SET", "STORE", "BY", "LIMIT", "KEYS", "STREAMS", "COUNT", "BLOCK", "GROUP", "AUTH", "AUTH2", "COPY",
	"REPLACE", "EX", "NX", "WITHSCORES", "$", ">", "*", "#", "u4", "WRAP", "OVERFLOW", "INCRBY", "m", "STOREDIST", "ASC",
	"DESC", "ALPHA", "NOACK", "ID", "", "a b", "é", "0-0"}

// filler returns an argument that is not meant as a key: a number, a
// keyword, sometimes a key.
func (g *Gen) filler(h *hints) string {
	switch g.weighted(55, 25, 10, 10) {
	case 0:
		return pick(g, fillers)
	case 1:
		return g.key(h)
	case 2:
		if len(g.keywords) > 0 {
			return g.casing(strings.ToLower(pick(g, g.keywords)))
		}
	}
	return g.word(1 + g.intn(5))
}

// shuffle returns the groups of options in random order, flattened.
func (g *Gen) shuffle(groups [][]string) []string {
	g.r.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })
	var out []string
	for _, gr := range groups {
		out = append(out, gr...)
	}
	return out
}

func (g *Gen) sortPattern(h *hints) string {
	switch g.intn(4) {
	case 0:
		return pick(g, []string{"x*", "w*->f", "*", "#", "nosort", "const", "k*", "*->f"})
	case 1:
		return g.key(h) + "*"
	}
	return g.key(h)
}

// sort returns SORT key [BY p] [LIMIT o c] [GET p]... [ASC|DESC] [ALPHA]
// [STORE dst]..., options in any order.
func (g *Gen) sort(argv []string, store bool, h *hints) []string {
	argv = append(argv, g.key(h))
	var opts [][]string
	if g.chance(0.4) {
		opts = append(opts, []string{g.casing("by"), g.sortPattern(h)})
	}
	if g.chance(0.2) {
		opts = append(opts, []string{g.casing("limit"), "0", pick(g, []string{"1", "10", "x"})})
	}
	for n := g.weighted(55, 30, 15); n > 0; n-- {
		opts = append(opts, []string{g.casing("get"), g.sortPattern(h)})
	}
	if g.chance(0.2) {
		opts = append(opts, []string{g.casing(pick(g, []string{"asc", "desc"}))})
	}
	if g.chance(0.2) {
		opts = append(opts, []string{g.casing("alpha")})
	}
	if store {
		for n := g.weighted(50, 40, 10); n > 0; n-- {
			opts = append(opts, []string{g.casing("store"), g.key(h)})
		}
	}
	if g.chance(0.1) {
		opts = append(opts, []string{pick(g, []string{"BY", "GET", "STORE", "LIMIT", "x"})}) // dangling
	}
	return append(argv, g.shuffle(opts)...)
}

// migrate returns MIGRATE host port key|"" db timeout [COPY] [REPLACE]
// [AUTH pw | AUTH2 user pw] [KEYS key...].
func (g *Gen) migrate(argv []string, h *hints) []string {
	useKeys := g.chance(0.6)
	key := g.key(h)
	if useKeys && g.chance(0.8) {
		key = ""
	}
	argv = append(argv, "127.0.0.1", "6379", key, "0", "100")
	var opts [][]string
	if g.chance(0.3) {
		opts = append(opts, []string{g.casing("copy")})
	}
	if g.chance(0.3) {
		opts = append(opts, []string{g.casing("replace")})
	}
	switch g.intn(4) {
	case 0:
		opts = append(opts, []string{g.casing("auth"), pick(g, []string{"pw", "KEYS", g.key(h)})})
	case 1:
		opts = append(opts, []string{g.casing("auth2"), pick(g, []string{"user", "KEYS"}), pick(g, []string{"pw", "KEYS"})})
	}
	argv = append(argv, g.shuffle(opts)...)
	if useKeys {
		argv = append(argv, g.casing("keys"))
		for n := g.weighted(10, 40, 30, 20); n > 0; n-- {
			argv = append(argv, g.key(h))
		}
	}
	return argv
}

// xread returns XREAD [COUNT n] [BLOCK ms] STREAMS key... id..., or
// XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS key... id...;
// sometimes with an odd number of streams arguments.
func (g *Gen) xread(argv []string, group bool, h *hints) []string {
	if group {
		argv = append(argv, g.casing("group"), "g", "c")
	}
	var opts [][]string
	if g.chance(0.3) {
		opts = append(opts, []string{g.casing("count"), "1"})
	}
	if g.chance(0.3) {
		opts = append(opts, []string{g.casing("block"), "0"})
	}
	if group && g.chance(0.3) {
		opts = append(opts, []string{g.casing("noack")})
	}
	if g.chance(0.05) {
		opts = append(opts, []string{"bogus"})
	}
	argv = append(argv, g.shuffle(opts)...)
	argv = append(argv, g.casing("streams"))
	n := 1 + g.weighted(50, 30, 20)
	for i := 0; i < n; i++ {
		argv = append(argv, g.key(h))
	}
	ids := n
	if g.chance(0.1) {
		ids = n - 1 + 2*g.intn(2)
	}
	for i := 0; i < ids; i++ {
		argv = append(argv, pick(g, []string{"0", "$", ">", "0-0"}))
	}
	return argv
}

// georadius returns GEORADIUS key lon lat radius unit [options] (or the
// BYMEMBER and _RO forms) with STORE/STOREDIST options.
func (g *Gen) georadius(argv []string, name string, h *hints) []string {
	argv = append(argv, g.key(h))
	if strings.Contains(name, "bymember") {
		argv = append(argv, "member")
	} else {
		argv = append(argv, "0", "0")
	}
	argv = append(argv, "1", g.casing("m"))
	var opts [][]string
	if g.chance(0.2) {
		opts = append(opts, []string{g.casing("withdist")})
	}
	if g.chance(0.2) {
		opts = append(opts, []string{g.casing("count"), "1"})
	}
	if g.chance(0.6) {
		opts = append(opts, []string{g.casing("store"), g.key(h)})
	}
	if g.chance(0.4) {
		opts = append(opts, []string{g.casing("storedist"), g.key(h)})
	}
	return append(argv, g.shuffle(opts)...)
}

// set returns SET key value [EX s] [NX|XX] [GET] [KEEPTTL].
func (g *Gen) set(argv []string, h *hints) []string {
	argv = append(argv, g.key(h), "v")
	var opts [][]string
	if g.chance(0.2) {
		opts = append(opts, []string{g.casing("ex"), "10"})
	}
	if g.chance(0.2) {
		opts = append(opts, []string{g.casing(pick(g, []string{"nx", "xx"}))})
	}
	if g.chance(0.35) {
		opts = append(opts, []string{g.casing(pick(g, []string{"get", "get", "gets", "ge"}))})
	}
	if g.chance(0.1) {
		opts = append(opts, []string{g.casing("keepttl")})
	}
	return append(argv, g.shuffle(opts)...)
}

// bitfield returns BITFIELD key with GET, SET, INCRBY and OVERFLOW
// operations, some of them incomplete.
func (g *Gen) bitfield(argv []string, readonly bool, h *hints) []string {
	argv = append(argv, g.key(h))
	for n := g.weighted(15, 45, 25, 15); n > 0; n-- {
		op := g.intn(5)
		if readonly {
			op = 0
		}
		switch op {
		case 0, 1:
			argv = append(argv, g.casing("get"), "u4", "0")
		case 2:
			argv = append(argv, g.casing("set"), "u4", "0", "1")
		case 3:
			argv = append(argv, g.casing("incrby"), "u4", "0", "1")
		default:
			argv = append(argv, g.casing("overflow"), pick(g, []string{"WRAP", "SAT", "FAIL"}))
		}
	}
	if g.chance(0.15) {
		argv = append(argv, pick(g, []string{"GET", "GET u4", "SET", "OVERFLOW", "x"}))
	}
	return argv
}

// channelLine returns PUBLISH ch msg, SPUBLISH ch msg, or (P|S)SUBSCRIBE
// with one to three channels or patterns.
func (g *Gen) channelLine(argv []string, name string, h *hints) []string {
	switch name {
	case "publish", "spublish":
		return append(argv, g.channel(h), "msg")
	}
	for n := 1 + g.weighted(60, 25, 15); n > 0; n-- {
		argv = append(argv, g.channel(h))
	}
	return argv
}

// pubsub returns a command line of a command with channels, checked or
// not.
func (g *Gen) pubsub(h *hints) []string {
	name := pick(g, []string{"publish", "spublish", "subscribe", "ssubscribe", "psubscribe",
		"publish", "subscribe", "psubscribe", "unsubscribe", "punsubscribe", "sunsubscribe"})
	c := g.t.Lookup(name)
	if c == nil {
		return g.unknown(h)
	}
	argv := []string{g.casing(name)}
	switch name {
	case "publish", "spublish", "subscribe", "ssubscribe", "psubscribe":
		return g.channelLine(argv, name, h)
	}
	for n := g.intn(3); n > 0; n-- {
		argv = append(argv, g.channel(h))
	}
	return argv
}

// unknown returns a command line with an unknown command or subcommand,
// or a command name with '|'.
func (g *Gen) unknown(h *hints) []string {
	var argv []string
	switch g.intn(4) {
	case 0:
		argv = []string{g.casing(pick(g, []string{"nosuch", "foo", "getx", "ge", "x", "", "é", "config_get"}))}
	case 1:
		if len(g.subs) > 0 {
			sub := pick(g, g.subs)
			argv = []string{g.casing(sub.Parent.Name), pick(g, []string{"nosuch", "", "x", "get|x"})}
			break
		}
		argv = []string{"nosuch"}
	case 2:
		if len(g.subs) > 0 {
			argv = []string{g.casing(pick(g, g.subs).Name)}
			break
		}
		argv = []string{"get|x"}
	default:
		argv = []string{g.casing(pick(g, g.plain).Name) + pick(g, []string{"|x", "x", "|"})}
	}
	for n := g.intn(3); n > 0; n-- {
		argv = append(argv, g.filler(h))
	}
	return argv
}
