package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestManPage checks that docs/aclcheck.1 is the output of "aclcheck man"
// (go generate ./cmd/aclcheck writes it), that it has a section for each
// command, and that groff reads it without a warning.
func TestManPage(t *testing.T) {
	var out, errs bytes.Buffer
	require.Equal(t, exitOK, run([]string{"man"}, nil, &out, &errs), errs.String())
	file, err := os.ReadFile("../../docs/aclcheck.1")
	require.NoError(t, err)
	assert.Equal(t, out.String(), string(file), "docs/aclcheck.1 is stale: run go generate ./cmd/aclcheck")

	var c cli
	app, err := kong.New(&c, kong.Name("aclcheck"), grammarVars)
	require.NoError(t, err)
	for _, cmd := range commands(app.Model)[1:] {
		if len(cmd.subs) == 0 {
			assert.Contains(t, out.String(), `.SS "aclcheck `+roffText(cmd.name())+" ", cmd.name())
		}
	}

	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("no groff to render the page")
	}
	render := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
	render.Stdin = bytes.NewReader(file)
	warnings, err := render.CombinedOutput()
	require.NoError(t, err)
	assert.Empty(t, strings.TrimSpace(string(warnings)))
}
