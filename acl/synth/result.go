package synth

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/category"
)

// Result is the synthesized users.
type Result struct {
	Users  []*User
	byName map[string]*User
	s      *Synthesizer
}

// User is one synthesized user.
type User struct {
	Name string `json:"name"`
	// Access is the access string (no password: add one, or nopass).
	Access string `json:"access"`
	// BeyondTrace says what Access allows beyond the trace that matters.
	BeyondTrace []string `json:"beyond_trace"`
	// Unavailable lists the needed commands the service forbids; Access
	// leaves them out.
	Unavailable []string `json:"unavailable"`
	// Client lists the commands added for the client library.
	Client []Addition `json:"client,omitempty"`
	// Notes are remarks for a human: skipped lines, broadened patterns.
	Notes []string `json:"notes,omitempty"`
	// Events is the number of traced events of the user.
	Events int `json:"events"`
	// Compiled is Access compiled for the table.
	Compiled *acl.User `json:"-"`
}

// Result builds the access string of each user, in the order the trace
// first named them.
func (s *Synthesizer) Result() (*Result, error) {
	r := &Result{byName: map[string]*User{}, s: s}
	for _, name := range s.order {
		u, err := s.build(name, s.users[name])
		if err != nil {
			return nil, err
		}
		r.Users = append(r.Users, u)
		r.byName[name] = u
	}
	return r, nil
}

// Check replays an event through [acl.User.Check] on its user's result.
// ok is false for events Check cannot replay (ACL LOG channel entries, and
// events of users the result does not have); for other ACL LOG entries
// the decision is Allowed when the result grants the command and the key.
func (r *Result) Check(ev Event) (d acl.Decision, ok bool) {
	u := r.byName[r.s.UserOf(ev)]
	if u == nil {
		return d, false
	}
	if ev.Need == nil {
		return u.Compiled.Check(ev.Argv), true
	}
	return acl.Decision{}, false
}

// Allows reports whether the result grants an ACL LOG entry's permission
// (the command, and the key with the permission its command needs).
func (r *Result) Allows(ev Event) (allowed, ok bool) {
	u := r.byName[r.s.UserOf(ev)]
	if u == nil || ev.Need == nil || ev.Need.Reason == "channel" {
		return false, false
	}
	t := r.s.o.Table
	c := t.Lookup(ev.Need.Command)
	if c == nil {
		return false, true
	}
	if !u.Compiled.Allows(0, c) {
		return false, true
	}
	if ev.Need.Reason == "key" {
		p := specPerm(c)
		if p == 0 {
			p = acl.PermRW
		}
		return u.Compiled.KeyAllowed(0, ev.Need.Object, p), true
	}
	return true, true
}

// typeCategories are the categories Options.Categories allows whole.
var typeCategories = []category.Category{
	category.String, category.Hash, category.List, category.Set, category.SortedSet,
	category.Stream, category.Bitmap, category.HyperLogLog, category.Geo, category.PubSub,
	category.Transaction, category.Scripting, category.Connection,
}

func (s *Synthesizer) build(name string, n *needs) (*User, error) {
	t := s.o.Table
	u := &User{Name: name, Events: n.events, BeyondTrace: []string{}, Unavailable: []string{}}
	words := []string{"on"}

	// Keys: a pattern another one covers with at least its permissions
	// is left out.
	keys := slices.Collect(maps.Keys(n.keys))
	slices.SortFunc(keys, func(a, b pattern) int { return strings.Compare(a.text, b.text) })
	for _, k := range keys {
		p := n.keys[k]
		if slices.ContainsFunc(keys, func(o pattern) bool { return o != k && o.covers(k) && n.keys[o]&p == p }) {
			continue
		}
		g, broad := k.glob()
		if broad {
			u.Notes = append(u.Notes, fmt.Sprintf("key pattern %s replaces bytes an ACL line cannot hold by '?': it matches more names", g))
		}
		switch p {
		case acl.PermRead:
			words = append(words, "%R~"+g)
		case acl.PermWrite:
			words = append(words, "%W~"+g)
		default:
			words = append(words, "~"+g)
		}
		if k.prefix {
			u.BeyondTrace = append(u.BeyondTrace, fmt.Sprintf("key pattern %s allows every key starting with %q, not only the traced ones", g, k.text))
		}
	}
	chans := slices.Collect(maps.Keys(n.channels))
	slices.SortFunc(chans, func(a, b pattern) int { return strings.Compare(a.text, b.text) })
	for _, c := range chans {
		if slices.ContainsFunc(chans, func(o pattern) bool { return o != c && o.covers(c) }) {
			continue
		}
		g, broad := c.glob()
		if broad && c.literal {
			u.Notes = append(u.Notes, fmt.Sprintf("PSUBSCRIBE pattern %q cannot be written in an ACL line; left out", c.text))
			continue
		}
		words = append(words, "&"+g)
		if c.prefix {
			u.BeyondTrace = append(u.BeyondTrace, fmt.Sprintf("channel pattern &%s allows every channel starting with %q", g, c.text))
		}
	}

	// Commands.
	cmds := map[*category.Command]bool{}
	for c := range n.cmds {
		cmds[c] = true
	}
	if s.o.Client != "" {
		for _, a := range clients[s.o.Client] {
			c := t.Lookup(a.Command)
			if c == nil || cmds[c] {
				continue
			}
			cmds[c] = true
			u.Client = append(u.Client, a)
		}
	}
	allowed := map[*category.Command]bool{}
	for c := range cmds {
		if s.unavailable(c) {
			u.Unavailable = append(u.Unavailable, c.Name)
			continue
		}
		allowed[c] = true
	}
	firstArgs := map[*category.Command][]string{}
	for c, args := range n.firstArgs {
		if s.unavailable(c) {
			u.Unavailable = append(u.Unavailable, c.Name)
			continue
		}
		if allowed[c] {
			continue
		}
		for a := range args {
			firstArgs[c] = append(firstArgs[c], a)
		}
		slices.Sort(firstArgs[c])
	}
	slices.Sort(u.Unavailable)
	u.Unavailable = slices.Compact(u.Unavailable)
	words = append(words, s.commandWords(allowed, firstArgs)...)

	u.Access = strings.Join(words, " ")
	a, err := acl.Parse(u.Access, acl.WithDialect(acl.DialectOf(t)))
	if err != nil {
		return nil, fmt.Errorf("synth: %s: the synthesized string does not parse: %w", name, err)
	}
	cu, err := acl.Compile(a, t, name)
	if err != nil {
		return nil, fmt.Errorf("synth: %s: the synthesized string does not compile: %w", name, err)
	}
	u.Compiled = cu
	b, err := beyond(cu)
	if err != nil {
		return nil, fmt.Errorf("synth: %s: %w", name, err)
	}
	u.BeyondTrace = append(u.BeyondTrace, b...)
	if n.fromLog {
		u.Notes = append(u.Notes, "ACL LOG denials give what the user lacked, not what it has: merge these rules with its current ones")
	}
	for reason, count := range n.unknown {
		u.Notes = append(u.Notes, fmt.Sprintf("%d traced lines skipped: %s", count, reason))
	}
	slices.Sort(u.Notes)
	return u, nil
}

func (s *Synthesizer) unavailable(c *category.Command) bool {
	if s.target == nil {
		return false
	}
	sev, ok := s.target.Restriction(c)
	return ok && sev == lint.Error
}

// commandWords returns the command rules: explicit commands, or with
// Options.Categories the data-type categories less @dangerous plus the
// rest explicitly.
func (s *Synthesizer) commandWords(allowed map[*category.Command]bool, firstArgs map[*category.Command][]string) []string {
	var words []string
	rest := allowed
	if s.o.Categories {
		rest = map[*category.Command]bool{}
		cats := map[category.Category]bool{}
		for c := range allowed {
			found := false
			for _, cat := range typeCategories {
				if c.Categories.Has(cat) && !c.Categories.Has(category.Dangerous) {
					cats[cat], found = true, true
					break
				}
			}
			if !found {
				rest[c] = true
			}
		}
		for _, cat := range typeCategories {
			if cats[cat] {
				words = append(words, "+@"+cat.String())
			}
		}
		if len(cats) > 0 {
			words = append(words, "-@dangerous")
		}
	}
	for _, name := range sortedNames(rest) {
		words = append(words, "+"+name)
	}
	var fa []string
	for c, args := range firstArgs {
		for _, a := range args {
			fa = append(fa, "+"+c.Name+"|"+a)
		}
	}
	slices.Sort(fa)
	return append(words, fa...)
}

// beyond returns what u allows that matters beyond the trace, from the
// boundaries analysis ([reach]): how it reaches every key whatever its key
// patterns, how it escalates, and the @dangerous commands it may run.
func beyond(u *acl.User) ([]string, error) {
	var out []string
	set := reach.New([]*acl.User{u})
	for _, q := range []struct {
		what  string
		query reach.Query
	}{{"reaches every key", reach.AllKeysQuery()}, {"escalates", reach.EscalateQuery()}} {
		a, err := set.WhoCan(q.query)
		if err != nil {
			return nil, err
		}
		for _, g := range a.Grants {
			out = append(out, fmt.Sprintf("%s: %s (%s)", q.what, strings.Join(g.Witness, " "), g.Note))
		}
		for _, x := range a.Undecided {
			out = append(out, fmt.Sprintf("%s: undecided: %s", q.what, x.Reason))
		}
	}
	for c := range u.Table().All() {
		if !c.IsContainer() && c.Categories.Has(category.Dangerous) && u.Allows(0, c) {
			out = append(out, "dangerous: "+c.Name+" is in @dangerous")
		}
	}
	return out, nil
}
