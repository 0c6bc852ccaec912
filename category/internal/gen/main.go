// Command gen is category's build step: it writes the embedded command
// tables of package category.
//
// It reads, for every profile, the normalized command table
// testdata/command-table-<server>.json (COMMAND INFO of a running server plus
// get_keys_function from the server's source) and the COMMAND DOCS dump
// testdata/<server>-command-docs.json (for "since"), and writes
// data/<profile>.json.gz: the same normalized JSON format reduced to the
// fields the package uses (name, arity, flags, acl_categories, key_specs,
// get_keys_function, subcommands) plus "since", sorted by name. The output
// is deterministic.
//
// Run it with go generate in the category directory.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/aclcheck/aclcheck/category/internal/normalized"
)

// profiles maps each profile to the server whose data it is built from.
var profiles = []struct{ profile, server string }{
	{"redis-7.0", "redis-7.0.15"},
	{"redis-7.2", "redis-7.2.6"},
	{"valkey-8.0", "valkey-8.0.1"},
}

type keySpec struct {
	Flags       []string        `json:"flags"`
	BeginSearch json.RawMessage `json:"begin_search"`
	FindKeys    json.RawMessage `json:"find_keys"`
}

type docs map[string]struct {
	Since       string `json:"since"`
	Subcommands map[string]struct {
		Since string `json:"since"`
	} `json:"subcommands"`
}

func main() {
	in := flag.String("in", "testdata", "directory with command-table-*.json and *-command-docs.json")
	out := flag.String("out", "data", "output directory")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, p := range profiles {
		b, err := build(in, p.profile, p.server)
		if err != nil {
			return fmt.Errorf("%s: %w", p.profile, err)
		}
		if err := os.WriteFile(filepath.Join(out, p.profile+".json.gz"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func build(in, profile, server string) ([]byte, error) {
	var t normalized.Table
	if err := readJSON(filepath.Join(in, "command-table-"+server+".json"), &t); err != nil {
		return nil, err
	}
	var d docs
	if err := readJSON(filepath.Join(in, server+"-command-docs.json"), &d); err != nil {
		return nil, err
	}
	if len(t.Commands) == 0 {
		return nil, errors.New("no commands")
	}
	t.Profile, t.Server = profile, server
	for _, c := range t.Commands {
		doc, ok := d[c.Name]
		if !ok || doc.Since == "" {
			return nil, fmt.Errorf("no COMMAND DOCS since for %q", c.Name)
		}
		c.Since = doc.Since
		if err := clean(c); err != nil {
			return nil, err
		}
		for _, s := range c.Subcommands {
			sd, ok := doc.Subcommands[s.Name]
			if !ok || sd.Since == "" {
				return nil, fmt.Errorf("no COMMAND DOCS since for %q", s.Name)
			}
			s.Since = sd.Since
			if err := clean(s); err != nil {
				return nil, err
			}
			if len(s.Subcommands) > 0 {
				return nil, fmt.Errorf("%q: nested subcommands", s.Name)
			}
		}
		sort.Slice(c.Subcommands, func(i, j int) bool { return c.Subcommands[i].Name < c.Subcommands[j].Name })
	}
	sort.Slice(t.Commands, func(i, j int) bool { return t.Commands[i].Name < t.Commands[j].Name })

	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&t); err != nil {
		return nil, err
	}
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(js.Bytes()); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return gz.Bytes(), nil
}

// clean drops the fields of the key specs the package does not use (notes)
// and normalizes nil slices so that the output is stable.
func clean(c *normalized.Command) error {
	if c.Flags == nil {
		c.Flags = []string{}
	}
	if c.ACLCategories == nil {
		c.ACLCategories = []string{}
	}
	specs := make([]json.RawMessage, 0, len(c.KeySpecs))
	for _, raw := range c.KeySpecs {
		var ks keySpec
		if err := json.Unmarshal(raw, &ks); err != nil {
			return fmt.Errorf("%q: key spec: %w", c.Name, err)
		}
		b, err := json.Marshal(ks)
		if err != nil {
			return err
		}
		specs = append(specs, b)
	}
	c.KeySpecs = specs
	return nil
}
