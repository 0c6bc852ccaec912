package acl_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// The behaviours asserted by Redis's own tests (tests/unit/acl.tcl and
// acl-v2.tcl, spec §9), one named test each, on Redis 7.2 unless noted.
// The expected values are exact and need no server; where redis-server is
// installed, the same inputs are also run on a live Redis 7.0 and the
// library (with the 7.0 table) must agree with it (liveAgree).

type dry struct{ argv, reply string }

func upstream(t *testing.T, engine string, access []string, list string, cases ...dry) {
	t.Helper()
	u := setUser(t, engine, access...)
	if list != "" {
		assert.Equal(t, list, u.ACLList())
	}
	var argvs [][]string
	for _, c := range cases {
		argvs = append(argvs, strings.Fields(c.argv))
		assert.Equal(t, c.reply, u.DryRun(strings.Fields(c.argv)...), c.argv)
	}
	liveAgree(t, access, argvs...)
}

func setUserErr(t *testing.T, engine, access string) string {
	t.Helper()
	_, err := acl.NewUser("u", testutil.Table(t, engine)).SetUser(access)
	var e *acl.Error
	require.ErrorAs(t, err, &e, access)
	liveAgree(t, []string{access})
	return e.UnredactedReply()
}

func denyCmd(name string) string {
	return "User u has no permissions to run the '" + name + "' command"
}
func denyKey(key string) string { return "User u has no permissions to access the '" + key + "' key" }

func TestUpstream_NewUserCanRunNothing(t *testing.T) {
	upstream(t, "redis-7.2", []string{"on nopass"}, "user u on nopass sanitize-payload resetchannels -@all",
		dry{"SET foo bar", denyCmd("set")}, dry{"PING", denyCmd("ping")}, dry{"AUTH a b", "OK"})
}

func TestUpstream_CommandWithoutKeysIsKeyError(t *testing.T) {
	upstream(t, "redis-7.2", []string{"on nopass +set"}, "", dry{"SET foo bar", denyKey("foo")})
}

func TestUpstream_AllCommandsWithKeyPatterns(t *testing.T) {
	upstream(t, "redis-7.2", []string{"allcommands ~foo:* ~bar:*"}, "",
		dry{"SET foo:1 a", "OK"}, dry{"SET bar:2 b", "OK"}, dry{"SET zap:3 c", denyKey("zap:3")})
}

func TestUpstream_RemovingPing(t *testing.T) {
	upstream(t, "redis-7.2", []string{"allcommands -ping"}, "", dry{"PING", denyCmd("ping")}, dry{"ECHO x", "OK"})
}

func TestUpstream_CategoryPlusSingleCommand(t *testing.T) {
	upstream(t, "redis-7.2", []string{"-@all +@set +acl ~*"}, "user u off sanitize-payload ~* resetchannels -@all +@set +acl",
		dry{"SADD s a", "OK"}, dry{"ACL WHOAMI", "OK"}, dry{"SET k v", denyCmd("set")})
	upstream(t, "redis-7.2", []string{"+@all -@string ~*"}, "", dry{"GET k", denyCmd("get")}, dry{"SADD s a", "OK"})
}

func TestUpstream_SubcommandsOfRemovedContainer(t *testing.T) {
	upstream(t, "redis-7.2", []string{"+@all -client", "+client|id +client|setname"},
		"user u off sanitize-payload resetchannels +@all -client +client|id +client|setname",
		dry{"CLIENT ID", "OK"}, dry{"CLIENT SETNAME x", "OK"}, dry{"CLIENT KILL x", denyCmd("client|kill")})
	upstream(t, "redis-7.2", []string{"+@all -client|kill"}, "user u off sanitize-payload resetchannels +@all -client|kill")
	upstream(t, "redis-7.2", []string{"-@all +acl +config -config|set"}, "",
		dry{"CONFIG GET x", "OK"}, dry{"CONFIG SET x y", denyCmd("config|set")})
}

func TestUpstream_FirstArgOfSubcommandRejected(t *testing.T) {
	assert.Equal(t, "ERR Error in ACL SETUSER modifier '+config|get|appendonly': Allowing first-arg of a subcommand is not supported",
		setUserErr(t, "redis-7.2", "+config|get|appendonly"))
}

func TestUpstream_UnknownSubcommandRules(t *testing.T) {
	for _, r := range []string{"+config|asdf", "-config|asdf", "+get|key1|key2", "-get|key1|key2"} {
		assert.Equal(t, "ERR Error in ACL SETUSER modifier '"+r+"': Unknown command or category name in ACL", setUserErr(t, "redis-7.2", r))
	}
}

func TestUpstream_StreamCategoryIncludesSubcommands(t *testing.T) {
	upstream(t, "redis-7.2", []string{"-@all +@stream ~*"}, "", dry{"XINFO STREAM s", "OK"}, dry{"XINFO GROUPS s", "OK"})
}

func TestUpstream_FirstArgRules(t *testing.T) {
	upstream(t, "redis-7.2", []string{"-@all +select|0 +debug|object ~*"}, "",
		dry{"SELECT 0", "OK"}, dry{"SELECT 1", denyCmd("select")},
		dry{"DEBUG OBJECT k", "OK"}, dry{"DEBUG SLEEP 0", denyCmd("debug")})
}

func TestUpstream_RuleHistoryRoundTrip(t *testing.T) {
	upstream(t, "redis-7.2", []string{"+memory|doctor", "+memory"}, "user u off sanitize-payload resetchannels -@all +memory")
	upstream(t, "redis-7.2", []string{"+@all +client|id"}, "user u off sanitize-payload resetchannels +@all +client|id")
	upstream(t, "redis-7.2", []string{"+@all -memory|doctor"}, "user u off sanitize-payload resetchannels +@all -memory|doctor")
}

func TestUpstream_EveryCategoryRoundTrips(t *testing.T) {
	for _, engine := range []string{"redis-7.2", "redis-7.0"} {
		tb := testutil.Table(t, engine)
		const san = " sanitize-payload" // reset sets it in both versions
		for _, c := range tb.Categories() {
			name := "@" + c.String()
			upstream(t, engine, []string{"reset +@all -" + name}, "user u off"+san+" resetchannels +@all -"+name)
			upstream(t, engine, []string{"reset -@all +" + name}, "user u off"+san+" resetchannels -@all +"+name)
		}
	}
}

func TestUpstream_ResetEqualsNewUser(t *testing.T) {
	u := setUser(t, "redis-7.2", "on >pw ~a &b +@all (~c +get)", "reset")
	assert.Equal(t, acl.NewUser("u", testutil.Table(t, "redis-7.2")).ACLList(), u.ACLList())
}

func TestUpstream_ChannelRules(t *testing.T) {
	const deny = "User u has no permissions to access the '%s' channel"
	ch := func(c string) string { return strings.Replace(deny, "%s", c, 1) }
	upstream(t, "redis-7.2", []string{"on nopass resetchannels &foo:1 &bar:* +@all"}, "",
		dry{"PUBLISH foo:1 m", "OK"}, dry{"PUBLISH foo:2 m", ch("foo:2")},
		dry{"SPUBLISH bar:x m", "OK"}, dry{"SUBSCRIBE foo:1 bar:y", "OK"}, dry{"SUBSCRIBE foo:1 zap", ch("zap")},
		dry{"SSUBSCRIBE bar:1", "OK"}, dry{"PSUBSCRIBE bar:*", "OK"}, dry{"PSUBSCRIBE bar:baz", ch("bar:baz")},
		dry{"SUNSUBSCRIBE zap", "OK"}, dry{"UNSUBSCRIBE zap", "OK"})
	upstream(t, "redis-7.2", []string{"on nopass resetchannels &foo +@all"}, "user u on nopass sanitize-payload resetchannels &foo +@all")
	upstream(t, "redis-7.0", []string{"on nopass resetchannels &foo +@all"}, "user u on nopass resetchannels &foo +@all",
		dry{"PUBLISH bar m", "This user has no permissions to access the 'bar' channel"})
}

func TestUpstream_ReadonlyCommandIsNotReadCategory(t *testing.T) {
	upstream(t, "redis-7.2", []string{"+readonly ~*"}, "",
		dry{"READONLY", "OK"}, dry{"EVAL_RO x 0", denyCmd("eval_ro")}, dry{"EVALSHA_RO x 0", denyCmd("evalsha_ro")}, dry{"FCALL_RO f 0", denyCmd("fcall_ro")})
	upstream(t, "redis-7.2", []string{"+@read ~*"}, "", dry{"EVAL_RO x 0", denyCmd("eval_ro")})
}

func TestUpstream_SelectorsAsAlternatives(t *testing.T) {
	upstream(t, "redis-7.2", []string{"on nopass (+@write ~write::*) (+@read ~read::*)"}, "",
		dry{"SET write::k v", "OK"}, dry{"GET read::k", "OK"},
		dry{"GET write::k", denyKey("write::k")}, dry{"SET read::k v", denyKey("read::k")})
}

func TestUpstream_ResetEmptySelector(t *testing.T) {
	upstream(t, "redis-7.2", []string{"reset ()"}, "user u off sanitize-payload resetchannels -@all (resetchannels -@all)")
	upstream(t, "redis-7.2", []string{"(~a +get) (~b +set)", "clearselectors"}, "user u off sanitize-payload resetchannels -@all")
}

func TestUpstream_SelectorSyntaxErrors(t *testing.T) {
	assert.Equal(t, "ERR Error in ACL SETUSER modifier '(this-is-invalid)': Syntax error", setUserErr(t, "redis-7.2", "(this-is-invalid)"))
	assert.Equal(t, "ERR Error in ACL SETUSER modifier '(&* &fail)': Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
		setUserErr(t, "redis-7.2", "(&* &fail)"))
	assert.Equal(t, "ERR Unmatched parenthesis in acl selector starting at '(+PING'.", setUserErr(t, "redis-7.2", "(+PING (+SELECT (+DEL"))
	assert.Equal(t, "ERR Unmatched parenthesis in acl selector starting at '('.", setUserErr(t, "redis-7.2", "("))
	assert.Equal(t, "ERR Error in ACL SETUSER modifier ')': Syntax error", setUserErr(t, "redis-7.2", ")"))
	assert.Equal(t, "ERR Error in ACL SETUSER modifier '%~': Syntax error", setUserErr(t, "redis-7.0", "%~"))
	upstream(t, "redis-7.2", []string{"( ~key6 +get )"}, "user u off sanitize-payload resetchannels -@all (~key6 resetchannels -@all +get)")
}

func TestUpstream_ReadWritePatterns(t *testing.T) {
	upstream(t, "redis-7.2", []string{"on nopass %R~read* %W~write* %RW~rw* +@all"}, "",
		dry{"GET read", "OK"}, dry{"GET write", denyKey("write")},
		dry{"LPUSH write a", "OK"}, dry{"LPUSH read a", denyKey("read")},
		dry{"COPY read write", "OK"}, dry{"COPY write read", denyKey("write")},
		dry{"SET write x", "OK"}, dry{"SET writestr get", "OK"}, dry{"SET write bar ex 1 get", denyKey("write")},
		dry{"BITFIELD read GET u4 0", "OK"}, dry{"BITFIELD write SET u4 0 1", denyKey("write")}, dry{"BITFIELD read SET u4 0 1", denyKey("read")},
		dry{"SET rw1 x GET", "OK"})
}

func TestUpstream_RWInDifferentSelectorsNotAdditive(t *testing.T) {
	upstream(t, "redis-7.2", []string{"(%R~read* +@all) (%W~write* +@all)"}, "", dry{"COPY read write", denyKey("write")})
}

func TestUpstream_KeyPermissionsMerge(t *testing.T) {
	upstream(t, "redis-7.2", []string{"%R~foo %W~foo %RW~bar"}, "user u off sanitize-payload ~foo ~bar resetchannels -@all")
}

func TestUpstream_DryRunReplies(t *testing.T) {
	upstream(t, "redis-7.2", []string{"on nopass +@all %R~read* %W~write* %RW~rw*"}, "",
		dry{"not-a-command", "ERR Command 'not-a-command' not found"},
		dry{"SET k", "ERR wrong number of arguments for 'set' command"},
		dry{"MIGRATE host 1 rw1 0 10", "OK"},
		dry{"MIGRATE host 1 read 0 10", denyKey("read")},
		dry{"MIGRATE host 1 x 0 10 AUTH KEYS KEYS rw1", "OK"},
		dry{"SORT read STORE write", "OK"}, dry{"SORT read STORE read2", denyKey("read2")},
		dry{"EVAL x 0 read", "OK"}, dry{"EVAL x -1", "OK"}, dry{"EVAL x 3 rw rw", "OK"},
		dry{"GEORADIUS read 0 0 1 m STORE write", "OK"}, dry{"GEORADIUS read 0 0 1 m STOREDIST read", denyKey("read")},
		dry{"HEXISTS write f", "OK"}, dry{"SISMEMBER read m", "OK"}, dry{"STRLEN write", "OK"}, dry{"TYPE write", "OK"},
		dry{"TOUCH write", "OK"}, dry{"EXISTS write", "OK"}, dry{"MEMORY USAGE write", "OK"},
		dry{"SINTERCARD 1 write", denyKey("write")}, dry{"ZCOUNT write 0 1", denyKey("write")},
		dry{"PFCOUNT write", denyKey("write")}, dry{"ZINTERCARD 1 write", denyKey("write")},
		dry{"SPUBLISH ch m", "User u has no permissions to access the 'ch' channel"},
		dry{"SUNSUBSCRIBE ch", "OK"})
}

func TestUpstream_MigrateKeys(t *testing.T) {
	u := setUser(t, "redis-7.2", "on nopass +@all %R~read* %W~write* %RW~rw*")
	for _, c := range []struct {
		argv  []string
		reply string
	}{
		{[]string{"MIGRATE", "h", "1", "", "0", "10", "KEYS", "rw1", "read"}, denyKey("read")},
		{[]string{"MIGRATE", "h", "1", "", "0", "10", "AUTH2", "KEYS", "123", "KEYS", "rw1", "read"}, denyKey("read")},
		{[]string{"MIGRATE", "h", "1", "", "0", "10", "AUTH", "KEYS", "KEYS", "rw1"}, "OK"},
		{[]string{"MIGRATE", "h", "1", "x", "0", "10", "KEYS", "read"}, "OK"}, // argv[3] set and KEYS: no keys
	} {
		assert.Equal(t, c.reply, u.DryRun(c.argv...), "%q", c.argv)
	}
}

func TestUpstream_SortByGetRuntimeDenial(t *testing.T) {
	u := setUser(t, "redis-7.2", "on nopass +sort ~mylist ~v*")
	for _, argv := range []string{"SORT mylist BY v*", "SORT mylist GET #", "SORT mylist GET v*"} {
		d := u.Check(strings.Fields(argv))
		assert.True(t, d.Allowed(), argv)
		assert.True(t, d.SortPatternDenied, argv)
	}
	assert.False(t, u.Check(strings.Fields("SORT mylist BY nosort")).SortPatternDenied)
}

func TestUpstream_TableCategories(t *testing.T) {
	tb := testutil.Table(t, "redis-7.2")
	has := func(cat, cmd string) bool {
		c, _ := tb.Category(cat)
		return tb.Lookup(cmd).Categories.Has(c)
	}
	assert.True(t, has("transaction", "multi"))
	assert.True(t, has("scripting", "function|list"))
	assert.False(t, has("keyspace", "set"))
	_, ok := tb.Category("NON_EXISTS")
	assert.False(t, ok)
}

func TestUpstream_NewUserIsOff(t *testing.T) {
	upstream(t, "redis-7.0", nil, "user u off resetchannels -@all", dry{"GET k", "This user has no permissions to run the 'get' command"})
	upstream(t, "redis-7.2", nil, "user u off sanitize-payload resetchannels -@all", dry{"GET k", denyCmd("get")})
}

// sha256("p1"), sha256("p2").
const (
	hashP1 = "f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a"
	hashP2 = "3946ca64ff78d93ca61090a437cbb6b3d2ca0d488f5f9ccf3059608368b27693"
)

func TestUpstream_MultiplePasswords(t *testing.T) {
	upstream(t, "redis-7.0", []string{"on >p1 >p2 >p1"}, "user u on #"+hashP1+" #"+hashP2+" resetchannels -@all")
	upstream(t, "redis-7.0", []string{"on >p1 >p2", "<p1"}, "user u on #"+hashP2+" resetchannels -@all")
	upstream(t, "redis-7.0", []string{"#" + hashP1, "!" + hashP1}, "user u off resetchannels -@all")
	upstream(t, "redis-7.0", []string{"#" + hashP1 + " >p2"}, "user u off #"+hashP1+" #"+hashP2+" resetchannels -@all")
	upstream(t, "redis-7.0", []string{">p1 nopass"}, "user u off nopass resetchannels -@all")
	upstream(t, "redis-7.0", []string{"nopass >p1"}, "user u off #"+hashP1+" resetchannels -@all")
	assert.Equal(t, "ERR Error in ACL SETUSER modifier '<p1': The password you are trying to remove from the user does not exist",
		setUserErr(t, "redis-7.0", "<p1"))
	assert.Equal(t, "ERR Error in ACL SETUSER modifier '!"+hashP2+"': The password you are trying to remove from the user does not exist",
		setUserErr(t, "redis-7.0", ">p1 !"+hashP2))
}

func TestUpstream_HashValidation(t *testing.T) {
	for _, h := range []string{hashP1[:63], hashP1 + "a", strings.ToUpper(hashP1), "z" + hashP1[1:], ""} {
		for _, op := range []string{"#", "!"} {
			assert.Equal(t, "ERR Error in ACL SETUSER modifier '"+op+h+"': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
				setUserErr(t, "redis-7.0", op+h))
		}
	}
}

// acl.tcl "ACL GETUSER provides correct results" (Redis 7.2): the command
// rules are compacted losslessly, case-insensitively, in order.
func TestUpstream_CommandRulesCompaction(t *testing.T) {
	steps := []struct{ rules, want string }{
		{"+@all -@hash -@slow +hget", "+@all -@hash -@slow +hget"},
		{"-@hash", "+@all -@slow +hget -@hash"},
		{"+@hash", "+@all -@slow +hget +@hash"},
		{"-@all", "-@all"},
		{"-@string -@slow +@all", "+@all"},
		{"-@all +@HASH +@hash +@HaSh", "-@all +@hash"},
		{"-@all +HGET +hget +hGeT", "-@all +hget"},
		{"-@all +@hash +@slow +@set +@set +@slow +@hash", "-@all +@set +@slow +@hash"},
		{"-@all +hget -hset +hset -hget", "-@all +hset -hget"},
		{"-@all +client|list +client|list +config|get +config +acl|list -acl", "-@all +client|list +config -acl"},
		{"-@all +select|0 +select|0 +debug|segfault +debug", "-@all +select|0 +debug"},
		{"-@all -@dangerous", "-@all -@dangerous"},
		{"-@all +config +config|get -config|set +config", "-@all +config"},
	}
	var access []string
	for _, s := range steps {
		access = append(access, s.rules)
		upstream(t, "redis-7.2", access, "user u off sanitize-payload resetchannels "+s.want)
	}
}

// acl-v2.tcl: ACL LIST is idempotent, applying the printed rules to a new
// user prints the same line.
func TestUpstream_ACLListIsIdempotent(t *testing.T) {
	for _, engine := range []string{"redis-7.0", "redis-7.2"} {
		for _, access := range []string{
			"on nopass ~* &* +@all",
			"on >p1 %R~read* %W~write* ~rw* resetchannels &ch:* -@all +@read -@hash +config|get +select|0 (~a +get) (%W~b &c +@write)",
			"+@all -@slow +hget -@hash +client -client|kill",
			"reset ()",
		} {
			u := setUser(t, engine, access)
			again := setUser(t, engine, u.Describe(false))
			assert.Equal(t, u.ACLList(), again.ACLList(), "%s: %q", engine, access)
			liveAgree(t, []string{access, "reset " + u.Describe(false)})
		}
	}
}

// acl-v2.tcl: selector words are merged with single spaces, so spaces
// next to the parentheses are accepted.
func TestUpstream_SelectorWhitespaceVariants(t *testing.T) {
	for _, access := range []string{"(~key1 +get )", "( ~key1 +get )", "( ~key1 +get)", "  (  ~key1   +get  )  "} {
		upstream(t, "redis-7.0", []string{access}, "user u off resetchannels -@all (~key1 resetchannels -@all +get)",
			dry{"GET key1", "OK"}, dry{"GET key2", "This user has no permissions to access the 'key2' key"})
	}
}

// Redis 7.0 restarts an open selector at the next word that starts with
// '(' (spec §2.1), so the unmatched selector it reports is the last one,
// and over-closed forms leave a stray ')'.
func TestUpstream_SelectorMerging70(t *testing.T) {
	assert.Equal(t, "ERR Unmatched parenthesis in acl selector starting at '(+DEL'.", setUserErr(t, "redis-7.0", "(+PING (+SELECT (+DEL"))
	upstream(t, "redis-7.0", []string{"(~a (~b +set)"}, "user u off resetchannels -@all (~b resetchannels -@all +set)")
	assert.Equal(t, "ERR Error in ACL SETUSER modifier ')': Syntax error", setUserErr(t, "redis-7.0", "(+PING (+SELECT (+DEL ) )"))
	assert.Equal(t, "ERR Error in ACL SETUSER modifier '(+PING (+SELECT (+DEL )': Syntax error", setUserErr(t, "redis-7.2", "(+PING (+SELECT (+DEL ) )"))
	// One word "(~a))" is a selector whose body "~a)" is the key pattern "a)".
	upstream(t, "redis-7.0", []string{"(~a))"}, "user u off resetchannels -@all (~a) resetchannels -@all)")
}

// acl-v2.tcl "Existence test commands are not marked as access" and
// "Test general keyspace commands require some type of permission to
// execute": key specs without access or write flags accept any matching
// pattern, but some pattern must match.
func TestUpstream_KeyspaceCommandsNeedSomePermission(t *testing.T) {
	access := []string{"on nopass +@all %R~read* %W~write* %RW~rw*"}
	var cases []dry
	for _, cmd := range []string{"TOUCH", "EXISTS", "MEMORY USAGE", "TYPE", "STRLEN", "HLEN", "LLEN", "SCARD", "ZCARD", "XLEN"} {
		for _, key := range []string{"read", "write", "rw"} {
			cases = append(cases, dry{cmd + " " + key, "OK"})
		}
		cases = append(cases, dry{cmd + " nothing", "This user has no permissions to access the 'nothing' key"})
	}
	for _, cmd := range []string{"HEXISTS", "HSTRLEN", "SISMEMBER"} {
		cases = append(cases, dry{cmd + " read f", "OK"}, dry{cmd + " write f", "OK"},
			dry{cmd + " nothing f", "This user has no permissions to access the 'nothing' key"})
	}
	upstream(t, "redis-7.0", access, "", cases...)
}

// acl-v2.tcl "Intersection cardinaltiy commands are access commands".
func TestUpstream_IntersectionCardinalityNeedsRead(t *testing.T) {
	deny := "This user has no permissions to access the 'write' key"
	upstream(t, "redis-7.0", []string{"on nopass +@all %R~read* %W~write* %RW~rw*"}, "",
		dry{"SINTERCARD 2 read read", "OK"}, dry{"SINTERCARD 2 write read", deny},
		dry{"ZCOUNT read 0 1", "OK"}, dry{"ZCOUNT write 0 1", deny},
		dry{"PFCOUNT read read", "OK"}, dry{"PFCOUNT write read", deny},
		dry{"ZINTERCARD 2 read read", "OK"}, dry{"ZINTERCARD 2 write read", deny})
}

// acl-v2.tcl DRYRUN: arity and unknown commands are errors, before any
// ACL check, even for a user who may run nothing.
func TestUpstream_DryRunErrors(t *testing.T) {
	upstream(t, "redis-7.0", []string{"on nopass"}, "",
		dry{"SET k", "ERR wrong number of arguments for 'set' command"},
		dry{"CONFIG GET", "ERR wrong number of arguments for 'config|get' command"},
		dry{"not-a-command", "ERR Command 'not-a-command' not found"},
		dry{"CONFIG NOSUCH x", "ERR Command 'CONFIG' not found"},
		dry{"config|get x", "ERR Command 'config|get' not found"},
		dry{"SET k v", "This user has no permissions to run the 'set' command"})
}
