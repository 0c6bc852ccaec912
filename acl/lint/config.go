package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// ConfigFileName is the name of the configuration file aclcheck lint looks
// for in the working directory and its parents.
const ConfigFileName = ".aclcheck.yaml"

// FileConfig is the content of a .aclcheck.yaml file. Its keys mirror the
// flags of aclcheck lint:
//
//	service: elasticache          # --service
//	engine: redis-7.1             # --engine
//	fail-on: warning              # --fail-on
//	format: text                  # --format
//	input-format: auto            # --input-format
//	rules:
//	  AC3002: off                 # disable a rule
//	  AC5003: error               # change its severity
//	  AC5001: on                  # enable it (with its default severity)
type FileConfig struct {
	Service     string            `yaml:"service"`
	Engine      string            `yaml:"engine"`
	FailOn      string            `yaml:"fail-on"`
	Format      string            `yaml:"format"`
	InputFormat string            `yaml:"input-format"`
	Rules       map[string]string `yaml:"rules"`
	// Path is the file the configuration was read from.
	Path string `yaml:"-"`
}

// FindConfig looks for ConfigFileName in dir and its parents and returns
// its path, or "" when there is none.
func FindConfig(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, ConfigFileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// LoadConfig reads and checks a configuration file.
func LoadConfig(path string) (*FileConfig, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fc FileConfig
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, fs.ErrNotExist) && err.Error() != "EOF" {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	fc.Path = path
	if err := fc.ApplyRules(&Config{}); err != nil {
		return nil, err
	}
	return &fc, nil
}

// ApplyRules applies the rules section to cfg: "off" (or "false",
// "disable") disables a rule, "on" enables it, a severity overrides it.
func (fc *FileConfig) ApplyRules(cfg *Config) error {
	for id, v := range fc.Rules {
		id = strings.ToUpper(id)
		if Lookup(id) == nil {
			return fmt.Errorf("%s: unknown rule %q", fc.Path, id)
		}
		switch strings.ToLower(v) {
		case "off", "false", "disable", "disabled":
			if cfg.Disabled == nil {
				cfg.Disabled = map[string]bool{}
			}
			cfg.Disabled[id] = true
		case "on", "true", "enable", "enabled":
			delete(cfg.Disabled, id)
		default:
			s, err := ParseSeverity(v)
			if err != nil {
				return fmt.Errorf("%s: rule %s: %w", fc.Path, id, err)
			}
			if cfg.Severity == nil {
				cfg.Severity = map[string]Severity{}
			}
			cfg.Severity[id] = s
		}
	}
	return nil
}
