package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// TestLintSARIFFilesValidate runs lint -f on every AWS example with
// --format sarif and validates the output against the SARIF 2.1.0 schema.
func TestLintSARIFFilesValidate(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	c.AssertFormat = true
	f, err := os.Open("../../acl/lint/testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, f); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"api-elasticache.yaml", "api-memorydb.json", "cloudformation.json", "cloudformation.yaml", "terraform-plan.json"} {
		var out, errb bytes.Buffer
		code := run([]string{"lint", "-f", "../../testdata/aws/" + file, "--format", "sarif"}, strings.NewReader(""), &out, &errb)
		if code == exitUsage {
			t.Errorf("%s: exit %d: %s", file, code, errb.String())
		}
		var doc any
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", file, err)
		}
	}
}
