package acl_test

import (
	"context"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

// TestExecReplyLive runs command lines as users on each live engine and
// compares the server's ACL errors with ExecReply (and no error with "").
func TestExecReplyLive(t *testing.T) {
	users := []string{
		"on >pw ~app:* &ch:* -@all +get +set +publish +sort +config|get",
		"on >pw %R~app:* %W~w:* -@all +@read +@write",
		"on >pw allkeys -@all +sort +get (~x:* +set)",
		"on >pw ~* &* +@all -config -publish",
	}
	lines := [][]string{
		{"GET", "app:1"}, {"GET", "other"}, {"SET", "app:1", "v"}, {"SET", "w:1", "v"}, {"SET", "x:1", "v"},
		{"MGET", "app:1", "other"}, {"PUBLISH", "ch:1", "m"}, {"PUBLISH", "other", "m"},
		{"CONFIG", "GET", "maxmemory"}, {"CONFIG", "SET", "maxmemory", "0"}, {"CLIENT", "SETNAME", "n"},
		{"SORT", "app:1", "BY", "x*"}, {"SORT", "app:1", "GET", "x", "BY", "y*"}, {"SORT", "app:1", "BY", "y*", "GET", "x"},
		{"SORT", "app:1", "BY", "nosort"}, {"SORT_RO", "app:1", "GET", "#"}, {"HGET", "app:h", "f"},
	}
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		s := redistest.StartEngine(t, e)
		tab, err := category.ForEngine(e.Name)
		require.NoError(t, err)
		ctx := context.Background()
		n, errs := 0, 0
		for _, access := range users {
			require.Equal(t, "OK", s.SetUser("u", append([]string{"reset"}, strings.Fields(access)...)...))
			u, err := acl.NewUser("u", tab).SetUser(access)
			require.NoError(t, err)
			c := redis.NewClient(&redis.Options{Network: "unix", Addr: strings.TrimPrefix(s.Addr, "unix://"),
				Username: "u", Password: "pw", Protocol: 2, DisableIdentity: true, PoolSize: 1})
			for _, argv := range lines {
				args := make([]any, len(argv))
				for i, a := range argv {
					args[i] = a
				}
				reply := ""
				if err := c.Do(ctx, args...).Err(); err != nil && err != redis.Nil {
					if r := err.Error(); strings.HasPrefix(r, "NOPERM") || strings.Contains(r, "option of SORT denied") {
						reply = r
						errs++
					}
				}
				require.Equal(t, reply, u.Check(argv).ExecReply(), "%s: %s %q", e.Version, access, argv)
				b := make([][]byte, len(argv))
				for i, a := range argv {
					b[i] = []byte(a)
				}
				require.Equal(t, reply, u.CheckBytes(b).ExecReply())
				n++
			}
			c.Close()
		}
		t.Logf("%s: %d command lines, %d ACL errors agree", e.Version, n, errs)
	})
}
