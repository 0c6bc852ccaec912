// Package lossless keeps bytes that are not valid UTF-8 in aclcheck's JSON
// documents. A JSON string holds Unicode text, and encoding/json replaces
// each byte that is not valid UTF-8 by U+FFFD, but key names, channel
// names and command lines are bytes: a witness turned into U+FFFD cannot
// be replayed. A document keeps the text field as it was (for valid UTF-8
// it is exact) and adds a sibling field, named after it with "_base64",
// that holds the same value in standard base64, only when some byte of it
// is not valid UTF-8 (docs/output.md).
package lossless

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// Base64 returns s in standard base64 when s is not valid UTF-8, and ""
// when it is.
func Base64(s string) string {
	if utf8.ValidString(s) {
		return ""
	}
	return base64.StdEncoding.EncodeToString([]byte(s))
}

// Base64s returns every string of ss in standard base64 when one of them
// is not valid UTF-8, and nil when all are.
func Base64s(ss []string) []string {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return Encode(ss)
		}
	}
	return nil
}

// Encode returns every string of ss in standard base64.
func Encode(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = base64.StdEncoding.EncodeToString([]byte(s))
	}
	return out
}

// Decode returns the strings that Encode encoded.
func Decode(ss []string) ([]string, error) {
	out := make([]string, len(ss))
	for i, s := range ss {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, err
		}
		out[i] = string(b)
	}
	return out, nil
}

// Object is a JSON object made of the members of several values, in order;
// each must encode as a JSON object. It lets a type that has a
// MarshalJSON method be extended with fields, where embedding it would
// promote its MarshalJSON and drop the fields.
type Object []any

// MarshalJSON encodes the members of each value of o, without escaping
// HTML.
func (o Object) MarshalJSON() ([]byte, error) {
	out := []byte{'{'}
	for _, v := range o {
		b, err := Marshal(v)
		if err != nil {
			return nil, err
		}
		if len(b) < 2 || b[0] != '{' {
			return nil, errors.New("lossless: not a JSON object")
		}
		members := bytes.TrimSpace(b[1 : len(b)-1])
		if len(members) == 0 {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, members...)
	}
	return append(out, '}'), nil
}

// Marshal is json.Marshal without escaping HTML (<, >, & stay as they are).
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}
