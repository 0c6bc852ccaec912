// Package category is the engine model, the pipeline's first input: the
// per-engine command tables that package acl binds access strings to. A
// table has every command and subcommand of an engine with a dense ID (its
// bit in a selector's command bitmap), its arity, flags, ACL categories, key
// specs and fallback key extractor, plus optional module commands (FT.*
// search, JSON.*).
//
// A [Table] comes from [ForEngine] (embedded data, built once per engine and
// options, then cached) or from [Load] (a COMMAND INFO dump of the target
// server). It answers [Table.Lookup] and [Table.Resolve] (the lookup and
// arity check of processCommand, without allocating), [Table.Category] and
// [Table.Categories]; [Command.Keys] finds the key arguments of a command
// line exactly as COMMAND GETKEYSANDFLAGS does. Tables and commands are
// immutable and safe for concurrent use.
//
// # Profiles and engines
//
// Three profiles are embedded, generated (go generate) from COMMAND INFO and
// COMMAND DOCS of live servers, with get_keys_function from the sources:
//
//	profile     server         top-level  incl. subcommands
//	redis-7.0   Redis 7.0.15   240        366
//	redis-7.2   Redis 7.2.6    241        370
//	valkey-8.0  Valkey 8.0.1   241        373
//
// [ForEngine] maps each accepted engine name to the nearest profile:
//
//	engine      profile     notes
//	redis-6.0   redis-7.0   minus commands whose COMMAND DOCS since is newer than 6.0 (203 top-level / 300 total)
//	redis-6.2   redis-7.0   minus commands whose since is newer than 6.2 (222 / 326)
//	redis-7.0   redis-7.0
//	redis-7.1   redis-7.0   ElastiCache/MemoryDB "Redis OSS 7.1" is AWS's release of the 7.0 line;
//	                        it does not have the 7.2 additions (WAITAOF, CLIENT SETINFO, CLIENT NO-TOUCH, ...)
//	redis-7.2   redis-7.2
//	valkey-7.2  redis-7.2   Valkey 7.2 is a fork of Redis 7.2.4 with the same command table
//	valkey-8.0  valkey-8.0
//	valkey-8.1  valkey-8.0  no newer data was captured; 8.1/8.2 additions are missing
//	valkey-8.2  valkey-8.0  idem
//
// Each table carries its [Engine] ([Table.Engine]), a typed family and
// version. Everything that depends on the engine is answered by its
// methods: the ACL LIST form and the lineage that goes with it
// ([Engine.ListsRuleHistory]: redis-6.x, 7.0 and 7.1 re-derive commands
// from the bitmap, word denials "This user ..." and print no
// sanitize-payload for a new user), which rule forms exist
// ([Engine.HasChannelRules], [Engine.HasSelectors], [Engine.HasDBRules])
// and which commands exist ([Engine.HasCommand], from COMMAND DOCS since).
// A table from [Load] gets the engine its dump records.
//
// The 6.x tables are approximations: they keep 7.0's arities, flags, key
// specs and categories, lack the commands 7.0 removed (STRALGO), and list
// subcommands as separate commands, which Redis 6 did not do (there
// "+config|get" is a first-argument rule).
//
// # Module commands
//
// [WithSearch] adds FT.* commands in @search: [SearchMemoryDB] (MemoryDB's
// table; "ft.list" is an alias of "ft._list", see [Table.Alias]) or
// [SearchValkey] (valkey-search 1.0.x, where FT._LIST is also @admin).
// Search commands have no keys and arity -1. [WithJSON] adds the 23 JSON.*
// commands in @json with the categories of ElastiCache's table and the
// arities and key specs of valkey-json (JSON.DEBUG is one command whose
// argv[2] is the key). Module commands get IDs after the core ones. The
// option set is not checked against the engine.
//
// # Key extraction
//
// [Command.Keys] uses the key-spec interpreter when the command has a key
// spec not marked not_key and none marked variable_flags (module commands
// ignore variable_flags); when the interpreter fails (unknown spec, out of
// range, bad keynum, incomplete spec) or is not used, the fallback extractor
// named by [Command.Extractor] runs. Keyword and option comparisons are
// ASCII case-insensitive and stop at a NUL byte, like strcasecmp. Keynum
// specs read numkeys with Redis's strict string2ll and truncate it to a C
// int; the fallback extractors read it with C atoi (leading spaces, '+',
// leading zeros and trailing junk accepted), which is why "EVAL s 01 k"
// yields k with flags 0. The fallback extractors (get_keys_function of the
// Redis sources) are:
//
//	extractor             commands                                  keys and flags
//	set                   set                                       argv[1]: RW access update if some argv[3..] is GET, else OW update
//	bitfield              bitfield                                  argv[1]: RO access if only GET t o / OVERFLOW x groups, else RW access update
//	sort                  sort                                      argv[1] RO access; last STORE x (LIMIT skips 2, GET/BY skip 1) -> x OW update
//	sortRO                sort_ro                                   argv[1] RO access
//	migrate               migrate                                   argv[3] RW access delete, or with KEYS (index >= 6, after COPY, REPLACE,
//	                                                                AUTH pw, AUTH2 u pw) and an empty argv[3]: all args after KEYS
//	eval                  eval evalsha eval_ro evalsha_ro           atoi(argv[2]) keys from argv[3], flags 0
//	function              fcall fcall_ro                            atoi(argv[2]) keys from argv[3], flags 0
//	zunionInterDiff       zunion zinter zdiff zintercard            atoi(argv[1]) keys from argv[2], flags 0
//	zunionInterDiffStore  zunionstore zinterstore zdiffstore        atoi(argv[2]) keys from argv[3], then argv[1], flags 0
//	lmpop                 lmpop                                     atoi(argv[1]) keys from argv[2], flags 0
//	blmpop                blmpop bzmpop                             atoi(argv[2]) keys from argv[3], flags 0
//	zmpop                 zmpop                                     atoi(argv[1]) keys from argv[2], flags 0
//	sintercard            sintercard                                atoi(argv[1]) keys from argv[2], flags 0
//	georadius             georadius georadiusbymember               argv[1] and the last STORE/STOREDIST x from index 5, flags 0
//	xread                 xread xreadgroup                          after BLOCK x, COUNT x, GROUP a b, NOACK: STREAMS, then the first half
//	                                                                of an even, non-zero number of args, flags 0
//
// For the atoi-based extractors a numkeys below 1 or larger than the number
// of remaining arguments yields no keys.
package category

//go:generate go run ./internal/gen -in testdata -out data
