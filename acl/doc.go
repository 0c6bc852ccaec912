// Package acl is the core of the pipeline: parse, bind, compile, then check,
// explain and describe Redis and Valkey ACL access strings exactly as the
// target engine would. Access strings are the rule language of ACL SETUSER
// that Amazon ElastiCache and MemoryDB use for role-based access control.
//
// The work is split into steps, as in a compiler, one file each:
//
//   - parse.go: [Parse] turns an access string into a syntax tree
//     ([AccessString], ast.go), splitting words and merging selectors
//     "( … )" the way Redis does (words.go) and reading each word as a rule
//     (grammar.go). Every rule knows its [Range] in the source; syntax
//     errors are kept in the tree ([BadRule]) and returned as an
//     [ErrorList] (error.go).
//   - bind.go: [Bind] checks the tree against an engine's command table
//     ([category.Table]) and reports unknown commands, subcommands and
//     categories, with positions.
//   - compile.go: [Compile] (or [NewUser] and [User.Apply]) applies the
//     rules in order, as ACL SETUSER does, and returns an immutable [User]
//     (user.go), or the first failing rule as an [*Error] whose Reply is
//     the server's error reply.
//   - check.go: [User.Check] decides whether the user may run a command
//     line, with the same verdict and message as ACL DRYRUN
//     ([Decision.Reply]).
//   - explain.go: [User.Explain] says which selector and which rule
//     decided, and why each key and channel passed or failed.
//   - describe.go: [User.ACLList] and [User.Describe] print the user as the
//     engine's ACL LIST does: Redis 7.2 and Valkey keep the rule history,
//     Redis 7.0 rebuilds the command part from a bitmap ([Dialect]).
//
// Validation against ElastiCache and MemoryDB rules and risk findings live
// in the lint subpackage.
//
// # Fidelity
//
// Redis's behaviour is the specification: the package is tested against a
// live redis-server and against recorded corpora of Redis 7.0, Redis 7.2 and
// Valkey 8.0, and live against all three. Words are read as the servers'
// C code reads them: keywords, command and category names up to a NUL
// byte. Two inputs that Redis 7.2.6 and Valkey 8.0.1 accept and then crash
// on (a bare % key rule, and a first-argument rule containing whitespace or
// a quote) are refused on those engines with [ErrCrash]; Redis 7.0 rejects
// the first and accepts the second, and so does the package ([Crashes]).
//
// # Secrets
//
// Password rules (>pw, <pw, #hash, !hash) are kept in the tree as written,
// since applying them needs them. [AccessString.Redacted], [Error.Error]
// and [User.Describe] with redact hide them; [Error.Reply] repeats the word
// as the server does.
//
// # Concurrency
//
// Trees are not modified after Parse returns; Users are immutable. Both are
// safe for concurrent use. Check does not allocate.
package acl
