package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// baselineFile is a baseline: the findings a repository accepted when it
// adopted aclcheck, by content-based fingerprint ([lint.Fingerprints], the
// SARIF partialFingerprints), so that lint --baseline fails only on new
// ones. Rule, file and summary are for the reader. Schema:
// docs/schema/baseline.json.
type baselineFile struct {
	Version  string          `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Summary     string `json:"summary"`
}

// writeBaseline writes the findings to path as a baseline.
func writeBaseline(path string, ds lint.Diagnostics, inputs []*input.Input) error {
	b := baselineFile{Version: lint.JSONVersion, Findings: []baselineEntry{}}
	for i, fp := range lint.Fingerprints(ds, inputs) {
		d := ds[i]
		b.Findings = append(b.Findings, baselineEntry{fp, d.RuleID, d.Subject.Start.Filename, d.Summary})
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// applyBaseline removes from ds the findings of the baseline at path
// (each entry silences one finding) and returns what is left, with how
// many were silenced and how many entries matched nothing.
func applyBaseline(path string, ds lint.Diagnostics, inputs []*input.Input) (kept lint.Diagnostics, silenced, stale int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, 0, err
	}
	var b baselineFile
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: not a baseline file: %w", path, err)
	}
	if b.Version != lint.JSONVersion {
		return nil, 0, 0, fmt.Errorf("%s: baseline version %q, want %q (write it again with --write-baseline)", path, b.Version, lint.JSONVersion)
	}
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Fingerprint]++
	}
	for i, fp := range lint.Fingerprints(ds, inputs) {
		if left[fp] > 0 {
			left[fp]--
			silenced++
			continue
		}
		kept = append(kept, ds[i])
	}
	for _, n := range left {
		stale += n
	}
	return kept, silenced, stale, nil
}
