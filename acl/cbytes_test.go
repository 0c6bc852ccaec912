package acl_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// The NUL, CR and LF inputs on which the library once disagreed with the
// servers (found by the differential tests with aclgen's Gen.Special),
// with the replies of all three engines, recorded live. Redis reads
// keywords, command and category names as C strings, names error words up
// to a NUL, appends the later words of a selector as C strings, and turns
// CR and LF into spaces in error replies.
func TestSpecialBytesRegressions(t *testing.T) {
	syntax := func(w string) string { return "ERR Error in ACL SETUSER modifier '" + w + "': Syntax error" }
	unknown := func(w string) string {
		return "ERR Error in ACL SETUSER modifier '" + w + "': Unknown command or category name in ACL"
	}
	tests := []struct {
		access, reply, list string // list: the Redis 7.2 line; 7.0's has no sanitize-payload
	}{
		{"on\x00x", "OK", "user u on sanitize-payload resetchannels -@all"},
		{"o\x00n", syntax("o"), ""},
		{"\x00on", syntax(""), ""},
		{"-get\x00x +@all", "OK", "user u off sanitize-payload resetchannels +@all"},
		{"+client|trac\x00kinginfo", unknown("+client|trac"), ""},
		{"+select|0\x00x", "OK", "user u off sanitize-payload resetchannels -@all +select|0"},
		{"+select|\x00a", syntax("+select|"), ""},
		{"+@read\x00x", "OK", "user u off sanitize-payload resetchannels -@all +@read"},
		{"+@STRIN\x00G", unknown("+@STRIN"), ""},
		{"~a\x00b", syntax("~a"), ""},
		{"%RW~a\x00b", syntax("%RW~a"), ""},
		{"&a\x00b", syntax("&a"), ""},
		{">pa\x00ss", "OK", "user u off sanitize-payload #7e89ef5fe0fb288715d9be33011d0238159a58dffefc2af01321a1afa84f87d4 resetchannels -@all"},
		{"(+get\x00x ~k)", "OK", "user u off sanitize-payload resetchannels -@all (resetchannels -@all +get)"},
		{"(~a +get\x00x ~b)", "OK", "user u off sanitize-payload resetchannels -@all (~a ~b resetchannels -@all +get)"},
		{"( \x00-@admin)", syntax("( "), ""},
		{"(~a )\x00 +get)", syntax("(~a ) +get)"), ""},
		{"(~a %\x00rw~x)", syntax("(~a %"), ""},
	}
	for _, tt := range tests {
		for _, engine := range []string{"redis-7.0", "redis-7.2", "valkey-8.0"} {
			u, err := acl.NewUser("u", testutil.Table(t, engine)).SetUser(tt.access)
			if tt.reply != "OK" {
				var e *acl.Error
				require.ErrorAs(t, err, &e, "%q on %s", tt.access, engine)
				assert.Equal(t, tt.reply, e.Reply(), "%q on %s", tt.access, engine)
				continue
			}
			require.NoError(t, err, "%q on %s", tt.access, engine)
			want := tt.list
			if engine == "redis-7.0" {
				want = strings.Replace(want, " sanitize-payload", "", 1)
			}
			assert.Equal(t, want, u.ACLList(), "%q on %s", tt.access, engine)
		}
		liveAgree(t, []string{tt.access})
	}

	argvs := [][]string{{"\r\nzscore"}, {"l\n\x00pop"}, {"get", "a\x00b"}, {"get", "k\x00b"}, {"publish", "d\x00x", "m"},
		{"psubscribe", "c\x00"}, {"config", "g\ret", "x"}, {"get", "x\rb\n"}}
	want := map[string][]string{
		"redis-7.0": {"ERR Command '  zscore' not found", "ERR Command 'l ' not found", "This user has no permissions to access the 'a' key", "OK",
			"This user has no permissions to access the 'd' channel", "This user has no permissions to access the 'c' channel",
			"ERR Command 'config' not found", "This user has no permissions to access the 'x\rb\n' key"},
		"redis-7.2": {"ERR Command '  zscore' not found", "ERR Command 'l ' not found", "User u has no permissions to access the 'a\x00b' key", "OK",
			"User u has no permissions to access the 'd\x00x' channel", "User u has no permissions to access the 'c\x00' channel",
			"ERR Command 'config' not found", "User u has no permissions to access the 'x\rb\n' key"},
	}
	want["valkey-8.0"] = want["redis-7.2"]
	const access = "on +@all ~k* &c*"
	for engine, replies := range want {
		u := setUser(t, engine, access)
		for i, argv := range argvs {
			assert.Equal(t, replies[i], u.DryRun(argv...), "%q on %s", argv, engine)
		}
	}
	liveAgree(t, []string{access}, argvs...)
}
