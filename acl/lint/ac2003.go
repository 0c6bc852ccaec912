package lint

import "github.com/aclcheck/aclcheck/acl"

// AC2003 reports empty or whitespace-only access strings for AWS services.
var AC2003 = register(&Rule{
	ID:    "AC2003",
	Title: "empty access string",
	Doc: `The AccessString parameter of ElastiCache and MemoryDB CreateUser (and
AccessString / AppendAccessString of ModifyUser) must match .*\S.*: at least
one character that is not whitespace (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUser.html). An empty string is rejected
by the API; CloudFormation without AccessString has failed with an internal
error (https://github.com/awsdocs/aws-cloudformation-user-guide/issues/929). Write the permissions explicitly, e.g. "off -@all" for a
user without access.`,
	ExampleTarget: "elasticache/valkey-8.0",
	Severity:      Error,
	Run: func(p *Pass) {
		if !p.Target.Service.IsAWS() || !onlySpaces(p.Access.Source) {
			return
		}
		p.Report(Diagnostic{Subject: acl.Range{Start: p.Access.Start, End: p.Access.Range().End},
			Summary: "access string is empty or only whitespace",
			Detail:  "The API requires at least one non-whitespace character (pattern .*\\S.*); write e.g. `off -@all` for a user without access."})
	},
})
