package reach_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

func table(t testing.TB) *category.Table { return testutil.Table(t, "redis-7.0") }

// users compiles "name: access" lines.
func users(t testing.TB, tb *category.Table, lines ...string) []*acl.User {
	t.Helper()
	var out []*acl.User
	for _, l := range lines {
		name, access, _ := strings.Cut(l, ": ")
		a, err := acl.Parse(access, acl.WithDialect(acl.DialectOf(tb)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		u, err := acl.Compile(a, tb, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, u)
	}
	return out
}

// names returns the users of the answer; each witness is checked.
func names(t *testing.T, us []*acl.User, a *reach.Answer) string {
	t.Helper()
	byName := map[string]*acl.User{}
	for _, u := range us {
		byName[u.Name()] = u
	}
	var out []string
	for _, g := range a.Grants {
		if d := byName[g.User].Check(g.Witness); !d.Allowed() {
			t.Errorf("%s: witness %q is not allowed: %s", g.User, g.Witness, d.Reply())
		}
		out = append(out, g.User)
	}
	for _, u := range a.Undecided {
		out = append(out, u.User+"?")
	}
	return strings.Join(out, " ")
}

var group = []string{
	"admin: on nopass ~* &* +@all",
	"app: on ~app:* &app:* +@read +@write -@dangerous",
	"ro: on %R~app:* ~ro:* +get +mget +exists",
	"wo: on %W~app:* +set",
	"sel: on ~other:* +get (~app:secret* +get +set)",
	"first: on ~* +select|0 +client|setname",
	"off: off ~* +@all",
	"pub: on resetchannels &news.* +publish",
	"flush: on +flushdb",
	"scan: on ~x +scan",
	"exists: on ~app:* +exists",
}

func TestWhoCan(t *testing.T) {
	tb := table(t)
	us := users(t, tb, group...)
	s := reach.New(us)
	cmd := func(name string) reach.Query {
		q, err := reach.CommandQuery(tb, name)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	cat := func(name string) reach.Query {
		c, ok := tb.Category(name)
		if !ok {
			t.Fatal(name)
		}
		return reach.CategoryQuery(tb, c)
	}
	for _, c := range []struct {
		name string
		q    reach.Query
		want string
	}{
		{"read app", reach.ReadQuery("app:*"), "admin app ro sel"},
		{"read app:1", reach.ReadQuery("app:1"), "admin app ro"},
		{"read secret", reach.ReadQuery("app:secret"), "admin app ro sel"},
		{"write app", reach.WriteQuery("app:*"), "admin app wo sel"},
		{"read ro", reach.ReadQuery("ro:[0-9]"), "admin ro"},
		{"write ro", reach.WriteQuery("ro:[0-9]"), "admin"},
		{"read nothing", reach.ReadQuery("zzz"), "admin"},
		{"channel", reach.ChannelQuery("news.sports"), "admin pub"},
		{"channel app", reach.ChannelQuery("app:x"), "admin"},
		{"config set", cmd("config|set"), "admin"},
		{"config", cmd("config"), "admin"},
		{"select", cmd("select"), "admin first"},
		{"client setname", cmd("client|setname"), "admin first"},
		{"auth", cmd("auth"), "admin app ro wo sel first pub flush scan exists"},
		{"escalate", reach.EscalateQuery(), "admin"},
		{"all keys", reach.AllKeysQuery(), "admin app flush scan"},
		{"@hash", cat("hash"), "admin app"},
		{"@dangerous", cat("dangerous"), "admin flush"},
		{"@pubsub", cat("pubsub"), "admin pub"},
	} {
		a, err := s.WhoCan(c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := names(t, us, a); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestIsolate(t *testing.T) {
	tb := table(t)
	base := []string{
		"alice: on ~a:* &a:* +@read +@write -@dangerous -scan -randomkey",
		"bob: on ~b:* +@read +@write -@dangerous -scan -randomkey",
		"ops: on ~* &* +@all",
	}
	tenants := []reach.Tenant{{Name: "a", Users: []string{"alice"}, Keys: []string{"a:*"}, Channels: []string{"a:*"}},
		{Name: "b", Users: []string{"bob"}, Keys: []string{"b:*"}}}
	for _, c := range []struct {
		extra []string
		want  string // tenant/what/user of each breach
	}{
		{nil, ""},
		{[]string{"carol: on ~a:1 +get"}, "a/reads/carol"},
		{[]string{"carol: on +keys"}, "a/every key/carol b/every key/carol"},
		{[]string{"carol: on %W~b:x +set"}, "b/writes/carol"},
		{[]string{"carol: on ~c:* (~* +get)"}, "a/reads/carol b/reads/carol"},
		{[]string{"carol: on ~a* +exists"}, ""}, // EXISTS reads no value
		{[]string{"carol: off ~* +@all"}, ""},
		{[]string{"carol: on &a:* +publish"}, "a/channel/carol"},
	} {
		us := users(t, tb, append(append([]string(nil), base...), c.extra...)...)
		iso, err := reach.New(us).Isolate(tenants, []string{"ops"}, false)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range iso.Breaches {
			got = append(got, b.Tenant+"/"+b.What+"/"+b.User)
			u := us[len(us)-1]
			if !u.Check(b.Witness).Allowed() {
				t.Errorf("%v: witness %q not allowed", c.extra, b.Witness)
			}
		}
		if s := strings.Join(got, " "); s != c.want || len(iso.Undecided) > 0 {
			t.Errorf("%v: breaches %q, want %q; undecided %v", c.extra, s, c.want, iso.Undecided)
		}
	}
	// Strictly, alice must stay inside a:*.
	us := users(t, tb, "alice: on ~a:* ~shared:* +get", "bob: on ~b:* +get")
	iso, err := reach.New(us).Isolate(tenants, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(iso.Breaches) != 1 || iso.Breaches[0].What != "reads outside" || iso.Breaches[0].Key != "shared:" {
		t.Errorf("strict: %+v", iso.Breaches)
	}
}

func TestOverlaps(t *testing.T) {
	tb := table(t)
	us := users(t, tb, "a: on ~x:* +get", "b: on %W~x:1 +set", "c: on ~y:* +get", "d: on ~* +scan", "e: on ~[xy]:z +get")
	pairs, every, undecided, err := reach.New(us).Overlaps()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pairs {
		got = append(got, p.A.User+"-"+p.B.User+":"+p.Key)
	}
	if s := strings.Join(got, " "); s != "a-b:x:1 a-e:x:z c-e:y:z" || len(every) != 1 || every[0].User != "d" || len(undecided) > 0 {
		t.Errorf("pairs %q, every %v, undecided %v", s, every, undecided)
	}
}

// TestJSON checks the JSON of grants and breaches: a witness, key or
// channel that is not valid UTF-8 has its base64 too; a breach keeps its
// tenant next to the grant's fields.
func TestJSON(t *testing.T) {
	tb := table(t)
	set := reach.New(users(t, tb, "a: on ~k\xff* &c\xfe +get +publish", "b: on ~kÿ* +set"))
	a, err := set.WhoCan(reach.ReadQuery("*"))
	if err != nil {
		t.Fatal(err)
	}
	iso, err := set.Isolate([]reach.Tenant{{Name: "t", Users: []string{"b"}, Keys: []string{"k*"}, Channels: []string{"c*"}}}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		v    any
		want string
	}{
		{a, `{"users":[{"user":"a","selector":"root","rule":"+get ~k\ufffd*","witness":["get","k\ufffd"],"key":"k\ufffd","witness_base64":["Z2V0","a/8="],"key_base64":"a/8="}]}`},
		{iso.Breaches, `[{"tenant":"t","what":"reads","user":"a","selector":"root","rule":"+get ~k\ufffd*","witness":["get","k\ufffd"],"key":"k\ufffd","witness_base64":["Z2V0","a/8="],"key_base64":"a/8="},` +
			`{"tenant":"t","what":"channel","user":"a","selector":"root","rule":"+publish \u0026c\ufffd","witness":["publish","c\ufffd","1"],"channel":"c\ufffd","witness_base64":["cHVibGlzaA==","Y/4=","MQ=="],"channel_base64":"Y/4="}]`},
		{reach.Grant{User: "u", Witness: []string{"get", "kÿ"}, Key: "kÿ"}, `{"user":"u","selector":"","rule":"","witness":["get","kÿ"],"key":"kÿ"}`},
	} {
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != c.want {
			t.Errorf("JSON:\n%s (%v)\nwant\n%s", b, err, c.want)
		}
	}
}
