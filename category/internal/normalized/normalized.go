// Package normalized is the format between category's build step and
// category: the JSON shape of the normalized command table
// (shared/data/command-table-*.json and the embedded profiles), which
// package category reads and its generator writes.
package normalized

import "encoding/json"

// Table is a normalized command table.
type Table struct {
	Profile  string     `json:"profile,omitempty"`
	Server   string     `json:"server"`
	Commands []*Command `json:"commands"`
}

// Command is one command of a normalized table.
type Command struct {
	Name            string            `json:"name"`
	Arity           int               `json:"arity"`
	Flags           []string          `json:"flags"`
	ACLCategories   []string          `json:"acl_categories"`
	KeySpecs        []json.RawMessage `json:"key_specs"`
	GetKeysFunction *string           `json:"get_keys_function"`
	Since           string            `json:"since,omitempty"`
	Subcommands     []*Command        `json:"subcommands,omitempty"`
}
