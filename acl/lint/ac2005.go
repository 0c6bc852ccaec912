package lint

import "github.com/aclcheck/aclcheck/acl"

// AC2005 reports nopass and resetpass in access strings for AWS services.
var AC2005 = register(&Rule{
	ID:    "AC2005",
	Title: "nopass or resetpass in an AWS access string",
	Doc: `AWS documents that passwords and reset may not appear in an access string,
but says nothing about nopass and resetpass. Both change the
passwords the service manages: nopass lets any password in, resetpass removes
them all. Whether the API rejects them is unknown, so aclcheck warns. Use the
API instead: AuthenticationMode Type no-password-required (ElastiCache Redis
OSS users only, and not recommended by AWS), password or iam.`,
	ExampleTarget: "elasticache/redis-7.1",
	Severity:      Warning,
	Run: awsOnly(func(p *Pass) {
		for _, r := range p.Access.Rules {
			k, ok := r.(*acl.Keyword)
			if !ok || k.Kind != acl.NoPass && k.Kind != acl.ResetPass {
				continue
			}
			detail := "AWS documentation forbids passwords and reset in access strings but is silent on " + k.Kind.String() + "; it changes the passwords the service manages. Set the authentication mode through the API instead."
			if k.Kind == acl.NoPass {
				detail += " nopass lets anyone authenticate as this user with any password."
			}
			p.Report(Diagnostic{Subject: r.Range(), Summary: "`" + k.Kind.String() + "` in access string", Detail: detail,
				Fixes: []Fix{deleteWord(p, r, "remove "+k.Kind.String())}})
		}
	}),
})
