package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/internal/lossless"
)

// TestJSONLossless checks that every JSON output carrying key names,
// channel names or command lines keeps bytes that are not valid UTF-8 in
// its _base64 fields (a JSON string cannot: encoding/json writes U+FFFD),
// and adds none for valid UTF-8.
func TestJSONLossless(t *testing.T) {
	dir := t.TempDir()
	bytesACL := writeTestFile(t, dir, "bytes.acl", "user a on nopass ~k\xff* &c\xfe +@read +publish -keys -scan -randomkey\nuser b on nopass ~k\xff* +@write -flushall -flushdb -swapdb\n")
	plainACL := writeTestFile(t, dir, "plain.acl", "user a on nopass ~kÿ* &cÿ +@read +publish -keys -scan -randomkey\nuser b on nopass ~kÿ* +@write -flushall -flushdb -swapdb\n")
	// decode returns the base64 of doc at path (keys, and indexes of
	// lists), decoded; a list of strings decodes element by element.
	decode := func(doc any, path ...any) any {
		t.Helper()
		for _, p := range path {
			switch p := p.(type) {
			case string:
				doc = doc.(map[string]any)[p]
			case int:
				doc = doc.([]any)[p]
			}
		}
		switch v := doc.(type) {
		case string:
			out, err := lossless.Decode([]string{v})
			if err != nil {
				t.Fatal(err)
			}
			return out[0]
		case []any:
			var ss []string
			for _, x := range v {
				ss = append(ss, x.(string))
			}
			out, err := lossless.Decode(ss)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		t.Fatalf("%v at %v: not base64", doc, path)
		return nil
	}
	for _, c := range []struct {
		args []string
		path []any // to the _base64 field
		want any
	}{
		{[]string{"who-can", "--read", "*", bytesACL}, []any{"users", 0, "witness_base64"}, []string{"get", "k\xff"}},
		{[]string{"who-can", "--read", "*", bytesACL}, []any{"users", 0, "key_base64"}, "k\xff"},
		{[]string{"who-can", "--write", "k\xff", bytesACL}, []any{"users", 0, "witness_base64"}, []string{"set", "k\xff", "1"}},
		{[]string{"who-can", "--channel", "*", bytesACL}, []any{"users", 0, "witness_base64"}, []string{"publish", "c\xfe", "1"}},
		{[]string{"who-can", "--channel", "*", bytesACL}, []any{"users", 0, "channel_base64"}, "c\xfe"},
		{[]string{"isolate", bytesACL}, []any{"pairs", 0, "key_base64"}, "k\xff"},
		{[]string{"isolate", bytesACL}, []any{"pairs", 0, "witness_base64", 0}, []string{"get", "k\xff"}},
		{[]string{"isolate", bytesACL}, []any{"pairs", 0, "witness_base64", 1}, []string{"decr", "k\xff"}},
		{[]string{"isolate", "--tenants", writeTestFile(t, dir, "t.yaml", "tenants: {t: {users: [a], keys: ['k*']}}\n"), bytesACL}, []any{"breaches", 0, "witness_base64"}, []string{"decr", "k\xff"}},
		{[]string{"diff", "on ~k\xff +get", "on ~k\xff +get +set"}, []any{"gained_witness_base64"}, []string{"set", "k\xff", "1"}},
		{[]string{"diff", "on ~k\xff +get +set", "on ~k\xff +get"}, []any{"lost_witness_base64"}, []string{"set", "k\xff", "1"}},
		{[]string{"diff", "-f", bytesACL, plainACL}, []any{"users", 0, "diff", "lost_witness_base64"}, []string{"get", "k\xff"}},
		{[]string{"check", "on ~* +get", "--", "GET", "\xff"}, []any{"argv_base64"}, []string{"GET", "\xff"}},
		{[]string{"explain", "on ~* +get", "--", "GET", "\xff"}, []any{"argv_base64"}, []string{"GET", "\xff"}},
	} {
		args := append([]string{c.args[0], "--engine", "redis-7.0", "--format", "json"}, c.args[1:]...)
		_, out, stderr := runCLI("", args...)
		var doc any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%q: %v: %s%s", c.args, err, out, stderr)
		}
		if got := decode(doc, c.path...); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: %v = %q, want %q\n%s", c.args, c.path, got, c.want, out)
		}
	}
	// Valid UTF-8 has no base64.
	for _, args := range [][]string{
		{"who-can", "--read", "*", plainACL}, {"who-can", "--channel", "*", plainACL}, {"isolate", plainACL},
		{"diff", "on ~kÿ +get", "on ~kÿ +get +set"}, {"check", "on ~* +get", "--", "GET", "ÿ"},
	} {
		args = append([]string{args[0], "--engine", "redis-7.0", "--format", "json"}, args[1:]...)
		if _, out, _ := runCLI("", args...); !strings.Contains(out, "ÿ") || strings.Contains(out, "_base64") {
			t.Errorf("%q: %s", args, out)
		}
	}
}
