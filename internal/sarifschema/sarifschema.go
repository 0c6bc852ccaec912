// Package sarifschema is a test aid of lint's SARIF output: it validates
// documents against the OASIS SARIF 2.1.0 JSON schema (errata01), embedded,
// for the tests of the SARIF writers.
package sarifschema

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

//go:embed sarif-schema-2.1.0.json
var schemaText string

const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	c.AssertFormat = true
	if err := c.AddResource(url, strings.NewReader(schemaText)); err != nil {
		return nil, err
	}
	return c.Compile(url)
})

// Validate reports whether doc, a SARIF log in JSON, follows the schema
// (formats included).
func Validate(doc []byte) error {
	schema, err := compiled()
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return err
	}
	return schema.Validate(v)
}
