package aclgen

import (
	"fmt"

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
