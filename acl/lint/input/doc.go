// Package input is lint's reading step: it turns files into an [Input] of
// access strings, users and groups with exact file positions. It reads
// access strings, ACL files and ACL LIST output ([ReadText]), and JSON or
// YAML shaped like the ElastiCache/MemoryDB API parameters, CloudFormation
// templates, terraform show -json output, and Terraform source and state
// (through package terraform) ([Read]).
package input
