// Command tflint-ruleset-aclcheck is a tflint plugin that runs the rules
// of aclcheck lint on the ElastiCache and MemoryDB users and user groups of
// Terraform source: aws_elasticache_user, aws_memorydb_user,
// aws_elasticache_user_group and aws_memorydb_acl. Each aclcheck rule is a
// tflint rule of the same ID ("AC2004"), with the same messages and
// positions; "tflint --fix" applies the fixes lint suggests.
//
// Install it in tflint's plugin directory
// (~/.tflint.d/plugins/tflint-ruleset-aclcheck, or $TFLINT_PLUGIN_DIR)
// and enable it in .tflint.hcl:
//
//	plugin "aclcheck" {
//	  enabled = true
//	  engine  = "redis-7.1" // optional: the engine checked
//	}
package main

import (
	"github.com/terraform-linters/tflint-plugin-sdk/plugin"

	"github.com/aclcheck/aclcheck/tflint-ruleset-aclcheck/rules"
)

func main() {
	plugin.Serve(&plugin.ServeOpts{RuleSet: rules.NewRuleSet()})
}
