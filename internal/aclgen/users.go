package aclgen

import (
	"fmt"
	"iter"

	"github.com/aclcheck/aclcheck/acl"
)

// Users compiles n generated access strings that are safe to send to every
// engine (Safe, without NUL, CR or LF) and that compile, naming the users
// u0, u1, …; access[i] is the access string of users[i]. Set Invalid to 0
// first unless rejected strings should cost draws.
func (g *Gen) Users(n int) (users []*acl.User, access []string) {
	for len(users) < n {
		a := g.Access()
		if !Safe(a) || HasSpecial(a) {
			continue
		}
		p, err := acl.Parse(a, acl.WithDialect(acl.DialectOf(g.t)))
		if err != nil {
			continue
		}
		u, err := acl.Compile(p, g.t, fmt.Sprintf("u%d", len(users)))
		if err != nil {
			continue
		}
		users, access = append(users, u), append(access, a)
	}
	return users, access
}

// Allowed yields, of n command lines drawn for access, those that u (of
// that access) is allowed to run, each with its decision. Disabled users
// are allowed nothing, so nothing is drawn for them.
func (g *Gen) Allowed(u *acl.User, access string, n int) iter.Seq2[[]string, acl.Decision] {
	return func(yield func([]string, acl.Decision) bool) {
		if !u.Enabled() {
			return
		}
		for range n {
			argv := g.Argv(access)
			if d := u.Check(argv); d.Allowed() && !yield(argv, d) {
				return
			}
		}
	}
}
