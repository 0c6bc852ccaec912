package lint

import (
	"fmt"
	"strings"
)

// Severity is how serious a [Diagnostic] is. The zero value is invalid, so a
// diagnostic whose severity was never set is noticed.
type Severity uint8

// Severities, from most to least serious order of declaration.
const (
	// SeverityInvalid is the zero value: a severity that was never set.
	SeverityInvalid Severity = iota
	// Error: the engine or the service rejects the input.
	Error
	// Warning: the input is accepted but probably does not do what was
	// meant, or AWS documentation does not say whether it is accepted.
	Warning
	// Info: something worth knowing, such as the form the service stores.
	Info
)

var severityNames = [...]string{"invalid", "error", "warning", "info"}

// String returns "error", "warning", "info" or "invalid".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "invalid"
}

// IsValid reports whether s is Error, Warning or Info.
func (s Severity) IsValid() bool { return s >= Error && s <= Info }

// AtLeast reports whether s is at least as serious as t.
func (s Severity) AtLeast(t Severity) bool { return s.IsValid() && s <= t }

// ParseSeverity parses "error", "warning" (or "warn") and "info",
// ignoring case.
func ParseSeverity(name string) (Severity, error) {
	switch strings.ToLower(name) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return SeverityInvalid, fmt.Errorf("lint: unknown severity %q (want error, warning or info)", name)
}

// MarshalText returns the name of the severity.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
