package input

import (
	"regexp"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// placeholderRe finds the placeholders of templates that users leave in
// access strings: ${…} (Terraform, shell, CloudFormation Fn::Sub),
// {{ … }} (Helm, Go templates, Jinja), <…> (documentation: <password>,
// #<sha256-from-secret-manager>) and $NAME (shell, upper case).
var placeholderRe = regexp.MustCompile(`\$\{[^{}\n]*\}|\{\{[^\n]*?\}\}|<[A-Za-z][A-Za-z0-9_.:/-]*>|\$[A-Z_][A-Z0-9_]*`)

// namedHashRe is a hash rule whose "hash" is a name in upper case
// (#SHA256_OF_PASSWORD): a placeholder, since real hashes are lower-case
// hexadecimal.
var namedHashRe = regexp.MustCompile(`(?:^|[ \t])[#!][A-Z][A-Z0-9_]*[G-Z_][A-Z0-9_]*(?:$|[ \t])`)

// HasPlaceholder reports whether s holds a template placeholder.
func HasPlaceholder(s string) bool { return placeholderRe.MatchString(s) || namedHashRe.MatchString(s) }

// Expand returns s when it holds no template placeholder. Otherwise it
// returns the string to check instead, and one Unresolved naming the
// placeholders, so that they are reported as not expanded instead of
// linted as literal text:
//
//   - in a key or channel pattern, a placeholder stays as a literal without
//     its blanks (the pattern is some pattern: rules on what patterns
//     restrict still hold);
//   - a password or hash rule with one (>${PASSWORD}, #<sha256>) becomes a
//     well-formed password or hash rule, and its text is never shown;
//   - any other word with one (a command, a category, a keyword) is left
//     out, and the result is then a partial source ([Source.Partial]) that
//     only the rules judging a word alone check.
//
// resource names the owner for the report.
func Expand(s *Source, resource string) (*Source, *Unresolved) {
	if s == nil || s.Partial || !HasPlaceholder(s.Text) {
		return s, nil
	}
	spans := placeholderRe.FindAllStringIndex(s.Text, -1)
	inSpan := func(i int) bool {
		for _, sp := range spans {
			if i >= sp[0] && i < sp[1] {
				return true
			}
		}
		return false
	}
	pos := func(i int) acl.Pos {
		if s.Map != nil {
			return s.Map[min(i, len(s.Map)-1)]
		}
		p := s.Start
		p.Offset += i
		p.Column += i
		return p
	}
	var text []byte
	var m []acl.Pos
	var reasons []string
	seen := map[string]bool{}
	reason := func(r string) {
		if !seen[r] && len(reasons) < 8 {
			seen[r] = true
			reasons = append(reasons, r)
		}
	}
	first := [2]int{-1, -1} // the first placeholder
	last := 0               // the offset after the last word added
	partial := false
	// add appends word (of the text at [at, end)); each byte keeps its
	// position, or all stand at "at" when same.
	add := func(word []byte, offs []int) {
		if len(text) > 0 {
			text = append(text, ' ')
			m = append(m, pos(last))
		}
		for _, o := range offs {
			m = append(m, pos(o))
		}
		text = append(text, word...)
	}
	for i := 0; i < len(s.Text); {
		if isWordSpace(s.Text[i]) && !inSpan(i) {
			i++
			continue
		}
		j := i
		for j < len(s.Text) && (!isWordSpace(s.Text[j]) || inSpan(j)) {
			j++
		}
		word := s.Text[i:j]
		has := HasPlaceholder(word)
		if has && first[0] < 0 {
			first = [2]int{i, j}
			if sp := placeholderRe.FindStringIndex(word); sp != nil {
				first = [2]int{i + sp[0], i + sp[1]}
			}
		}
		same := func(w string) []int {
			offs := make([]int, len(w))
			for k := range offs {
				offs[k] = i
			}
			return offs
		}
		switch {
		case !has:
			offs := make([]int, len(word))
			for k := range offs {
				offs[k] = i + k
			}
			add([]byte(word), offs)
		case word[0] == '>' || word[0] == '<':
			// The placeholder is not quoted: it may stand beside a secret.
			reason("holds an unexpanded template in a password rule")
			add([]byte(word[:1]+"placeholder"), same(word[:1]+"placeholder"))
		case word[0] == '#' || word[0] == '!':
			reason("holds an unexpanded template in a password hash rule")
			h := word[:1] + strings.Repeat("0", 64)
			add([]byte(h), same(h))
		default:
			for _, p := range placeholderRe.FindAllString(word, -1) {
				reason("holds an unexpanded template " + placeholderText(p))
			}
			if strings.IndexByte("~%&", word[0]) < 0 {
				partial = true // a command, category or keyword: unknown
				break
			}
			// A pattern: the placeholder as a literal, without blanks.
			var w []byte
			var offs []int
			for k := 0; k < len(word); k++ {
				if isWordSpace(word[k]) {
					continue
				}
				w, offs = append(w, word[k]), append(offs, i+k)
			}
			add(w, offs)
		}
		last = j
		i = j
	}
	u := &Unresolved{Resource: resource, Attribute: "access_string", Reasons: reasons,
		Range: acl.Range{Start: pos(first[0]), End: pos(first[1])}}
	if !partial {
		u.Detail = "The rest of the string is checked as if the placeholder were literal text: a password or hash placeholder as some password or hash, a pattern's as part of the pattern."
	}
	if len(text) == 0 {
		return nil, u
	}
	return &Source{Text: string(text), Start: m[0], Map: append(m, pos(last)), Origin: s.Origin, UserName: s.UserName, Partial: partial}, u
}

// placeholderText returns a placeholder for a message: shortened, and
// without control characters.
func placeholderText(p string) string {
	p = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, p)
	if r := []rune(p); len(r) > 40 {
		p = string(r[:37]) + "…"
	}
	return p
}

func isWordSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
