package glob

import (
	"errors"
	"math/bits"
	"slices"
	"strings"
)

// A Lang is a set of byte strings given by Redis glob patterns: the names
// one pattern, or any of several, matches under [Match]. It is an automaton
// built from the patterns, exact byte for byte (classes, ranges compared as
// signed chars, escapes, '*' runs, the empty-subject rule that only the
// empty pattern matches "", and the [MaxNesting] limit, past which a
// pattern matches nothing), so that questions about all names at once have
// proven answers: [Intersect], [Subset], [Lang.Witness], [Explore].
//
// A Lang is immutable and safe for concurrent use.
type Lang struct {
	states  []nstate
	starts  []int32 // the first state of each pattern
	emptyOK bool    // some pattern matches the empty name
}

// nstate is a state of the automaton: a '*' run (any byte, stay; or move
// on without one), a one-byte token (a byte of set, move on), or the end
// of a pattern (final).
type nstate struct {
	set   byteSet
	star  bool
	final bool
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (b *byteSet) add(c byte)      { b[c>>6] |= 1 << (c & 63) }
func (b *byteSet) has(c byte) bool { return b[c>>6]&(1<<(c&63)) != 0 }
func (b byteSet) and(o byteSet) byteSet {
	return byteSet{b[0] & o[0], b[1] & o[1], b[2] & o[2], b[3] & o[3]}
}
func (b byteSet) andNot(o byteSet) byteSet {
	return byteSet{b[0] &^ o[0], b[1] &^ o[1], b[2] &^ o[2], b[3] &^ o[3]}
}
func (b byteSet) empty() bool { return b[0]|b[1]|b[2]|b[3] == 0 }

var allBytes = byteSet{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}

// NewLang returns the language of the names that match any of patterns
// (none: the empty language).
func NewLang(patterns ...string) *Lang {
	l := &Lang{}
	for _, p := range patterns {
		l.add(p)
	}
	return l
}

// AnyName returns the language of every byte string, the empty one
// included: what allkeys and allchannels grant.
func AnyName() *Lang {
	l := NewLang("*")
	l.emptyOK = true
	return l
}

// Union returns the language of the names in any of ls.
func Union(ls ...*Lang) *Lang {
	u := &Lang{}
	for _, l := range ls {
		off := int32(len(u.states))
		u.states = append(u.states, l.states...)
		for _, s := range l.starts {
			u.starts = append(u.starts, s+off)
		}
		u.emptyOK = u.emptyOK || l.emptyOK
	}
	return u
}

// add adds pattern p's states.
func (l *Lang) add(p string) {
	if p == "" {
		l.emptyOK = true
		return
	}
	var toks []nstate
	groups := 0 // '*' runs followed by a token: each one nests the matcher
	for len(p) > 0 {
		var t nstate
		switch p[0] {
		case '*':
			for len(p) > 1 && p[1] == '*' {
				p = p[1:]
			}
			if len(p) > 1 {
				groups++
			}
			t.star = true
		case '?':
			t.set = allBytes
		case '[':
			var last int
			for c := range 256 {
				n, ok := matchClass(p, byte(c))
				if ok {
					t.set.add(byte(c))
				}
				last = n
			}
			p = p[last:]
		case '\\':
			if len(p) >= 2 {
				p = p[1:]
			}
			t.set.add(p[0])
		default:
			t.set.add(p[0])
		}
		toks = append(toks, t)
		p = p[1:]
	}
	if groups > MaxNesting {
		return // Redis gives up before the end of every match
	}
	l.starts = append(l.starts, int32(len(l.states)))
	l.states = append(l.states, toks...)
	l.states = append(l.states, nstate{final: true})
}

// ErrTooComplex is returned when an automaton question needs more states
// than the limit ([MaxStates]); the answer is then unknown.
var ErrTooComplex = errors.New("glob: automaton too large to decide")

// MaxStates bounds the number of combined states one question explores.
const MaxStates = 1 << 17

// dstate is a set of automaton states, as a bitset.
type dstate []uint64

func (l *Lang) words() int { return (len(l.states) + 63) / 64 }

// closure adds to d the states reachable without a byte: past each '*'.
func (l *Lang) closure(d dstate) {
	for i := range l.states {
		if d[i>>6]&(1<<(i&63)) != 0 && l.states[i].star {
			j := i + 1
			d[j>>6] |= 1 << (j & 63)
		}
	}
}

func (l *Lang) start() dstate {
	d := make(dstate, l.words())
	for _, s := range l.starts {
		d[s>>6] |= 1 << (s & 63)
	}
	l.closure(d)
	return d
}

func (l *Lang) accepts(d dstate, initial bool) bool {
	if initial {
		return l.emptyOK
	}
	for w, x := range d {
		for x != 0 {
			i := w*64 + bits.TrailingZeros64(x)
			x &= x - 1
			if l.states[i].final {
				return true
			}
		}
	}
	return false
}

// step returns the states d reaches on byte c.
func (l *Lang) step(d dstate, c byte) dstate {
	n := make(dstate, len(d))
	for w, x := range d {
		for x != 0 {
			i := w*64 + bits.TrailingZeros64(x)
			x &= x - 1
			s := &l.states[i]
			switch {
			case s.star:
				n[i>>6] |= 1 << (i & 63)
			case !s.final && s.set.has(c):
				j := i + 1
				n[j>>6] |= 1 << (j & 63)
			}
		}
	}
	l.closure(n)
	return n
}

// splits refines classes by the byte sets that d's one-byte states read.
func (l *Lang) splits(d dstate, classes []byteSet) []byteSet {
	for w, x := range d {
		for x != 0 {
			i := w*64 + bits.TrailingZeros64(x)
			x &= x - 1
			s := &l.states[i]
			if s.star || s.final || s.set == allBytes {
				continue
			}
			var next []byteSet
			for _, c := range classes {
				if in := c.and(s.set); !in.empty() {
					next = append(next, in)
				}
				if out := c.andNot(s.set); !out.empty() {
					next = append(next, out)
				}
			}
			classes = next
		}
	}
	return classes
}

// Match reports whether name is in the language.
func (l *Lang) Match(name string) bool {
	if name == "" {
		return l.emptyOK
	}
	d := l.start()
	for i := 0; i < len(name); i++ {
		d = l.step(d, name[i])
	}
	return l.accepts(d, false)
}

// Empty reports whether the language has no name.
func (l *Lang) Empty() (bool, error) {
	_, ok, err := l.Witness()
	return !ok, err
}

// Witness returns a shortest name of the language, preferring letters and
// digits, and false when the language is empty.
func (l *Lang) Witness() (string, bool, error) {
	return Find([]*Lang{l}, func(in []bool) bool { return in[0] })
}

// Intersect returns a shortest name in both a and b, and false when they
// share none.
func Intersect(a, b *Lang) (string, bool, error) {
	return Find([]*Lang{a, b}, func(in []bool) bool { return in[0] && in[1] })
}

// Subset reports whether every name of a is in b; when not, it returns a
// shortest name of a that b lacks.
func Subset(a, b *Lang) (ok bool, counterexample string, err error) {
	w, found, err := Find([]*Lang{a, b}, func(in []bool) bool { return in[0] && !in[1] })
	return !found && err == nil, w, err
}

// Find returns a shortest name whose membership in the languages ls
// (in[i] reports membership in ls[i]) satisfies goal, and false when no
// name does.
func Find(ls []*Lang, goal func(in []bool) bool) (string, bool, error) {
	var w string
	found := false
	err := Explore(ls, func(in []bool, name string) bool {
		if goal(in) {
			w, found = name, true
			return false
		}
		return true
	})
	return w, found, err
}

// Explore visits every combination of memberships in ls that some name
// has, once per combined automaton state, shortest names first; it stops
// when visit returns false. It returns ErrTooComplex past [MaxStates]
// states.
func Explore(ls []*Lang, visit func(in []bool, name string) bool) error {
	in := make([]bool, len(ls))
	// The empty name first: it is the initial state.
	for i, l := range ls {
		in[i] = l.emptyOK
	}
	if !visit(in, "") {
		return nil
	}
	start := make([]dstate, len(ls))
	for i, l := range ls {
		start[i] = l.start()
	}
	// The initial state is not marked seen: the same set of states
	// reached by a byte accepts differently (only there "*" matches).
	seen := map[string]bool{}
	queue := [][]dstate{start}
	names := []string{""}
	for len(queue) > 0 {
		ds, name := queue[0], names[0]
		queue, names = queue[1:], names[1:]
		classes := []byteSet{allBytes}
		for i, l := range ls {
			classes = l.splits(ds[i], classes)
		}
		reps := make([]byte, len(classes))
		for i, c := range classes {
			reps[i] = representative(c)
		}
		slices.SortFunc(reps, func(a, b byte) int { return int(rank[a]) - int(rank[b]) })
		for _, c := range reps {
			next := make([]dstate, len(ls))
			for i, l := range ls {
				next[i] = l.step(ds[i], c)
			}
			k := key(next)
			if seen[k] {
				continue
			}
			if len(seen) >= MaxStates {
				return ErrTooComplex
			}
			seen[k] = true
			n := name + string([]byte{c})
			for i, l := range ls {
				in[i] = l.accepts(next[i], false)
			}
			if !visit(in, n) {
				return nil
			}
			queue, names = append(queue, next), append(names, n)
		}
	}
	return nil
}

func key(ds []dstate) string {
	var b strings.Builder
	for _, d := range ds {
		for _, w := range d {
			for i := range 8 {
				b.WriteByte(byte(w >> (8 * i)))
			}
		}
		b.WriteByte('|')
	}
	return b.String()
}

// rank orders bytes by how readable they are in a witness: lower-case
// letters, digits, upper-case letters, other printable ASCII, then the rest.
var rank = func() (r [256]uint16) {
	order := "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:_-.@/"
	for c := range 256 {
		r[c] = uint16(1000 + c)
		if c > ' ' && c < 0x7f {
			r[c] = uint16(500 + c)
		}
	}
	for i := 0; i < len(order); i++ {
		r[order[i]] = uint16(i)
	}
	return r
}()

func representative(c byteSet) byte {
	best := -1
	for b := range 256 {
		if c.has(byte(b)) && (best < 0 || rank[b] < rank[best]) {
			best = b
		}
	}
	return byte(best)
}
