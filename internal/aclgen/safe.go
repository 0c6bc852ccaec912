package aclgen

import (
	"strings"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Words splits an access string into ACL SETUSER arguments the way the
// oracle corpora do: at runs of ASCII whitespace (space, \t, \n, \v, \f,
// \r), with no quote handling.
func Words(access string) []string {
	return strings.FieldsFunc(access, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
}

// isSpace is C's isspace in the C locale.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// Safe reports whether access may be sent to a real server. It is false for
// the inputs known to crash Redis 7.0 to 7.2 or Valkey 8.0 (spec §2.3, §2.5,
// §3.3), whichever way the server splits and merges the words:
//
//   - a % key rule without an R or W letter right after the %;
//   - a command rule with a '|' holding whitespace or a quote (a first-arg
//     rule such as "+select|a b", possible inside a quoted selector body);
//   - an unmatched '(' opened after other rules (an ACL file line such as
//     "user bob on (~x" crashes Redis 7.2 at ACL LOAD).
//
// A rule is checked as written and as a C string (up to a NUL byte), the
// way the server reads most rule words. Every string [Gen.Access] returns
// is safe.
func Safe(access string) bool {
	// ACL SETUSER arguments split at whitespace, and ACL file lines split
	// at single spaces; Redis 7.0 restarts an open selector at a second
	// '(' word, Redis 7.2 appends it.
	for _, words := range [][]string{Words(access), strings.Split(access, " ")} {
		for _, restart := range []bool{false, true} {
			toks, ok := effectiveTokens(words, restart)
			if !ok {
				return false
			}
			for _, t := range toks {
				if hazard(t) {
					return false
				}
			}
		}
	}
	return true
}

// hazard reports whether one rule, as the server applies it, is a crash
// input (or close enough to one to stay away from it).
func hazard(t string) bool {
	if i := strings.IndexByte(t, 0); i >= 0 && hazard(t[:i]) {
		return true
	}
	if t == "" {
		return false
	}
	switch t[0] {
	case '%':
		return len(t) < 2 || strings.IndexByte("RrWw", t[1]) < 0
	case '+', '-':
		return strings.IndexByte(t, '|') >= 0 && strings.ContainsAny(t, " \t\n\v\f\r\"'")
	}
	return false
}

// effectiveTokens merges selectors as ACLMergeSelectorArguments does (the
// first word whole, later ones as C strings) and
// returns the rules the server applies: top-level words as they are, and
// the words of each selector body as sdssplitargs splits them. ok is false
// when a selector is left open after other rules.
func effectiveTokens(words []string, restart bool) (toks []string, ok bool) {
	open := -1
	var sel []string
	for i, w := range words {
		if w == "" {
			continue
		}
		opens := w[0] == '(' && w[len(w)-1] != ')'
		if opens && (open == -1 || restart) {
			open, sel = i, []string{w}
			continue
		}
		if open != -1 {
			sel = append(sel, ascii.CString(w)) // appended with " %s"
			if w[len(w)-1] == ')' {
				merged := strings.Join(sel, " ")
				if merged[len(merged)-1] != ')' { // no selector: one bad rule
					toks = append(toks, merged)
				} else {
					toks = append(toks, selectorBody(merged)...)
				}
				open, sel = -1, nil
			}
			continue
		}
		if w[0] == '(' && w[len(w)-1] == ')' {
			toks = append(toks, selectorBody(w)...)
			continue
		}
		toks = append(toks, w)
	}
	if open > 0 {
		for _, w := range words[:open] {
			if w != "" {
				return nil, false
			}
		}
	}
	return toks, true
}

// selectorBody returns the rules of a merged selector "( … )".
func selectorBody(sel string) []string {
	args, _ := SplitArgs(sel[1 : len(sel)-1])
	return args
}

// SplitArgs splits s as Redis's sdssplitargs does (the splitter of
// selector bodies and of redis-cli): words separated by whitespace;
// "double quotes" with \xHH, \n, \r, \t, \b, \a and \<any> escapes;
// 'single quotes' with \'. A closing quote must be followed by whitespace
// or the end. On a quoting error it returns nil and false, and a selector
// body with one becomes an empty selector.
func SplitArgs(s string) ([]string, bool) {
	var args []string
	p := 0
	at := func(i int) byte { // C string: 0 past the end
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	for {
		for at(p) != 0 && isSpace(at(p)) {
			p++
		}
		if at(p) == 0 {
			return args, true
		}
		var cur []byte
		inq, insq := false, false
		for done := false; !done; {
			c := at(p)
			switch {
			case inq:
				switch {
				case c == '\\' && at(p+1) == 'x' && isHex(at(p+2)) && isHex(at(p+3)):
					cur = append(cur, unhex(at(p+2))<<4|unhex(at(p+3)))
					p += 3
				case c == '\\' && at(p+1) != 0:
					p++
					e := at(p)
					switch e {
					case 'n':
						e = '\n'
					case 'r':
						e = '\r'
					case 't':
						e = '\t'
					case 'b':
						e = '\b'
					case 'a':
						e = '\a'
					}
					cur = append(cur, e)
				case c == '"':
					if at(p+1) != 0 && !isSpace(at(p+1)) {
						return nil, false
					}
					done = true
				case c == 0:
					return nil, false
				default:
					cur = append(cur, c)
				}
			case insq:
				switch {
				case c == '\\' && at(p+1) == '\'':
					p++
					cur = append(cur, '\'')
				case c == '\'':
					if at(p+1) != 0 && !isSpace(at(p+1)) {
						return nil, false
					}
					done = true
				case c == 0:
					return nil, false
				default:
					cur = append(cur, c)
				}
			default:
				switch c {
				case ' ', '\n', '\r', '\t', 0:
					done = true
				case '"':
					inq = true
				case '\'':
					insq = true
				default:
					cur = append(cur, c)
				}
			}
			if at(p) != 0 {
				p++
			}
		}
		args = append(args, string(cur))
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
