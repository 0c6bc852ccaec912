package acl_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/conformance"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// TestCheckBytesOracleCorpus replays the DRYRUN cases of the recorded
// corpora through CheckBytes: the reply is the server's, and the decision
// is Check's.
func TestCheckBytesOracleCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/oracle/*.jsonl.gz")
	require.NoError(t, err)
	require.Len(t, files, 3)
	n := 0
	for _, f := range files {
		cases, err := conformance.ReadFile(f)
		require.NoError(t, err)
		for _, c := range cases {
			tab, err := category.ForEngine(conformance.Profile(c.Engine))
			require.NoError(t, err)
			u, _ := conformance.SetUser(tab, c.User, c.Access)
			if u == nil {
				continue
			}
			for _, dr := range c.DryRun {
				argv := make([][]byte, len(dr.Argv))
				for i, a := range dr.Argv {
					argv[i] = []byte(a)
				}
				got, want := u.CheckBytes(argv), u.Check(dr.Argv)
				require.Equal(t, dr.Reply, got.Reply(), "%s:%d %q", f, c.Line, dr.Argv)
				require.Equal(t, want.Verdict, got.Verdict)
				require.Equal(t, want.Pos, got.Pos)
				require.Equal(t, want.Selector, got.Selector)
				require.Equal(t, want.SortPatternDenied, got.SortPatternDenied)
				n++
			}
		}
	}
	require.Greater(t, n, 3000)
	t.Logf("%d command lines", n)
}

// TestCheckBytesLongAndEmpty covers command lines beyond the stack view
// and the empty one.
func TestCheckBytesLongAndEmpty(t *testing.T) {
	u := testutil.User(t, "valkey-8.0", "on ~k* +mget")
	argv := [][]byte{[]byte("MGET")}
	for i := 0; i < 40; i++ {
		argv = append(argv, []byte("k1"))
	}
	argv = append(argv, []byte("x"))
	require.Equal(t, "User u has no permissions to access the 'x' key", u.CheckBytes(argv).Reply())
	require.Equal(t, "ERR Command '' not found", u.CheckBytes(nil).Reply())
}

func TestCheckBytesAllocs(t *testing.T) {
	u := testutil.User(t, "valkey-8.0", "on ~app:* -@all +get +set")
	argv := [][]byte{[]byte("SET"), []byte("app:1"), []byte("v")}
	require.Zero(t, testing.AllocsPerRun(100, func() { u.CheckBytes(argv) }))
}
