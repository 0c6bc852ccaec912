package lint

import (
	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/glob"
)

// AC6002 reports patterns that can never match.
var AC6002 = register(&Rule{
	ID:    "AC6002",
	Title: "pattern can never match",
	Doc: `Redis globs are not shell globs: [] is an empty class that matches nothing,
a [ that is never closed runs to the end of the pattern (so "x[" matches
nothing), and the empty pattern left by %R~ matches only the empty key name.
Such a pattern grants nothing. Escape a literal bracket as \[.`,
	ExampleTarget: "valkey/valkey-8.0",
	Severity:      Warning,
	Run: func(p *Pass) {
		for r := range p.Access.All() {
			var pat string
			switch n := r.(type) {
			case *acl.KeyPattern:
				pat = n.Pattern
			case *acl.ChannelPattern:
				pat = n.Pattern
			default:
				continue
			}
			if pat == "" {
				p.Report(Diagnostic{Subject: r.Range(), Summary: quoteWord(wordOf(r)) + " has an empty pattern",
					Detail: "The empty pattern matches only the empty name."})
				continue
			}
			if !satisfiable(pat) {
				p.Report(Diagnostic{Subject: r.Range(), Summary: quoteWord(wordOf(r)) + " can never match",
					Detail: "The pattern contains a character class that matches no byte ([] or an unclosed [ at the end); escape a literal bracket as \\[."})
			}
		}
	},
})

// satisfiable reports whether some name matches the glob pattern. It builds
// a witness: literals as written, one byte for '?' and '*', and for each
// class the first byte it matches; a class that matches no byte makes the
// pattern unsatisfiable.
func satisfiable(pat string) bool {
	var w []byte
	for i := 0; i < len(pat); {
		switch c := pat[i]; c {
		case '*', '?':
			w = append(w, 'a')
			i++
		case '\\':
			if i+1 < len(pat) {
				w = append(w, pat[i+1])
				i += 2
			} else {
				w = append(w, '\\')
				i++
			}
		case '[':
			j := classEnd(pat, i)
			class := pat[i:j]
			found := false
			for b := 0; b < 256; b++ {
				if glob.Match(class, string([]byte{byte(b)})) {
					w = append(w, byte(b))
					found = true
					break
				}
			}
			if !found {
				return false
			}
			i = j
		default:
			w = append(w, c)
			i++
		}
	}
	return true
}

// classEnd returns the index after the class starting at pat[i] == '[',
// following stringmatchlen: escapes, ranges X-Y, and an unterminated class
// running to the end.
func classEnd(pat string, i int) int {
	j := i + 1
	if j < len(pat) && pat[j] == '^' {
		j++
	}
	for j < len(pat) {
		switch {
		case pat[j] == '\\' && j+1 < len(pat):
			j += 2
		case pat[j] == ']':
			return j + 1
		case j+2 < len(pat) && pat[j+1] == '-':
			j += 3
		default:
			j++
		}
	}
	return len(pat)
}
