package lint

import (
	"testing"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// TestConfigLowerCaseIDs: rule IDs in Config are read in any case, as
// Lookup and the suppression comments read them.
func TestConfigLowerCaseIDs(t *testing.T) {
	target, _ := NewTarget("valkey", "valkey-8.0")
	disabled := map[string]bool{"ac5001": true, "Ac9001": true}
	l, err := New(Config{Target: target, Disabled: disabled, Severity: map[string]Severity{"ac6001": Error}})
	if err != nil {
		t.Fatal(err)
	}
	if !disabled["ac5001"] || disabled["AC5001"] {
		t.Errorf("New changed the caller's map: %v", disabled)
	}
	// AC5001 (disabled as ac5001) is missing, AC6001 is an error.
	expect(t, "", l.Validate("on ~* +@all +get"), wantAt("AC6001", 1, 13, Error))
	// AC9001 (disabled as Ac9001) does not report the unused suppression.
	expect(t, "", l.Lint(input.ReadText("f.acl", "# aclcheck:ignore AC5003 reason\non ~app:* +get\n")))
}

// TestDefaultEngine checks that each service's default engine is one the
// service runs.
func TestDefaultEngine(t *testing.T) {
	want := map[Service]string{Redis: "redis-7.2", Valkey: "valkey-8.0", ElastiCache: "valkey-8.0",
		ElastiCacheServerless: "valkey-8.0", MemoryDB: "valkey-7.2"}
	for svc, engine := range want {
		if got := DefaultEngine(svc); got != engine {
			t.Errorf("DefaultEngine(%s) = %s, want %s", svc, got, engine)
		}
		if _, err := NewTarget(svc.String(), DefaultEngine(svc)); err != nil {
			t.Errorf("%s: %v", svc, err)
		}
	}
}
