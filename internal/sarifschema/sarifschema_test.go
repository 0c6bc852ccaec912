package sarifschema

import "testing"

func TestValidate(t *testing.T) {
	ok := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"aclcheck"}},"results":[]}]}`
	if err := Validate([]byte(ok)); err != nil {
		t.Fatalf("a minimal log: %v", err)
	}
	if err := Validate([]byte(`{"version":"2.1.0","runs":[{"results":[]}]}`)); err == nil {
		t.Fatal("a run without a tool validated")
	}
}
