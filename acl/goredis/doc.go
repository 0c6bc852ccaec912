// Package goredis is acl's check step inside an application: it enforces an
// ACL user in a go-redis v9 client (github.com/redis/go-redis/v9) before
// anything is sent. It also records the commands an application sends for
// [synth] to turn into its least-privilege access string.
//
// A [Hook] added with (*redis.Client).AddHook checks every command,
// pipeline and transaction against a compiled [acl.User] as the server
// would: a denied command gets the error the server replies, byte for byte
// and of the type go-redis gives for that reply (redis.IsPermissionError
// holds); commands of a pipeline are checked one by one; a transaction with
// a denied command is discarded with EXECABORT as the server discards it.
// The connection handshake is checked the way the server checks it: HELLO
// and AUTH need no permission, CLIENT SETINFO and SELECT do (go-redis
// ignores a refused CLIENT SETINFO, as it ignores the server's refusal).
// Unknown commands and wrong arities are left to the server, whose error
// text for them differs from ACL DRYRUN's.
//
// Two limits: the commands a script runs (EVAL, FCALL) run inside the
// server, so only the script command itself is checked; and when the user
// may not run the handshake (SELECT of Options.DB without +select), a
// command the user may not run either gets its own denial, where the server
// would refuse the handshake first.
//
// Arguments are converted as go-redis writes them (integers, floats,
// booleans as 1 or 0, time.Duration in nanoseconds, time.Time in RFC 3339,
// []byte, encoding.BinaryMarshaler), and the check path does not allocate
// for command lines of up to 16 arguments.
//
// With [Options.Record] the hook writes each command as a JSON line
// {"user":…,"argv":[…]} ([synth.ReadJSONL]; binary arguments also in
// argv_base64); passwords of AUTH and HELLO are redacted. Run the test
// suite with a recording hook, and
//
//	aclcheck synth --from jsonl --client go-redis trace.jsonl
//
// writes the access string the application needs.
package goredis
