package lint

// AC9002 is reported by the linter while it applies inline suppressions;
// it has no Run.
var (
	// AC9002 reports malformed suppressions.
	AC9002 = register(&Rule{
		ID:    "AC9002",
		Title: "malformed suppression",
		Doc: `A suppression must name at least one rule ID and give a reason:
"# aclcheck:ignore AC5001 break-glass admin user". A suppression without a
reason silences nothing; unknown rule IDs are reported.`,
		ExampleTarget: "valkey/valkey-8.0",
		Severity:      Warning,
		Scope:         ScopeMeta,
	})
)
