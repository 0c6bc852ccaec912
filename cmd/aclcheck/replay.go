package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/conformance"
	"github.com/aclcheck/aclcheck/internal/progress"
)

type replayCmd struct {
	Engine string   `help:"Engine profile to replay against, instead of each case's engine field." placeholder:"E"`
	Format string   `enum:"text,json" default:"text" help:"Output format: text or json."`
	Files  []string `arg:"" type:"existingfile" help:"Corpus files (.jsonl or .jsonl.gz)."`
}

func (c *replayCmd) Help() string {
	return `Examples:
  aclcheck replay ../shared/oracle/redis-7.2.6.jsonl
  aclcheck replay --format json ../shared/oracle/*.jsonl

Exit status is 0 only when every aspect agrees fully.`
}

func (c *replayCmd) Run(e *env) error {
	rep := conformance.NewReport()
	for _, path := range c.Files {
		f, err := os.Open(path)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		bar := progress.New(e.stderr, path, countLines(path))
		err = conformance.Read(f, func(k conformance.Case) error {
			rep.Replay(path, k, c.Engine)
			bar.Set(k.Line)
			return nil
		})
		bar.Done()
		f.Close()
		if err != nil {
			return &exitError{exitUsage, fmt.Errorf("%s: %w", path, err)}
		}
	}
	return e.answer(c.Format, rep, func() { writeReplayText(e, rep) }, !rep.OK())
}

func writeReplayText(e *env, rep *conformance.Report) {
	fmt.Fprintf(e.stdout, "%d cases\n", rep.Cases)
	for _, name := range slices.Sorted(maps.Keys(rep.Engines)) {
		for _, aspect := range []string{conformance.AspectSetUser, conformance.AspectACLList, conformance.AspectDryRun} {
			t := rep.Engines[name][aspect]
			fmt.Fprintf(e.stdout, "%-12s %-9s %6d/%-6d agree\n", name, aspect, t.Agree, t.Total)
		}
	}
	for _, m := range rep.Mismatches {
		fmt.Fprintf(e.stdout, "%s:%d: %s: %s\n    input: %s\n    want:  %s\n    got:   %s\n", m.File, m.Line, m.Engine, m.Aspect,
			human(acl.Redact(m.Input)), human(acl.Redact(m.Want)), human(acl.Redact(m.Got)))
	}
}

// countLines counts the cases of a corpus for the progress bar (0 for a
// gzipped one, which then shows no bar).
func countLines(path string) int {
	data, err := os.ReadFile(path)
	if err != nil || len(data) > 1 && data[0] == 0x1f && data[1] == 0x8b {
		return 0
	}
	return bytes.Count(data, []byte("\n"))
}
