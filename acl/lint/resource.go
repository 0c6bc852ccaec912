package lint

import (
	"regexp"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

var idPattern = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*$`)

// at returns the range of f, or of the resource when f is absent.
func at(f input.Field, fallback acl.Range) acl.Range {
	if f.Set && f.Range.Start.IsValid() {
		return f.Range
	}
	return fallback
}
