package input

import (
	"iter"
	"regexp"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// lineIndex maps byte offsets of a text to lines and columns.
type lineIndex struct {
	filename string
	starts   []int // byte offset of each line
}

func newLineIndex(filename, content string) *lineIndex {
	li := &lineIndex{filename: filename, starts: []int{0}}
	for i := 0; i < len(content); i++ {
		if content[i] == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// pos returns the position of byte offset off.
func (li *lineIndex) pos(off int) acl.Pos {
	lo, hi := 0, len(li.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return acl.Pos{Filename: li.filename, Offset: off, Line: lo + 1, Column: off - li.starts[lo] + 1}
}

// rng returns the range of bytes [from, to).
func (li *lineIndex) rng(from, to int) acl.Range {
	return acl.Range{Start: li.pos(from), End: li.pos(to)}
}

var (
	directiveRe = regexp.MustCompile(`^#\s*aclcheck:ignore\b\s*(\S*)\s*(.*)$`)
	// aclListRe matches a line of redis-cli's ACL LIST output: 1) "user …".
	aclListRe = regexp.MustCompile(`^(\s*\d+\)\s+")(user .*)"\s*$`)
)

// textLine is a line of a file: its number (from 1), its text without
// the line ending, and the offset of its first byte.
type textLine struct {
	n     int
	text  string
	start int
}

// lines yields the lines of content.
func lines(content string) iter.Seq[textLine] {
	return func(yield func(textLine) bool) {
		off := 0
		for n := 1; off <= len(content); n++ {
			end := strings.IndexByte(content[off:], '\n')
			if end < 0 {
				end = len(content) - off
			}
			if !yield(textLine{n, strings.TrimSuffix(content[off:off+end], "\r"), off}) {
				return
			}
			off += end + 1
		}
	}
}

// isComment reports whether a trimmed line is a comment: "#" alone or "#"
// followed by whitespace. "#<64 hex digits>" is a password hash rule.
func isComment(t string) bool {
	return t == "#" || strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "#\t")
}

// ReadText reads a plain file of access strings (one per line) or an ACL
// file / ACL LIST output ("user NAME rules…" lines). Blank lines and comment
// lines ("#" alone or followed by a space) are skipped; a line starting
// "#" and a hash is a rule. "# aclcheck:ignore ID[,ID…] reason" comments are
// collected as [Directive]s for the next line that is not a comment.
//
// A file with "user" or "ACL SETUSER NAME" lines is an ACL file (Format
// ACLFile): only those lines are access strings (the rules of an ACL
// SETUSER line too, though the server refuses the line), and the other
// lines are left to the rules that check the file as the server loads it.
// ACL LIST output (lines such as 1) "user …") is read as Text.
func ReadText(filename, content string) *Input {
	in := &Input{Filename: filename, Content: content}
	var all []*Source
	in.Format = scanText(filename, content, func(s *Source, dirs []*Directive) bool {
		in.Directives = append(in.Directives, dirs...)
		if s != nil {
			all = append(all, s)
		}
		return true
	})
	for _, s := range all {
		if in.Format != ACLFile || s.Origin == FromACLFile {
			in.Strings = append(in.Strings, s)
		}
	}
	return in
}

// ReadTextParts is [ReadText] for large files: it reads only the format
// (Text or ACLFile) and leaves the access strings and directives to
// [Input.Parts], which reads them from Content a part at a time, so that
// they are never all in memory at once.
func ReadTextParts(filename, content string) *Input {
	in := &Input{Filename: filename, Content: content, lazy: true}
	in.Format = scanText(filename, content, func(*Source, []*Directive) bool { return true })
	return in
}

// Parts yields the input a part at a time: for an input of
// [ReadTextParts], inputs that share its Content, each with up to n of its
// access strings and the directives read before them (the last part also
// those that no line follows), marked Part; for any other input, the input
// itself.
func (in *Input) Parts(n int) iter.Seq[*Input] {
	return func(yield func(*Input) bool) {
		if !in.lazy {
			yield(in)
			return
		}
		fresh := func() *Input {
			p := *in
			p.lazy, p.Part, p.Strings, p.Directives, p.Secrets, p.ignores = false, true, nil, nil, nil, nil
			return &p
		}
		give := func(p *Input) bool {
			for _, ig := range in.ignores {
				p.IgnoreUser(ig.user, ig.ids, ig.reason)
			}
			return yield(p)
		}
		cur := fresh()
		ok := true
		scanText(in.Filename, in.Content, func(s *Source, dirs []*Directive) bool {
			if s != nil && (in.Format != ACLFile || s.Origin == FromACLFile) {
				if len(cur.Strings) >= n {
					if ok = give(cur); !ok {
						return false
					}
					cur = fresh()
				}
				cur.Strings = append(cur.Strings, s)
			}
			cur.Directives = append(cur.Directives, dirs...)
			return true
		})
		if ok {
			give(cur)
		}
	}
}

// AllStrings yields the access strings of the input: its Strings, or for
// an input of [ReadTextParts] those read from Content.
func (in *Input) AllStrings() iter.Seq[*Source] {
	return func(yield func(*Source) bool) {
		for p := range in.Parts(partStrings) {
			for _, s := range p.Strings {
				if !yield(s) {
					return
				}
			}
		}
	}
}

// partStrings is the size of the parts AllStrings reads.
const partStrings = 4096

// scanText reads the lines of a text input: it calls each with every
// access string and the directives read before it, and at the end with nil
// and the directives no line follows (each returns false to stop). It
// returns the input's format.
func scanText(filename, content string, each func(*Source, []*Directive) bool) Format {
	var pending []*Directive
	aclFile, aclList, setuser := false, false, false
	for l := range lines(content) {
		n, line, lineStart := l.n, l.text, l.start
		pos := func(off int) acl.Pos {
			return acl.Pos{Filename: filename, Offset: off, Line: n, Column: off - lineStart + 1}
		}
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		if isComment(t) || strings.HasPrefix(t, "#aclcheck:") {
			if m := directiveRe.FindStringSubmatch(t); m != nil {
				d := &Directive{Range: acl.Range{Start: pos(lineStart + lead), End: pos(lineStart + len(line))}, Reason: strings.TrimSpace(m[2])}
				for _, id := range strings.Split(m[1], ",") {
					if id = strings.TrimSpace(id); id != "" {
						d.IDs = append(d.IDs, strings.ToUpper(id))
					}
				}
				pending = append(pending, d)
			}
			continue
		}
		for _, d := range pending {
			d.Line = n
		}
		dirs := pending
		pending = nil
		body, bodyOff := line, lineStart
		if m := aclListRe.FindStringSubmatchIndex(line); m != nil {
			body, bodyOff = line[m[4]:m[5]], lineStart+m[4]
			aclList = true
		}
		bt := strings.TrimLeft(body, " \t")
		bodyOff += len(body) - len(bt)
		var src *Source
		if p := ReadString("", bt); p.Strings[0].UserName != "" && (p.Strings[0].Origin == FromString || !strings.HasPrefix(bt, "user")) {
			// ACL SETUSER NAME rules: the rules of NAME, in a line the
			// server refuses.
			s := p.Strings[0]
			src = &Source{Text: s.Text, Start: pos(bodyOff + s.Start.Offset), Origin: FromACLFile, UserName: s.UserName}
			setuser = true
		} else if strings.HasPrefix(bt, "user ") || strings.HasPrefix(bt, "user\t") {
			aclFile = true
			rest := bt[4:]
			restOff := bodyOff + 4
			trimmed := strings.TrimLeft(rest, " \t")
			restOff += len(rest) - len(trimmed)
			name := trimmed
			if i := strings.IndexAny(trimmed, " \t"); i >= 0 {
				name = trimmed[:i]
			}
			rules := trimmed[len(name):]
			rulesOff := restOff + len(name)
			rt := strings.TrimLeft(rules, " \t")
			rulesOff += len(rules) - len(rt)
			src = &Source{Text: strings.TrimRight(rt, " \t"), Start: pos(rulesOff), Origin: FromACLFile, UserName: name}
			if secretName(name) {
				src.NameSecret = &acl.Range{Start: pos(restOff), End: pos(restOff + len(name))}
			}
		} else {
			src = &Source{Text: strings.TrimRight(bt, " \t"), Start: pos(bodyOff)}
		}
		if !each(src, dirs) {
			return Text
		}
	}
	if len(pending) > 0 {
		each(nil, pending)
	}
	switch {
	case aclList:
		return Text // ACL LIST output: not a file the server loads
	case aclFile || setuser:
		// The server loads user lines only: other lines are not access
		// strings (ACL file rules report them).
		return ACLFile
	}
	return Text
}

// IgnoreUser adds a suppression of the rules ids, with its reason, on the
// line of each access string of user (ASCII case-sensitive, as the server
// compares names) and reports whether there is one. It is how ACL files,
// where the server refuses comments, get suppressions from elsewhere (the
// CLI's .aclcheck.yaml).
func (in *Input) IgnoreUser(user string, ids []string, reason string) bool {
	if in.lazy {
		// Each part applies it.
		in.ignores = append(in.ignores, userIgnore{user, ids, reason})
		for s := range in.AllStrings() {
			if s.UserName == user && s.Origin == FromACLFile {
				return true
			}
		}
		return false
	}
	found := false
	for _, s := range in.Strings {
		if s.UserName != user || s.Origin != FromACLFile {
			continue
		}
		found = true
		d := &Directive{Range: acl.Range{Start: s.Start, End: s.Start}, Reason: reason, Line: s.Start.Line}
		for _, id := range ids {
			d.IDs = append(d.IDs, strings.ToUpper(id))
		}
		in.Directives = append(in.Directives, d)
	}
	return found
}

// secretName reports whether a user name may be a password or hash rule
// ("user >secret on …", a quoted "<secret", a selector's `(">secret`):
// whether acl.RedactWord, which decides that for every rule, masks it.
func secretName(name string) bool { return acl.RedactWord(name) != name }
