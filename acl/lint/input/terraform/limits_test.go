package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostile builds sources that grow exponentially or loop if evaluation
// were not bounded.
func hostile(kind string) string {
	var b strings.Builder
	b.WriteString("locals {\n")
	// each doubles the one before
	doubling := map[string][2]string{
		"strings": {`""`, `"${local.l%[1]d}${local.l%[1]d}"`},
		"lists":   {`[[]]`, `[local.l%[1]d, local.l%[1]d]`},
		"maps":    {`{a = "x"}`, `{a = local.l%[1]d, b = local.l%[1]d}`},
	}
	switch kind {
	case "strings", "lists", "maps":
		d := doubling[kind]
		fmt.Fprintf(&b, "  l0 = %s\n", d[0])
		for i := 1; i <= 60; i++ {
			fmt.Fprintf(&b, "  l%[2]d = "+d[1]+"\n", i-1, i)
		}
	case "loops":
		b.WriteString("  big = [for i in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20] : i]\n")
		b.WriteString("  l0 = [for a in local.big : [for b in local.big : [for c in local.big : [for d in local.big : [for e in local.big : [for f in local.big : \"${a}${b}${c}${d}${e}${f}\"]]]]]]\n")
		b.WriteString("  l60 = local.l0\n")
	case "cycle":
		b.WriteString("  l60 = local.a\n  a = \"${local.b}\"\n  b = \"x${local.a}\"\n")
	}
	b.WriteString("}\n")
	b.WriteString(`resource "aws_elasticache_user" "u" {
  user_id       = "u"
  user_name     = "u"
  access_string = "on ${join(" ", flatten(local.l60))} ${jsonencode(local.l60)} ${length(local.l60)} ${local.l60}"
}
`)
	return b.String()
}

// TestLimits reads inputs that would not end if evaluation were not
// bounded: the access string keeps its known prefix and says why the rest
// is not known.
func TestLimits(t *testing.T) {
	for kind, want := range map[string]string{
		"strings": "string longer than the limit",
		"lists":   "value too large to evaluate",
		"maps":    "value too large to evaluate",
		"loops":   "evaluation limit reached",
		"cycle":   "local.a refers to itself",
	} {
		t.Run(kind, func(t *testing.T) {
			res := Read(nil, File{Name: "main.tf", Src: []byte(hostile(kind))})
			require.Len(t, res.Resources, 1)
			a := res.Resources[0].Access
			require.NotEmpty(t, a.Parts)
			assert.Equal(t, "on ", a.Parts[0].Text)
			assert.Contains(t, a.Reasons(), want)
		})
	}
}

// TestTooManyInstances caps count and for_each and says so.
func TestTooManyInstances(t *testing.T) {
	src := `resource "aws_elasticache_user" "u" {
  count         = 1000000
  user_id       = "u${count.index}"
  access_string = "on ~* +get"
}
`
	res := Read(nil, File{Name: "main.tf", Src: []byte(src)})
	assert.Len(t, res.Resources, maxInstances)
	require.Len(t, res.Diagnostics, 1)
	assert.Equal(t, "main.tf:2:19: Too many instances", res.Diagnostics[0].Range.Start.String()+": "+res.Diagnostics[0].Summary)
}
