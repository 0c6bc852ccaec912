package synth_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl/synth"
	"github.com/aclcheck/aclcheck/category"
)

const monitorTrace = `OK
1700000000.000001 [0 127.0.0.1:5000] "SET" "app:session:17" "v\x00\"q\\"
1700000000.000002 [0 127.0.0.1:5000] "GET" "app:session:18"
1700000000.000003 [0 127.0.0.1:5000] "LPUSH" "queue:jobs" "j1"
1700000000.000004 [0 127.0.0.1:5000] "LMOVE" "queue:jobs" "queue:done" "RIGHT" "LEFT"
1700000000.000005 [0 127.0.0.1:5000] "GET" "config"
1700000000.000006 [0 127.0.0.1:5000] "PUBLISH" "events:job" "done"
1700000000.000007 [0 127.0.0.1:5000] "SELECT" "1"
1700000000.000008 [0 127.0.0.1:5000] "EVALSHA" "abc" "1" "lock:x"
1700000000.000009 [0 lua] "SET" "lock:x" "1"
1700000000.000010 [0 unix:/tmp/s.sock] "XADD" "log" "*" "f" "v"
1700000000.000011 [0 unix:/tmp/s.sock] "HGET" "a b" "f"
`

func synthesize(t *testing.T, o synth.Options, read func(r *strings.Reader, fn func(synth.Event) error) error, trace string) *synth.Result {
	t.Helper()
	if o.Table == nil {
		tab, err := category.ForEngine("valkey-8.0")
		require.NoError(t, err)
		o.Table = tab
	}
	s, err := synth.New(o)
	require.NoError(t, err)
	var events []synth.Event
	require.NoError(t, read(strings.NewReader(trace), func(ev synth.Event) error {
		s.Add(ev)
		events = append(events, ev)
		return nil
	}))
	res, err := s.Result()
	require.NoError(t, err)
	for _, ev := range events {
		d, ok := res.Check(ev)
		require.True(t, ok)
		require.True(t, d.Allowed(), "%q: %s", ev.Argv, d.Reply())
	}
	return res
}

func monitor(r *strings.Reader, fn func(synth.Event) error) error { return synth.ReadMonitor(r, fn) }

func accessOf(res *synth.Result) map[string]string {
	m := map[string]string{}
	for _, u := range res.Users {
		m[u.Name] = u.Access
	}
	return m
}

func TestMonitorPerClient(t *testing.T) {
	res := synthesize(t, synth.Options{}, monitor, monitorTrace)
	assert.Equal(t, map[string]string{
		"127.0.0.1:5000":   "on ~app:session:* %R~config ~lock:* ~queue:* &events:* +evalsha +get +lmove +lpush +publish +set +select|1",
		"unix:/tmp/s.sock": "on %R~a?b %W~log +hget +xadd",
	}, accessOf(res))
	u := res.Users[1]
	assert.Equal(t, []string{"key pattern a?b replaces bytes an ACL line cannot hold by '?': it matches more names"}, u.Notes)
}

func TestKeyLevels(t *testing.T) {
	trace := `1700000000.000001 [0 c] "SET" "t:1:user:7" "v"
1700000000.000001 [0 c] "GET" "t:1:user:7:name"
1700000000.000001 [0 c] "GET" "x*y"
`
	for level, want := range map[string]string{
		"exact":  `on %W~t:1:user:7 %R~t:1:user:7:name %R~x\*y +get +set`,
		"prefix": `on %W~t:1:user:* %R~t:1:user:7:* %R~x\*y +get +set`,
		"1":      `on ~t:* %R~x\*y +get +set`,
	} {
		res := synthesize(t, synth.Options{User: "app", Keys: level}, monitor, trace)
		assert.Equal(t, want, res.Users[0].Access, level)
	}
}

func TestServiceAndClient(t *testing.T) {
	tab, err := category.ForEngine("redis-7.0")
	require.NoError(t, err)
	trace := `1700000000.000001 [0 c] "CONFIG" "GET" "maxmemory"
1700000000.000001 [0 c] "GET" "k"
`
	s, err := synth.New(synth.Options{Table: tab, User: "app", Service: "elasticache", Client: "go-redis"})
	require.NoError(t, err)
	require.NoError(t, synth.ReadMonitor(strings.NewReader(trace), func(ev synth.Event) error { s.Add(ev); return nil }))
	res, err := s.Result()
	require.NoError(t, err)
	u := res.Users[0]
	assert.Equal(t, "on %R~k +cluster|slots +get +ping", u.Access)
	assert.Equal(t, []string{"config|get"}, u.Unavailable)
	assert.Equal(t, []synth.Addition{
		{Command: "ping", Reason: "go-redis PubSub, Ring and health checks send PING"},
		{Command: "cluster|slots", Reason: "go-redis ClusterClient loads the slot map with CLUSTER SLOTS"},
	}, u.Client)
}

func TestCategoriesAndBeyond(t *testing.T) {
	trace := `1700000000.000001 [0 c] "SET" "k:1" "v"
1700000000.000001 [0 c] "HSET" "h:1" "f" "v"
1700000000.000001 [0 c] "FLUSHDB"
1700000000.000001 [0 c] "KEYS" "*"
`
	res := synthesize(t, synth.Options{User: "app", Categories: true}, monitor, trace)
	u := res.Users[0]
	assert.Equal(t, "on %W~h:* %W~k:* +@string +@hash -@dangerous +flushdb +keys", u.Access)
	assert.Equal(t, []string{
		`key pattern h:* allows every key starting with "h:", not only the traced ones`,
		`key pattern k:* allows every key starting with "k:", not only the traced ones`,
		"reaches every key: keys * (KEYS reads the name of every key)",
		"dangerous: flushdb is in @dangerous",
		"dangerous: keys is in @dangerous",
	}, u.BeyondTrace)
}

func TestMonitorErrors(t *testing.T) {
	for trace, want := range map[string]string{
		"1.1 [0 c] \"GET\" \"k\n":      `line 1: argument 2 has no closing quote`,
		"1.1 [0 c] GET\n":              `line 1: argument 1 does not start with a quote`,
		"1.1 [0 c] \"GET\"x\n":         `line 1: argument 1 is not followed by a space`,
		"1.1 [0 c] \"GET\" \"\\x4\"\n": `line 1: argument 2 has a bad \x escape`,
	} {
		err := synth.ReadMonitor(strings.NewReader(trace), func(synth.Event) error { return nil })
		assert.EqualError(t, err, want, trace)
	}
}

// TestJSONLBytes round-trips command lines through WriteJSONL and
// ReadJSONL: an argument that is not valid UTF-8 travels in argv_base64.
func TestJSONLBytes(t *testing.T) {
	var b strings.Builder
	lines := [][]string{{"GET", "k\xff"}, {"GET", "kÿ"}}
	for _, argv := range lines {
		require.NoError(t, synth.WriteJSONL(&b, "app", "", argv))
	}
	assert.Equal(t, `{"user":"app","argv":["GET","k\ufffd"],"argv_base64":["R0VU","a/8="]}`+"\n"+`{"user":"app","argv":["GET","kÿ"]}`+"\n", b.String())
	var got [][]string
	require.NoError(t, synth.ReadJSONL(strings.NewReader(b.String()), func(ev synth.Event) error {
		got = append(got, ev.Argv)
		return nil
	}))
	assert.Equal(t, lines, got)
	err := synth.ReadJSONL(strings.NewReader(`{"user":"app","argv_base64":["!"]}`), func(synth.Event) error { return nil })
	assert.ErrorContains(t, err, "line 1: argv_base64: illegal base64")
}
