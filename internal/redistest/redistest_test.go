package redistest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOracleServer starts each engine and checks the wrappers on replies
// whose text differs between them.
func TestOracleServer(t *testing.T) {
	want := map[string]struct{ list, denial string }{
		"redis-7.0":  {"user u on ~app:* resetchannels -@all +get", "This user has no permissions to access the 'x' key"},
		"redis-7.2":  {"user u on sanitize-payload ~app:* resetchannels -@all +get", "User u has no permissions to access the 'x' key"},
		"valkey-8.0": {"user u on sanitize-payload ~app:* resetchannels -@all +get", "User u has no permissions to access the 'x' key"},
	}
	for _, e := range Engines {
		t.Run(e.Name, func(t *testing.T) {
			s := StartEngine(t, e)
			if s.Engine.Name != e.Name {
				t.Fatalf("Engine = %q", s.Engine.Name)
			}
			if got := s.SetUser("u", "on", "~app:*", "+get"); got != "OK" {
				t.Fatalf("SETUSER = %q", got)
			}
			line, err := s.ACLList("u")
			if err != nil {
				t.Fatal(err)
			}
			if line != want[e.Name].list {
				t.Errorf("ACL LIST = %q, want %q", line, want[e.Name].list)
			}
			if got := s.DryRun("u", "get", "x"); got != want[e.Name].denial {
				t.Errorf("DRYRUN = %q, want %q", got, want[e.Name].denial)
			}
			if got, want := s.SetUser("u", "+nosuch"), "ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL"; got != want {
				t.Errorf("SETUSER = %q, want %q", got, want)
			}
			keys, err := s.GetKeysAndFlags("copy", "a", "b")
			if err != nil || len(keys) != 2 || keys[0].Name != "a" || keys[1].Flags[0] != "OW" {
				t.Errorf("GETKEYSANDFLAGS = %v, %v", keys, err)
			}
		})
	}
}

// TestLaunchReadOnlyBinary starts an engine from a copy of its binary
// without execute bits in a read-only directory, as CI's copy of
// ../shared is: the harness runs a private executable copy.
func TestLaunchReadOnlyBinary(t *testing.T) {
	e := Engines[1]
	bin, err := e.Binary()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("skipping: %v", err)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(ro, filepath.Base(bin))
	if err := os.WriteFile(copyPath, data, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	e.bin = copyPath
	s, err := LaunchEngine(t.TempDir(), e)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.SetUser("u", "on"); got != "OK" {
		t.Errorf("SETUSER = %q", got)
	}
}

func TestInfoEngine(t *testing.T) {
	EachEngine(t, func(t *testing.T, e Engine) {
		s := StartEngine(t, e)
		if got, err := s.InfoEngine(); err != nil || got != e.Version {
			t.Errorf("InfoEngine() = %q, %v, want %s", got, err, e.Version)
		}
	})
	// Valkey 8.0.1's INFO server also reports the Redis version it is
	// compatible with.
	valkey := "# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.0.1\r\ngcc_version:12.2.0\r\n"
	if got, err := engineFromInfo(valkey); err != nil || got != "valkey-8.0.1" {
		t.Errorf("engineFromInfo(valkey) = %q, %v", got, err)
	}
	if _, err := engineFromInfo("# Server\r\nos:Linux\r\n"); err == nil {
		t.Error("engineFromInfo without a version: no error")
	}
}
