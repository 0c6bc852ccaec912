// Package lint is the step on top of acl: it checks access strings, and the
// ElastiCache and MemoryDB users and groups that carry them, for a target
// service and engine, and reports [Diagnostic]s with exact source positions.
//
// # Pipeline
//
// For each access string a [Linter] runs the steps of package acl and hands
// the results to the rules: [acl.Parse] (with the string's position in its
// file, so findings point at the file's line and column), [acl.Bind] against
// the target's command table (syntax errors, unknown commands and
// categories), and [acl.Compile] of the string without the rules that have
// errors (the state errors of ACL SETUSER, and the compiled user on which
// the risk rules decide). Users and groups are checked as a whole input.
//
// # Rules
//
// Each check is a [Rule] value with a stable ID ("AC" and four digits whose
// first is the category), a title, documentation, a minimal Bad and Good
// example, a default [Severity] and a Run function that reports through a
// [Pass]. [Rules] lists them and [Lookup] finds one; docs/rules.md is
// generated from them ([Markdown]). Rules decide on compiled semantics
// (what the user may run, on which keys), not on the text.
//
// # Inputs and outputs
//
// Package [input] reads the files: access strings, ACL files and ACL LIST
// output (with "# aclcheck:ignore ID reason" suppressions), JSON or YAML
// shaped like the ElastiCache/MemoryDB API parameters, CloudFormation
// templates, terraform show -json output, and Terraform source and state
// (through package terraform). [WriteText], [WriteJSON] and
// [WriteSARIF] format diagnostics. Passwords never appear in messages, and
// [WriteText] masks them in the source lines it shows.
//
// A Linter is safe for concurrent use; an [input.Input] is modified by
// [Linter.Lint] (it records the ranges of secrets) and must not be shared
// between concurrent calls.
package lint
