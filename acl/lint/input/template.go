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
// returns the partial source ([Source.Partial]) of its words that hold
// none, and one Unresolved for the placeholders, so that they are
// reported as not expanded instead of linted as literal text. A password
// or hash word with a placeholder (>${PASSWORD}, #<sha256>) stays, as a
// password or a well-formed hash, so that the rules on password rules
// still see it. resource names the owner for the report.
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
	out := &Source{Origin: s.Origin, UserName: s.UserName, Partial: true}
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
	first := [2]int{-1, -1} // the first word with a placeholder
	last := 0               // the offset after the last word added
	add := func(word string, at, end int, same bool) {
		if len(text) > 0 {
			text = append(text, ' ')
			m = append(m, pos(last))
		}
		last = end
		for i := 0; i < len(word); i++ {
			if same {
				m = append(m, pos(at))
			} else {
				m = append(m, pos(at+i))
			}
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
		if first[0] < 0 && HasPlaceholder(word) {
			first = [2]int{i, j}
			if sp := placeholderRe.FindStringIndex(word); sp != nil {
				first = [2]int{i + sp[0], i + sp[1]}
			}
		}
		switch {
		case !HasPlaceholder(word):
			add(word, i, j, false)
		case word[0] == '>' || word[0] == '<':
			// The placeholder is not quoted: it may stand beside a secret.
			reason("holds an unexpanded template in a password rule")
			add(word[:1]+"placeholder", i, j, true)
		case word[0] == '#' || word[0] == '!':
			reason("holds an unexpanded template in a password hash rule")
			add(word[:1]+strings.Repeat("0", 64), i, j, true)
		default:
			for _, p := range placeholderRe.FindAllString(word, -1) {
				reason("holds an unexpanded template " + placeholderText(p))
			}
		}
		i = j
	}
	u := &Unresolved{Resource: resource, Attribute: "access_string", Reasons: reasons,
		Range: acl.Range{Start: pos(first[0]), End: pos(first[1])}}
	if len(text) == 0 {
		return nil, u
	}
	out.Text = string(text)
	out.Start = m[0]
	out.Map = append(m, pos(last))
	return out, u
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
