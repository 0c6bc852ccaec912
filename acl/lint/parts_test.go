package lint

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v2/sarif"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// bigInput is an input of several parts, with suppressions, secrets and
// (as an ACL file) findings of the file as a whole.
func bigInput(aclFile bool) string {
	var b strings.Builder
	for i := 0; i < 2*PartSize+100; i++ {
		prefix := ""
		if aclFile {
			prefix = fmt.Sprintf("user u%d ", i%(PartSize+7)) // duplicates across parts
		}
		switch i % 5 {
		case 0:
			fmt.Fprintf(&b, "%son >secret%dpassword ~k%d +get +get\n", prefix, i, i)
		case 1:
			if !aclFile {
				b.WriteString("# aclcheck:ignore AC5001 reason\n")
			}
			fmt.Fprintf(&b, "%son ~* +@all\n", prefix)
		case 2:
			if !aclFile {
				b.WriteString("# aclcheck:ignore AC6001 never used\n")
			}
			fmt.Fprintf(&b, "%son ~a%d +nosuch\n", prefix, i)
		case 3:
			fmt.Fprintf(&b, "%son ~${var.k%d} >x%d +get\n", prefix, i, i) // a placeholder: AC9003
			if aclFile && i%1000 == 3 {
				// Lines the server refuses (AC1007), shown with their secrets masked.
				fmt.Fprintf(&b, "# user old%d on >secret%dcomment ~* +@all\n  >secret%dcontinued #secret%dhash\n", i, i, i, i)
			}
		default:
			fmt.Fprintf(&b, "%son ~a%d (~b >x%d +get) +set\n", prefix, i, i)
		}
	}
	return b.String()
}

// TestLintParts checks that the parts of LintParts (an input read by
// ReadTextParts), one after the other, hold exactly the diagnostics of Lint
// on the input read whole, and the text written part by part is the text
// written whole.
func TestLintParts(t *testing.T) {
	target, _ := ParseTarget("redis/redis-7.2")
	l, err := New(Config{Target: target})
	require.NoError(t, err)
	for _, aclFile := range []bool{false, true} {
		content := bigInput(aclFile)
		whole := input.ReadText("big", content)
		want := l.Lint(whole)
		var wantText bytes.Buffer
		require.NoError(t, WriteText(&wantText, want, []*input.Input{whole}, TextOptions{}))

		var got Diagnostics
		var gotText bytes.Buffer
		parts := 0
		lazy := input.ReadTextParts("big", content)
		assert.Equal(t, whole.Format, lazy.Format)
		err := l.LintParts(lazy, func(ds Diagnostics, part *input.Input) error {
			parts++
			got = append(got, ds...)
			return WriteText(&gotText, ds, []*input.Input{part}, TextOptions{})
		})
		require.NoError(t, err)
		assert.Equal(t, 3, parts)
		require.Equal(t, len(want), len(got), "ACL file %v", aclFile)
		assert.Equal(t, want, got)
		related, unresolved := 0, 0
		for _, d := range got {
			if d.RuleID == "AC1007" && len(d.Related) > 0 {
				related++
			}
			if d.RuleID == "AC9003" {
				unresolved++
			}
		}
		assert.Positive(t, unresolved, "placeholders in every part")
		assert.Equal(t, aclFile, related > 0, "duplicate users across parts")
		assert.Equal(t, wantText.String(), gotText.String())
		for _, text := range []string{wantText.String(), gotText.String()} {
			assert.NotContains(t, text, "secret1")
			assert.NotContains(t, text, "comment ~*")
			assert.NotContains(t, text, "continued")
		}
		if aclFile {
			assert.Contains(t, gotText.String(), "    # user old3 on >*** ~* +@all\n")
			assert.Contains(t, gotText.String(), "      >*** #***\n")
		}
	}
}

// TestSARIFStreamed checks that the SARIF log written a result at a time is
// byte for byte the one go-sarif writes for the whole log.
func TestSARIFStreamed(t *testing.T) {
	target, _ := ParseTarget("elasticache/valkey-8.0")
	l, _ := New(Config{Target: target})
	in := input.ReadText("é.txt", "on ~* +@all >pw\non ~a +get +get café\n")
	ds := l.Lint(in)
	require.NotEmpty(t, ds)
	for _, notices := range [][]Notice{nil, {{Filename: "x", Message: "skipped", Error: true}}} {
		var out bytes.Buffer
		require.NoError(t, WriteSARIF(&out, ds, []*input.Input{in}, "dev", notices...))
		rep, err := sarif.FromBytes(out.Bytes())
		require.NoError(t, err)
		var again bytes.Buffer
		require.NoError(t, rep.PrettyWrite(&again))
		assert.Equal(t, again.String(), out.String())
		assert.Len(t, rep.Runs[0].Results, len(ds))
	}
	var out bytes.Buffer
	sw, err := NewSARIFWriter(&out, "dev")
	require.NoError(t, err)
	require.NoError(t, sw.Write(ds[:1], []*input.Input{in}))
	sw.Omitted = len(ds) - 1
	require.NoError(t, sw.Close())
	rep, err := sarif.FromBytes(out.Bytes())
	require.NoError(t, err)
	assert.Len(t, rep.Runs[0].Results, 1)
	assert.EqualValues(t, len(ds)-1, rep.Runs[0].Properties["aclcheck/omitted"])
}
