package lint

import (
	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// compiledAccess returns the literal access string of an AWS user
// definition compiled for the target, or nil when there is none or it has
// errors.
func compiledAccess(p *Pass, u *input.User) *acl.User {
	if u.Access == nil {
		return nil
	}
	a, err := acl.Parse(u.Access.Text, acl.WithDialect(acl.DialectOf(p.Table)))
	if a == nil || err != nil {
		return nil
	}
	cu, err := acl.Compile(a, p.Table, u.Name())
	if err != nil {
		return nil
	}
	return cu
}

// disabled reports whether the access string of u is known to leave the
// user off (no one can authenticate as it).
func disabled(p *Pass, u *input.User) bool {
	cu := compiledAccess(p, u)
	return cu != nil && !cu.Enabled()
}
