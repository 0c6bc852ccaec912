package conformance

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
)

const corpus = `{"engine":"redis-7.2.6","user":"u","access":"on ~a +get","setuser":"OK","acl_list":"user u on sanitize-payload ~a resetchannels -@all +get","dryrun":[{"argv":["GET","a"],"reply":"OK"},{"argv":["GET","b"],"reply":"User u has no permissions to access the 'b' key"}]}

{"engine":"redis-7.0.15","user":"u","access":"+nosuch >secret","setuser":"ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL"}
{"engine":"valkey-8.0.1","user":"u","access":"on >secret1 +set","setuser":"OK","acl_list":"user u on sanitize-payload #ffff resetchannels -@all +set","dryrun":[{"argv":["SET","k","v"],"reply":"User u has no permissions to access the 'k' key"}]}
`

func TestReadPlainAndGzip(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(corpus))
	w.Close()
	for name, data := range map[string][]byte{"plain": []byte(corpus), "gzip": gz.Bytes()} {
		var lines []int
		err := Read(bytes.NewReader(data), func(c Case) error { lines = append(lines, c.Line); return nil })
		require.NoError(t, err, name)
		assert.Equal(t, []int{1, 3, 4}, lines, name)
	}
	err := Read(strings.NewReader("{not json"), func(Case) error { return nil })
	assert.EqualError(t, err, "conformance: line 1: invalid character 'n' looking for beginning of object key string")
}

func TestReplayCountsAndRedacts(t *testing.T) {
	rep := NewReport()
	err := Read(strings.NewReader(corpus), func(c Case) error { rep.Replay("c.jsonl", c, ""); return nil })
	require.NoError(t, err)
	assert.Equal(t, 3, rep.Cases)
	assert.Equal(t, Tally{Agree: 3, Total: 3}, rep.Aspects[AspectSetUser])
	assert.Equal(t, Tally{Agree: 1, Total: 2}, rep.Aspects[AspectACLList]) // the recorded hash is wrong on purpose
	assert.Equal(t, Tally{Agree: 3, Total: 3}, rep.Aspects[AspectDryRun])
	assert.False(t, rep.OK())
	require.Len(t, rep.Mismatches, 1)
	m := rep.Mismatches[0]
	assert.Equal(t, "valkey-8.0", m.Engine)
	assert.Equal(t, "on >*** +set", m.Input)
	assert.Equal(t, "user u on sanitize-payload #*** resetchannels -@all +set", m.Want)
	assert.NotContains(t, m.Got, "secret")
	assert.Equal(t, "user u on sanitize-payload #*** resetchannels -@all +set", m.Got)
}

func TestSameACLList(t *testing.T) {
	assert.True(t, SameACLList(acl.Redis70, "user u off resetchannels -@all +get +set (~a resetchannels -@all +x +y)",
		"user u off resetchannels -@all +set +get (~a resetchannels -@all +y +x)"))
	assert.False(t, SameACLList(acl.Redis70, "user u off resetchannels -@all +get (~a resetchannels -@all +set)",
		"user u off resetchannels -@all +get +set (~a resetchannels -@all)"))
	assert.False(t, SameACLList(acl.Redis72, "user u off -@all +get +set", "user u off -@all +set +get"))
	assert.Equal(t, []string{"user u on ~x) ", "~a (b) resetchannels -@all", ""},
		splitSelectors("user u on ~x) (~a (b) resetchannels -@all)"))
}

func TestProfile(t *testing.T) {
	assert.Equal(t, "redis-7.0", Profile("redis-7.0.15"))
	assert.Equal(t, "valkey-8.0", Profile("valkey-8.0.1"))
	assert.Equal(t, "redis-7.2", Profile("redis-7.2"))
}
