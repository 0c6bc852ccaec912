// Package glob is the pattern matcher of acl's check step and of reach: it
// implements Redis's glob matching byte for byte, as used for ACL key
// patterns (~pattern, %RW~pattern), channel patterns (&pattern), KEYS, SCAN
// MATCH and PSUBSCRIBE.
//
// [Match] is a faithful port of stringmatchlen_impl from Redis's src/util.c
// with nocase = 0, including the recursion limit of Redis 7.2 and the patched
// 7.0 releases ([MaxNesting]) and the CVE-2022-36021 "give up" rule that keeps
// the worst case polynomial. [Compile] turns a pattern into a [Pattern] that
// uses a fast path for the common shapes (literal, prefix*, *suffix,
// prefix*suffix, *infix*, *) and the general matcher otherwise; both agree on
// every input. Neither allocates while matching, and a Pattern is safe for
// concurrent use.
//
// # Syntax
//
// Every byte string is a valid pattern. Pattern and subject are bytes, not
// UTF-8 text, and the match is case-sensitive.
//
//   - '*' matches any run of bytes, but only of a nonempty subject: "*" does
//     not match "" (only the empty pattern does), while "a*" matches "a".
//   - '?' matches exactly one byte, so "?" does not match "é" but "??" does.
//   - '[...]' matches one byte from a class of single bytes and ranges, in
//     any mix ("[a-cx-z0]"). "[^...]" negates the class; '!' is an ordinary
//     byte. A range X-Y with X > Y is swapped, and its bounds compare as
//     signed C chars, as in Redis on x86-64: bytes >= 0x80 sort before
//     ASCII, so "[a-\xff]" does not match "b".
//   - "[a-]" is the range from 'a' to ']' and the class goes on after it;
//     "[]" matches nothing and "[^]" any one byte; a class left open runs to
//     the end of the pattern ("[ab" matches "a", "[" matches nothing).
//   - '\' makes the next byte literal, inside and outside classes; a
//     backslash at the very end of the pattern is a literal backslash.
//   - '{', '}' and ',' are ordinary bytes; there is no alternation.
//   - A match that needs more than [MaxNesting] nested '*' expansions fails.
//
// # Differences from shell globs and github.com/gobwas/glob
//
// Shell globs and Go's path.Match let '*' match the empty string and never
// cross a '/' (path.Match, and fnmatch with FNM_PATHNAME), POSIX shells
// negate classes with '!', and path.Match reports a malformed pattern as an
// error. github.com/gobwas/glob works on UTF-8 runes, negates with
// '!', allows only one range or one list per class, rejects reversed
// ranges, unterminated classes, "[]" and a trailing backslash as syntax
// errors, treats "{a,b}" as alternation, matches "" with "*", and (v0.2.3)
// lets the prefix and suffix of "prefix*suffix" overlap, so that "a*a"
// matches "a". Each of these changes which keys an ACL allows, so this
// package does not adapt a glob library: it ports the C code and is tested
// against a live redis-server with random patterns. It is also faster on
// the common key pattern shapes.
package glob
