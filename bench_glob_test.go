package aclcheck_test

import (
	"strings"
	"testing"

	gobwas "github.com/gobwas/glob"

	"github.com/aclcheck/aclcheck/glob"
)

// BenchmarkGlob times glob.Pattern against github.com/gobwas/glob on ACL
// key patterns where both agree, one matching and one non-matching subject
// each. "*" has no non-matching subject on which they agree: Redis's '*'
// rejects only "", which gobwas's '*' matches.
func BenchmarkGlob(b *testing.B) {
	type subject struct {
		name, key string
		want      bool
	}
	cases := []struct {
		pattern  string
		subjects []subject
	}{
		{"app:*", []subject{{"match", "app:session:42", true}, {"nomatch", "api:session:42", false}}},
		{"user:*:profile", []subject{{"match", "user:1234:profile", true}, {"nomatch", "user:1234:settings", false}}},
		{"cache:[0-9]*", []subject{{"match", "cache:2024:page", true}, {"nomatch", "cache:home:page", false}}},
		{"*", []subject{{"match", "any:key", true}}},
	}
	for _, c := range cases {
		ours := glob.Compile(c.pattern)
		theirs := gobwas.MustCompile(c.pattern)
		b.Run(c.pattern, func(b *testing.B) {
			b.Run("ours", func(b *testing.B) {
				for _, s := range c.subjects {
					if got := ours.Match(s.key); got != s.want {
						b.Fatalf("glob.Compile(%q).Match(%q) = %v, want %v", c.pattern, s.key, got, s.want)
					}
					b.Run(s.name, func(b *testing.B) {
						for b.Loop() {
							ours.Match(s.key)
						}
					})
				}
			})
			b.Run("gobwas", func(b *testing.B) {
				for _, s := range c.subjects {
					if got := theirs.Match(s.key); got != s.want {
						b.Fatalf("gobwas.MustCompile(%q).Match(%q) = %v, want %v", c.pattern, s.key, got, s.want)
					}
					b.Run(s.name, func(b *testing.B) {
						for b.Loop() {
							theirs.Match(s.key)
						}
					})
				}
			})
		})
	}
}

// BenchmarkGlobWorstCase times hostile 10 KiB pattern/subject pairs, which
// take exponential time without Redis's "give up" rule or stop at its
// nesting limit.
func BenchmarkGlobWorstCase(b *testing.B) {
	const size = 10 << 10
	cases := []struct {
		name, pattern, subject string
		want                   bool
	}{
		{"star-a/no-b", strings.Repeat("*a", size/2-1) + "*b", strings.Repeat("a", size), false},
		{"star-a/nesting-limit", strings.Repeat("*a", size/2), strings.Repeat("a", size), false},
		{"star-question", strings.Repeat("*?", size/2), strings.Repeat("x", size), false},
		{"star-class", strings.Repeat("*[a-z]", size/6) + "*0", strings.Repeat("ab", size/2), false},
		{"question-star", strings.Repeat("?*", size/2), strings.Repeat("a", size), false},
	}
	for _, c := range cases {
		p := glob.Compile(c.pattern)
		if got := p.Match(c.subject); got != c.want {
			b.Fatalf("%s: Match = %v, want %v", c.name, got, c.want)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.pattern) + len(c.subject)))
			for b.Loop() {
				p.Match(c.subject)
			}
		})
	}
}
