package permdiff

import (
	"slices"

	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/ascii"
	"github.com/aclcheck/aclcheck/internal/lossless"
)

// Relation is how the new user of a comparison relates to the old one.
type Relation uint8

const (
	Equivalent   Relation = iota // grants exactly what the old user grants
	Narrower                     // grants less, nothing more
	Broader                      // grants more, nothing less
	Incomparable                 // neither could be shown to grant all the other grants
)

var relationNames = [...]string{"equivalent", "narrower", "broader", "incomparable"}

// String returns the relation in lower case, e.g. "narrower".
func (r Relation) String() string {
	if int(r) < len(relationNames) {
		return relationNames[r]
	}
	return "invalid"
}

// Change is the value of a setting before and after.
type Change[T comparable] struct {
	Old T `json:"old"`
	New T `json:"new"`
}

// Diff is the difference between two users. The zero value means the users
// are equivalent. Its JSON form holds the differences, not the relation.
type Diff struct {
	// Enabled is on/off.
	Enabled *Change[bool] `json:"enabled,omitempty"`
	// NoPass is the nopass flag.
	NoPass *Change[bool] `json:"nopass,omitempty"`
	// Passwords is the number of passwords; set with equal counts when the
	// passwords themselves changed. Passwords are never shown.
	Passwords *Change[int] `json:"passwords,omitempty"`
	// Sanitize is the RESTORE payload flag.
	Sanitize *Change[acl.Sanitize] `json:"sanitize,omitempty"`
	// Selectors lists the selectors that differ.
	Selectors []SelectorDiff `json:"selectors,omitempty"`
	// Gained is a command line the new user may run and the old may not;
	// Lost one the old user may run and the new may not (confirmed by
	// Check). Either is nil when there is none or none could be shown.
	Gained []string `json:"gained_witness,omitempty"`
	Lost   []string `json:"lost_witness,omitempty"`

	gains, loses bool // the new user grants more, less
}

// MarshalJSON encodes the fields of d and, for a witness with an argument
// that is not valid UTF-8 (which a JSON string cannot hold), every argument
// in base64: gained_witness_base64, lost_witness_base64.
func (d Diff) MarshalJSON() ([]byte, error) {
	type fields Diff // without this method
	return lossless.Object{fields(d), struct {
		Gained []string `json:"gained_witness_base64,omitempty"`
		Lost   []string `json:"lost_witness_base64,omitempty"`
	}{lossless.Base64s(d.Gained), lossless.Base64s(d.Lost)}}.MarshalJSON()
}

// SelectorDiff is the difference between one selector of the old user and
// one of the new, or a selector only one of them has. What it gains or
// loses is relative to the other selector; another selector of the same
// user may already grant it, which [Diff.Relation] takes into account.
type SelectorDiff struct {
	// Old and New name the selectors: "root" or the selector as written,
	// "(~tmp:* +set)". Old is "" for an added selector, New for a removed one.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Future is the right to run commands added later.
	Future *Change[bool] `json:"future,omitempty"`
	// AllKeys is the allkeys flag (~* or allkeys), which unlike the
	// pattern * (%RW~*, printed ~* by ACL LIST) also grants the empty key.
	AllKeys *Change[bool] `json:"allkeys,omitempty"`
	// GainedCommands and LostCommands list the commands gained and lost;
	// the counts are of commands and subcommands, containers expanded.
	GainedCommands []Command `json:"gained_commands,omitempty"`
	LostCommands   []Command `json:"lost_commands,omitempty"`
	NumGained      int       `json:"num_gained,omitempty"`
	NumLost        int       `json:"num_lost,omitempty"`
	// CompletedCategories are the categories (with '@') all of whose
	// commands the new selector allows but the old did not; BrokenCategories
	// the other way round.
	CompletedCategories []string `json:"completed_categories,omitempty"`
	BrokenCategories    []string `json:"broken_categories,omitempty"`
	// GainedKeys are the key patterns of the new selector that nothing in
	// the old one covers with the same permissions; LostKeys the other way
	// round.
	GainedKeys []KeyChange `json:"gained_keys,omitempty"`
	LostKeys   []KeyChange `json:"lost_keys,omitempty"`
	// GainedChannels and LostChannels are the channel patterns gained and
	// lost.
	GainedChannels []Channel `json:"gained_channels,omitempty"`
	LostChannels   []Channel `json:"lost_channels,omitempty"`
}

// Command is a command permission: a command or subcommand in full, a
// container with all its subcommands, or one first argument of a command.
// It encodes in JSON as its String.
type Command struct {
	Command *category.Command
	// FirstArg is the first argument, in lower case; "" for the whole
	// command.
	FirstArg string
}

// String names the permission as a rule does, without the '+': "set",
// "config|get" for a subcommand, "config" for a container with all its
// subcommands, "select|0" for a first argument.
func (c Command) String() string {
	if c.FirstArg != "" {
		return c.Command.Name + "|" + c.FirstArg
	}
	return c.Command.Name
}

// MarshalText encodes the permission as String does.
func (c Command) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Key is a key pattern with its permissions. It encodes in JSON as its
// String.
type Key struct {
	Pattern string
	Perm    acl.Perm
}

// String returns the pattern as a rule: "~app:*", "%R~ro:*".
func (k Key) String() string {
	if k.Perm == acl.PermRW {
		return "~" + k.Pattern
	}
	return "%" + k.Perm.String() + "~" + k.Pattern
}

// MarshalText encodes the pattern as String does.
func (k Key) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// KeyChange is a key pattern gained or lost.
type KeyChange struct {
	Key Key `json:"rule"`
	// Other is the same pattern on the other side with other permissions,
	// nil when the other side does not have it.
	Other *Key `json:"other,omitempty"`
}

// Channel is a channel pattern. It encodes in JSON as its String.
type Channel string

// String returns the pattern as a rule: "&news".
func (c Channel) String() string { return "&" + string(c) }

// MarshalText encodes the pattern as String does.
func (c Channel) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Relation reports how the new user relates to the old one.
func (d *Diff) Relation() Relation {
	switch {
	case d.gains && d.loses:
		return Incomparable
	case d.gains:
		return Broader
	case d.loses:
		return Narrower
	}
	return Equivalent
}

// Compare returns what changes from old to new. Both users must have been
// compiled against the same table.
func Compare(old, new *acl.User) *Diff {
	d := &Diff{}
	if old.Enabled() != new.Enabled() {
		d.Enabled = &Change[bool]{old.Enabled(), new.Enabled()}
		d.gains, d.loses = d.gains || new.Enabled(), d.loses || old.Enabled()
	}
	if old.NoPass() != new.NoPass() {
		d.NoPass = &Change[bool]{old.NoPass(), new.NoPass()}
		d.gains, d.loses = d.gains || new.NoPass(), d.loses || old.NoPass()
	}
	po, pn := old.Passwords(), new.Passwords()
	gained, lost := !isSubset(pn, po), !isSubset(po, pn)
	if gained || lost {
		d.Passwords = &Change[int]{len(po), len(pn)}
		d.gains, d.loses = d.gains || gained, d.loses || lost
	}
	if so, sn := old.Sanitize(), new.Sanitize(); so != sn {
		d.Sanitize = &Change[acl.Sanitize]{so, sn}
		// skip-sanitize-payload grants most; whether the server default
		// is stricter than sanitize-payload depends on the server.
		d.gains = d.gains || so != acl.SanitizeSkip
		d.loses = d.loses || sn != acl.SanitizeSkip
	}
	olds, news := normalize(old), normalize(new)
	diffs, gains, loses := compareSelectors(old.Table(), olds, news)
	if gains || loses {
		// The selectors compared one to one differ: decide exactly what
		// command lines each user allows that the other denies. The right
		// to future commands is no command line of the table; it counts
		// as the one-to-one comparison decides.
		if c := reach.Contains(old, new); c.Contained {
			gains = futureGained(olds, news)
		} else if c.Witness != nil {
			gains, d.Gained = true, c.Witness
		}
		if c := reach.Contains(new, old); c.Contained {
			loses = futureGained(news, olds)
		} else if c.Witness != nil {
			loses, d.Lost = true, c.Witness
		}
	}
	for _, s := range diffs {
		if len(s.lines()) > 0 {
			d.Selectors = append(d.Selectors, s)
		}
	}
	d.gains, d.loses = d.gains || gains, d.loses || loses
	return d
}

// perms is the normalized effect of one selector.
type perms struct {
	label     string
	root      bool
	future    bool
	allKeys   bool
	commands  []uint64            // bitmap by command ID; containers and no-auth commands are clear
	firstArgs map[int][]string    // lower case, only for commands not allowed in full
	keys      map[string]acl.Perm // non-redundant patterns; allkeys is "*": RW
	channels  map[string]bool     // allchannels is "*"
	cover     *keyCover           // of keys, once they are final
	keyList   []keyPerm           // keys as a list, once they are final
}

// allows reports whether the selector allows command id in full.
func (p *perms) allows(id int) bool { return p.commands[id>>6]&(1<<(id&63)) != 0 }

// empty reports whether the selector allows no command now or later, and
// for the root selector, which later rules may extend, also has no key or
// channel pattern.
func (p *perms) empty() bool {
	if p.root && (len(p.keys) > 0 || len(p.channels) > 0) {
		return false
	}
	return !p.future && len(p.firstArgs) == 0 && !slices.ContainsFunc(p.commands, func(w uint64) bool { return w != 0 })
}

// normalize returns the selectors of u, root first.
func normalize(u *acl.User) []*perms {
	t := u.Table()
	out := make([]*perms, u.Selectors())
	for i := range out {
		s := u.Selector(i)
		p := &perms{label: "root", root: i == 0, future: s.Future, commands: make([]uint64, (t.Len()+63)/64),
			keys: map[string]acl.Perm{}, channels: map[string]bool{}}
		if s.Source != nil {
			p.label = s.Source.String()
		}
		for c := range t.All() {
			if counted(c) && u.Allows(i, c) {
				p.commands[c.ID>>6] |= 1 << (c.ID & 63)
			}
			if args := u.FirstArgs(i, c); len(args) > 0 && counted(c) && !p.allows(c.ID) {
				var low []string
				for _, a := range args {
					low = append(low, ascii.ToLower(a))
				}
				slices.Sort(low)
				if p.firstArgs == nil {
					p.firstArgs = map[int][]string{}
				}
				p.firstArgs[c.ID] = slices.Compact(low)
			}
		}
		if s.AllKeys {
			p.keys["*"], p.allKeys = acl.PermRW, true
		} else {
			for _, k := range s.Keys {
				pat := collapseStars(k.Pattern)
				p.keys[pat] |= k.Perm
			}
			dropCoveredKeys(p.keys)
		}
		if s.AllChannels {
			p.channels["*"] = true
		} else {
			for _, c := range s.Channels {
				p.channels[c] = true
			}
			if p.channels["*"] {
				clear(p.channels)
				p.channels["*"] = true
			}
		}
		out[i] = p
	}
	return out
}

// counted reports whether a command's permission is observable and can
// change: not a container, not a command that needs no authentication.
func counted(c *category.Command) bool {
	return !c.IsContainer() && c.Flags&category.FlagNoAuth == 0
}

// collapseStars turns runs of '*' into one, as Redis's matcher treats them,
// in patterns without escapes or classes.
func collapseStars(p string) string {
	if !strings.Contains(p, "**") || strings.ContainsAny(p, `\[`) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '*' && i > 0 && p[i-1] == '*' {
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// dropCoveredKeys removes the patterns that another pattern covers with at
// least their permissions.
func dropCoveredKeys(keys map[string]acl.Perm) {
	ix := newKeyCover(keys)
	for p, pp := range keys {
		if ix.covered(p, pp, false) {
			delete(keys, p) // coverage is transitive: what p covers, its coverer does
		}
	}
}

// subsumes reports whether y grants everything x grants.
func subsumes(y, x *perms) bool {
	if x.future && !y.future || x.allKeys && !y.allKeys {
		return false
	}
	for i, w := range x.commands {
		if w&^y.commands[i] != 0 {
			return false
		}
	}
	for id, args := range x.firstArgs {
		if !y.allows(id) && !isSubset(args, y.firstArgs[id]) {
			return false
		}
	}
	if y.cover == nil {
		y.cover = newKeyCover(y.keys)
	}
	if x.keyList == nil {
		x.keyList = make([]keyPerm, 0, len(x.keys))
		for p, pp := range x.keys {
			x.keyList = append(x.keyList, keyPerm{p, pp})
		}
	}
	for _, k := range x.keyList {
		if !y.cover.covered(k.pattern, k.perm, true) {
			return false
		}
	}
	return len(uncoveredChannels(x.channels, y.channels)) == 0
}

type keyPerm struct {
	pattern string
	perm    acl.Perm
}

func isSubset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// uncoveredKeys returns the patterns of a that no pattern of b covers with
// at least the same permissions, each with b's permissions for the same
// pattern, sorted by rule.
func uncoveredKeys(a, b map[string]acl.Perm) []KeyChange {
	var out []KeyChange
	ix := newKeyCover(b)
	for p, pp := range a {
		if !ix.covered(p, pp, true) {
			k := KeyChange{Key: Key{p, pp}}
			if op, ok := b[p]; ok {
				k.Other = &Key{p, op}
			}
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(x, y KeyChange) int { return strings.Compare(x.Key.String(), y.Key.String()) })
	return out
}

// A keyCover finds, among a selector's key patterns, those that cover a
// pattern with at least given permissions.
type keyCover struct {
	set      *glob.CoverSet
	patterns []string
	perms    []acl.Perm
}

func newKeyCover(keys map[string]acl.Perm) *keyCover {
	kc := &keyCover{}
	for q, qp := range keys {
		kc.patterns = append(kc.patterns, q)
		kc.perms = append(kc.perms, qp)
	}
	kc.set = glob.NewCoverSet(kc.patterns)
	return kc
}

// covered reports whether a pattern of the set with at least permissions
// pp covers p; p itself only when self is set.
func (kc *keyCover) covered(p string, pp acl.Perm, self bool) bool {
	for i := range kc.set.Coverers(p) {
		if (self || kc.patterns[i] != p) && kc.perms[i]&pp == pp {
			return true
		}
	}
	return false
}

// uncoveredChannels returns the channel patterns of a that b does not
// grant, sorted.
func uncoveredChannels(a, b map[string]bool) []Channel {
	if b["*"] {
		return nil
	}
	var out []Channel
	for c := range a {
		if !b[c] {
			out = append(out, Channel(c))
		}
	}
	slices.Sort(out)
	return out
}

// effective drops the selectors that allow nothing or whose permissions
// another selector of the list also grants (of two equal ones, the later).
func effective(ss []*perms) []*perms {
	var out []*perms
	empty := make([]bool, len(ss))
	for i, x := range ss {
		empty[i] = x.empty()
	}
	for i, x := range ss {
		if empty[i] {
			continue
		}
		redundant := false
		for j, y := range ss {
			if i == j || empty[j] || !subsumes(y, x) {
				continue
			}
			if !subsumes(x, y) || j < i {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, x)
		}
	}
	return out
}

// compareSelectors pairs the selectors of the two users and describes the
// ones that differ. gains reports whether a new selector is not covered by
// an old one, loses the other way round.
func compareSelectors(t *category.Table, olds, news []*perms) (diffs []SelectorDiff, gains, loses bool) {
	eo, en := effective(olds), effective(news)
	loses = slices.ContainsFunc(eo, func(x *perms) bool { return !slices.ContainsFunc(en, func(y *perms) bool { return subsumes(y, x) }) })
	gains = slices.ContainsFunc(en, func(y *perms) bool { return !slices.ContainsFunc(eo, func(x *perms) bool { return subsumes(x, y) }) })
	if !gains && !loses {
		return nil, false, false
	}
	// Set aside the selectors that have an equal on the other side.
	var ro, rn []*perms
	matched := map[*perms]bool{}
	for _, x := range eo {
		i := slices.IndexFunc(en, func(y *perms) bool { return !matched[y] && subsumes(x, y) && subsumes(y, x) })
		if i < 0 {
			ro = append(ro, x)
			continue
		}
		matched[en[i]] = true
	}
	for _, y := range en {
		if !matched[y] {
			rn = append(rn, y)
		}
	}
	switch {
	case len(ro) == 1 && len(rn) == 1:
		return []SelectorDiff{compareTwo(t, ro[0], rn[0])}, gains, loses
	case len(ro) == 0 && len(rn) == 1 && rn[0].root:
		return []SelectorDiff{compareTwo(t, olds[0], rn[0])}, gains, loses
	case len(ro) == 1 && len(rn) == 0 && ro[0].root:
		return []SelectorDiff{compareTwo(t, ro[0], news[0])}, gains, loses
	}
	var out []SelectorDiff
	// Roots that differ are compared with each other.
	if slices.ContainsFunc(ro, func(p *perms) bool { return p.root }) || slices.ContainsFunc(rn, func(p *perms) bool { return p.root }) {
		out = append(out, compareTwo(t, olds[0], news[0]))
	}
	for _, x := range ro {
		if !x.root && !slices.ContainsFunc(en, func(y *perms) bool { return subsumes(y, x) }) {
			out = append(out, SelectorDiff{Old: x.label})
		}
	}
	for _, y := range rn {
		if !y.root && !slices.ContainsFunc(eo, func(x *perms) bool { return subsumes(x, y) }) {
			out = append(out, SelectorDiff{New: y.label})
		}
	}
	return out, gains, loses
}

// compareTwo describes the difference between two selectors.
func compareTwo(t *category.Table, x, y *perms) SelectorDiff {
	d := SelectorDiff{Old: x.label, New: y.label}
	if x.future != y.future {
		d.Future = &Change[bool]{x.future, y.future}
	}
	if x.allKeys != y.allKeys {
		d.AllKeys = &Change[bool]{x.allKeys, y.allKeys}
	}
	d.GainedCommands, d.NumGained = commandDelta(t, x, y)
	d.LostCommands, d.NumLost = commandDelta(t, y, x)
	for _, c := range t.Categories() {
		ax, ay := allOf(t, x, c), allOf(t, y, c)
		switch {
		case ay && !ax:
			d.CompletedCategories = append(d.CompletedCategories, "@"+c.String())
		case ax && !ay:
			d.BrokenCategories = append(d.BrokenCategories, "@"+c.String())
		}
	}
	d.GainedKeys = uncoveredKeys(y.keys, x.keys)
	d.LostKeys = uncoveredKeys(x.keys, y.keys)
	d.GainedChannels = uncoveredChannels(y.channels, x.channels)
	d.LostChannels = uncoveredChannels(x.channels, y.channels)
	return d
}

// commandDelta lists what y allows and x does not: commands, then first
// arguments of commands y does not allow in full; containers all of whose
// subcommands are in the list are named instead of them. n counts commands
// and subcommands.
func commandDelta(t *category.Table, x, y *perms) (names []Command, n int) {
	gained := func(c *category.Command) bool { return y.allows(c.ID) && !x.allows(c.ID) }
	for c := range t.All() {
		switch {
		case c.IsContainer():
			all := true
			for _, s := range c.Subcommands {
				all = all && (gained(s) || !counted(s))
			}
			if all && slices.ContainsFunc(c.Subcommands, gained) {
				names = append(names, Command{Command: c})
			}
		case gained(c):
			n++
			if c.Parent == nil || !allSubsGained(c.Parent, gained) {
				names = append(names, Command{Command: c})
			}
		case !y.allows(c.ID) && !x.allows(c.ID):
			for _, a := range y.firstArgs[c.ID] {
				if !slices.Contains(x.firstArgs[c.ID], a) {
					names = append(names, Command{c, a})
					n++
				}
			}
		}
	}
	slices.SortFunc(names, func(a, b Command) int { return strings.Compare(a.String(), b.String()) })
	return names, n
}

func allSubsGained(c *category.Command, gained func(*category.Command) bool) bool {
	for _, s := range c.Subcommands {
		if counted(s) && !gained(s) {
			return false
		}
	}
	return true
}

// allOf reports whether p allows every counted command of category c (and
// the category has one).
func allOf(t *category.Table, p *perms, c category.Category) bool {
	some := false
	for cmd := range t.All() {
		if !counted(cmd) || !cmd.Categories.Has(c) {
			continue
		}
		if !p.allows(cmd.ID) {
			return false
		}
		some = true
	}
	return some
}

// futureGained reports whether a selector of news may run commands added
// later and no such selector of olds grants all it does.
func futureGained(olds, news []*perms) bool {
	for _, y := range news {
		if y.future && !slices.ContainsFunc(olds, func(x *perms) bool { return x.future && subsumes(x, y) }) {
			return true
		}
	}
	return false
}
