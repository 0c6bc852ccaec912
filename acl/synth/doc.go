// Package synth is the pipeline run backwards: it derives least-privilege
// access strings from traces of what applications really do. It reads traces
// of real traffic (redis-cli MONITOR output, ACL LOG output, JSON Lines of
// command lines such as the recorder of package goredis writes) and writes,
// per user or per client, the access string that allows exactly the traced
// commands, with key and channel patterns generalised from the observed
// names.
//
// The steps are separate, as in [acl]: a reader ([ReadMonitor],
// [ReadACLLog], [ReadJSONL]) turns a trace into [Event] values; a
// [Synthesizer] accumulates what each user needed ([Synthesizer.Add]) and
// builds the [Result]; [Result.Check] replays an event through
// [acl.User.Check] on the result, so a caller can prove that the trace is
// allowed. Each [User] of the result also says what the string allows
// beyond the trace that matters (keyless commands that reach every key,
// dangerous commands, commands that escalate privileges), what a client
// library needs to connect ([Options.Client]) and which needed commands the
// target service forbids ([Options.Service]).
//
// Command rules are explicit commands and subcommands (+get,
// +config|get); categories only with [Options.Categories]. Key rules are
// split by use, as the engine's key specs decide: %R~ for keys only read,
// %W~ for keys only written, ~ for both.
package synth
