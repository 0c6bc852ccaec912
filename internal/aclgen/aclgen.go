// Package aclgen is a test input of the pipeline: it generates random ACL
// access strings and command lines for differential tests of the acl package
// against real servers, and for the aclcheck fuzz command.
//
// A [Gen] is deterministic: the same seed and command table give the same
// sequence of access strings and command lines. Access strings cover every
// rule form of ACL SETUSER (spec §2) in any case, valid or not, with
// commands, subcommands and categories drawn from the whole table;
// command lines (see [Gen.Argv]) exercise key extraction, channels, first
// arguments, arity and lookup errors, using keys and channels that do and
// do not match the patterns of the access string.
//
// With Gen.Special, words get NUL bytes and command lines NUL, CR and LF
// bytes, the bytes the servers' C code treats specially. Generated strings
// never hold an input known to crash a server ([Safe]), unless Gen.Crashing
// asks for the first arguments that only Redis 7.0 survives. A Gen is not
// safe for concurrent use.
package aclgen

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strings"

	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/sds"
)

// Gen generates access strings and command lines from a seeded random
// source and a command table.
type Gen struct {
	// Invalid is the probability that a rule is drawn from the invalid
	// forms (unknown names, bad hashes, syntax errors, garbage), and that a
	// state-dependent error (a pattern after allkeys, removing a missing
	// password) is not avoided. New sets it to 0.06; 0 makes most access
	// strings valid.
	Invalid float64
	// Broad is the probability that an access string starts by granting
	// many commands (+@all, allcommands, a few categories), so that command
	// lines reach the key and channel checks. New sets it to 0.3.
	Broad float64
	// MaxRules bounds the number of top-level rules of an access string
	// (New sets 14).
	MaxRules int
	// Special is the probability that an access string has NUL bytes in
	// some of its words, and that a command line has NUL, CR or LF bytes
	// in its command name, subcommand, keys or channels: the bytes the
	// servers' C code reads as the end of a string or rewrites in
	// replies. New sets it to 0.
	Special float64
	// Crashing is the probability that a first-argument rule's argument
	// holds whitespace or a quote: Redis 7.0 accepts and enforces such a
	// rule, Redis 7.2.6 and Valkey 8.0.1 crash on the next ACL LIST. With
	// Crashing above 0, Access returns such strings (not [Safe] ones):
	// send them to Redis 7.0 only. New sets it to 0.
	Crashing float64
	// inSpecial is set while Access makes a string with NUL bytes.
	inSpecial bool

	r        *rand.Rand
	t        *category.Table
	top      []*category.Command // top-level commands
	plain    []*category.Command // top-level commands without subcommands
	subs     []*category.Command // subcommands
	all      []*category.Command // every command and subcommand
	cats     []string
	members  map[string][]*category.Command // category name -> members
	keywords []string                       // begin_search keywords of the table
}

// New returns a generator seeded with seed that draws commands and
// categories from t.
func New(seed int64, t *category.Table) *Gen {
	g := &Gen{
		Invalid:  0.06,
		Broad:    0.3,
		MaxRules: 14,
		r:        rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		t:        t,
		members:  map[string][]*category.Command{},
	}
	kw := map[string]bool{}
	for c := range t.All() {
		g.all = append(g.all, c)
		switch {
		case c.IsSubcommand():
			g.subs = append(g.subs, c)
		case c.IsContainer():
			g.top = append(g.top, c)
		default:
			g.top = append(g.top, c)
			g.plain = append(g.plain, c)
		}
		for _, ks := range c.KeySpecs {
			if ks.BeginSearch.Kind == category.SearchKeyword && !kw[ks.BeginSearch.Keyword] {
				kw[ks.BeginSearch.Keyword] = true
				g.keywords = append(g.keywords, ks.BeginSearch.Keyword)
			}
		}
	}
	for _, cat := range t.Categories() {
		name := cat.String()
		g.cats = append(g.cats, name)
		for _, c := range g.all {
			if c.Categories.Has(cat) {
				g.members[name] = append(g.members[name], c)
			}
		}
	}
	return g
}

// Table returns the generator's command table.
func (g *Gen) Table() *category.Table { return g.t }

// Rand returns the generator's random source, for callers that want to
// draw more decisions from the same seed.
func (g *Gen) Rand() *rand.Rand { return g.r }

func (g *Gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *Gen) intn(n int) int { return g.r.IntN(n) }

func pick[T any](g *Gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// weighted returns an index drawn with the given weights.
func (g *Gen) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.intn(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// casing returns s in lower, upper or mixed case.
func (g *Gen) casing(s string) string {
	switch g.weighted(70, 12, 18) {
	case 0:
		return s
	case 1:
		return strings.ToUpper(s)
	}
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' && g.chance(0.5) {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// state follows what the rules drawn so far did, to avoid (or provoke)
// errors that depend on the user's state.
type state struct {
	allKeys, allChannels bool
	passwords            []string // cleartext of >pw rules still in place
	hashes               []string // digests added by #hash rules
}

// Access returns a random access string: rules separated by whitespace,
// ready to be split with [Words] into ACL SETUSER arguments. It is [Safe]
// unless Crashing is set.
func (g *Gen) Access() string {
	g.inSpecial = g.chance(g.Special)
	defer func() { g.inSpecial = false }()
	for {
		s := g.access()
		if g.inSpecial {
			s = g.specialAccess(s)
		}
		if Safe(s) || g.Crashing > 0 {
			return s
		}
	}
}

func (g *Gen) access() string {
	n := g.weighted(4, 10, 14, 16, 14, 12, 10, 8, 6, 4, 3, 2, 2, 1, 1)
	if n > g.MaxRules {
		n = g.MaxRules
	}
	var st state
	var b strings.Builder
	if g.chance(g.Invalid / 3) {
		// An unmatched parenthesis, only first: after other rules it
		// crashes Redis 7.2's ACL LOAD.
		b.WriteString("(" + g.selectorRule(&state{}))
	}
	if g.chance(g.Broad) {
		if b.Len() > 0 {
			b.WriteString(g.separator())
		}
		b.WriteString(g.broad())
	}
	for i := 0; i < n; i++ {
		if b.Len() > 0 {
			b.WriteString(g.separator())
		}
		b.WriteString(g.rule(&st))
	}
	return b.String()
}

// broad returns rules that grant many commands.
func (g *Gen) broad() string {
	switch g.intn(4) {
	case 0:
		return g.casing(pick(g, []string{"+@all", "allcommands"}))
	case 1:
		return g.casing("+@all") + " -" + g.casing("@"+pick(g, g.cats))
	}
	var rules []string
	for n := 1 + g.intn(3); n > 0; n-- {
		rules = append(rules, "+@"+g.casing(pick(g, g.cats)))
	}
	return strings.Join(rules, " ")
}

// separator returns the whitespace between two rules.
func (g *Gen) separator() string {
	switch g.weighted(90, 5, 3, 2) {
	case 1:
		return "  "
	case 2:
		return "\t"
	case 3:
		return pick(g, []string{" \n", "\r\n", "\v", "\f", " \t "})
	}
	return " "
}

// rule returns one top-level rule.
func (g *Gen) rule(st *state) string {
	switch {
	case g.chance(g.Invalid):
		return g.garbage()
	case g.chance(g.Invalid / 2):
		// An unclosed '(' that a later selector closes: Redis 7.0 drops
		// it and restarts there, Redis 7.2 merges it into one word. Access
		// retries the string if nothing closes it.
		return "(" + g.selectorRule(&state{})
	}
	switch g.weighted(8, 6, 8, 3, 4, 55, 12) {
	case 0:
		return g.casing(pick(g, []string{"on", "off"}))
	case 1:
		return g.casing(pick(g, []string{"nopass", "resetpass", "sanitize-payload", "skip-sanitize-payload"}))
	case 2:
		return g.password(st)
	case 3:
		st.allKeys, st.allChannels = false, false
		st.passwords, st.hashes = nil, nil
		return g.casing(pick(g, []string{"reset", "clearselectors"}))
	case 4:
		if g.chance(g.Invalid * 3) {
			return g.garbage()
		}
		return g.selectorRule(st)
	case 5:
		return g.selectorRule(st)
	}
	return g.selector()
}

// password returns a >pw, <pw, #hash or !hash rule.
func (g *Gen) password(st *state) string {
	switch g.weighted(40, 20, 25, 15) {
	case 0:
		pw := g.secret()
		st.passwords = append(st.passwords, pw)
		return ">" + pw
	case 1:
		switch {
		case g.chance(g.Invalid * 3):
			return "<" + g.secret()
		case len(st.passwords) == 0:
			pw := g.secret()
			st.passwords = append(st.passwords, pw)
			return ">" + pw
		}
		i := g.intn(len(st.passwords))
		pw := st.passwords[i]
		st.passwords = append(st.passwords[:i:i], st.passwords[i+1:]...)
		return "<" + pw
	case 2:
		if g.chance(g.Invalid * 2) {
			return "#" + g.badHash()
		}
		h := g.hash()
		st.hashes = append(st.hashes, h)
		return "#" + h
	}
	switch {
	case g.chance(g.Invalid * 2):
		return "!" + g.badHash()
	case len(st.hashes) > 0 && !g.chance(g.Invalid*3):
		i := g.intn(len(st.hashes))
		h := st.hashes[i]
		st.hashes = append(st.hashes[:i:i], st.hashes[i+1:]...)
		return "!" + h
	case len(st.passwords) > 0 && !g.chance(g.Invalid*3):
		i := g.intn(len(st.passwords))
		sum := sha256.Sum256([]byte(st.passwords[i]))
		st.passwords = append(st.passwords[:i:i], st.passwords[i+1:]...)
		return "!" + hex.EncodeToString(sum[:])
	case g.chance(g.Invalid * 3):
		return "!" + g.hash()
	}
	h := g.hash()
	st.hashes = append(st.hashes, h)
	return "#" + h
}

const secretBytes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~'\""

// secret returns a password: printable bytes without whitespace, possibly
// empty or non-ASCII.
func (g *Gen) secret() string {
	if g.chance(0.05) {
		return ""
	}
	if g.chance(0.05) {
		return "pässwörd"
	}
	n := 1 + g.intn(12)
	b := make([]byte, n)
	for i := range b {
		b[i] = secretBytes[g.intn(len(secretBytes))]
	}
	// A last ')' would close a selector opened by an earlier word.
	if b[n-1] == ')' {
		b[n-1] = 'x'
	}
	return string(b)
}

func (g *Gen) hash() string {
	sum := sha256.Sum256([]byte(g.secret()))
	return hex.EncodeToString(sum[:])
}

func (g *Gen) badHash() string {
	h := g.hash()
	switch g.intn(5) {
	case 0:
		return strings.ToUpper(h)
	case 1:
		return h[:63]
	case 2:
		return h + "0"
	case 3:
		return h[:10] + "g" + h[11:]
	}
	return pick(g, []string{"", "abc", "0", "xyz"})
}

// garbage returns a word that is no valid rule (or only by accident).
func (g *Gen) garbage() string {
	return pick(g, []string{
		"foo", "all", "@all", "@read", "+", "-", "+@", "-@", "++get", "--get", "+-get", "+|get", "+|",
		")", "())", "((+get))", "keys", "~*~", "allkey", "on,off", "db=0", "alldbs", "resetdbs",
		"%R~a)", "+@all|x", "+@read|x", "&*x", "**", "é", "+get)", "nopasss", "reset-pass",
		"(~a))", "(+get))", "(~a)x", "(()", "( ) )", "(~a\")",
	})
}

// selectorRule returns one rule that applies to a selector: keys,
// channels, commands or categories.
func (g *Gen) selectorRule(st *state) string {
	switch g.weighted(24, 6, 12, 5, 30, 16, 6) {
	case 0:
		return g.keyRule(st)
	case 1:
		if g.chance(0.5) {
			st.allKeys = true
			return g.casing(pick(g, []string{"allkeys", "~*", "allkeys", "~*", "%RW~*"}))
		}
		st.allKeys = false
		return g.casing("resetkeys")
	case 2:
		return g.channelRule(st)
	case 3:
		if g.chance(0.5) {
			st.allChannels = true
			return pick(g, []string{g.casing("allchannels"), "&*"})
		}
		st.allChannels = false
		return g.casing("resetchannels")
	case 4:
		return g.commandRule()
	case 5:
		return g.categoryRule()
	}
	return g.casing(pick(g, []string{"allcommands", "nocommands", "+@all", "-@all"}))
}

// keyRule returns a ~pattern or %PERM~pattern rule.
func (g *Gen) keyRule(st *state) string {
	if st.allKeys && !g.chance(g.Invalid*4) {
		st.allKeys = false
		return g.casing("resetkeys")
	}
	pat := g.pattern()
	if g.chance(0.45) {
		return "~" + pat
	}
	perm := pick(g, []string{"R", "W", "RW", "WR", "r", "w", "rw", "Rw", "wR"})
	switch {
	case g.chance(g.Invalid):
		// Invalid, but safe: the first letter is R or W.
		perm = pick(g, []string{"RR", "WW", "RX", "W%", "Rr", "RWR", "R~W"})
	case g.chance(0.04):
		return "%" + perm // no '~': the empty pattern
	}
	return "%" + perm + "~" + pat
}

// channelRule returns an &pattern rule.
func (g *Gen) channelRule(st *state) string {
	if st.allChannels && !g.chance(g.Invalid*4) {
		st.allChannels = false
		return g.casing("resetchannels")
	}
	return "&" + g.channelPattern()
}

var (
	literals = []string{"a", "b", "k", "key", "user:", "app:", "cache", "r", "w", "rw", "x", "42", "foo", "bar",
		"news.", "ch", "log:2024-", "é", "{a,b}", "-", ".", "/", ":", "_", "Q", "K", "(", "\"", "'", "#", "!", "~", "&", "%"}
	metas = []string{"*", "*", "*", "?", "**", "[abc]", "[a-c]", "[^a]", "[!a]", "[]", "[]]", "[a-]", "[c-a]", "[0-9]",
		`[\-]`, "[", "[^", "]", `\*`, `\?`, `\[`, `\`, `\a`, "[a-cx-z0]", "[^0-9]", "[é]", "?*"}
)

// pattern returns a glob pattern for keys: literals and metacharacters of
// Redis's stringmatchlen, sometimes empty.
func (g *Gen) pattern() string {
	switch {
	case g.chance(0.04):
		return ""
	case g.chance(0.003):
		// Near Redis's glob recursion limit of 1000 nested stars.
		return strings.Repeat("?*", 997+g.intn(7))
	}
	var b strings.Builder
	n := 1 + g.weighted(30, 40, 20, 10)
	for i := 0; i < n; i++ {
		if g.chance(0.55) {
			b.WriteString(pick(g, literals))
		} else {
			b.WriteString(pick(g, metas))
		}
	}
	p := b.String()
	// A ')' last would close a selector opened by an earlier word.
	for strings.HasSuffix(p, ")") {
		p = p[:len(p)-1]
	}
	return p
}

// channelPattern returns a glob pattern for channels.
func (g *Gen) channelPattern() string {
	if g.chance(0.05) {
		return ""
	}
	switch g.weighted(40, 60) {
	case 0:
		return pick(g, []string{"news.*", "ch", "ch*", "chat:?", "lit[ab]", "notify:*:user", "foo", "a*", "*x", "é", "[", "news.[a-c]"})
	}
	return g.pattern()
}

// commandRule returns a +cmd, -cmd, +container|sub, -container|sub or
// first-argument rule, valid or not.
func (g *Gen) commandRule() string {
	sign := pick(g, []string{"+", "+", "-"})
	if g.chance(g.Invalid) {
		return g.badCommandRule()
	}
	switch g.weighted(55, 25, 15) {
	case 0:
		return sign + g.casing(pick(g, g.top).Name)
	case 1:
		if len(g.subs) == 0 {
			return sign + g.casing(pick(g, g.top).Name)
		}
		return sign + g.casing(pick(g, g.subs).Name)
	}
	// +cmd|arg on a command without subcommands.
	c := pick(g, g.plain)
	return "+" + g.casing(c.Name) + "|" + g.firstArg(c)
}

// firstArg returns an argument for a first-argument rule: whitespace or a
// quote (they crash Redis 7.2 on ACL LIST) only with Crashing.
func (g *Gen) firstArg(c *category.Command) string {
	if g.chance(g.Crashing) {
		return pick(g, []string{`a"b`, "x'y", `"`, "'0'", "a b", "0	1", `OBJ"ECT`})
	}
	switch c.Name {
	case "select":
		return pick(g, []string{"0", "1", "15", "00", "a"})
	case "debug":
		return g.casing(pick(g, []string{"object", "digest", "sleep", "jmap"}))
	}
	return g.casing(pick(g, []string{"0", "1", "a", "k1", "x", "abc", "get", "OBJECT", "é", "-", "*", "a*", "(x", "x)y"}))
}

// badCommandRule returns a command rule the server rejects.
func (g *Gen) badCommandRule() string {
	c := pick(g, g.top)
	var sub *category.Command
	if len(g.subs) > 0 {
		sub = pick(g, g.subs)
	}
	switch g.intn(9) {
	case 0:
		return pick(g, []string{"+", "-"}) + g.casing(pick(g, []string{"nosuch", "foo", "getx", "config_get", "ge"}))
	case 1:
		if sub != nil {
			return "+" + sub.Parent.Name + "|nosuch"
		}
	case 2:
		if sub != nil {
			return pick(g, []string{"+", "-"}) + g.casing(sub.Name) + "|" + g.firstArg(c) // ECHILD / ENOENT
		}
	case 3:
		return "+" + g.casing(c.Name) + "|" // EINVAL
	case 4:
		return "-" + g.casing(pick(g, g.plain).Name) + "|" + g.firstArg(c) // ENOENT
	case 5:
		return "+" + c.Name + "|a|b"
	case 6:
		return "-" + c.Name + "|"
	case 7:
		return pick(g, []string{"++", "+-", "-+"}) + c.Name
	}
	return "+" + c.Name + "x"
}

// categoryRule returns +@cat or -@cat, valid or not.
func (g *Gen) categoryRule() string {
	sign := pick(g, []string{"+", "+", "-"})
	if g.chance(g.Invalid) {
		return sign + "@" + pick(g, []string{"", "nosuch", "read|x", "all|x", "reads", "@read", "json"})
	}
	return sign + "@" + g.casing(pick(g, g.cats))
}

// selector returns a selector rule "( … )" with a rich body: rules in any
// order, quoted and escaped words, sometimes a quoting error or garbage.
func (g *Gen) selector() string {
	var st state
	n := g.weighted(8, 14, 18, 18, 14, 10, 8, 5, 3, 2)
	words := make([]string, 0, n)
	for i := 0; i < n; i++ {
		switch {
		case g.chance(g.Invalid):
			words = append(words, g.quote(pick(g, []string{"on", "off", "nopass", ">pw", "reset", "clearselectors", "(", "foo", "()", g.garbage()})))
		case g.chance(g.Invalid):
			words = append(words, g.rawWord())
		case i > 0 && g.chance(g.Invalid/2):
			// A word opening another selector: Redis 7.0 restarts the
			// selector there, Redis 7.2 keeps it (and fails).
			words = append(words, "("+g.selectorRule(&st))
		case g.inSpecial && g.chance(0.2):
			// A NUL inside a body word: raw, or \x00 in quotes.
			words = append(words, g.quote(g.special(g.selectorRule(&st))))
		default:
			words = append(words, g.quote(g.selectorRule(&st)))
		}
	}
	body := strings.Join(words, " ")
	if g.chance(g.Invalid) {
		body += pick(g, []string{` "open`, ` 'open`, ` "a"b`, ` 'a'b`, ` "x`})
	}
	open, close := "(", ")"
	if g.chance(0.15) {
		open = "( "
	}
	if g.chance(0.15) {
		close = " )"
	}
	if body == "" && g.chance(0.5) {
		return pick(g, []string{"()", "( )"})
	}
	return open + body + close
}

const rawBytes = `"'\\x4aF0 +~&%RW*?[]@-|abgetsé`

// rawWord returns a selector body word of quotes, backslashes, hex digits
// and rule characters, unescaped: it tests the splitter's corner cases
// (escapes, quotes inside words, closing quotes followed by text).
func (g *Gen) rawWord() string {
	b := make([]byte, 1+g.intn(8))
	for i := range b {
		b[i] = rawBytes[g.intn(len(rawBytes))]
	}
	return pick(g, []string{"~", "+", "&", "%R~", "", `\"`}) + string(b)
}

// quote renders one selector body word so that sdssplitargs gives it
// back: plain when possible, otherwise (or sometimes anyway) in double
// quotes with escapes, or in single quotes.
func (g *Gen) quote(w string) string {
	plain := w != "" && !strings.ContainsAny(w, " \t\n\r\v\f\"'") && w[0] != '(' && w[len(w)-1] != ')'
	if plain && !g.chance(0.12) {
		return w
	}
	if !strings.ContainsAny(w, "'\\") && g.chance(0.3) {
		return "'" + w + "'"
	}
	var b strings.Builder
	sds.WriteQuoted(&b, w, func(c byte) bool { return c < ' ' || c >= 0x7f || g.chance(0.05) })
	return b.String()
}

// String describes the generator, for test logs.
func (g *Gen) String() string { return "aclgen(" + g.t.Engine().String() + ")" }
