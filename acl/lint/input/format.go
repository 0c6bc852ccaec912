package input

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Format is the format of an input file.
type Format uint8

// Formats.
const (
	Auto            Format = iota // detect the format ([DetectFormat])
	Text                          // access strings, one per line
	ACLFile                       // ACL file ("user NAME rules…" lines, as the server loads it), read as Text
	API                           // JSON or YAML shaped like the ElastiCache/MemoryDB API parameters
	CloudFormation                // CloudFormation template, JSON or YAML
	Terraform                     // terraform show -json output
	TerraformSource               // Terraform source (.tf, .tf.json), evaluated statically
	TerraformState                // Terraform state (.tfstate)
	ServerConfig                  // redis.conf, valkey.conf or sentinel.conf: user, requirepass, aclfile
	Kubernetes                    // Kubernetes manifests: ACK ElastiCache/MemoryDB User, UserGroup and ACL; --user options of Redis containers
	Compose                       // Compose file: --user options of Redis or Valkey services' commands
	Sentinel                      // sentinel.conf: a ServerConfig whose users have Sentinel's command table
	Helm                          // Helm values of Bitnami-style Redis/Valkey charts: auth.acl.users, configuration blocks
)

var formatNames = [...]string{"auto", "text", "acl", "api", "cloudformation", "terraform", "tf", "tfstate", "conf", "kubernetes", "compose", "sentinel", "helm"}

// String returns the format's name as the --input-format flag spells it
// ("acl" for ACLFile, which the flag does not offer).
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", f)
}

// FormatNames returns the names [ParseFormat] takes, as the
// --input-format flag spells them: every format the readers detect.
func FormatNames() []string {
	var out []string
	for i, n := range formatNames {
		if Format(i) != ACLFile {
			out = append(out, n)
		}
	}
	return out
}

// ParseFormat parses a format name (one of [FormatNames], "" for auto),
// ignoring case.
func ParseFormat(name string) (Format, error) {
	if name == "" {
		return Auto, nil
	}
	for i, n := range formatNames {
		if strings.EqualFold(n, name) && Format(i) != ACLFile {
			return Format(i), nil
		}
	}
	return Auto, fmt.Errorf("unknown input format %q (want %s)", name, strings.Join(FormatNames(), ", "))
}

// knownExts are the file name extensions a directory walk reads (see
// [KnownFile]).
var knownExts = []string{".acl", ".json", ".yaml", ".yml", ".template", ".tf", ".tfstate", ".conf"}

// KnownFile reports whether a file found in a directory walk is of a kind
// the readers know, by its name: ACL files (*.acl), JSON and YAML
// (*.json, *.yaml, *.yml: API shapes, CloudFormation, Kubernetes ACK
// manifests), CloudFormation templates (*.template), Terraform source and
// state (*.tf, *.tfstate) and server configuration files (*.conf).
// Files given by name are read whatever their name.
func KnownFile(name string) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	return slices.Contains(knownExts, path.Ext(base))
}
