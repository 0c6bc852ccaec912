package lint

import (
	"fmt"
	"strings"
)

//go:generate go run ./internal/gendoc -o ../../docs/rules.md

// Markdown returns the rule reference (docs/rules.md): every rule with its
// ID, severity, scope, documentation and examples.
func Markdown() string {
	var b strings.Builder
	b.WriteString(`# aclcheck lint rules

<!-- Generated from acl/lint by "go generate ./acl/lint"; do not edit. -->

Each rule has a stable ID: "AC", a category digit and three digits. IDs are
never renumbered or reused. ` + "`aclcheck lint --explain ID`" + ` prints the same text.

| Category | Meaning |
|---|---|
| AC1xxx | the engine rejects the access string |
| AC2xxx | ElastiCache / MemoryDB restrictions on access strings |
| AC3xxx | what the service does with the access string |
| AC4xxx | ElastiCache / MemoryDB users, user groups and ACLs |
| AC5xxx | risky permissions |
| AC6xxx | rules and patterns without effect |
| AC9xxx | inline suppressions |

Severities: **error** — rejected by the engine or the service; **warning** —
accepted but probably wrong, or not documented by AWS (see "Decisions on
undocumented behaviour" at the end); **info** — worth knowing.

| ID | Severity | Title |
|---|---|---|
`)
	for _, r := range Rules() {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Severity, r.Title)
	}
	for _, r := range Rules() {
		fmt.Fprintf(&b, "\n## %s\n\n**%s** — default severity %s, %s.\n\n%s\n", r.ID, r.Title, r.Severity, scopeTexts[r.Scope], oneParagraphs(r.Doc))
		fmt.Fprintf(&b, "\nBad (target %s):\n\n```%s\n%s\n```\n", r.ExampleTarget, exampleLang(r.badFile), r.Bad)
		fmt.Fprintf(&b, "\nGood:\n\n```%s\n%s\n```\n", exampleLang(r.goodFile), r.Good)
	}
	b.WriteString(decisions)
	return b.String()
}

// scopeTexts say what a rule of each scope checks, for the rule docs.
var scopeTexts = [...]string{
	ScopeAccess:   "checks each access string",
	ScopeResource: "checks users and groups",
	ScopeMeta:     "reported while applying suppressions",
	ScopeFile:     "checks each file as a whole",
}

// oneParagraphs rejoins the lines of each paragraph of a doc string.
func oneParagraphs(doc string) string {
	var out []string
	for _, p := range strings.Split(strings.TrimSpace(doc), "\n\n") {
		out = append(out, oneLine(p))
	}
	return strings.Join(out, "\n\n")
}

const decisions = `
## Decisions on undocumented behaviour

AWS documentation is silent on several points (the ElastiCache pages
https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html and
https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SupportedCommands.html, and the MemoryDB pages
https://docs.aws.amazon.com/memorydb/latest/devguide/clusters.acls.html and
https://docs.aws.amazon.com/memorydb/latest/devguide/restrictedcommands.html). aclcheck decides as follows; each of these
is a warning, never an error, unless the engine itself would reject the
string.

- **nopass / resetpass** in an access string: warning AC2005. Only
  passwords and reset are documented as forbidden.
- **Removing a restricted command** (-config) and **allowing a container with
  restricted subcommands** (+acl, +cluster): warning AC2004. Allowing a
  restricted command or one of its subcommands (+config, +config|get) is an
  error: the docs say forbidden commands raise an exception. Category rules
  (+@all, +@admin) are accepted, as documented.
- **ElastiCache Serverless extra restrictions**: warning AC2004 for
  KEYS, MOVE, SWAPDB, FUNCTION, CLIENT KILL and the rest of the serverless
  list; the node-based list applies as errors.
- **Version gating**: rule forms newer than the target engine are
  errors (AC1004), because the engine cannot apply them, whenever AWS checks.
  AC3003 reports the MinimumEngineVersion a string needs.
- **Module categories**: @json/JSON.* on ElastiCache Redis OSS 6.2+
  (6.2.6+), Valkey 7.2+ and MemoryDB; @search/FT.* on ElastiCache Valkey 8.2+
  (valkey-search) and MemoryDB Redis OSS 7.1 / Valkey 7.2 (MemoryDB's table,
  where FT.LIST is accepted for FT._LIST). Elsewhere they are errors (AC1005),
  since the engine rejects unknown names. @bloom / BF.* on ElastiCache Valkey
  8.1+ is a warning: unconfirmed.
- **Stored form**: AC3002 shows the engine's ACL LIST form without
  passwords and without sanitize-payload (and without channels on Redis OSS
  6.0). It is information, not a promise.
- **Name patterns**: API patterns are treated as anchored; ids longer
  than 40 characters are warnings; upper-case ElastiCache ids are information
  (stored in lower case) except in CloudFormation, whose pattern is lower case.
- **Password characters**: printable means ASCII 0x20–0x7E; a space is a
  warning.
- **Default user**: a Redis OSS user group must contain a user named
  default (error AC4008; a warning when members defined elsewhere might be
  it). MemoryDB: listing default in an ACL is a warning (AC4013).
- **Engines per service**: ElastiCache Redis OSS 6.0–7.1 and Valkey 7.2+;
  Serverless Redis OSS 7.0–7.1 and Valkey 7.2+; MemoryDB Redis OSS 6.2–7.1 and
  Valkey 7.2. Other combinations are usage errors. Valkey 9.x has no command
  table yet, so database rules (db=, alldbs, resetdbs) are always AC1004.
- **Renamed commands** (A8): aclcheck cannot know a cluster's rename-commands
  parameter; an unknown command on ElastiCache says to use the original name.
`
