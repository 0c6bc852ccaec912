package acl_test

import (
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		engine, access string
		want           acl.Sanitize
		word           string
	}{
		{"redis-7.0", "on", acl.SanitizeDefault, ""},
		{"redis-7.0", "on sanitize-payload", acl.SanitizeOn, "sanitize-payload"},
		{"redis-7.0", "on skip-sanitize-payload", acl.SanitizeSkip, "skip-sanitize-payload"},
		{"valkey-8.0", "on", acl.SanitizeOn, "sanitize-payload"},
		{"valkey-8.0", "on skip-sanitize-payload sanitize-payload", acl.SanitizeOn, "sanitize-payload"},
		{"valkey-8.0", "on skip-sanitize-payload", acl.SanitizeSkip, "skip-sanitize-payload"},
	}
	for _, tt := range tests {
		u := testutil.User(t, tt.engine, tt.access)
		got := u.Sanitize()
		if got != tt.want || got.String() != tt.word {
			t.Errorf("%s %q: Sanitize() = %d %q, want %d %q", tt.engine, tt.access, got, got, tt.want, tt.word)
		}
		// ACL LIST prints the same word, after on/off and nopass.
		var words []string
		for _, w := range strings.Fields(u.Describe(true)) {
			if strings.HasSuffix(w, "sanitize-payload") {
				words = append(words, w)
			}
		}
		if strings.Join(words, " ") != tt.word {
			t.Errorf("%s %q: ACL LIST has %q, want %q", tt.engine, tt.access, words, tt.word)
		}
	}
}
