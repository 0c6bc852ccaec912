package lint

// AC9001 is reported by the linter while it applies inline suppressions;
// it has no Run.
var (
	// AC9001 reports suppressions that silenced nothing.
	AC9001 = register(&Rule{
		ID:    "AC9001",
		Title: "unused suppression",
		Doc: `A "# aclcheck:ignore ID reason" comment silences the rules it names on the
next line that is not a comment. When none of them reports anything there,
the comment is stale (the problem was fixed, or it was put on the wrong line)
and is reported so that it does not hide a future finding. ACL files take
no comments (the server refuses them): their suppressions are given beside
the file (the ignore: entries of .aclcheck.yaml, by user)
and are reported the same way.`,
		ExampleTarget: "valkey/valkey-8.0",
		Severity:      Warning,
		Scope:         ScopeMeta,
	})
)
