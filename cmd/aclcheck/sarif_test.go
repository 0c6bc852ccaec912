package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/internal/sarifschema"
)

// TestLintSARIFFilesValidate runs lint -f on every AWS example with
// --format sarif and validates the output against the SARIF 2.1.0 schema.
func TestLintSARIFFilesValidate(t *testing.T) {
	for _, file := range []string{"api-elasticache.yaml", "api-memorydb.json", "cloudformation.json", "cloudformation.yaml", "terraform-plan.json"} {
		var out, errb bytes.Buffer
		code := run([]string{"lint", "-f", "../../testdata/aws/" + file, "--format", "sarif"}, strings.NewReader(""), &out, &errb)
		if code == exitUsage {
			t.Errorf("%s: exit %d: %s", file, code, errb.String())
		}
		if err := sarifschema.Validate(out.Bytes()); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", file, err)
		}
	}
}
