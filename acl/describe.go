package acl

import (
	"strings"

	"github.com/aclcheck/aclcheck/category"
)

// ACLList returns the user's line as the engine's ACL LIST prints it:
// "user NAME flags passwords root-selector (selector)...". Password digests
// are printed as ACL LIST does; use [User.Describe] with redact for output
// people see.
func (u *User) ACLList() string { return "user " + u.name + " " + u.DescribeWith(DescribeOptions{}) }

// Describe returns the rules part of the ACL LIST line (without "user
// NAME"): the normalized form of the user's access string. With redact,
// password digests are masked ("#***").
func (u *User) Describe(redact bool) string { return u.DescribeWith(DescribeOptions{Redact: redact}) }

// DescribeOptions say what [User.DescribeWith] masks or leaves out of the
// ACL LIST form.
type DescribeOptions struct {
	// Redact masks password digests ("#***").
	Redact bool
	// NoHashes leaves password digests out.
	NoHashes bool
	// NoSanitizePayload leaves out the sanitize-payload flag, which Redis
	// 7.2 and Valkey give every new user.
	NoSanitizePayload bool
	// NoChannels leaves out the channel rules of every selector
	// (resetchannels, &*, &pattern).
	NoChannels bool
}

// DescribeWith is [User.Describe] with the parts o names masked or left
// out, so that callers need not edit its text.
func (u *User) DescribeWith(o DescribeOptions) string {
	var b strings.Builder
	if u.enabled {
		b.WriteString("on ")
	} else {
		b.WriteString("off ")
	}
	if u.nopass {
		b.WriteString("nopass ")
	}
	if s := u.Sanitize(); s != SanitizeDefault && !(o.NoSanitizePayload && s == SanitizeOn) {
		b.WriteString(s.String())
		b.WriteByte(' ')
	}
	for _, p := range u.passwords {
		if o.NoHashes {
			break
		}
		if o.Redact {
			p = Mask
		}
		b.WriteString("#" + p + " ")
	}
	for i, s := range u.selectors {
		if i == 0 {
			u.describeSelector(&b, s, o.NoChannels)
			continue
		}
		b.WriteString(" (")
		u.describeSelector(&b, s, o.NoChannels)
		b.WriteString(")")
	}
	return b.String()
}

func (u *User) describeSelector(b *strings.Builder, s *selector, noChannels bool) {
	if s.allKeys {
		b.WriteString("~* ")
	} else {
		for _, k := range s.keys {
			switch k.perm {
			case PermRead:
				b.WriteString("%R~")
			case PermWrite:
				b.WriteString("%W~")
			default:
				b.WriteString("~")
			}
			b.WriteString(k.pattern)
			b.WriteByte(' ')
		}
	}
	switch {
	case noChannels:
	case s.allChannels:
		b.WriteString("&* ")
	default:
		b.WriteString("resetchannels ")
		for _, c := range s.channels {
			b.WriteString("&" + c + " ")
		}
	}
	if u.dialect == Redis70 {
		u.describeCommands70(b, s)
		return
	}
	if s.future {
		b.WriteString("+@all")
	} else {
		b.WriteString("-@all")
	}
	for _, r := range s.rules {
		if r.name == "" {
			continue // dropped (see updateRules)
		}
		if r.allow {
			b.WriteString(" +")
		} else {
			b.WriteString(" -")
		}
		b.WriteString(r.name)
	}
}

// describeCommands70 is Redis 7.0's ACLDescribeSelectorCommandRules: it
// re-derives rules from the bitmap, greedily choosing categories, then
// single commands. Redis prints the single commands in the random order of
// its command dictionary; this prints them in table order.
func (u *User) describeCommands70(b *strings.Builder, s *selector) {
	t := u.table
	additive := !s.future
	fake := newSelector(t)
	fake.setAll(!additive)
	temp := s.clone()
	if additive {
		b.WriteString("-@all")
	} else {
		b.WriteString("+@all")
	}
	cats := t.Categories()
	applied := make([]bool, category.JSON+1)
	for {
		best := category.Category(0)
		found := false
		minDiff, maxSame := int(^uint(0)>>1), 0
		for _, cat := range cats {
			if applied[cat] {
				continue
			}
			on, off := 0, 0
			for _, c := range t.Members(cat) {
				if temp.bit(c.ID) {
					on++
				} else {
					off++
				}
			}
			diff, same := on, off
			if additive {
				diff, same = off, on
			}
			if same > diff && (diff < minDiff || diff == minDiff && same > maxSame) {
				best, found, minDiff, maxSame = cat, true, diff, same
			}
		}
		if !found {
			break
		}
		if additive {
			b.WriteString(" +@")
		} else {
			b.WriteString(" -@")
		}
		b.WriteString(best.String())
		fake.setCategory(t, best, additive)
		temp.setCategory(t, best, !additive)
		applied[best] = true
	}
	var single func(c *category.Command)
	single = func(c *category.Command) {
		userBit := s.bit(c.ID)
		if userBit != fake.bit(c.ID) {
			if userBit {
				b.WriteString(" +")
			} else {
				b.WriteString(" -")
			}
			b.WriteString(c.Name)
			fake.changePerm(c, userBit)
		}
		for _, sub := range c.Subcommands {
			single(sub)
		}
		if !userBit {
			for _, a := range s.firstArgs[c.ID] {
				b.WriteString(" +" + c.Name + "|" + a)
			}
		}
	}
	for c := range t.Top() {
		single(c)
	}
}
