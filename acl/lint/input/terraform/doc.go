// Package terraform is input's Terraform reader: it reads the ElastiCache
// and MemoryDB users, user groups and ACLs of Terraform source (.tf,
// .tfvars) and state (.tfstate) without running Terraform.
//
// Source is parsed with hcl/v2's native syntax parser and evaluated as far
// as it can be known statically: literals, heredocs, locals, variable
// defaults and .tfvars, for_each and count over known collections, a small
// set of functions (format, join, replace, lower, upper, trimspace, concat,
// merge, toset, tolist, tomap, …), string templates, and the arguments of
// local modules (source = "./x") in the same tree. What cannot be known
// (a variable without a value, a computed resource attribute, an
// unsupported function) stays in the result as an unknown [Part] with a
// reason, next to the known parts of the same string.
//
// Every known byte of a [Value] maps to the file position where its
// literal text stands, after escapes (\", \\, \n, $${, %%{) and heredoc
// indentation are undone, and through locals, variable defaults, .tfvars
// and for_each values. Passwords are never kept: a [Secret] says only
// whether literal text is present and where.
//
// Objects with an access_string given to a module that is not read (from
// a registry), or set in a .tfvars file of a directory without resources,
// are returned as [KindInput] resources: the module that turns them into
// users is elsewhere, so only the access string and the values beside it
// are known.
//
// Input is bounded: files, instances per resource, evaluation steps,
// nesting of locals and modules and the size of computed strings all have
// limits, past which values become unknown.
package terraform
