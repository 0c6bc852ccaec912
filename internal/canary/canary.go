// Package canary is a test aid for every output step: it holds the secrets
// and the access strings that tests hide them in, and the check that output
// leaks none of them. A test fills each template with the two secrets of a
// [Pair] in turn: the output must hold no [PieceLen]-byte piece of either,
// and must be the same for both, since nothing shown may depend on a secret.
package canary

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// PieceLen is the length of the pieces of a secret that must not appear.
const PieceLen = 12

// Hole marks where a template holds its secret.
const Hole = "{S}"

// A Pair is two secrets of the same length and the same shape (which bytes
// are letters and which are punctuation), so that an access string holding
// one splits and parses exactly like one holding the other.
type Pair struct{ A, B string }

// Pairs are the secrets tests use: letters and digits; common words a
// message may contain anyway (the check for those is that the output does
// not depend on them); secrets with the bytes that end selectors and
// quotes; and SHA-256 digests, for hash rules.
var Pairs = []Pair{
	{"K9mQ2vL7xR4tW8pZcN3b", "J3nH6cF1dS5gY0bAhT7e"},
	{"password", "qwertyui"},
	{"get", "xyz"},
	{"on", "zz"},
	{`Pq8)Wd2"Lm5'Rt9(Zx4)Hk`, `Ab3)Cd4"Ef5'Gh6(Ij7)Kl`},
	{hash("A"), hash("B")},
}

func hash(s string) string {
	h := sha256.Sum256([]byte("canary " + s))
	return hex.EncodeToString(h[:])
}

// Secrets are the long secrets of Pairs: those whose pieces Leak looks for.
func Secrets() []string {
	var out []string
	for _, p := range Pairs {
		for _, s := range []string{p.A, p.B} {
			if len(s) >= PieceLen {
				out = append(out, s)
			}
		}
	}
	return out
}

// Fill returns tmpl with every Hole replaced by secret.
func Fill(tmpl, secret string) string { return strings.ReplaceAll(tmpl, Hole, secret) }

// AccessStrings are access strings with a secret in every place a password
// or hash rule can stand, well-formed or not: the root, a selector, a quoted
// selector body, after an unclosed '(', glued to parentheses and quotes, in
// malformed words, in words the parser cannot classify because of what
// follows, and several at once.
var AccessStrings = []string{
	// The root.
	"on >{S} ~* +@all",
	"on <{S} ~* +@all",
	"on #{S} ~* +@all",
	"on !{S} ~* +@all",
	">{S}",
	"on nopass >{S} resetpass >{S} ~a +get",
	"on ~a +get >{S}",
	"reset on >{S} ~a +@read -@dangerous &ch",
	// A selector.
	"on ~a (~b +get >{S}) +get",
	"on ~a (>{S}) +get",
	"on (>{S} ~a +get)",
	"on (~a >{S} +get) (~b <{S})",
	"on ~a ( >{S} ) +get",
	"on (~a #{S}) (!{S} +get)",
	"on ~a (~b\t>{S}\n+get)",
	// A quoted selector body.
	`on ("~a >{S}")`,
	`on (~a ">{S}")`,
	`on (~a '>{S}')`,
	`on ("~a" ">{S}" +get)`,
	`on (~a ">{S} {S}")`,
	`on (~a "x >{S}" +get)`,
	`on (~a "\x3e{S}")`,
	`on (~a "+get" '#{S}')`,
	// A quoting error: Redis makes the selector empty.
	`on (~a ">{S})`,
	`on (~a '>{S})`,
	`on (~a ">{S}"x)`,
	`on ("~a >{S} +get)`,
	`on (~a ">{S} {S})`,
	// After an unclosed '('.
	"on ~a ( >{S} +get",
	"on ~a (>{S} +get",
	"on ~a (~b >{S}",
	"on (~a +get) (~b >{S}",
	"on ~a ( <{S} #{S} !{S}",
	// Glued to parentheses and quotes.
	"on (>{S}",
	"on >{S})",
	"on (>{S})",
	"on ~a >{S}) +get",
	`on ">{S}" ~a`,
	`on '>{S}' ~a`,
	`on ">{S} ~a`,
	"on ((>{S})",
	// Malformed words.
	"on > ~a >{S}x( +get",
	"on #{S}( ~a",
	"on >{S}\x00x ~a",
	"on >{S} %R~a %Q~b",
	"on >{S} +nosuch -@nosuch",
	"on >{S} ~a ~* allkeys",
	"on >{S} db=x ~a",
	// Unclassified because of what follows: Redis 7.0 restarts a selector
	// at a second '(' and drops the words before it.
	"on (~a >{S} (~b +get)",
	"on (~a >{S} (~b +get",
	// A pasted user line whose name may be a secret.
	"user >{S} on ~a +get",
	`user (">{S}`,
	"user ('<{S}' +get) on",
	// A long access string with the secret far from the start.
	"on " + strings.Repeat("~k:* +get ", 40) + ">{S} " + strings.Repeat("+set ", 40),
}

// Leak returns the first piece of PieceLen bytes of one of the secrets
// found in out, or "".
func Leak(out string, secrets ...string) string {
	for _, s := range secrets {
		for i := 0; i+PieceLen <= len(s); i++ {
			if p := s[i : i+PieceLen]; strings.Contains(out, p) {
				return p
			}
		}
	}
	return ""
}
