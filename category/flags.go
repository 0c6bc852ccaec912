package category

import "strings"

var keyFlagNames = [...]string{"RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags"}

// String returns the flag names as COMMAND INFO spells them, separated by
// spaces ("RW access update"), or "" for no flags.
func (f KeyFlag) String() string {
	return joinNames(keyFlagNames[:], "", func(i int) bool { return f&(1<<i) != 0 })
}

var commandFlagNames = [...]string{"write", "readonly", "admin", "pubsub", "noscript", "blocking", "loading", "stale", "fast", "no_auth", "movablekeys", "denyoom", "no_multi"}

// String returns the flag names as COMMAND INFO spells them, separated by
// spaces ("write denyoom"), or "" for no flags.
func (f CommandFlag) String() string {
	return joinNames(commandFlagNames[:], "", func(i int) bool { return f&(1<<i) != 0 })
}

// String returns the category names with '@', separated by spaces, in
// category order ("@write @string @slow").
func (s Categories) String() string {
	return joinNames(categoryNames[:], "@", func(i int) bool { return s.Has(Category(i)) })
}

// joinNames returns prefix+names[i] for each i that has, separated by
// spaces.
func joinNames(names []string, prefix string, has func(i int) bool) string {
	var b strings.Builder
	for i, n := range names {
		if has(i) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(prefix)
			b.WriteString(n)
		}
	}
	return b.String()
}
