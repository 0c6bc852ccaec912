package acl_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// TestAuthenticateLive compares Authenticate with AUTH on the live server
// for users on and off, with nopass, passwords and hashes.
func TestAuthenticateLive(t *testing.T) {
	s := redistest.Start(t)
	c, err := redistest.Dial(s.Addr)
	require.NoError(t, err)
	defer c.Close()
	tab, err := category.ForEngine("redis-7.0")
	require.NoError(t, err)
	const h = "#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8" // sha256("password")
	users := []string{"on >secret >other", "off >secret", "on nopass", "off nopass", "on " + h, "on", "on >secret <secret", "on >a nopass", "on nopass >b"}
	passwords := []string{"secret", "other", "password", "", "a", "b", "wrong"}
	n := 0
	for _, access := range users {
		require.Equal(t, "OK", s.SetUser("u", append([]string{"reset"}, strings.Fields(access)...)...))
		u, err := acl.NewUser("u", tab).SetUser(access)
		require.NoError(t, err)
		for _, pw := range passwords {
			reply := redistest.Reply(c.Client.Do(context.Background(), "auth", "u", pw))
			want := reply == "OK"
			if !want {
				require.Equal(t, "WRONGPASS invalid username-password pair or user is disabled.", reply)
			}
			require.Equal(t, want, u.Authenticate(pw), "%q with %q", access, pw)
			n++
		}
	}
	t.Logf("%d AUTH replies agree", n)
}

func TestAuthenticateSeveralPasswords(t *testing.T) {
	u := testutil.User(t, "valkey-8.0", "on >a >b >c")
	require.True(t, u.Authenticate("c"))
	require.False(t, u.Authenticate("d"))
}
