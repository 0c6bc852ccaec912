package input

import (
	"fmt"
	"strings"
)

// Format is the format of an input file.
type Format uint8

// Formats.
const (
	// Auto asks [Read] to detect the format ([DetectFormat]).
	Auto Format = iota
	// Text is access strings, one per line.
	Text
	// ACLFile is an ACL file or ACL LIST output ("user NAME rules…"
	// lines); [Read] reads it as Text, which also covers it.
	ACLFile
	// API is JSON or YAML shaped like the ElastiCache/MemoryDB API
	// parameters.
	API
	// CloudFormation is a CloudFormation template, JSON or YAML.
	CloudFormation
	// Terraform is terraform show -json output.
	Terraform
)

var formatNames = [...]string{"auto", "text", "acl", "api", "cloudformation", "terraform"}

// String returns the format's name as the --input-format flag spells it
// ("acl" for ACLFile, which the flag does not offer).
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", f)
}

// ParseFormat parses a format name ("auto" or "", "text", "api",
// "cloudformation", "terraform"), ignoring case.
func ParseFormat(name string) (Format, error) {
	if name == "" {
		return Auto, nil
	}
	for i, n := range formatNames {
		if strings.EqualFold(n, name) && Format(i) != ACLFile {
			return Format(i), nil
		}
	}
	return Auto, fmt.Errorf("unknown input format %q (want auto, text, api, cloudformation or terraform)", name)
}
