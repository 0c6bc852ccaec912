package reach

import "github.com/aclcheck/aclcheck/internal/lossless"

// Tenant is a set of users that own key and channel patterns.
type Tenant struct {
	Name     string
	Users    []string
	Keys     []string
	Channels []string
}

// Breach is a counterexample to isolation: a user who reaches a tenant's
// keys or channels from outside, or (strictly) a tenant's own user who
// reaches beyond them.
type Breach struct {
	Tenant string `json:"tenant"`
	// What is "reads", "writes", "channel", or with strictness "reads
	// outside", "writes outside", "channel outside".
	What string `json:"what"`
	Grant
}

// MarshalJSON encodes the tenant and what, then the grant as
// [Grant.MarshalJSON] does.
func (b Breach) MarshalJSON() ([]byte, error) {
	return lossless.Object{struct {
		Tenant string `json:"tenant"`
		What   string `json:"what"`
	}{b.Tenant, b.What}, b.Grant}.MarshalJSON()
}

// Isolation is the answer of [Set.Isolate].
type Isolation struct {
	Breaches  []Breach    `json:"breaches"`
	Undecided []Undecided `json:"undecided,omitempty"`
}

// Isolated reports whether isolation is proven.
func (i *Isolation) Isolated() bool { return len(i.Breaches) == 0 && len(i.Undecided) == 0 }

// Isolate proves that no enabled user outside a tenant (other than the
// trusted ones) can read or write a key matching the tenant's key patterns,
// or publish or subscribe to a channel matching its channel patterns, or
// finds every user who can, with a witness per user and kind. Keyless
// commands that read every key name or destroy every key (KEYS, SCAN,
// FLUSHALL, …) reach the tenant's keys too. With strict, a tenant's own
// users must also stay inside the tenant's patterns.
func (s *Set) Isolate(tenants []Tenant, trusted []string, strict bool) (*Isolation, error) {
	out := &Isolation{Breaches: []Breach{}}
	skip := map[string]bool{}
	for _, u := range trusted {
		skip[u] = true
	}
	for _, t := range tenants {
		keys, chans := patternTarget(t.Keys...), patternTarget(t.Channels...)
		own := map[string]bool{}
		for _, u := range t.Users {
			own[u] = true
		}
		for _, x := range s.users {
			name := x.u.Name()
			if !x.u.Enabled() || skip[name] || own[name] && !strict {
				continue
			}
			var checks []struct {
				what string
				run  func() (*Grant, string, error)
			}
			add := func(what string, run func() (*Grant, string, error)) {
				checks = append(checks, struct {
					what string
					run  func() (*Grant, string, error)
				}{what, run})
			}
			in, suffix, cin := keys, "", chans
			if own[name] {
				in, suffix = target{out: keys.in}, " outside"
				cin = target{out: chans.in}
			}
			if len(t.Keys) > 0 || own[name] {
				add("reads"+suffix, func() (*Grant, string, error) { return s.canKey(x, readRole, in) })
				add("writes"+suffix, func() (*Grant, string, error) { return s.canKey(x, writeRole, in) })
				add("every key", func() (*Grant, string, error) { return s.keylessOf(x), "", nil })
			}
			if len(t.Channels) > 0 || own[name] {
				add("channel"+suffix, func() (*Grant, string, error) { return s.canChannel(x, cin) })
			}
			for _, c := range checks {
				g, undecided, err := c.run()
				switch {
				case err != nil:
					return nil, err
				case g != nil:
					out.Breaches = append(out.Breaches, Breach{Tenant: t.Name, What: c.what, Grant: *g})
				case undecided != "":
					out.Undecided = append(out.Undecided, Undecided{User: name, Reason: t.Name + ": " + undecided})
				}
			}
		}
	}
	return out, nil
}

// keyless returns the grant of a keyless command that reaches every key,
// or nil.
func (s *Set) keyless(x *user) *Grant {
	for _, k := range allKeysCommands {
		if x.u.Check(k.argv).Allowed() {
			g := x.grant(k.argv, 0, k.note)
			return &g
		}
	}
	return nil
}

// keylessOf is keyless, cached per user.
func (s *Set) keylessOf(x *user) *Grant {
	if !x.keylessDone {
		x.keyless, x.keylessDone = s.keyless(x), true
	}
	return x.keyless
}
