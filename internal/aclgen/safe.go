package aclgen

import (
	"strings"

	"github.com/aclcheck/aclcheck/internal/ascii"
	"github.com/aclcheck/aclcheck/internal/sds"
)

// Words splits an access string into ACL SETUSER arguments the way the
// oracle corpora do: at runs of ASCII whitespace (space, \t, \n, \v, \f,
// \r), with no quote handling.
func Words(access string) []string {
	return strings.FieldsFunc(access, func(r rune) bool { return r < 0x80 && ascii.IsSpace(byte(r)) })
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

// selectorBody returns the rules of a merged selector "( … )". It shares
// the parser's splitter (internal/sds) rather than keeping a copy: the
// splitter is a port of sdssplitargs tested on its own, the guard stays
// independent of the grammar and binder under test, and a fault in the
// splitter shows as a mismatch with the servers in the oracle tests.
func selectorBody(sel string) []string {
	args, _ := sds.SplitArgs(sel[1 : len(sel)-1])
	rules := make([]string, len(args))
	for i, a := range args {
		rules[i] = a.Value
	}
	return rules
}
