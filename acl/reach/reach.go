package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/lossless"
)

// Set is a set of compiled users prepared for questions. Users must share
// one command table. A Set is not safe for concurrent use.
type Set struct {
	t     *category.Table
	users []*user
	cmds  []*category.Command // runnable commands, simplest first
	pairs map[[2]string]bool  // whether two patterns intersect
	// chanCmds are the commands of cmds with channels, once listed.
	chanCmds []*category.Command
}

type user struct {
	u    *acl.User
	sels []*sel
	// keyless is the grant of a keyless command reaching every key.
	keyless     *Grant
	keylessDone bool
}

// sel is one selector with its languages, built on first use.
type sel struct {
	i     int
	label string
	info  acl.SelectorInfo
	keys  [4]*glob.Lang // by the permission needed (acl.Perm 0..3)
	chans *glob.Lang
	some  [4]int8 // whether keys[n] has a name: 0 unknown, 1 yes, -1 no
}

// hasKey reports whether s grants some key with permissions n.
func (s *sel) hasKey(n acl.Perm) bool {
	if s.some[n] == 0 {
		s.some[n] = -1
		if s.info.AllKeys || slices.ContainsFunc(s.keyPatterns(n), func(p string) bool { return !strings.Contains(p, "[") && len(p) < glob.MaxNesting }) {
			s.some[n] = 1 // a pattern without a class matches something
		} else if _, found, err := (target{}).find(s.keyLang(n)); found || err != nil {
			s.some[n] = 1
		}
	}
	return s.some[n] > 0
}

// New prepares users; they must share one table.
func New(users []*acl.User) *Set {
	s := &Set{}
	for _, u := range users {
		if s.t == nil {
			s.t = u.Table()
		}
		x := &user{u: u}
		for i := range u.Selectors() {
			info := u.Selector(i)
			label := "root"
			if info.Source != nil {
				label = info.Source.String()
			}
			x.sels = append(x.sels, &sel{i: i, label: label, info: info})
		}
		s.users = append(s.users, x)
	}
	if s.t != nil {
		s.cmds = commandsOf(s.t)
	}
	return s
}

// runnable lists the commands that can be run (no containers), the ones
// with fewer key specs and arguments first, for short witnesses.
func runnable(t *category.Table) []*category.Command {
	var out []*category.Command
	for c := range t.All() {
		if !c.IsContainer() {
			out = append(out, c)
		}
	}
	abs := func(n int) int { return max(n, -n) }
	fav := func(c *category.Command) int {
		if i := slices.Index(favorites, c.Name); i >= 0 {
			return i
		}
		return len(favorites)
	}
	slices.SortStableFunc(out, func(a, b *category.Command) int {
		return cmp.Or(cmp.Compare(fav(a), fav(b)), cmp.Compare(len(a.KeySpecs), len(b.KeySpecs)), cmp.Compare(b2i(a.Extractor != ""), b2i(b.Extractor != "")),
			cmp.Compare(abs(a.Arity), abs(b.Arity)), strings.Compare(a.Name, b.Name))
	})
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// favorites are the commands witnesses use when they can: the ones
// people recognize.
var favorites = []string{"get", "set", "del", "publish", "subscribe", "spublish", "ssubscribe", "psubscribe"}

// keyLang returns the names selector s grants with permissions n.
func (s *sel) keyLang(n acl.Perm) *glob.Lang {
	if s.keys[n] == nil {
		if s.info.AllKeys {
			s.keys[n] = glob.AnyName()
		} else {
			s.keys[n] = glob.NewLang(s.keyPatterns(n)...)
		}
	}
	return s.keys[n]
}

// keyPatterns returns the key patterns of s that grant n.
func (s *sel) keyPatterns(n acl.Perm) []string {
	var ps []string
	for _, k := range s.info.Keys {
		if k.Perm&n == n {
			ps = append(ps, k.Pattern)
		}
	}
	return ps
}

// keySubset reports whether every key s grants with n, t grants with n.
// Most pairs are settled without automata: allkeys, no pattern, or each
// pattern covered by one of the other's ([glob.Covers]).
func keySubset(s, t *sel, n acl.Perm) bool {
	if t.info.AllKeys || !s.info.AllKeys && !s.hasKey(n) {
		return true
	}
	if !s.info.AllKeys {
		tp := t.keyPatterns(n)
		covered := true
		for _, p := range s.keyPatterns(n) {
			one := false
			for _, q := range tp {
				if one = glob.Covers(q, p); one {
					break
				}
			}
			if covered = one; !covered {
				break
			}
		}
		if covered {
			return true
		}
	}
	ok, _, _ := glob.Subset(s.keyLang(n), t.keyLang(n))
	return ok
}

// chanLang returns the channel names selector s lets a command publish or
// subscribe to.
func (s *sel) chanLang() *glob.Lang {
	if s.chans == nil {
		if s.info.AllChannels {
			s.chans = glob.AnyName()
		} else {
			s.chans = glob.NewLang(s.info.Channels...)
		}
	}
	return s.chans
}

// allowsSome reports whether selector s lets c run with some first
// argument.
func (x *user) allowsSome(s *sel, c *category.Command) bool {
	return x.u.Allows(s.i, c) || len(x.u.FirstArgs(s.i, c)) > 0
}

// Grant is one user's "yes" with its evidence.
type Grant struct {
	// User is the user's name.
	User string `json:"user"`
	// Selector is the selector that allows the witness: "root" or the
	// selector as written.
	Selector string `json:"selector"`
	// Rule names the rules that decide: the command's, then the key's or
	// channel's ("+@read ~app:*").
	Rule string `json:"rule"`
	// Witness is a command line the user may run that shows it.
	Witness []string `json:"witness"`
	// Key or Channel is the name the witness reaches, when the question is
	// about names.
	Key     string `json:"key,omitempty"`
	Channel string `json:"channel,omitempty"`
	// Note explains a grant that is not obvious from the witness, such as
	// a keyless command that reaches every key.
	Note string `json:"note,omitempty"`

	user *acl.User
}

// MarshalJSON encodes the fields of g and, for a witness, key or channel
// that is not valid UTF-8 (which a JSON string cannot hold), the same in
// base64: witness_base64, key_base64, channel_base64.
func (g Grant) MarshalJSON() ([]byte, error) {
	type fields Grant // without this method
	return lossless.Object{fields(g), struct {
		Witness []string `json:"witness_base64,omitempty"`
		Key     string   `json:"key_base64,omitempty"`
		Channel string   `json:"channel_base64,omitempty"`
	}{lossless.Base64s(g.Witness), lossless.Base64(g.Key), lossless.Base64(g.Channel)}}.MarshalJSON()
}

// Undecided is a user for whom the question could not be settled.
type Undecided struct {
	User   string `json:"user"`
	Reason string `json:"reason"`
}

// Answer is the answer to one question over a Set.
type Answer struct {
	Grants    []Grant     `json:"users"`
	Undecided []Undecided `json:"undecided,omitempty"`
}

// Empty reports whether the answer is a proven "nobody".
func (a *Answer) Empty() bool { return len(a.Grants) == 0 && len(a.Undecided) == 0 }

// target is what a key (or channel) of a witness must be: in every
// language of in and in none of out.
type target struct {
	in, out []*glob.Lang
	// pats, when set, are the patterns whose names make the only in
	// language (and out is empty): a target built by patternTarget.
	pats []string
}

// patternTarget is the target of the names that any of patterns matches.
func patternTarget(patterns ...string) target {
	return target{in: []*glob.Lang{glob.NewLang(patterns...)}, pats: patterns}
}

// reaches reports whether some name of the patterns ps (all names with
// all) is within tg: by pattern pairs where tg has its patterns
// (literal and literal* pairs need no automaton), on automata otherwise.
func (s *Set) reaches(tg target, ps []string, all bool, lang func() *glob.Lang) bool {
	if tg.pats == nil {
		_, found, err := tg.find(lang())
		return found || err != nil
	}
	for _, p := range tg.pats {
		if all {
			if nonEmpty(p) {
				return true
			}
			continue
		}
		for _, q := range ps {
			if s.intersects(p, q) {
				return true
			}
		}
	}
	return false
}

// nonEmpty reports whether pattern p matches some name.
func nonEmpty(p string) bool {
	if !strings.Contains(p, "[") && len(p) < glob.MaxNesting {
		return true
	}
	_, found, err := glob.NewLang(p).Witness()
	return found || err != nil
}

// intersects reports whether patterns p and q match a common name,
// cached.
func (s *Set) intersects(p, q string) bool {
	k := [2]string{p, q}
	if v, ok := s.pairs[k]; ok {
		return v
	}
	_, ok := intersect(p, q)
	if s.pairs == nil {
		s.pairs = map[[2]string]bool{}
	}
	s.pairs[k] = ok
	return ok
}

// find returns a name of lang within tg, nonempty when one exists.
func (tg target) find(lang *glob.Lang) (string, bool, error) {
	ls := append(append([]*glob.Lang{lang}, tg.in...), tg.out...)
	goal := func(in []bool) bool {
		for i := range 1 + len(tg.in) {
			if !in[i] {
				return false
			}
		}
		for i := 1 + len(tg.in); i < len(in); i++ {
			if in[i] {
				return false
			}
		}
		return true
	}
	var w string
	found, empty := false, false
	err := glob.Explore(ls, func(in []bool, name string) bool {
		if !goal(in) {
			return true
		}
		if name == "" {
			empty = true // a last resort: the empty key is odd in a witness
			return true
		}
		w, found = name, true
		return false
	})
	if found {
		return w, true, nil
	}
	return "", empty, err
}

// role is what a key position must do for a question.
type role uint8

const (
	anyRole role = iota
	readRole
	writeRole
)

func (r role) accepts(n acl.Perm) bool {
	switch r {
	case readRole:
		return n&acl.PermRead != 0
	case writeRole:
		return n&acl.PermWrite != 0
	}
	return true
}

// goal is what a witness command line must show.
type goal struct {
	role    role     // a key at a position of this role, in keys; anyRole: no key needed
	keys    target   // with role
	channel *target  // a channel position with a channel in it
	hits    *[4]bool // by permission: whether the selector grants a key in keys, when known
}

// possibleNeeds returns the permissions keys of c may need: those of its
// key specs' flags, and of its fallback extractor's when that may run.
func possibleNeeds(c *category.Command) []acl.Perm {
	var out []acl.Perm
	for _, ks := range c.KeySpecs {
		if ks.Flags&category.KeyNotKey == 0 && !slices.Contains(out, acl.KeyNeed(ks.Flags)) {
			out = append(out, acl.KeyNeed(ks.Flags))
		}
	}
	if used, canFail := interpreter(c); c.Extractor != "" && (!used || canFail) {
		needs, ok := extractorNeeds[c.Extractor]
		if !ok {
			needs = []acl.Perm{0}
		}
		for _, n := range needs {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// extractorNeeds are the permissions the keys that fallback extractors
// find need (category.Command.Keys): the flags they give, 0 for the keys
// of EVAL, FCALL, ZUNION, XREAD and the others.
var extractorNeeds = map[string][]acl.Perm{
	"set":      {acl.PermWrite, acl.PermRW},
	"bitfield": {acl.PermRead, acl.PermRW},
	"sort":     {acl.PermRead, acl.PermWrite},
	"sortRO":   {acl.PermRead},
	"migrate":  {acl.PermRW},
}

// isChannelCommand reports whether c's arguments include channels ACLs check.
func isChannelCommand(c *category.Command) bool {
	first, last, _ := acl.ChannelArgs(c, 3)
	return first <= last
}

// foldLang returns the arguments that a first-argument rule for one of
// args accepts: the same bytes up to ASCII case, as a C string (a NUL byte
// and anything after it are ignored).
func foldLang(args []string) *glob.Lang {
	var ps []string
	for _, a := range args {
		if i := strings.IndexByte(a, 0); i >= 0 {
			a = a[:i]
		}
		var b strings.Builder
		for i := 0; i < len(a); i++ {
			c := a[i]
			switch {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
				b.WriteString("[" + string(c|0x20) + string(c&^0x20) + "]")
			case c == '*' || c == '?' || c == '[' || c == '\\':
				b.WriteString(`\` + string(c))
			default:
				b.WriteByte(c)
			}
		}
		ps = append(ps, b.String(), b.String()+"\x00*")
	}
	return glob.NewLang(ps...)
}

// fixedKey is a key every command line of a command has: the key spec's
// position and the permissions it needs.
type fixedKey struct {
	pos  int
	need acl.Perm
}

// fixedKeys returns the keys every command line of c has (with the
// weakest permission they may need). The key-spec interpreter runs unless
// a spec has variable flags; it fails over to the fallback extractor when
// a spec has an unknown or incomplete search or a key count read from the
// line is bad. Where it succeeds, a spec that begins at an index and whose
// range fits in the minimum arity always yields its first key (keyword
// specs are skipped when the keyword is absent). The extractors of SET,
// BITFIELD, SORT, SORT_RO and GEORADIUS always find argv[1].
func fixedKeys(c *category.Command) []fixedKey {
	if c.Module != "" {
		return nil
	}
	minArgc := max(c.Arity, -c.Arity)
	var spec []fixedKey
	used, canFail := interpreter(c)
	for _, ks := range c.KeySpecs {
		if ks.Flags&category.KeyNotKey != 0 || ks.BeginSearch.Kind != category.SearchIndex || ks.FindKeys.Kind != category.FindRange {
			continue
		}
		i, last := ks.BeginSearch.Index, ks.FindKeys.LastKey
		if last >= 0 && i+last < minArgc || last < 0 && i <= minArgc+last {
			spec = append(spec, fixedKey{i, acl.KeyNeed(ks.Flags)})
		}
	}
	if used && !canFail {
		return spec
	}
	var fallback []fixedKey
	if minArgc >= 2 {
		switch c.Extractor {
		case "set":
			fallback = []fixedKey{{1, acl.PermWrite}}
		case "bitfield", "sort", "sortRO":
			fallback = []fixedKey{{1, acl.PermRead}}
		case "georadius":
			fallback = []fixedKey{{1, 0}}
		}
	}
	if !used {
		return fallback
	}
	var out []fixedKey
	for _, a := range spec {
		for _, b := range fallback {
			if a.pos == b.pos {
				out = append(out, fixedKey{a.pos, a.need & b.need})
			}
		}
	}
	return out
}

// countedByFirstArg reports whether every key of c is counted by the
// argument at idx (ZUNION numkeys …): the only key spec reads its key
// count there, and so does the fallback extractor.
func countedByFirstArg(c *category.Command, idx int) bool {
	var specs []category.KeySpec
	for _, ks := range c.KeySpecs {
		if ks.Flags&category.KeyNotKey == 0 {
			specs = append(specs, ks)
		}
	}
	if len(specs) != 1 || specs[0].BeginSearch.Kind != category.SearchIndex || specs[0].FindKeys.Kind != category.FindKeynum ||
		specs[0].BeginSearch.Index+specs[0].FindKeys.KeyNumIdx != idx {
		return false
	}
	switch c.Extractor {
	case "zunionInterDiff", "lmpop", "zmpop", "sintercard":
		return idx == 1
	}
	return false
}

// atoi is C's atoi on the bytes up to a NUL: leading white space, a sign,
// digits; 0 when there are none.
func atoi(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	n := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 1<<31; i++ {
		n = n*10 + int(s[i]-'0')
	}
	if neg {
		return -n
	}
	return n
}

// interpreter reports whether the key-spec interpreter finds c's keys
// (some spec is not not_key, none has variable flags) and whether it may
// fail over to the fallback extractor: a spec with an incomplete or
// unknown search, or a key count read from the line.
func interpreter(c *category.Command) (used, canFail bool) {
	for _, ks := range c.KeySpecs {
		if ks.Flags&category.KeyNotKey != 0 {
			continue
		}
		if ks.Flags&category.KeyVariableFlags != 0 {
			return false, false
		}
		used = true
		if ks.Flags&category.KeyIncomplete != 0 || ks.BeginSearch.Kind == category.SearchUnknown || ks.FindKeys.Kind != category.FindRange {
			canFail = true
		}
	}
	if c.Module != "" && c.Extractor == "" {
		return used, false
	}
	return used, canFail
}
