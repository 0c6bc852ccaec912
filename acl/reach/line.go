package reach

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
)

// filler is the argument put where a command line needs one that is no
// key or channel: it is also a valid numkeys, count, index and database.
const filler = "1"

// shapes returns command lines of c with the right number of arguments
// (fillers where keys and channels go), the shortest first, including
// ones with the keywords that key specs search for.
func shapes(c *category.Command) [][]string {
	base := strings.Split(c.Name, "|")
	argcs := []int{c.Arity}
	if c.Arity < 0 {
		argcs = []int{-c.Arity, -c.Arity + 1, -c.Arity + 2, -c.Arity + 3}
	}
	var keywords []string
	for _, ks := range c.KeySpecs {
		if ks.BeginSearch.Kind == category.SearchKeyword {
			keywords = append(keywords, ks.BeginSearch.Keyword)
		}
	}
	switch c.Extractor {
	case "sort":
		keywords = append(keywords, "STORE")
	case "set":
		keywords = append(keywords, "GET")
	case "migrate":
		keywords = append(keywords, "KEYS")
	}
	var out [][]string
	for _, n := range argcs {
		if n < len(base) {
			continue
		}
		argv := append([]string(nil), base...)
		for len(argv) < n {
			argv = append(argv, filler)
		}
		out = append(out, argv)
		// A count of 0 gives no keys; "1x" is a count that the key-spec
		// interpreter rejects and the fallback extractors read as 1.
		for _, f := range []string{"0", "1x"} {
			v := append([]string(nil), base...)
			for len(v) < n {
				v = append(v, f)
			}
			out = append(out, v)
		}
		for _, kw := range keywords {
			for p := len(base); p < n; p++ {
				v := append([]string(nil), argv...)
				v[p] = kw
				out = append(out, v)
			}
		}
	}
	return out
}

// line returns a command line of command c that user x may run through
// selector s and that shows g, confirmed by Check, with the position of
// the key or channel that shows it (0 when g asks for none); nil when
// none of the lines tried works.
func (x *user) line(s *sel, c *category.Command, g goal) ([]string, int) {
	idx := 1
	if c.Parent != nil {
		idx = 2
	}
	firstArgs := []string{""}
	if !x.u.Allows(s.i, c) {
		firstArgs = x.u.FirstArgs(s.i, c)
	}
	var buf [16]category.Key
	for _, shape := range shapes(c) {
		for _, fa := range firstArgs {
			argv := append([]string(nil), shape...)
			if fa != "" {
				if idx >= len(argv) {
					continue
				}
				argv[idx] = fa
			}
			keys := c.Keys(argv, buf[:0])
			if pos, ok := x.fill(s, c, argv, keys, idx, fa != "", g); ok {
				return argv, pos
			}
		}
	}
	return nil, 0
}

// fill puts keys and channels into argv for goal g and checks the line.
func (x *user) fill(s *sel, c *category.Command, argv []string, keys []category.Key, idx int, fixed bool, g goal) (int, bool) {
	first, last, pattern := acl.ChannelArgs(c, len(argv))
	positions := []int{0}
	switch {
	case g.channel != nil:
		if first > last {
			return 0, false
		}
		positions = []int{first}
	case g.role != anyRole:
		positions = positions[:0]
		for _, k := range keys {
			if g.role.accepts(acl.KeyNeed(k.Flags)) {
				positions = append(positions, k.Pos)
			}
		}
	}
	for _, at := range positions {
		v := append([]string(nil), argv...)
		ok := true
		for _, k := range keys {
			n := acl.KeyNeed(k.Flags)
			var tg target
			if g.role != anyRole && k.Pos == at {
				tg = g.keys
			}
			if fixed && k.Pos == idx {
				// The first argument is the key: any spelling of it.
				tg.in = append(append([]*glob.Lang(nil), tg.in...), foldLang([]string{v[idx]}))
			}
			w, found, _ := tg.find(s.keyLang(n))
			if !found {
				ok = false
				break
			}
			v[k.Pos] = w
		}
		for i := first; ok && i <= last; i++ {
			var tg target
			if g.channel != nil && i == at {
				tg = *g.channel
			}
			if fixed && i == idx {
				ok = tg.holds(v[i])
				continue
			}
			w, found := x.channel(s, pattern, tg)
			ok = found
			v[i] = w
		}
		if !ok {
			continue
		}
		if d := x.u.Check(v); d.Allowed() {
			copy(argv, v)
			return at, true
		}
	}
	return 0, false
}

// channel returns a channel argument selector s allows within tg: a name
// of its channel patterns, or for PSUBSCRIBE one of the patterns itself.
func (x *user) channel(s *sel, pattern bool, tg target) (string, bool) {
	if !pattern {
		w, found, _ := tg.find(s.chanLang())
		return w, found
	}
	if s.info.AllChannels {
		for _, p := range append([]string{"*"}, s.info.Channels...) {
			if tg.overlaps(p) {
				return p, true
			}
		}
		return "", false
	}
	for _, p := range s.info.Channels {
		if tg.overlaps(p) {
			return p, true
		}
	}
	return "", false
}

// holds reports whether name is within tg.
func (tg target) holds(name string) bool {
	for _, l := range tg.in {
		if !l.Match(name) {
			return false
		}
	}
	for _, l := range tg.out {
		if l.Match(name) {
			return false
		}
	}
	return true
}

// overlaps reports whether some name that pattern p matches is within tg.
func (tg target) overlaps(p string) bool {
	_, found, _ := tg.find(glob.NewLang(p))
	return found
}

// grant builds the Grant of a confirmed witness.
func (x *user) grant(argv []string, pos int, note string) Grant {
	ex := x.u.Explain(argv)
	d := x.u.Check(argv)
	g := Grant{User: x.u.Name(), Witness: argv, Note: note, user: x.u}
	for _, se := range ex.Selectors {
		if se.Index != d.Selector {
			continue
		}
		g.Selector = "root"
		if se.Index > 0 {
			g.Selector = se.Text
		}
		rules := []string{}
		if se.Command.Rule != "" {
			rules = append(rules, se.Command.Rule)
		} else if se.Command.Why != "" {
			rules = append(rules, se.Command.Why)
		}
		for _, k := range append(se.Keys, se.Channels...) {
			if k.Pos == pos && pos > 0 {
				if k.Rule != "" {
					rules = append(rules, k.Rule)
				} else {
					rules = append(rules, k.Why)
				}
			}
		}
		g.Rule = strings.Join(rules, " ")
	}
	return g
}
