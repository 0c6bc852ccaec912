package lint

import (
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// deleteWord returns a fix that deletes rule r and the space after it.
func deleteWord(p *Pass, r acl.Rule, msg string) Fix {
	rg := r.Range()
	src := p.Access.Source
	off := rg.End.Offset - p.Access.Start.Offset
	n := 0
	for off+n < len(src) && (src[off+n] == ' ' || src[off+n] == '\t') {
		n++
	}
	end := rg.End
	end.Offset += n
	end.Column += n
	return Fix{Message: msg, Edits: []TextEdit{{Range: acl.Range{Start: rg.Start, End: end}}}}
}

// replaceWord returns a fix that replaces rule r by text.
func replaceWord(r acl.Rule, msg, text string) Fix {
	return Fix{Message: msg, Edits: []TextEdit{{Range: r.Range(), NewText: text}}}
}

// allowsAllCommands reports whether selector i allows every command of the
// table, and future ones.
func allowsAllCommands(u *acl.User, info acl.SelectorInfo) bool {
	i := info.Index
	if info.AllCommands {
		return true
	}
	if !info.Future {
		return false
	}
	for c := range u.Table().All() {
		if !u.Allows(i, c) {
			return false
		}
	}
	return true
}

// allowedIn returns the commands and subcommands (not containers) that
// selector i allows and keep accepts, in table order.
func allowedIn(u *acl.User, i int, keep func(*category.Command) bool) []*category.Command {
	var out []*category.Command
	for c := range u.Table().All() {
		if c.IsContainer() || !u.Allows(i, c) || !keep(c) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// commandList is list of the commands' names as users type them
// ("CLIENT KILL"), naming only those it shows.
func commandList(cmds []*category.Command, max int) string {
	names := make([]string, min(len(cmds), max))
	for i := range names {
		names[i] = strings.ToUpper(strings.ReplaceAll(cmds[i].Name, "|", " "))
	}
	return strings.Join(names, ", ") + more(len(cmds)-max)
}

// list returns up to max names joined by ", ", with "and N more".
func list(names []string, max int) string {
	return strings.Join(names[:min(len(names), max)], ", ") + more(len(names)-max)
}

// more is " and N more" for n > 0.
func more(n int) string {
	if n <= 0 {
		return ""
	}
	return " and " + strconv.Itoa(n) + " more"
}

// selectorRange returns the range to report for selector i: its source
// selector, or the whole access string for the root.
func selectorRange(p *Pass, i int) acl.Range {
	if i > 0 {
		if src := p.Selector(i).Source; src != nil {
			return src.Range()
		}
	}
	return p.Access.Range()
}

// selectorName returns "the root rules" or "selector N".
func selectorName(i int) string {
	if i == 0 {
		return "the root selector"
	}
	return "selector " + strconv.Itoa(i)
}

// sampleArgv returns a valid command line for c with placeholder
// arguments, for asking the compiled user about c.
func sampleArgv(c *category.Command) []string {
	argv := strings.Split(c.Name, "|")
	n := c.Arity
	if n < 0 {
		n = -n
	}
	for len(argv) < n {
		argv = append(argv, "x")
	}
	return argv
}

// levenshtein is the edit distance of two ASCII strings, or limit when it
// is at least limit.
func levenshtein(a, b string, limit int) int {
	if len(a) > 250 || len(b) > 250 {
		return limit // not a command name
	}
	var rows [2][64]uint8 // command names are short: no allocation
	prev, cur := rows[0][:], rows[1][:]
	if len(b)+1 > len(prev) {
		prev, cur = make([]uint8, len(b)+1), make([]uint8, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = uint8(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = uint8(i)
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := uint8(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if int(low) >= limit { // rows never decrease
			return limit
		}
		prev, cur = cur, prev
	}
	return min(int(prev[len(b)]), limit)
}

// nearest returns the candidate closest to name (distance at most 2, or a
// prefix relation), or "".
func nearest(name string, candidates []string) string {
	name = strings.ToLower(name)
	best, bestD := "", 3
	for _, c := range candidates {
		// The length difference bounds the distance from below.
		if diff := len(c) - len(name); diff >= bestD || -diff >= bestD {
			continue
		}
		if d := levenshtein(name, c, bestD+1); d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	return best
}

// onlySpaces reports whether s is empty or only whitespace.
func onlySpaces(s string) bool { return strings.TrimSpace(s) == "" }

// commandNames returns the names of t's top-level commands. Only unknown
// names need it, so it is not cached.
func commandNames(t *category.Table) []string {
	var names []string
	for c := range t.Top() {
		names = append(names, c.Name)
	}
	return names
}
