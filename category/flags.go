package category

import "strings"

var keyFlagNames = [...]string{"RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags"}

// String returns the flag names as COMMAND INFO spells them, separated by
// spaces ("RW access update"), or "" for no flags.
func (f KeyFlag) String() string {
	var b strings.Builder
	for i, n := range keyFlagNames {
		if f&(1<<i) != 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(n)
		}
	}
	return b.String()
}

var commandFlagNames = [...]string{"write", "readonly", "admin", "pubsub", "noscript", "blocking", "loading", "stale", "fast", "no_auth", "movablekeys", "denyoom", "no_multi"}

// String returns the flag names as COMMAND INFO spells them, separated by
// spaces ("write denyoom"), or "" for no flags.
func (f CommandFlag) String() string {
	var b strings.Builder
	for i, n := range commandFlagNames {
		if f&(1<<i) != 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(n)
		}
	}
	return b.String()
}

// String returns the category names with '@', separated by spaces, in
// category order ("@write @string @slow").
func (s Categories) String() string {
	var b strings.Builder
	for i, n := range categoryNames {
		if s.Has(Category(i)) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte('@')
			b.WriteString(n)
		}
	}
	return b.String()
}
