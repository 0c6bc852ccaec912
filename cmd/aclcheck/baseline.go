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

// baseline is a loaded baseline file: how many findings of each
// fingerprint it still silences. It filters the findings as they come, in
// the order of the whole list, numbering them as [lint.Fingerprints] does.
type baseline struct {
	left     map[string]int
	prints   *lint.Fingerprinter
	silenced int
}

// loadBaseline reads the baseline file at path.
func loadBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b baselineFile
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a baseline file: %w", path, err)
	}
	if b.Version != lint.JSONVersion {
		return nil, fmt.Errorf("%s: baseline version %q, want %q (write it again with --write-baseline)", path, b.Version, lint.JSONVersion)
	}
	bl := &baseline{left: map[string]int{}, prints: lint.NewFingerprinter()}
	for _, e := range b.Findings {
		bl.left[e.Fingerprint]++
	}
	return bl, nil
}

// filter returns the findings of ds (the next ones of the whole list; in
// holds their source and secrets) that the baseline does not silence
// (each entry silences one finding).
func (b *baseline) filter(ds lint.Diagnostics, in *input.Input) lint.Diagnostics {
	var kept lint.Diagnostics
	for i, fp := range b.prints.Of(ds, []*input.Input{in}) {
		if b.left[fp] > 0 {
			b.left[fp]--
			b.silenced++
			continue
		}
		kept = append(kept, ds[i])
	}
	return kept
}

// stale returns the number of entries that matched no finding.
func (b *baseline) stale() int {
	n := 0
	for _, left := range b.left {
		n += left
	}
	return n
}
