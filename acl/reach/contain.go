package reach

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"weak"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Containment answers "may old run every command line new may run?".
type Containment struct {
	// Contained is a proof that it may.
	Contained bool
	// Witness is a command line that new may run and old may not, both
	// confirmed by Check; nil when Contained or Undecided.
	Witness []string
	// Undecided says why neither could be shown.
	Undecided string
}

// Contains decides whether every command line that new allows, old allows
// too (ACL DRYRUN's verdicts; passwords and on/off are not command lines).
// Both users must share a table.
//
// A user allows a line when one of its selectors does, so a selector of
// new need not be contained in one selector of old: for each command, it
// is compared with all the selectors of old that may run that command.
// A line is a tuple of arguments, each constrained by its position: a key
// (the patterns granting the permission its key spec needs), a channel, or
// the first argument of a first-argument rule. New's selector s allows
// the tuples of a box, and old denies a tuple when, for every selector t,
// some argument falls outside t's constraint. Contains searches every way
// of giving each t a position to fail at, which finds a witness exactly
// when the box is not covered. Command lines of each length up to three
// optional arguments and with the keywords key specs look for are tried.
// Where the command's key positions do not depend on the arguments, this
// is a proof; otherwise a selector of old that grants at least as much
// for every permission and channel the command may need proves it, and
// failing both, the answer is undecided.
func Contains(old, new *acl.User) Containment {
	o, n := prepare(old), prepare(new)
	cm := &comparer{}
	undecided := ""
	for _, c := range commandsOf(old.Table()) {
		for _, s := range n.sels {
			if !n.possible(s, c, goal{}) {
				continue
			}
			var ts []*sel
			for _, t := range o.sels {
				if o.allowsSome(t, c) {
					ts = append(ts, t)
				}
			}
			if cm.dominated(n, s, o, ts, c) {
				continue
			}
			if w := cm.witness(n, s, o, ts, c); w != nil {
				return Containment{Witness: w}
			}
			if !fixedDims(c) {
				undecided = fmt.Sprintf("%s of %s: no single selector of the other grants as much and no command line tried shows a difference", c.Name, s.label)
			}
		}
	}
	if undecided != "" {
		return Containment{Undecided: undecided}
	}
	return Containment{Contained: true}
}

func prepare(u *acl.User) *user { return New([]*acl.User{u}).users[0] }

// cmdCache holds the runnable commands of each table while the table is
// alive: the key is weak and a cleanup deletes it, so tables loaded with
// category.Load are not kept for ever.
var cmdCache sync.Map // weak.Pointer[category.Table] → []*category.Command

// commandsOf returns the runnable commands of t, cached.
func commandsOf(t *category.Table) []*category.Command {
	key := weak.Make(t)
	if v, ok := cmdCache.Load(key); ok {
		return v.([]*category.Command)
	}
	cmds := runnable(t)
	if _, loaded := cmdCache.LoadOrStore(key, cmds); !loaded {
		runtime.AddCleanup(t, func(k weak.Pointer[category.Table]) { cmdCache.Delete(k) }, key)
	}
	return cmds
}

// fixedDims reports whether the positions of c's keys do not depend on
// the arguments: no fallback extractor, and only key specs that begin at
// an index and take a fixed number of keys.
func fixedDims(c *category.Command) bool {
	if c.Extractor != "" || c.Module != "" {
		return false
	}
	for _, ks := range c.KeySpecs {
		if ks.Flags&category.KeyNotKey != 0 {
			continue
		}
		if ks.Flags&(category.KeyIncomplete|category.KeyVariableFlags) != 0 || ks.BeginSearch.Kind != category.SearchIndex ||
			ks.FindKeys.Kind != category.FindRange || ks.FindKeys.LastKey < 0 {
			return false
		}
	}
	first, last, _ := acl.ChannelArgs(c, 3)
	return first > last || c.Arity > 0 // a fixed number of channels
}

// comparer caches answers about pairs of selectors.
type comparer struct {
	subsets map[subsetKey]bool
}

type subsetKey struct {
	s, t *sel
	kind int // an acl.Perm for keys, 4 for channels, 5 for PSUBSCRIBE patterns
}

func (cm *comparer) subset(s, t *sel, kind int) bool {
	k := subsetKey{s, t, kind}
	if v, ok := cm.subsets[k]; ok {
		return v
	}
	var ok bool
	switch kind {
	case 4:
		ok, _, _ = glob.Subset(s.chanLang(), t.chanLang())
	case 5:
		ok = t.info.AllChannels || !s.info.AllChannels && isSubset(s.info.Channels, t.info.Channels)
	default:
		ok = keySubset(s, t, acl.Perm(kind))
	}
	if cm.subsets == nil {
		cm.subsets = map[subsetKey]bool{}
	}
	cm.subsets[k] = ok
	return ok
}

func isSubset(a, b []string) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			return false
		}
	}
	return true
}

// dominated reports whether one selector t of old allows c for every
// first argument s allows it for, with at least s's keys for every
// permission c's keys may need and s's channels.
func (cm *comparer) dominated(n *user, s *sel, o *user, ts []*sel, c *category.Command) bool {
	for _, t := range ts {
		if !o.u.Allows(t.i, c) && (n.u.Allows(s.i, c) || !ascii.SubsetFold(n.u.FirstArgs(s.i, c), o.u.FirstArgs(t.i, c))) {
			continue
		}
		ok := true
		for _, need := range possibleNeeds(c) {
			ok = ok && (s.info.AllKeys && t.info.AllKeys || cm.subset(s, t, int(need)))
		}
		if first, last, pattern := acl.ChannelArgs(c, 3); ok && first <= last {
			if pattern {
				ok = cm.subset(s, t, 5)
			} else {
				ok = cm.subset(s, t, 4)
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// dim is one argument position of a command line with the constraint
// each selector puts on it: the argument must be in every language of the
// selector's list (an empty list: anything goes).
type dim struct {
	pos  int
	s    []*glob.Lang
	t    [][]*glob.Lang // by selector of old
	vary bool           // the argument may be chosen (else it stays as shaped)
}

// witness searches for a command line of c that s allows and every
// selector of ts denies.
func (cm *comparer) witness(n *user, s *sel, o *user, ts []*sel, c *category.Command) []string {
	idx := 1
	if c.Parent != nil {
		idx = 2
	}
	var buf [16]category.Key
	for _, shape := range shapes(c) {
		for _, fa := range append([]string{""}, n.u.FirstArgs(s.i, c)...) {
			argv := append([]string(nil), shape...)
			if fa != "" {
				if idx >= len(argv) {
					continue
				}
				argv[idx] = fa
			} else if !n.u.Allows(s.i, c) {
				continue
			}
			keys := c.Keys(argv, buf[:0])
			dims := cm.dims(n, s, o, ts, c, argv, keys, idx)
			if w := search(argv, dims, len(ts)); w != nil {
				if got := c.Keys(w, nil); !sameKeys(got, keys) {
					continue
				}
				if n.u.Check(w).Allowed() && !o.u.Check(w).Allowed() {
					return w
				}
			}
		}
	}
	return nil
}

func sameKeys(a, b []category.Key) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// dims returns the constrained positions of argv.
func (cm *comparer) dims(n *user, s *sel, o *user, ts []*sel, c *category.Command, argv []string, keys []category.Key, idx int) []*dim {
	byPos := map[int]*dim{}
	var out []*dim
	get := func(p int) *dim {
		if d := byPos[p]; d != nil {
			return d
		}
		d := &dim{pos: p, t: make([][]*glob.Lang, len(ts)), vary: true}
		byPos[p] = d
		out = append(out, d)
		return d
	}
	for _, k := range keys {
		need := acl.KeyNeed(k.Flags)
		d := get(k.Pos)
		d.s = append(d.s, s.keyLang(need))
		for i, t := range ts {
			d.t[i] = append(d.t[i], t.keyLang(need))
		}
	}
	first, last, pattern := acl.ChannelArgs(c, len(argv))
	for p := first; p <= last; p++ {
		d := get(p)
		if pattern {
			d.s = append(d.s, literalLang(s))
			for i, t := range ts {
				d.t[i] = append(d.t[i], literalLang(t))
			}
		} else {
			d.s = append(d.s, s.chanLang())
			for i, t := range ts {
				d.t[i] = append(d.t[i], t.chanLang())
			}
		}
	}
	if idx < len(argv) {
		d := get(idx)
		if !n.u.Allows(s.i, c) {
			d.s = append(d.s, foldLang([]string{argv[idx]}))
		}
		for i, t := range ts {
			if !o.u.Allows(t.i, c) {
				d.t[i] = append(d.t[i], foldLang(o.u.FirstArgs(t.i, c)))
			}
		}
		// The first argument also decides the shape where it is no key
		// or channel (a count, a keyword): it stays as shaped unless a
		// first-argument rule makes it matter.
		if len(d.s) == 0 && !slicesAnyNonEmpty(d.t) {
			d.vary = false
		}
	}
	return out
}

func slicesAnyNonEmpty(ls [][]*glob.Lang) bool {
	for _, l := range ls {
		if len(l) > 0 {
			return true
		}
	}
	return false
}

// literalLang is the language of PSUBSCRIBE arguments selector s allows:
// its channel patterns as written (compared as C strings).
func literalLang(s *sel) *glob.Lang {
	if s.info.AllChannels {
		return glob.AnyName()
	}
	var ps []string
	for _, p := range s.info.Channels {
		if i := strings.IndexByte(p, 0); i >= 0 {
			p = p[:i]
		}
		e := escape(p)
		ps = append(ps, e, e+"\x00*")
	}
	return glob.NewLang(ps...)
}

// escape returns a glob pattern that matches s only.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(`*?[\`, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// maxAssignments bounds the ways of giving each selector of old a
// position to fail at that one search tries.
const maxAssignments = 1 << 12

// search finds arguments for the dims of argv such that s's constraints
// hold everywhere and each of the nt selectors of old fails at some
// position; nil when there are none.
func search(argv []string, dims []*dim, nt int) []string {
	// Where can each t fail?
	can := make([][]int, nt)
	for i := range nt {
		for j, d := range dims {
			if !d.vary {
				if !holdsAll(d.s, argv[d.pos]) || holdsAll(d.t[i], argv[d.pos]) {
					continue
				}
				can[i] = append(can[i], j)
				continue
			}
			if _, ok := pick(d, []int{i}); ok {
				can[i] = append(can[i], j)
			}
		}
		if len(can[i]) == 0 {
			return nil // t allows every line of this shape s allows
		}
	}
	choice := make([]int, nt)
	for tries := 0; tries < maxAssignments; tries++ {
		groups := make([][]int, len(dims))
		for i, j := range choice {
			groups[can[i][j]] = append(groups[can[i][j]], i)
		}
		w := append([]string(nil), argv...)
		ok := true
		for j, d := range dims {
			if !d.vary {
				ok = ok && holdsAll(d.s, w[d.pos])
				continue
			}
			if len(groups[j]) == 0 && holdsAll(d.s, w[d.pos]) {
				continue // as shaped
			}
			v, found := pick(d, groups[j])
			if !found {
				ok = false
				break
			}
			w[d.pos] = v
		}
		if ok {
			return w
		}
		// Next assignment.
		i := 0
		for ; i < nt; i++ {
			choice[i]++
			if choice[i] < len(can[i]) {
				break
			}
			choice[i] = 0
		}
		if i == nt {
			return nil
		}
	}
	return nil
}

func holdsAll(ls []*glob.Lang, name string) bool {
	for _, l := range ls {
		if !l.Match(name) {
			return false
		}
	}
	return true
}

// pick returns an argument for d within s's constraints that fails the
// constraints of each selector of old in fail.
func pick(d *dim, fail []int) (string, bool) {
	ls := append([]*glob.Lang(nil), d.s...)
	type span struct{ from, to int }
	var spans []span
	for _, i := range fail {
		spans = append(spans, span{len(ls), len(ls) + len(d.t[i])})
		ls = append(ls, d.t[i]...)
	}
	ns := len(d.s)
	if len(ls) == 0 {
		return filler, true
	}
	var w string
	found, empty := false, false
	glob.Explore(ls, func(in []bool, name string) bool {
		for k := range ns {
			if !in[k] {
				return true
			}
		}
		for _, sp := range spans {
			all := true
			for k := sp.from; k < sp.to; k++ {
				all = all && in[k]
			}
			if all || sp.from == sp.to {
				return true // this t still allows it
			}
		}
		if name == "" {
			empty = true
			return true
		}
		w, found = name, true
		return false
	})
	if found {
		return w, true
	}
	return "", empty
}
