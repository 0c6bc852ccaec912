package main

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/aclcheck/aclcheck/acl/lint"
)

// writeJSON writes v, which must encode as a JSON object, to standard
// output (see jsonOut), indented and without HTML escapes, with a first
// field "version": the version of aclcheck's JSON documents
// ([lint.JSONVersion]; schemas in docs/schema).
func (e *env) writeJSON(v any) error {
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	body := bytes.TrimSpace(one.Bytes())
	if len(body) < 2 || body[0] != '{' {
		return errors.New("json output is not an object")
	}
	doc := []byte(`{"version":"` + lint.JSONVersion + `"`)
	if rest := bytes.TrimSpace(body[1:]); rest[0] != '}' {
		doc = append(doc, ',')
	}
	doc = append(doc, body[1:]...)
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
