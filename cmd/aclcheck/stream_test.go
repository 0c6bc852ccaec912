package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLintStreamed checks that a streamed lint (large files read and
// linted a part at a time) writes byte for byte what the whole lint
// writes, in every format, with and without a baseline, for a file of
// access strings and an ACL file of several parts each.
func TestLintStreamed(t *testing.T) {
	dir := t.TempDir()
	var b, a strings.Builder
	a.WriteString("user default on nopass ~* +@all\n")
	for i := 0; i < 4200; i++ { // more than lint.PartSize each
		if i%4 == 1 {
			fmt.Fprintf(&b, "on ~* +@all +get\n")
		}
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "on ~k%d +get +get >pw%dsecret\n", i, i)
		case 1:
			fmt.Fprintf(&b, "# aclcheck:ignore AC5001 shared cache\non ~* +@all #%064x\n", i)
		case 2:
			fmt.Fprintf(&b, "on ~a%d (~b +get >x%d\n", i, i)
		default:
			fmt.Fprintf(&b, "on ~${k%d} +nosuch\n", i)
		}
		fmt.Fprintf(&a, "user u%d on >pw%dsecret ~k%d +get +get\n", i%4100, i, i) // duplicates across parts
	}
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	files := []string{write("b.txt", b.String()), write("a.acl", a.String()), write("c.acl", "user default off\nuser a on ~a +nosuch\n")}
	defer func(n int) { streamBytes = n }(streamBytes)
	streamBytes = 1 << 40
	base := filepath.Join(dir, "base.json")
	// A baseline of the findings of one of the files.
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"lint", "--no-config", "--write-baseline", base, "-f", files[1]}, strings.NewReader(""), &out, &errb), errb.String())
	for _, format := range []string{"text", "json", "sarif"} {
		for _, baseline := range []bool{false, format == "sarif"} {
			args := []string{"lint", "--no-config", "--format", format, "-f"}
			if baseline {
				args = append(args, "--baseline", base)
			}
			args = append(args, files...)
			var whole, streamed [2]bytes.Buffer
			streamBytes = 1 << 40
			code := run(args, strings.NewReader(""), &whole[0], &whole[1])
			streamBytes = 1000
			assert.Equal(t, code, run(args, strings.NewReader(""), &streamed[0], &streamed[1]))
			assert.Equal(t, whole[0].String(), streamed[0].String(), format)
			assert.Equal(t, whole[1].String(), streamed[1].String(), format)
			assert.NotContains(t, streamed[0].String(), "pw1")
			assert.Greater(t, whole[0].Len(), 100000, format)
			if !baseline {
				assert.Contains(t, whole[0].String(), "defined again", format)
			} else {
				assert.Contains(t, streamed[1].String(), "in the baseline", format)
			}
		}
	}
}

// TestMaxFindings checks that --max-findings writes so many findings and
// says, in the output and on standard error, how many it left out.
func TestMaxFindings(t *testing.T) {
	access := "on ~* +@all +get +get +set +set"
	var out, errb bytes.Buffer
	run([]string{"lint", "--no-config", "--format", "json", access}, strings.NewReader(""), &out, &errb)
	var doc struct {
		Diagnostics []json.RawMessage `json:"diagnostics"`
		Omitted     int               `json:"omitted"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	total := len(doc.Diagnostics)
	require.GreaterOrEqual(t, total, 4)
	assert.Zero(t, doc.Omitted)

	out.Reset()
	errb.Reset()
	code := run([]string{"lint", "--no-config", "--fail-on", "info", "--max-findings", "2", access}, strings.NewReader(""), &out, &errb)
	assert.Equal(t, exitFindings, code)
	left := fmt.Sprintf("aclcheck: %d more findings not shown (--max-findings 2)\n", total-2)
	assert.Equal(t, 2, strings.Count(out.String(), "<arg1>:1:"))
	assert.Contains(t, out.String(), left)
	assert.Contains(t, errb.String(), left)
	var e, w, i int
	_, err := fmt.Sscanf(errb.String()[len(left):], "%d errors, %d warning, %d infos", &e, &w, &i)
	require.NoError(t, err, errb.String())
	assert.Equal(t, total, e+w+i) // all counted

	out.Reset()
	errb.Reset()
	run([]string{"lint", "--no-config", "--format", "json", "--max-findings", "1", access}, strings.NewReader(""), &out, &errb)
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	assert.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, total-1, doc.Omitted)
	assert.Contains(t, errb.String(), fmt.Sprintf("%d more findings not shown", total-1))

	out.Reset()
	run([]string{"lint", "--no-config", "--format", "sarif", "--max-findings", "3", access}, strings.NewReader(""), &out, &errb)
	var log struct {
		Runs []struct {
			Results    []json.RawMessage `json:"results"`
			Properties map[string]int    `json:"properties"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &log))
	assert.Len(t, log.Runs[0].Results, 3)
	assert.Equal(t, total-3, log.Runs[0].Properties["aclcheck/omitted"])
}
