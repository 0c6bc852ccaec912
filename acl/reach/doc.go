// Package reach is a step after acl's compile: it answers what a set of
// compiled users can reach, with proofs. It says who can run a command, read
// or write a key matching a pattern, publish or subscribe to a channel,
// reach every key, or escalate ([Set.WhoCan]); whether tenants are isolated
// from each other ([Set.Isolate]); which users share key space
// ([Set.Overlaps]); and whether one user's access contains another's
// ([Contains]).
//
// Key and channel patterns are turned into automata ([glob.Lang]) and
// combined with each selector's commands, first arguments and R/W key
// permissions, so an answer covers every command line, not a sample. Every
// "yes" comes with a witness: a concrete command line that [acl.User.Check]
// allows (and the engine's ACL DRYRUN, which Check models). A "no" is a
// proof over the automata. When the automata say a command line exists
// but none of the command lines tried is allowed, or an automaton grows
// past its bound, the user is reported as undecided rather than guessed.
//
// A key is read when a command's key spec asks for access to its value
// (the ACL's R permission) and written when it inserts, deletes or updates
// (W); keys whose specs ask for neither (EXISTS, or the keys EVAL declares,
// whose script is checked command by command) are neither. Disabled users
// are left out: they cannot authenticate.
package reach
