package acl_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLongListsAgreeWithServer checks the indexed long lists (key and
// channel patterns, first arguments): duplicates, permission merging,
// strcasecmp on first arguments, resets, and growth over several
// ACL SETUSER calls, against the expected state and a live server.
func TestLongListsAgreeWithServer(t *testing.T) {
	var first, second []string
	for i := 0; i < 150; i++ {
		first = append(first, fmt.Sprintf("%%R~k%d", i), fmt.Sprintf("&c%d", i), fmt.Sprintf("+select|%d", i))
	}
	first = append(first, "%W~k5", "~k7", "%R~k9", "&c3", "+select|A", "+select|a", "+select|\xc3\x84", "+select|\xc3\xa4")
	second = append(second, "%W~k149", "~k150", "&c150", "+select|151", "+select|A")
	access := []string{"on +get +set +publish " + strings.Join(first, " "), strings.Join(second, " ")}
	u := setUser(t, "redis-7.0", access...)
	info := u.Selector(0)
	assert.Len(t, info.Keys, 151)
	assert.Len(t, info.Channels, 151)
	assert.Len(t, u.FirstArgs(0, u.Table().Lookup("select")), 150+3+1) // A and a are one; Ä and ä two
	argvs := [][]string{
		{"GET", "k5"}, {"SET", "k5", "v"}, {"SET", "k6", "v"}, {"SET", "k7", "v"}, {"SET", "k149", "v"}, {"SET", "k150", "v"},
		{"PUBLISH", "c149", "x"}, {"PUBLISH", "c150", "x"}, {"PUBLISH", "c151", "x"},
		{"SELECT", "a"}, {"SELECT", "\xc3\xa4"}, {"SELECT", "\xc3\x84"}, {"SELECT", "151"}, {"SELECT", "152"},
	}
	want := []string{"OK", "OK", "This user has no permissions to access the 'k6' key",
		"OK", "OK", "OK", "OK", "OK", "This user has no permissions to access the 'c151' channel",
		"OK", "OK", "OK", "OK", "This user has no permissions to run the 'select' command"}
	for i, argv := range argvs {
		assert.Equal(t, want[i], u.DryRun(argv...), argv)
	}
	liveAgree(t, access, argvs...)
	liveAgree(t, append(access, "resetkeys ~k1 resetchannels &c1 -select +select|B +select|b"), argvs...)
}

// TestFirstArgBytesKept checks that Redis 7.2's command rules lower-case
// only ASCII letters (sdstolower) and keep other bytes, valid UTF-8 or not.
func TestFirstArgBytesKept(t *testing.T) {
	u := setUser(t, "valkey-8.0", "on +select|AbÄ\xff")
	assert.Equal(t, "user u on sanitize-payload resetchannels -@all +select|abÄ\xff", u.ACLList())
	assert.Equal(t, "OK", u.DryRun("SELECT", "aBÄ\xff"))
	assert.Equal(t, "User u has no permissions to run the 'select' command", u.DryRun("SELECT", "abä\xff"))
}
