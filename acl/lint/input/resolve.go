package input

import (
	"iter"
	"slices"
	"strings"
)

// User returns the user of in that member m of g refers to, or nil.
func (g *Group) User(in *Input, m Member) *User {
	if m.Ref != nil {
		return m.Ref
	}
	if !m.Literal {
		return nil
	}
	for _, u := range slices.Concat(in.Users, in.Context) {
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

// Users yields each member of g with the user of in it refers to (nil when
// it is not defined in in).
func (g *Group) Users(in *Input) iter.Seq2[Member, *User] {
	return func(yield func(Member, *User) bool) {
		for _, m := range g.Members {
			if !yield(m, g.User(in, m)) {
				return
			}
		}
	}
}

// MemberName returns the user name of member m of g: the resolved user's
// name, "default" for ElastiCache's built-in default user id, or for
// MemoryDB the entry itself (MemoryDB lists user names). ok is false when
// it is unknown.
func (g *Group) MemberName(in *Input, m Member) (string, bool) {
	if u := g.User(in, m); u != nil {
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

// RedisGroups yields the ElastiCache user groups of in whose engine is
// redis.
func (in *Input) RedisGroups() iter.Seq[*Group] {
	return func(yield func(*Group) bool) {
		for _, g := range in.Groups {
			if g.Service != MemoryDB && strings.EqualFold(g.Engine.Value, "redis") && !yield(g) {
				return
			}
		}
	}
}

// NoPassword reports whether u authenticates without a password
// (NoPasswordRequired, or authentication type no-password-required).
func (u *User) NoPassword() bool {
	return strings.EqualFold(u.NoPasswordRequired.Value, "true") || strings.EqualFold(u.AuthType.Value, "no-password-required")
}

// AllPasswords returns the passwords of Passwords and AuthPasswords.
func (u *User) AllPasswords() []Field {
	return append(append([]Field(nil), u.Passwords...), u.AuthPasswords...)
}
