package lint

import (
	"regexp"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

var idPattern = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*$`)

// at returns the range of f, or of the resource when f is absent.
func at(f Field, fallback acl.Range) acl.Range {
	if f.Set && f.Range.Start.IsValid() {
		return f.Range
	}
	return fallback
}

// memberUser resolves a group member to a user of the input, or nil.
func memberUser(in *Input, g *Group, m Member) *User {
	if m.Ref != nil {
		return m.Ref
	}
	if !m.Literal {
		return nil
	}
	for _, u := range in.Users {
		if u.Modify || u.Service != g.Service {
			continue
		}
		if g.Service == MemoryDB && strings.EqualFold(u.UserName.Value, m.Value) ||
			g.Service != MemoryDB && strings.EqualFold(u.UserID.Value, m.Value) {
			return u
		}
	}
	return nil
}

// memberName returns the user name of a member: the resolved user's name,
// "default" for ElastiCache's built-in default user id, or for MemoryDB the
// entry itself (MemoryDB lists user names). ok is false when unknown.
func memberName(in *Input, g *Group, m Member) (string, bool) {
	if u := memberUser(in, g, m); u != nil {
		return u.Name(), u.Name() != "" || u.UserName.Literal || u.UserID.Literal
	}
	if !m.Literal {
		return "", false
	}
	if g.Service == MemoryDB || strings.EqualFold(m.Value, "default") {
		return m.Value, true
	}
	return "", false
}

func (u *User) isNoPassword() bool {
	return strings.EqualFold(u.NoPasswordRequired.Value, "true") || strings.EqualFold(u.AuthType.Value, "no-password-required")
}

func (u *User) passwordFields() []Field {
	return append(append([]Field(nil), u.Passwords...), u.AuthPasswords...)
}
