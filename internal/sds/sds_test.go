package sds

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		in   string
		want []Arg
		ok   bool
	}{
		{"", nil, true},
		{"  ~a  +get ", []Arg{{"~a", 2, 4}, {"+get", 6, 10}}, true},
		{`"~a b" +get`, []Arg{{"~a b", 0, 6}, {"+get", 7, 11}}, true},
		{`"~\x41\x4a" "\n\t\\\"\q"`, []Arg{{"~AJ", 0, 11}, {"\n\t\\\"q", 12, 24}}, true},
		{`"\x4" '\x41'`, []Arg{{"x4", 0, 5}, {`\x41`, 6, 12}}, true},
		{`'a\'b' "c'd"`, []Arg{{"a'b", 0, 6}, {"c'd", 7, 12}}, true},
		{`a"b c"d`, nil, false},
		{`a"b c" d`, []Arg{{"ab c", 0, 6}, {"d", 7, 8}}, true},
		{`"open`, nil, false},
		{`'open`, nil, false},
		{`"a"b`, nil, false},
		{`'a'b`, nil, false},
		{"a\vb", []Arg{{"a\vb", 0, 3}}, true},
		{"a\f", []Arg{{"a\f", 0, 2}}, true},
		{"a\f b\t", []Arg{{"a\f", 0, 2}, {"b", 3, 4}}, true},
		{"\"\"", []Arg{{"", 0, 2}}, true},
		{"a\x00 b", []Arg{{"a", 0, 1}}, true},
		{"'a\x00'", nil, false},
	}
	for _, tt := range tests {
		got, ok := SplitArgs(tt.in)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
	}
}

func TestWriteQuoted(t *testing.T) {
	for _, s := range []string{"", "a b", `"\`, "x\x00\x7f\xff(y)", "\\x41"} {
		var b strings.Builder
		WriteQuoted(&b, s, func(c byte) bool { return c <= ' ' || c >= 0x7f || c == '(' })
		args, ok := SplitArgs(b.String())
		assert.True(t, ok, "%q", b.String())
		if assert.Len(t, args, 1, "%q", b.String()) {
			assert.Equal(t, s, args[0].Value)
		}
	}
	var b strings.Builder
	WriteQuoted(&b, "a \"b\\(\x01", func(c byte) bool { return c < ' ' || c == '(' })
	assert.Equal(t, `"a \"b\\\x28\x01"`, b.String())
}
