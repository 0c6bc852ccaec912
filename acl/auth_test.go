package acl_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// authServer starts a server and returns it with a function that sends
// AUTH on a second connection, so that logging in leaves the first as it is.
func authServer(t *testing.T) (*redistest.Server, func(user, password string) string) {
	s := redistest.Start(t)
	c, err := redistest.Dial(s.Addr)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return s, func(user, password string) string {
		return redistest.Reply(c.Client.Do(context.Background(), "auth", user, password))
	}
}

// TestAuthenticateLive compares Authenticate with AUTH on the live server
// for users on and off, with nopass, passwords and hashes.
func TestAuthenticateLive(t *testing.T) {
	s, auth := authServer(t)
	tab := testutil.Table(t, "redis-7.0")
	const h = "#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8" // sha256("password")
	users := []string{"on >secret >other", "off >secret", "on nopass", "off nopass", "on " + h, "on", "on >secret <secret", "on >a nopass", "on nopass >b"}
	passwords := []string{"secret", "other", "password", "", "a", "b", "wrong"}
	n := 0
	for _, access := range users {
		require.Equal(t, "OK", s.SetUser("u", append([]string{"reset"}, strings.Fields(access)...)...))
		u, err := acl.NewUser("u", tab).SetUser(access)
		require.NoError(t, err)
		for _, pw := range passwords {
			reply := auth("u", pw)
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

// TestFileAuthenticateLive loads users from an ACL file and compares
// FileResult.Authenticate with AUTH on a live server holding the same
// users (and its built-in default user, which the file does not define).
func TestFileAuthenticateLive(t *testing.T) {
	s, auth := authServer(t)
	tab := testutil.Table(t, "redis-7.0")
	lines := []string{"user app on >secret ~app:* +get", "user off off >secret", "user open on nopass", "user none on"}
	res := acl.LoadFile("users.acl", strings.Join(lines, "\n")+"\n", tab)
	require.Empty(t, res.Errors)
	for _, l := range lines {
		f := strings.Fields(l)
		require.Equal(t, "OK", s.SetUser(f[1], f[2:]...))
	}
	n := 0
	for _, name := range []string{"app", "off", "open", "none", "default", "nobody"} {
		for _, pw := range []string{"secret", "", "x"} {
			want := auth(name, pw)
			u, err := res.Authenticate(name, pw)
			if want == "OK" {
				require.NoError(t, err, "%s %q", name, pw)
				require.Equal(t, name, u.Name())
			} else {
				require.Equal(t, want, "WRONGPASS "+err.Error(), "%s %q", name, pw)
				require.Nil(t, u)
			}
			n++
		}
	}
	t.Logf("%d AUTH replies agree", n)
	require.Nil(t, acl.LoadFile("bad.acl", "user a on\nuser a on\n", tab).Lookup("default"), "a file with errors loads nobody")
}
