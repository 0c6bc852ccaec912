package input

import "strings"

// ReadString reads one access string given on its own (a command-line
// argument) named filename. Text pasted from documentation is understood
// as what it is: "user NAME rules…" (an ACL file line or ACL LIST output)
// gives the rules of user NAME as an ACL file holds them, and
// "ACL SETUSER NAME rules…" (any case, after an optional "redis-cli" or
// "> " prompt) the rules of user NAME as ACL SETUSER takes them. Anything
// else is the access string itself.
func ReadString(filename, s string) *Input {
	in := &Input{Filename: filename, Content: s, Format: Text}
	li := newLineIndex(filename, s)
	off := 0
	// word returns the word at off (after blanks) without moving.
	word := func() (string, int) {
		i := off
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isBlank(s[j]) {
			j++
		}
		return s[i:j], j
	}
	take := func(want string) bool {
		w, end := word()
		if !strings.EqualFold(w, want) || end == len(s) {
			return false
		}
		off = end
		return true
	}
	src := &Source{Text: s, Start: li.pos(0)}
	_ = take("redis-cli") || take(">")
	switch {
	case take("user"):
		src.Origin = FromACLFile
	case take("acl") && take("setuser"):
	default:
		in.Strings = []*Source{src}
		return in
	}
	name, end := word()
	off = end
	for off < len(s) && isBlank(s[off]) {
		off++
	}
	src.UserName = name
	if secretName(name) {
		r := li.rng(end-len(name), end)
		src.NameSecret = &r
	}
	src.Text = strings.TrimRight(s[off:], " \t")
	src.Start = li.pos(off)
	in.Strings = []*Source{src}
	return in
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }
