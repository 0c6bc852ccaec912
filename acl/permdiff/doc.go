// Package permdiff is a step after acl's compile: it compares what two
// compiled ACL users may do under their engine's command table. [Compare]
// says whether the new user is equivalent to the old one, narrower, broader
// or incomparable, and lists the differences by name: on/off, nopass,
// passwords (counted, never shown), the RESTORE payload flag, and per
// selector the commands and subcommands gained and lost, first arguments,
// key patterns with their R/W permissions and channel patterns. The
// differences are typed values ([Command], [Key], [Channel]) that name the
// command table's entries, so a caller can build a command line from them
// and confirm it with [acl.User.Check]. [Diff.Lines] renders them as text.
//
// # Semantics
//
// The comparison is about effect, not text. A user may run a command line
// when any of its selectors (the root one included) allows it, so selectors
// are compared as a set: their order does not matter, a selector that
// allows no command is ignored (the root selector only when it has no key
// or channel pattern either, since later rules may extend it; a selector
// cannot be edited), and a selector whose every permission is also granted
// by another selector of the same user is redundant. Within a selector:
//
//   - commands are compared command by command (subcommands included);
//     containers such as CONFIG are left out, since a container's own bit
//     decides nothing (a container alone is a wrong-arity call), and
//     commands that need no authentication (AUTH, HELLO) are always
//     allowed;
//   - first arguments (+select|0) count only while their command is not
//     allowed in full, and compare without regard to ASCII case;
//   - allkeys is ~*, which grants every key including the empty one that
//     the pattern * (%RW~*, which ACL LIST prints as ~*) does not match;
//     %R~a plus %W~a is ~a, and a key pattern that another
//     pattern of the selector covers with at least its permissions is
//     redundant ("~app:1" next to "~app:*");
//   - allchannels is &*; channel patterns are otherwise compared as
//     written, since PSUBSCRIBE matches them literally;
//   - the right to run commands added later (the last of +@all and -@all
//     was +@all) is a permission of its own.
//
// The new user grants nothing more than the old one when each of its
// selectors is covered by one selector of the old user and it gains no user
// flag (on, nopass, a password, skip-sanitize-payload; a change between the
// server default and sanitize-payload counts both ways, since the server's
// setting decides which is stricter). It is narrower when the old user
// grants something more, broader the other way round.
// Pattern coverage ([glob.Covers]) is decided soundly but not completely: a
// pattern covers another when they are equal, when it is a literal prefix
// followed by a single '*' and the other starts with that prefix, or when
// the other is a plain literal it matches. Where that finds a difference,
// [reach.Contains] decides exactly, on automata, whether each user may run
// every command line the other may (several selectors together may cover
// one, and exotic glob pairs may be equal), and gives a command line
// for each direction that one allows and the other denies ([Diff.Gained],
// [Diff.Lost]). So every relation is proven, except where Contains is
// undecided, when a difference that could not be ruled out counts.
//
// The relation is about what each user may do, decided per command line
// as ACL DRYRUN decides: a permission no command of the table can use
// (a W on a key pattern of a selector that runs only GET, patterns of a
// root selector without commands) is listed among the differences but
// does not make a user broader or narrower; the right to run commands
// added later does.
//
// Passwords are compared by digest and only their number is reported.
package permdiff
