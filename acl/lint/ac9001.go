package lint

// AC9001 and AC9002 are reported by the linter while it applies inline
// suppressions; they have no Run.
var (
	// AC9001 reports suppressions that silenced nothing.
	AC9001 = register(&Rule{
		ID:    "AC9001",
		Title: "unused suppression",
		Doc: `A "# aclcheck:ignore ID reason" comment silences the rules it names on the
next line that is not a comment. When none of them reports anything there,
the comment is stale (the problem was fixed, or it was put on the wrong line)
and is reported so that it does not hide a future finding.`,
		Bad:      "# aclcheck:ignore AC5001 admin user\non ~app:* +get",
		Good:     "# aclcheck:ignore AC5001 admin user\non ~* +@all",
		Example:  "valkey/valkey-8.0",
		Severity: Warning,
		Scope:    ScopeMeta,
	})
	// AC9002 reports malformed suppressions.
	AC9002 = register(&Rule{
		ID:    "AC9002",
		Title: "malformed suppression",
		Doc: `A suppression must name at least one rule ID and give a reason:
"# aclcheck:ignore AC5001 break-glass admin user". A suppression without a
reason silences nothing; unknown rule IDs are reported.`,
		Bad:      "# aclcheck:ignore AC5001\non ~* +@all",
		Good:     "# aclcheck:ignore AC5001 break-glass admin user\non ~* +@all",
		Example:  "valkey/valkey-8.0",
		Severity: Warning,
		Scope:    ScopeMeta,
	})
)
