package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIsolateTestdata runs isolate on testdata/boundaries: the tenants are
// isolated, and adding +keys to one user or a ~* selector to another
// breaks isolation with a witness.
func TestIsolateTestdata(t *testing.T) {
	users, err := os.ReadFile("../../testdata/boundaries/users.acl")
	if err != nil {
		t.Fatal(err)
	}
	tenants := "../../testdata/boundaries/tenants.yaml"
	for _, c := range []struct {
		name, user, add string
		code            int
		want            string
	}{
		{"isolated", "", "", 0, "isolated: 2 tenants, 7 users\n"},
		{"keys", "bob", " +keys", 1, "tenant a: bob every key via root +keys: keys *\n  note: KEYS reads the name of every key\n"},
		{"selector", "alice-ro", " (~* +get)", 1, "tenant b: alice-ro reads tenant-b: via (~* +get) +get allkeys: get tenant-b:\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var lines []string
			for _, l := range strings.Split(strings.TrimSpace(string(users)), "\n") {
				if c.user != "" && strings.HasPrefix(l, "user "+c.user+" ") {
					l += c.add
				}
				lines = append(lines, l)
			}
			file := filepath.Join(t.TempDir(), "users.acl")
			if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run([]string{"isolate", "--engine", "redis-7.0", "--tenants", tenants, file}, nil, &stdout, &stderr)
			if code != c.code || stdout.String() != c.want {
				t.Errorf("exit %d, stdout:\n%s\nstderr: %s\nwant exit %d, stdout:\n%s", code, stdout.String(), stderr.String(), c.code, c.want)
			}
		})
	}
}
