package main

import (
	"bytes"
	"encoding/json"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/internal/lossless"
)

// writeJSON writes v, which must encode as a JSON object, to standard
// output (see jsonOut), indented and without HTML escapes, with a first
// field "version": the version of aclcheck's JSON documents
// ([lint.JSONVersion]; schemas in docs/schema).
func (e *env) writeJSON(v any) error {
	doc, err := lossless.Marshal(lossless.Object{struct {
		Version string `json:"version"`
	}{lint.JSONVersion}, v})
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, doc, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	w, done := e.jsonOut()
	if _, err := w.Write(out.Bytes()); err != nil {
		return err
	}
	return done()
}
