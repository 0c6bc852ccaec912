package acl_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
)

// The behaviours asserted by Redis's own tests (tests/unit/acl.tcl and
// acl-v2.tcl, spec §9), one named test each, on Redis 7.2 unless noted.

type dry struct{ argv, reply string }

func upstream(t *testing.T, engine string, access []string, list string, cases ...dry) {
	t.Helper()
	u := setUser(t, engine, access...)
	if list != "" {
		assert.Equal(t, list, u.ACLList())
	}
	for _, c := range cases {
		assert.Equal(t, c.reply, u.DryRun(strings.Fields(c.argv)...), c.argv)
	}
}

func setUserErr(t *testing.T, engine, access string) string {
	t.Helper()
	_, err := acl.NewUser("u", table(t, engine)).SetUser(access)
	var e *acl.Error
	require.ErrorAs(t, err, &e, access)
	return e.Reply()
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
		tb := table(t, engine)
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
	assert.Equal(t, acl.NewUser("u", table(t, "redis-7.2")).ACLList(), u.ACLList())
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
	assert.Contains(t, setUserErr(t, "redis-7.2", "(&* &fail)"), "Adding a pattern after the")
	assert.Equal(t, "ERR Unmatched parenthesis in acl selector starting at '(+PING'.", setUserErr(t, "redis-7.2", "(+PING (+SELECT (+DEL"))
	assert.Equal(t, "ERR Unmatched parenthesis in acl selector starting at '('.", setUserErr(t, "redis-7.2", "("))
	assert.Equal(t, "ERR Error in ACL SETUSER modifier ')': Syntax error", setUserErr(t, "redis-7.2", ")"))
	assert.Equal(t, "ERR Error in ACL SETUSER modifier '%~': Syntax error", setUserErr(t, "valkey-8.0", "%~"))
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
	tb := table(t, "redis-7.2")
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
