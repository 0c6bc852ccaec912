package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/internal/lossless"

	yaml "go.yaml.in/yaml/v3"
)

type isolateCmd struct {
	userSetFlags
	Tenants string   `placeholder:"FILE" help:"Tenants file (YAML): tenants: {NAME: {users: [USER…], keys: [PATTERN…], channels: [PATTERN…]}}, and optionally trusted: [USER…], users allowed everywhere."`
	Strict  bool     `help:"Also require a tenant's own users to stay inside its patterns."`
	Format  string   `enum:"text,json" default:"text" help:"Output format: text or json."`
	Inputs  []string `arg:"" name:"input" help:"Files of users, as who-can reads them; - reads standard input."`
}

func (c *isolateCmd) Help() string {
	return `With --tenants, proves that no user outside a tenant can read or write a key
matching the tenant's key patterns, or publish or subscribe to a matching
channel, or prints every counterexample: the tenant, the user, what it
reaches and a witness command line ACL DRYRUN allows. Keyless commands that
read every key name or destroy every key (KEYS, SCAN, RANDOMKEY, FLUSHALL,
FLUSHDB, SWAPDB) break isolation too: key patterns do not limit them.
Disabled users and the file's trusted users are left out.

Without --tenants, reports for each pair of users a key both can read or
write, with a witness for each, and the users who reach every key.

Exit status: 0 isolated (no shared keys), 1 counterexamples, 2 usage or
input error.

Examples:
  aclcheck isolate --tenants tenants.yaml users.acl
  aclcheck isolate --tenants tenants.yaml --strict --format json users.json
  aclcheck isolate users.acl`
}

// tenantsFile is the YAML of --tenants (and of a test's isolate: block).
type tenantsFile struct {
	Tenants map[string]tenantSpec `yaml:"tenants"`
	Trusted []string              `yaml:"trusted"`
	Strict  bool                  `yaml:"strict"` // in test files
}

type tenantSpec struct {
	Users    []string `yaml:"users"`
	Keys     []string `yaml:"keys"`
	Channels []string `yaml:"channels"`
}

// list returns the tenants sorted by name.
func (f *tenantsFile) list() []reach.Tenant {
	var out []reach.Tenant
	for n, v := range f.Tenants {
		out = append(out, reach.Tenant{Name: n, Users: v.Users, Keys: v.Keys, Channels: v.Channels})
	}
	slices.SortFunc(out, func(a, b reach.Tenant) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// readYAML decodes file into v, rejecting unknown fields.
func readYAML(file string, v any) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytesReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func (c *isolateCmd) Run(e *env) error {
	_, users, err := c.load(e, c.Inputs)
	if err != nil {
		return err
	}
	set := reach.New(users)
	if c.Tenants == "" {
		return c.pairs(e, set)
	}
	var f tenantsFile
	if err := readYAML(c.Tenants, &f); err != nil {
		return &exitError{exitUsage, err}
	}
	if len(f.Tenants) == 0 {
		return &exitError{exitUsage, fmt.Errorf("%s: no tenants", c.Tenants)}
	}
	known := map[string]bool{}
	for _, u := range users {
		known[u.Name()] = true
	}
	tenants := f.list()
	for _, tn := range tenants {
		for _, u := range tn.Users {
			if !known[u] {
				return &exitError{exitUsage, fmt.Errorf("%s: tenant %s: no user %q in the inputs", c.Tenants, tn.Name, u)}
			}
		}
	}
	iso, err := set.Isolate(tenants, f.Trusted, c.Strict)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	return e.answer(c.Format, iso, func() {
		if iso.Isolated() {
			fmt.Fprintf(e.stdout, "isolated: %d tenants, %d users\n", len(tenants), len(users))
		}
		for _, b := range iso.Breaches {
			what := b.What
			switch {
			case b.Key != "":
				what += " " + b.Key
			case b.Channel != "":
				what += " " + b.Channel
			}
			fmt.Fprintf(e.stdout, "tenant %s: %s %s via %s %s: %s\n", human(b.Tenant), human(b.User), human(what), human(b.Selector), human(b.Rule), commandLine(b.Witness))
			if b.Note != "" {
				fmt.Fprintf(e.stdout, "  note: %s\n", b.Note)
			}
		}
		for _, u := range iso.Undecided {
			fmt.Fprintf(e.stdout, "%s: undecided: %s\n", human(u.User), human(u.Reason))
		}
	}, !iso.Isolated())
}

// pairs reports the key space each pair of users shares.
func (c *isolateCmd) pairs(e *env, set *reach.Set) error {
	pairs, every, undecided, err := set.Overlaps()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if c.Format == "json" {
		type pair struct {
			Users   [2]string   `json:"users"`
			Key     string      `json:"key"`
			Witness [2][]string `json:"witness"`
			// The same in base64, when some byte is not valid UTF-8.
			KeyBase64     string     `json:"key_base64,omitempty"`
			WitnessBase64 [][]string `json:"witness_base64,omitempty"`
		}
		out := struct {
			Pairs     []pair            `json:"pairs"`
			Every     []reach.Grant     `json:"every_key"`
			Undecided []reach.Undecided `json:"undecided,omitempty"`
		}{Pairs: []pair{}, Every: every, Undecided: undecided}
		for _, p := range pairs {
			pr := pair{Users: [2]string{p.A.User, p.B.User}, Key: p.Key, Witness: [2][]string{p.A.Witness, p.B.Witness}, KeyBase64: lossless.Base64(p.Key)}
			if lossless.Base64s(slices.Concat(p.A.Witness, p.B.Witness)) != nil {
				pr.WitnessBase64 = [][]string{lossless.Encode(p.A.Witness), lossless.Encode(p.B.Witness)}
			}
			out.Pairs = append(out.Pairs, pr)
		}
		if out.Every == nil {
			out.Every = []reach.Grant{}
		}
		if err := e.writeJSON(out); err != nil {
			return err
		}
	} else {
		for _, g := range every {
			fmt.Fprintf(e.stdout, "%s reaches every key: %s (%s)\n", human(g.User), commandLine(g.Witness), human(g.Note))
		}
		for _, p := range pairs {
			fmt.Fprintf(e.stdout, "%s and %s share %s: %s; %s\n", human(p.A.User), human(p.B.User), human(p.Key), commandLine(p.A.Witness), commandLine(p.B.Witness))
		}
		for _, u := range undecided {
			fmt.Fprintf(e.stdout, "%s: undecided: %s\n", human(u.User), human(u.Reason))
		}
		if len(pairs)+len(every)+len(undecided) == 0 {
			fmt.Fprintln(e.stdout, "no shared keys")
		}
	}
	if len(pairs)+len(every)+len(undecided) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}
