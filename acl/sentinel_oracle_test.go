package acl_test

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/conformance"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

// TestSentinelOracleDifferential compares ACL SETUSER replies (accepted, or
// the exact error), ACL LIST lines and ACL DRYRUN replies of each engine's Sentinel
// (redis-server --sentinel) with the library on the engine's Sentinel
// table (category.ForSentinel), for generated access strings drawn from
// that table and command lines of Sentinel's commands and of data commands
// Sentinel does not have.
func TestSentinelOracleDifferential(t *testing.T) {
	const n = 2000
	for _, e := range redistest.Engines {
		t.Run(e.Name, func(t *testing.T) {
			s, err := redistest.LaunchSentinel(t.TempDir(), e)
			if errors.Is(err, redistest.ErrNoServer) {
				if os.Getenv("CI") == "true" {
					t.Fatalf("oracle tests must run in CI: %v", err)
				}
				t.Skipf("skipping %s Sentinel oracle test: %v", e.Name, err)
			}
			require.NoError(t, err)
			defer s.Close()
			info, err := s.InfoEngine()
			require.NoError(t, err)
			require.Equal(t, e.Version, info)
			tb, err := category.ForSentinel(e.Name)
			require.NoError(t, err)
			g := aclgen.New(seed(t), tb)
			foreign := [][]string{{"GET", "k"}, {"SET", "k", "v"}, {"CONFIG", "GET", "x"}, {"SENTINEL", "NOSUCH"}, {"PING"}}
			accepted, refused, dryruns, lists := 0, 0, 0, 0
			for batch := 0; batch < n; batch += oracleBatch {
				var cases []string
				var argvs [][][]string
				var cmds [][]string
				for i := 0; i < oracleBatch; i++ {
					a := g.Access()
					if e.Name != "redis-7.0" && !aclgen.Safe(a) {
						continue
					}
					name := userName(i)
					av := [][]string{g.Argv(a), foreign[i%len(foreign)]}
					cases, argvs = append(cases, a), append(argvs, av)
					cmds = append(cmds, []string{"ACL", "DELUSER", name}, append([]string{"ACL", "SETUSER", name}, aclgen.Words(a)...))
					for _, argv := range av {
						cmds = append(cmds, append([]string{"ACL", "DRYRUN", name}, argv...))
					}
				}
				replies := s.Pipeline(cmds)
				k := 0
				for i, a := range cases {
					k++ // DELUSER
					want := replies[k]
					k++
					reply := "OK"
					u, err := acl.NewUser(userName(i), tb).SetUser(a)
					if ae := (*acl.Error)(nil); errors.As(err, &ae) {
						reply = ae.UnredactedReply()
					} else if err != nil {
						reply = err.Error()
					}
					require.Equal(t, want, reply, "live %s Sentinel SETUSER %q", e.Version, a)
					if err != nil {
						refused++
						k += len(argvs[i])
						continue
					}
					accepted++
					list, err := s.ACLList(userName(i))
					require.NoError(t, err)
					require.True(t, conformance.SameACLList(u.Dialect(), list, u.ACLList()), "live %s Sentinel ACL LIST of %q\n  server: %s\n  ours:   %s", e.Version, a, list, u.ACLList())
					lists++
					for _, argv := range argvs[i] {
						assert.Equal(t, replies[k], u.DryRun(argv...), "live %s Sentinel DRYRUN %q after %q", e.Version, argv, a)
						dryruns++
						k++
					}
				}
			}
			t.Logf("%s Sentinel: %d access strings accepted (%d ACL LIST lines equal), %d refused with the same error, %d DRYRUN replies equal", e.Version, accepted, lists, refused, dryruns)
			require.Greater(t, accepted, n/4, "most generated access strings are valid")
			require.Greater(t, refused, 10)
		})
	}
}
