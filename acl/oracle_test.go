package acl_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/aclgen"
	"github.com/aclcheck/aclcheck/internal/conformance"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

// seed returns the generator seed: ACLCHECK_SEED, or a fixed default.
func seed(t *testing.T) int64 {
	s := int64(20261122)
	if v := os.Getenv("ACLCHECK_SEED"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("ACLCHECK_SEED: %v", err)
		}
		s = n
	}
	t.Logf("seed %d (set ACLCHECK_SEED to change)", s)
	return s
}

// differential runs n generated access strings, each with probes command
// lines, through the live server and through the library, and compares
// the SETUSER reply, ACL LIST and every DRYRUN reply. It returns the number
// of strings and of DRYRUN pairs compared.
func differential(t *testing.T, n, probes int) (strs, pairs int) {
	s := redistest.Start(t)
	tb := table(t, "redis-7.0") // the live oracle is Redis 7.0.15
	g := aclgen.New(seed(t), tb)
	const batch = 250
	var mismatches []string
	report := func(format string, args ...any) {
		if len(mismatches) < 10 {
			mismatches = append(mismatches, fmt.Sprintf(format, args...))
		}
	}
	for done := 0; done < n; done += batch {
		type probe struct {
			user, access string
			argv         [][]string
			setIdx       int
			dryIdx       []int
		}
		var cases []probe
		var cmds [][]string
		for i := 0; i < batch && done+i < n; i++ {
			p := probe{user: fmt.Sprintf("u%d", i), access: g.Access()}
			cmds = append(cmds, []string{"ACL", "DELUSER", p.user})
			p.setIdx = len(cmds)
			cmds = append(cmds, append([]string{"ACL", "SETUSER", p.user}, aclgen.Words(p.access)...))
			for j := 0; j < probes; j++ {
				argv := g.Argv()
				p.argv = append(p.argv, argv)
				p.dryIdx = append(p.dryIdx, len(cmds))
				cmds = append(cmds, append([]string{"ACL", "DRYRUN", p.user}, argv...))
			}
			cases = append(cases, p)
		}
		replies := s.Pipeline(cmds)
		list, err := s.Client.Do(context.Background(), "ACL", "LIST").StringSlice()
		if err != nil {
			t.Fatal(err)
		}
		lines := map[string]string{}
		for _, l := range list {
			if name, _, ok := strings.Cut(strings.TrimPrefix(l, "user "), " "); ok {
				lines[name] = l
			}
		}
		for _, p := range cases {
			u, got := conformance.SetUser(tb, p.user, p.access)
			want := replies[p.setIdx]
			strs++
			if got != want {
				report("SETUSER %q:\n  server: %s\n  ours:   %s", p.access, want, got)
				continue
			}
			if want != "OK" {
				continue
			}
			if wantList, ourList := lines[p.user], u.ACLList(); !conformance.SameACLList(acl.Redis70, wantList, ourList) {
				report("ACL LIST %q:\n  server: %s\n  ours:   %s", p.access, wantList, ourList)
			}
			for j, argv := range p.argv {
				pairs++
				if want, got := replies[p.dryIdx[j]], u.DryRun(argv...); want != got {
					report("DRYRUN %q -- %q:\n  server: %s\n  ours:   %s", p.access, argv, want, got)
				}
			}
		}
	}
	for _, m := range mismatches {
		t.Error(m)
	}
	return strs, pairs
}

// TestSetUserOracleDifferential compares ACL SETUSER replies (accept or
// reject, and the exact error) and ACL LIST lines with the live server.
func TestSetUserOracleDifferential(t *testing.T) {
	strs, _ := differential(t, 20000, 0)
	t.Logf("compared %d access strings (SETUSER reply and ACL LIST) with the live server", strs)
}

// TestDryRunOracleDifferential compares ACL DRYRUN replies for generated
// (access string, command line) pairs with the live server.
func TestDryRunOracleDifferential(t *testing.T) {
	strs, pairs := differential(t, 17500, 3)
	t.Logf("compared %d (access string, argv) pairs over %d access strings with the live server", pairs, strs)
}
