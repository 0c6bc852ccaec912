package redistest

import "testing"

func TestOracleServer(t *testing.T) {
	s := Start(t)
	if got := s.SetUser("u", "on", "~app:*", "+get"); got != "OK" {
		t.Fatalf("SETUSER = %q", got)
	}
	line, err := s.ACLList("u")
	if err != nil {
		t.Fatal(err)
	}
	if want := "user u on ~app:* resetchannels -@all +get"; line != want {
		t.Errorf("ACL LIST = %q, want %q", line, want)
	}
	if got, want := s.DryRun("u", "get", "x"), "This user has no permissions to access the 'x' key"; got != want {
		t.Errorf("DRYRUN = %q, want %q", got, want)
	}
	if got, want := s.SetUser("u", "+nosuch"), "ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL"; got != want {
		t.Errorf("SETUSER = %q, want %q", got, want)
	}
	keys, err := s.GetKeysAndFlags("copy", "a", "b")
	if err != nil || len(keys) != 2 || keys[0].Name != "a" || keys[1].Flags[0] != "OW" {
		t.Errorf("GETKEYSANDFLAGS = %v, %v", keys, err)
	}
}
