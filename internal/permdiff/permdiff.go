// Package permdiff compares what two compiled ACL users may do under their
// engine's command table, and lists the differences by name: on/off,
// passwords (never shown), commands and subcommands gained and lost, first
// arguments, key patterns with their R/W permissions, channel patterns and
// selectors.
//
// # Semantics
//
// The comparison is about effect, not text. A user may run a command line
// when any of its selectors (the root one included) allows it, so selectors
// are compared as a set: their order does not matter, a selector that
// allows no command is ignored (the root selector only when it has no key
// or channel pattern either, since later rules may extend it; a selector
// cannot be edited), and a selector whose every permission is also granted
// by another selector of the same user is redundant. Within a selector:
//
//   - commands are compared command by command (subcommands included);
//     containers such as CONFIG are left out, since a container's own bit
//     decides nothing (a container alone is a wrong-arity call), and
//     commands that need no authentication (AUTH, HELLO) are always
//     allowed;
//   - first arguments (+select|0) count only while their command is not
//     allowed in full, and compare without regard to ASCII case;
//   - allkeys is ~*, %R~a plus %W~a is ~a, and a key pattern that another
//     pattern of the selector covers with at least its permissions is
//     redundant ("~app:1" next to "~app:*");
//   - allchannels is &*; channel patterns are otherwise compared as
//     written, since PSUBSCRIBE matches them literally;
//   - the right to run commands added later (the last of +@all and -@all
//     was +@all) is a permission of its own.
//
// Pattern coverage ([glob.Covers]) is decided soundly but not completely: a pattern covers
// another when they are equal, when it is a literal prefix followed by a
// single '*' and the other starts with that prefix, or when the other is a
// plain literal it matches. Two users reported equivalent are equivalent;
// a few exotic glob pairs that are equivalent may be reported as a change.
//
// Passwords are compared by digest and only their number is reported.
package permdiff

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Change is the value of a setting before and after.
type Change[T comparable] struct {
	Old T `json:"old"`
	New T `json:"new"`
}

// Diff is the difference between two users. The zero value means the users
// are equivalent.
type Diff struct {
	// Enabled is on/off.
	Enabled *Change[bool] `json:"enabled,omitempty"`
	// NoPass is the nopass flag.
	NoPass *Change[bool] `json:"nopass,omitempty"`
	// Passwords is the number of passwords; set with equal counts when the
	// passwords themselves changed. Passwords are never shown.
	Passwords *Change[int] `json:"passwords,omitempty"`
	// Sanitize is the RESTORE payload flag as ACL LIST prints it:
	// "sanitize-payload", "skip-sanitize-payload" or "" (server default).
	Sanitize *Change[string] `json:"sanitize,omitempty"`
	// Selectors lists the selectors that differ.
	Selectors []SelectorDiff `json:"selectors,omitempty"`
}

// SelectorDiff is the difference between one selector of the old user and
// one of the new, or a selector only one of them has. Command names are
// those of rules: "set", "config|get" for one subcommand, "config" for a
// container with all its subcommands, "select|0" for a first argument.
type SelectorDiff struct {
	// Old and New name the selectors: "root" or the selector as written,
	// "(~tmp:* +set)". Old is "" for an added selector, New for a removed one.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Future is the right to run commands added later.
	Future *Change[bool] `json:"future,omitempty"`
	// GainedCommands and LostCommands list the commands gained and lost;
	// the counts are of commands and subcommands, containers expanded.
	GainedCommands []string `json:"gained_commands,omitempty"`
	LostCommands   []string `json:"lost_commands,omitempty"`
	NumGained      int      `json:"num_gained,omitempty"`
	NumLost        int      `json:"num_lost,omitempty"`
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
	// GainedChannels and LostChannels are channel patterns as rules ("&news").
	GainedChannels []string `json:"gained_channels,omitempty"`
	LostChannels   []string `json:"lost_channels,omitempty"`
}

// KeyChange is a key pattern gained or lost.
type KeyChange struct {
	// Rule is the pattern as a rule: "~app:*", "%R~ro:*".
	Rule string `json:"rule"`
	// Other is the same pattern on the other side with other permissions,
	// "" when the other side does not have it.
	Other string `json:"other,omitempty"`
}

// Equivalent reports whether d has no difference.
func (d *Diff) Equivalent() bool {
	return d.Enabled == nil && d.NoPass == nil && d.Passwords == nil && d.Sanitize == nil && len(d.Selectors) == 0
}

// Compare returns what changes from old to new. Both users must have been
// compiled against the same table.
func Compare(old, new *acl.User) *Diff {
	d := &Diff{}
	if old.Enabled() != new.Enabled() {
		d.Enabled = &Change[bool]{old.Enabled(), new.Enabled()}
	}
	if old.NoPass() != new.NoPass() {
		d.NoPass = &Change[bool]{old.NoPass(), new.NoPass()}
	}
	if po, pn := old.Passwords(), new.Passwords(); !sameStrings(po, pn) {
		d.Passwords = &Change[int]{len(po), len(pn)}
	}
	if so, sn := sanitize(old), sanitize(new); so != sn {
		d.Sanitize = &Change[string]{so, sn}
	}
	for _, s := range compareSelectors(old.Table(), normalize(old), normalize(new)) {
		if len(s.lines()) > 0 {
			d.Selectors = append(d.Selectors, s)
		}
	}
	return d
}

// Equivalent reports whether old and new grant exactly the same.
func Equivalent(old, new *acl.User) bool { return Compare(old, new).Equivalent() }

// sanitize returns the user's RESTORE payload flag as ACL LIST shows it.
func sanitize(u *acl.User) string {
	for _, w := range strings.Fields(u.Describe(true)) {
		if w == "sanitize-payload" || w == "skip-sanitize-payload" {
			return w
		}
	}
	return ""
}

func sameStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// perms is the normalized effect of one selector.
type perms struct {
	label     string
	root      bool
	future    bool
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
			p.keys["*"] = acl.PermRW
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
	if x.future && !y.future {
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
// at least the same permissions, as rules, sorted.
func uncoveredKeys(a, b map[string]acl.Perm) []string {
	var out []string
	ix := newKeyCover(b)
	for p, pp := range a {
		if !ix.covered(p, pp, true) {
			out = append(out, keyRule(p, pp))
		}
	}
	sort.Strings(out)
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

func keyRule(pattern string, p acl.Perm) string {
	if p == acl.PermRW {
		return "~" + pattern
	}
	return "%" + p.String() + "~" + pattern
}

// uncoveredChannels returns the channel patterns of a that b does not
// grant, as rules, sorted.
func uncoveredChannels(a, b map[string]bool) []string {
	if b["*"] {
		return nil
	}
	var out []string
	for c := range a {
		if !b[c] {
			out = append(out, "&"+c)
		}
	}
	sort.Strings(out)
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
// ones that differ.
func compareSelectors(t *category.Table, olds, news []*perms) []SelectorDiff {
	eo, en := effective(olds), effective(news)
	equivalent := true
	for _, x := range eo {
		equivalent = equivalent && slices.ContainsFunc(en, func(y *perms) bool { return subsumes(y, x) })
	}
	for _, y := range en {
		equivalent = equivalent && slices.ContainsFunc(eo, func(x *perms) bool { return subsumes(x, y) })
	}
	if equivalent {
		return nil
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
	var out []SelectorDiff
	switch {
	case len(ro) == 1 && len(rn) == 1:
		return []SelectorDiff{compareTwo(t, ro[0], rn[0])}
	case len(ro) == 0 && len(rn) == 1 && rn[0].root:
		return []SelectorDiff{compareTwo(t, olds[0], rn[0])}
	case len(ro) == 1 && len(rn) == 0 && ro[0].root:
		return []SelectorDiff{compareTwo(t, ro[0], news[0])}
	}
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
	return out
}

// compareTwo describes the difference between two selectors.
func compareTwo(t *category.Table, x, y *perms) SelectorDiff {
	d := SelectorDiff{Old: x.label, New: y.label}
	if x.future != y.future {
		d.Future = &Change[bool]{x.future, y.future}
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
	d.GainedKeys = annotate(uncoveredKeys(y.keys, x.keys), x.keys)
	d.LostKeys = annotate(uncoveredKeys(x.keys, y.keys), y.keys)
	d.GainedChannels = uncoveredChannels(y.channels, x.channels)
	d.LostChannels = uncoveredChannels(x.channels, y.channels)
	return d
}

// annotate pairs each rule with the other side's rule for the same
// pattern.
func annotate(rules []string, other map[string]acl.Perm) []KeyChange {
	var out []KeyChange
	for _, r := range rules {
		k := KeyChange{Rule: r}
		_, pattern, _ := strings.Cut(r, "~")
		if p, ok := other[pattern]; ok {
			k.Other = keyRule(pattern, p)
		}
		out = append(out, k)
	}
	return out
}

// commandDelta lists what y allows and x does not: commands, then first
// arguments of commands y does not allow in full; containers all of whose
// subcommands are in the list are named instead of them. n counts commands
// and subcommands.
func commandDelta(t *category.Table, x, y *perms) (names []string, n int) {
	gained := func(c *category.Command) bool { return y.allows(c.ID) && !x.allows(c.ID) }
	for c := range t.All() {
		switch {
		case c.IsContainer():
			all := true
			for _, s := range c.Subcommands {
				all = all && (gained(s) || !counted(s))
			}
			if all && slices.ContainsFunc(c.Subcommands, gained) {
				names = append(names, c.Name)
			}
		case gained(c):
			n++
			if c.Parent == nil || !allSubsGained(c.Parent, gained) {
				names = append(names, c.Name)
			}
		case !y.allows(c.ID) && !x.allows(c.ID):
			for _, a := range y.firstArgs[c.ID] {
				if !slices.Contains(x.firstArgs[c.ID], a) {
					names = append(names, c.Name+"|"+a)
					n++
				}
			}
		}
	}
	sort.Strings(names)
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

// Lines returns the differences as text, one per line, e.g.
//
//	user: on → off
//	root: gains 1 command: set
//	root: loses keys: ~tmp:*
//	selector (~x +get): added
func (d *Diff) Lines() []string {
	var out []string
	if d.Enabled != nil {
		out = append(out, fmt.Sprintf("user: %s → %s", onOff(d.Enabled.Old), onOff(d.Enabled.New)))
	}
	if d.NoPass != nil {
		out = append(out, fmt.Sprintf("nopass: %s → %s", yesNo(d.NoPass.Old), yesNo(d.NoPass.New)))
	}
	if p := d.Passwords; p != nil {
		if p.Old == p.New {
			out = append(out, fmt.Sprintf("passwords: %d, changed (not shown)", p.New))
		} else {
			out = append(out, fmt.Sprintf("passwords: %d → %d (not shown)", p.Old, p.New))
		}
	}
	if s := d.Sanitize; s != nil {
		out = append(out, fmt.Sprintf("payload sanitizing: %s → %s", orDefault(s.Old), orDefault(s.New)))
	}
	for _, s := range d.Selectors {
		out = append(out, s.lines()...)
	}
	return out
}

func (s *SelectorDiff) lines() []string {
	switch {
	case s.Old == "":
		return []string{"selector " + s.New + ": added"}
	case s.New == "":
		return []string{"selector " + s.Old + ": removed"}
	}
	name := label(s.Old)
	if s.Old != s.New {
		name += " → " + label(s.New)
	}
	var out []string
	add := func(format string, args ...any) { out = append(out, name+": "+fmt.Sprintf(format, args...)) }
	if s.Future != nil {
		add("may run commands added later: %s → %s", yesNo(s.Future.Old), yesNo(s.Future.New))
	}
	if len(s.GainedCommands) > 0 {
		add("gains %s: %s", plural(s.NumGained, "command"), strings.Join(s.GainedCommands, " "))
	}
	if len(s.CompletedCategories) > 0 {
		add("now allows all of %s", strings.Join(s.CompletedCategories, " "))
	}
	if len(s.LostCommands) > 0 {
		add("loses %s: %s", plural(s.NumLost, "command"), strings.Join(s.LostCommands, " "))
	}
	if len(s.BrokenCategories) > 0 {
		add("no longer allows all of %s", strings.Join(s.BrokenCategories, " "))
	}
	if len(s.GainedKeys) > 0 {
		add("gains keys: %s", strings.Join(fixNotes(s.GainedKeys, "was"), " "))
	}
	if len(s.LostKeys) > 0 {
		add("loses keys: %s", strings.Join(fixNotes(s.LostKeys, "now"), " "))
	}
	if len(s.GainedChannels) > 0 {
		add("gains channels: %s", strings.Join(s.GainedChannels, " "))
	}
	if len(s.LostChannels) > 0 {
		add("loses channels: %s", strings.Join(s.LostChannels, " "))
	}
	return out
}

// fixNotes writes key changes as "~a" or "~a (was %R~a)".
func fixNotes(keys []KeyChange, word string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Rule
		if k.Other != "" {
			out[i] += " (" + word + " " + k.Other + ")"
		}
	}
	return out
}

func label(s string) string {
	if s == "root" {
		return "root"
	}
	return "selector " + s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDefault(s string) string {
	if s == "" {
		return "server default"
	}
	return s
}
