package acl

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// Compile applies the rules of a to a new user named name, as ACL SETUSER
// name rules... does; see [User.Apply].
//
// Like ACL SETUSER it first rejects a name holding whitespace or a NUL byte
// ([ErrBadUserName]).
func Compile(a *AccessString, t *category.Table, name string) (*User, error) {
	if strings.ContainsAny(name, " \t\n\v\f\r\x00") {
		return nil, &Error{Word: name, Modifier: name, Err: ErrBadUserName}
	}
	if a.Err != nil {
		return nil, a.Err
	}
	u := NewUser(name, t) // not shared yet: apply in place
	if err := u.applyAll(a); err != nil {
		return nil, err
	}
	return u, nil
}

// Apply returns the user after applying the rules of a, continuing from
// u's state as a second ACL SETUSER does. Like Redis it is atomic: at the
// first failing rule it returns u unchanged and an [*Error] whose Reply is
// the server's.
func (u *User) Apply(a *AccessString) (*User, error) {
	if a.Err != nil {
		return u, a.Err
	}
	nu := *u
	nu.passwords = append([]string(nil), u.passwords...)
	nu.selectors = append([]*selector(nil), u.selectors...)
	nu.selectors[0] = u.selectors[0].clone()
	if err := nu.applyAll(a); err != nil {
		return u, err
	}
	return &nu, nil
}

// applyAll applies the rules of a to u, which nobody else holds yet.
func (u *User) applyAll(a *AccessString) *Error {
	for _, r := range a.Rules {
		if err := u.apply(r); err != nil {
			return err
		}
	}
	u.selectors[0].finish()
	return nil
}

// SetUser parses access in the user's dialect and applies it.
func (u *User) SetUser(access string) (*User, error) {
	a, err := Parse(access, WithDialect(u.dialect))
	if a == nil {
		return u, err
	}
	return u.Apply(a)
}

func ruleError(r Rule, sentinel error, detail string) *Error {
	w := ruleText(r) // as written, for the exact reply; Error masks it
	_, secret := r.(*Password)
	return &Error{Range: r.Range(), Rule: r, Word: w, Modifier: w, Err: sentinel, Detail: detail, secret: secret}
}

// dbRuleError is the error of a Valkey 9.1 database rule (db=, alldbs,
// resetdbs) on the older engines aclcheck models.
func dbRuleError(r Rule) *Error {
	return ruleError(r, engineTooOld{}, "database rules need Valkey 9.1 or later")
}

func (u *User) apply(r Rule) *Error {
	root := u.selectors[0]
	switch n := r.(type) {
	case *Keyword:
		switch n.Kind {
		case On:
			u.enabled = true
		case Off:
			u.enabled = false
		case SkipSanitizePayload:
			u.sanitize = skipSanitizePayload
		case SanitizePayload:
			u.sanitize = sanitizePayload
		case NoPass:
			u.nopass, u.passwords = true, nil
		case ResetPass:
			u.nopass, u.passwords = false, nil
		case ClearSelectors:
			u.selectors = u.selectors[:1]
		case Reset:
			u.nopass, u.passwords = false, nil
			u.enabled = false
			u.sanitize = sanitizePayload
			u.selectors = u.selectors[:1]
			root.resetKeys(false)
			root.resetChannels(false)
			root.setAll(false)
			if !root.noHistory {
				root.applied = append(root.applied[:0], r)
			}
		default:
			return u.applySelector(root, r)
		}
		return nil
	case *Password:
		if err := RuleError(n); err != nil {
			return err
		}
		hash := n.Secret()
		if n.Op == AddPassword || n.Op == RemovePassword {
			sum := sha256.Sum256([]byte(n.Secret()))
			hash = hex.EncodeToString(sum[:])
		}
		i := indexOf(u.passwords, hash)
		switch n.Op {
		case AddPassword, AddHash:
			if i < 0 {
				u.passwords = append(u.passwords, hash)
			}
			u.nopass = false
		default:
			if i < 0 {
				return ruleError(n, ErrNoSuchPassword, "")
			}
			u.passwords = append(u.passwords[:i:i], u.passwords[i+1:]...)
		}
		return nil
	case *Selector:
		s := newSelector(u.table)
		s.src = n
		if !n.QuoteError {
			for _, sub := range n.Rules {
				if err := u.applySelector(s, sub); err != nil {
					err.Modifier = n.Word
					return err
				}
			}
		}
		s.finish()
		u.selectors = append(u.selectors, s)
		return nil
	}
	return u.applySelector(root, r)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// applySelector is ACLSetSelector.
func (u *User) applySelector(s *selector, r Rule) *Error {
	t := u.table
	switch n := r.(type) {
	case *Keyword:
		switch n.Kind {
		case AllKeys:
			s.resetKeys(true)
		case ResetKeys:
			s.resetKeys(false)
		case AllChannels:
			s.resetChannels(true)
		case ResetChannels:
			s.resetChannels(false)
		case AllCommands:
			s.setAll(true)
		case NoCommands:
			s.setAll(false)
		case AllDBs, ResetDBs:
			return dbRuleError(n)
		default:
			return ruleError(n, ErrSyntax, "")
		}
	case *KeyPattern:
		if s.allKeys {
			return ruleError(n, ErrKeyAfterAllKeys, "")
		}
		if err := keyError(t, n); err != nil {
			return err
		}
		s.addKey(n)
	case *ChannelPattern:
		if s.allChannels {
			return ruleError(n, ErrChannelAfterAll, "")
		}
		if err := RuleError(n); err != nil {
			return err
		}
		s.addChannel(n.Pattern)
	case *CommandRule:
		target, firstArg, err := bindCommand(t, n)
		if err != nil {
			return err
		}
		switch {
		case firstArg:
			s.addFirstArg(target.ID, n.Arg)
			s.updateRules(n.Name, true)
		case n.Allow && n.HasArg:
			s.changePerm(target, true)
			s.updateRules(n.Name, true)
		default:
			s.changePerm(target, n.Allow)
			s.updateRules(target.Name, n.Allow)
		}
	case *CategoryRule:
		cat, err := bindCategory(t, n)
		if err != nil {
			return err
		}
		s.setCategory(t, cat, n.Allow)
		if !s.noHistory {
			s.updateRules("@"+n.Name, n.Allow)
		}
	case *DBRule:
		return dbRuleError(n)
	case *BadRule:
		return n.Err
	default:
		return ruleError(r, ErrSyntax, "")
	}
	if !s.noHistory {
		s.applied = append(s.applied, r)
	}
	return nil
}
