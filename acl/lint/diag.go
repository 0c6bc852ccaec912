package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// Diagnostic is one finding: which rule found it, how serious it is, where
// it is and what to do about it. Messages never contain a password or a
// password hash.
type Diagnostic struct {
	// RuleID is the ID of the rule that reported it, e.g. "AC2001".
	RuleID   string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Summary is a short message in lower case without final punctuation
	// ("password rule in access string").
	Summary string `json:"summary"`
	// Detail says, in full sentences, why and what to do. May be empty.
	Detail string `json:"detail,omitempty"`
	// Subject is the exact range at fault. Subject.Start.Filename names the
	// file; an invalid Start means the whole input.
	Subject acl.Range `json:"subject"`
	// Related points at other places that explain the finding.
	Related []Related `json:"related,omitempty"`
	// Fixes are suggested edits.
	Fixes []Fix `json:"fixes,omitempty"`
}

// Related is a secondary location of a diagnostic.
type Related struct {
	Message string    `json:"message"`
	Range   acl.Range `json:"range"`
}

// Fix is a suggested change: a verb phrase and the edits that make it.
type Fix struct {
	Message string     `json:"message"`
	Edits   []TextEdit `json:"edits,omitempty"`
}

// TextEdit replaces the bytes of Range by NewText.
type TextEdit struct {
	Range   acl.Range `json:"range"`
	NewText string    `json:"new_text"`
}

// Message returns the summary and, after a colon, the detail.
func (d Diagnostic) Message() string {
	if d.Detail == "" {
		return d.Summary
	}
	return d.Summary + ": " + d.Detail
}

// String returns "file:line:col: severity: ID: summary".
func (d Diagnostic) String() string {
	pos := d.Subject.Start.String()
	if !d.Subject.Start.IsValid() {
		pos = d.Subject.Start.Filename
	}
	return fmt.Sprintf("%s: %s: %s: %s", pos, d.Severity, d.RuleID, d.Summary)
}

// Diagnostics is a list of diagnostics.
type Diagnostics []Diagnostic

// HasErrors reports whether some diagnostic is an error.
func (ds Diagnostics) HasErrors() bool { return ds.Worst() == Error }

// Worst returns the most serious severity in the list, or SeverityInvalid
// for an empty list.
func (ds Diagnostics) Worst() Severity {
	w := SeverityInvalid
	for _, d := range ds {
		if w == SeverityInvalid || d.Severity < w {
			w = d.Severity
		}
	}
	return w
}

// Count returns the number of diagnostics at or above severity s.
func (ds Diagnostics) Count(s Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity.AtLeast(s) {
			n++
		}
	}
	return n
}

// Sort orders the list by file, offset and rule ID.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(x, y Diagnostic) int {
		a, b := x.Subject.Start, y.Subject.Start
		return cmp.Or(strings.Compare(a.Filename, b.Filename), cmp.Compare(a.Offset, b.Offset), strings.Compare(x.RuleID, y.RuleID))
	})
}

// Error returns the first diagnostic and how many more there are.
func (ds Diagnostics) Error() string {
	if len(ds) == 0 {
		return "no diagnostics"
	}
	if len(ds) > 1 {
		return fmt.Sprintf("%s (and %d more)", ds[0], len(ds)-1)
	}
	return ds[0].String()
}

// Err returns the list as an error if it has errors, or nil.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return ds
}

// redact masks the secrets of password rules in a word, a selector or
// any text of rules (see [acl.RedactWord]).
func redact(s string) string { return acl.RedactWord(s) }

// quoteWord returns the redacted word in backquotes, for messages.
func quoteWord(w string) string { return "`" + redact(w) + "`" }
