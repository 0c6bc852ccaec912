// Command aclcheck is the CLI, the last step: it lints, evaluates and
// normalizes Redis/Valkey ACL access strings offline, exactly as the target
// engine would.
package main
