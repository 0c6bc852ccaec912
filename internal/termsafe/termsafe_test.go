package termsafe

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ~a:* +get", "plain ~a:* +get"},
		{"tab\tstays", "tab\tstays"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"\x1b]0;title\x07", `\x1b]0;title\x07`},
		{"a\nb\rc\x00d\x7f", `a\x0ab\x0dc\x00d\x7f`},
		{"csi \u009b31m", `csi \u009b31m`},
		{"bad \xff\xc3 utf8", `bad \xff\xc3 utf8`},
		{"rtl \u202eevil", `rtl \u202eevil`},
		{"é ü 日本", "é ü 日本"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Escape(tt.in), "%q", tt.in)
		assert.Equal(t, tt.in == tt.want, Safe(tt.in), "%q", tt.in)
	}
	assert.Equal(t, "a\\x1b\nb", EscapeLines("a\x1b\nb"))
}

func TestJSONWriter(t *testing.T) {
	v := map[string]string{"k": "a\x1b\x7fb\u009bc\u202ed é"}
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var out bytes.Buffer
	w := JSONWriter(&out)
	for i := range raw { // one byte at a time: characters split across writes
		_, err := w.Write(raw[i : i+1])
		require.NoError(t, err)
	}
	require.NoError(t, w.Flush())
	assert.Equal(t, `{"k":"a\u001b\u007fb\u009bc\u202ed é"}`, out.String())
	var back map[string]string
	require.NoError(t, json.Unmarshal(out.Bytes(), &back))
	assert.Equal(t, v, back)
}

func TestCommandLine(t *testing.T) {
	assert.Equal(t, `get app:1 "" "a b" "x\x1by" "it's" "\\" "é"`,
		CommandLine([]string{"get", "app:1", "", "a b", "x\x1by", "it's", `\`, "é"}))
}
