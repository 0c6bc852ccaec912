// Package aclcheck holds no code: it is the map of the module's pipeline,
// and bench_test.go holds the benchmarks of every step.
//
// The pipeline, in order:
//
//   - [github.com/aclcheck/aclcheck/category]: the engine model, the
//     command tables of each engine that access strings bind to.
//   - [github.com/aclcheck/aclcheck/glob]: Redis's glob, the matcher of key
//     and channel patterns.
//   - [github.com/aclcheck/aclcheck/acl]: parse (parse.go, words.go,
//     grammar.go) → bind (bind.go) → compile (compile.go, user.go) → check
//     (check.go), explain (explain.go), describe (describe.go).
//   - after compile, on compiled users:
//     [github.com/aclcheck/aclcheck/acl/permdiff] (what two users may do
//     differently), [github.com/aclcheck/aclcheck/acl/reach] (who can reach
//     what), and backwards, from traffic to access strings,
//     [github.com/aclcheck/aclcheck/acl/synth].
//   - check inside an application:
//     [github.com/aclcheck/aclcheck/acl/goredis] (a go-redis hook that
//     enforces a user and records traffic for synth).
//   - lint on top: [github.com/aclcheck/aclcheck/acl/lint/input] reads the
//     files (Terraform through
//     [github.com/aclcheck/aclcheck/acl/lint/input/terraform]), and
//     [github.com/aclcheck/aclcheck/acl/lint] runs acl's steps and its rules
//     and writes text, JSON or SARIF.
//   - the CLI: [github.com/aclcheck/aclcheck/cmd/aclcheck].
//
// The internal packages serve these steps: sds and ascii read bytes as
// Redis's C code does, termsafe and progress serve the output, and aclgen,
// jobqueue, redistest, conformance, canary, sarifschema and testutil serve
// the tests. The tflint plugin (tflint-ruleset-aclcheck) is a module of its
// own on top of lint.
package aclcheck
