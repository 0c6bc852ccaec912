package lint

import "github.com/aclcheck/aclcheck/acl"

// AC2002 reports reset in access strings for AWS services.
var AC2002 = register(&Rule{
	ID:    "AC2002",
	Title: "reset in an AWS access string",
	Doc: `ElastiCache and MemoryDB reject reset in an access string (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html): it would
also wipe the passwords the service manages. To start from an empty set of
permissions use resetkeys, resetchannels and -@all (nocommands) instead.`,
	ExampleTarget: "memorydb/redis-7.1",
	Severity:      Error,
	Run: awsOnly(func(p *Pass) {
		for _, r := range p.Access.Rules {
			if k, ok := r.(*acl.Keyword); ok && k.Kind == acl.Reset {
				p.Report(Diagnostic{Subject: r.Range(), Summary: "`reset` in access string",
					Detail: p.Target.Service.String() + " does not allow reset, which would also remove the passwords it manages; use resetkeys resetchannels -@all.",
					Fixes:  []Fix{replaceWord(r, "replace with resetkeys resetchannels -@all", "resetkeys resetchannels -@all")}})
			}
		}
	}),
})
