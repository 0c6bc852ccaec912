// Benchmarks of aclcheck: parse, compile, check, describe and glob, and the
// same checks side by side with a live redis-server's ACL DRYRUN and ACL
// SETUSER. Run them with
//
//	go test -bench . -benchmem -run '^$' .
//
// The *Redis benchmarks start a private redis-server (skipped without one)
// and report our rate over the server's as the metric "x-vs-redis".
package aclcheck_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aclcheck/aclcheck/acl/lint/input"
	gobwas "github.com/gobwas/glob"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/permdiff"
	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/acl/synth"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/aclcheck/aclcheck/internal/report"
)

// exampleAccess is the access string of the README.
const exampleAccess = "on ~app:* %R~ro:* &chan* -@all +@read +set -config|set (~other:* +get)"

// longAccess is a 60-word access string with 3 selectors.
var longAccess = func() string {
	words := []string{"on", "~app:*", "%R~ro:*", "%W~wo:*", "&chan:*", "-@all", "+@read", "+@write", "-@dangerous",
		"+set", "-config|set", "+client|id", "+select|0", "~user:*:profile", "~cache:[0-9]*", "-flushall", "-keys"}
	for len(words) < 42 {
		words = append(words, fmt.Sprintf("~k%d:*", len(words)))
	}
	words = append(words, "(~other:*", "+get", "+mget", "%R~r:*)",
		"(+@hash", "-hdel", "~h:*", "%W~hw:*", "&h*)",
		"(+@stream", "~s:*", "+xreadgroup", "-xdel", "%R~sr:*", "+ping", "+echo", "+info", "-xtrim)")
	return strings.Join(words, " ")
}()

func mustTable(b *testing.B, engine string) *category.Table {
	t, err := category.ForEngine(engine)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

func mustUser(b *testing.B, engine, access string) *acl.User {
	u, err := acl.NewUser("u", mustTable(b, engine)).SetUser(access)
	if err != nil {
		b.Fatal(err)
	}
	return u
}

func BenchmarkParse(b *testing.B) {
	for _, c := range []struct{ name, src string }{{"example", exampleAccess}, {"60words3selectors", longAccess}} {
		if n := len(strings.Fields(c.src)); c.name != "example" && n != 60 {
			b.Fatalf("longAccess has %d words", n)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := acl.Parse(c.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	t := mustTable(b, "valkey-8.0")
	a, err := acl.Parse(exampleAccess)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := acl.Compile(a, t, "u"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseCompile is the cost of turning a string into a user.
func BenchmarkParseCompile(b *testing.B) {
	t := mustTable(b, "valkey-8.0")
	b.ReportAllocs()
	for b.Loop() {
		a, err := acl.Parse(exampleAccess)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := acl.Compile(a, t, "u"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUserSize reports the heap bytes a compiled typical user retains.
func BenchmarkUserSize(b *testing.B) {
	t := mustTable(b, "valkey-8.0")
	a, _ := acl.Parse(exampleAccess)
	users := make([]*acl.User, 1000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range users {
		users[i], _ = acl.Compile(a, t, "u")
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perUser := float64(after.HeapAlloc-before.HeapAlloc) / float64(len(users))
	runtime.KeepAlive(users)
	for b.Loop() {
	}
	b.ReportMetric(perUser, "B/user")
}

func benchCheck(b *testing.B, u *acl.User, argv []string, allowed bool) {
	b.Helper()
	if d := u.Check(argv); d.Allowed() != allowed {
		b.Fatalf("%v: %s", argv, d.Reply())
	}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		u.Check(argv)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user and system CPU time: on a loaded machine
// ns/op also counts the time other processes run, cpu-ns/op does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkCheck(b *testing.B) {
	u := mustUser(b, "valkey-8.0", exampleAccess)
	b.Run("allowedGET", func(b *testing.B) { benchCheck(b, u, []string{"GET", "app:1"}, true) })
	b.Run("deniedKey", func(b *testing.B) { benchCheck(b, u, []string{"GET", "secret:1"}, false) })
	b.Run("MGET3", func(b *testing.B) { benchCheck(b, u, []string{"MGET", "app:1", "ro:2", "app:3"}, true) })
	b.Run("deniedCommand", func(b *testing.B) { benchCheck(b, u, []string{"FLUSHALL"}, false) })
	sel4 := mustUser(b, "valkey-8.0", "on -@all (~a:* +get) (~b:* +get) (~c:* +get) (~d:* +get)")
	b.Run("4selectors", func(b *testing.B) { benchCheck(b, sel4, []string{"GET", "d:1"}, true) })
	for _, n := range []int{1, 8, 64, 512} {
		var sb strings.Builder
		sb.WriteString("on +@all")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, " ~tenant%04d:*", i)
		}
		u := mustUser(b, "valkey-8.0", sb.String())
		key := fmt.Sprintf("tenant%04d:orders:42", n-1) // the last pattern matches
		b.Run(fmt.Sprintf("patterns%d", n), func(b *testing.B) { benchCheck(b, u, []string{"GET", key}, true) })
	}
}

// BenchmarkCheckBytes runs BenchmarkCheck's first cases through
// CheckBytes, for the side-by-side comparison with Check.
func BenchmarkCheckBytes(b *testing.B) {
	u := mustUser(b, "valkey-8.0", exampleAccess)
	for _, c := range []struct {
		name    string
		argv    []string
		allowed bool
	}{
		{"allowedGET", []string{"GET", "app:1"}, true},
		{"deniedKey", []string{"GET", "secret:1"}, false},
		{"MGET3", []string{"MGET", "app:1", "ro:2", "app:3"}, true},
		{"deniedCommand", []string{"FLUSHALL"}, false},
	} {
		argv := make([][]byte, len(c.argv))
		for i, a := range c.argv {
			argv[i] = []byte(a)
		}
		b.Run(c.name, func(b *testing.B) {
			if d := u.CheckBytes(argv); d.Allowed() != c.allowed {
				b.Fatalf("%v: %s", c.argv, d.Reply())
			}
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				u.CheckBytes(argv)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// monitorTrace returns n lines of redis-cli MONITOR output of a job queue
// and a cache: 12 command shapes over 10,000 ids, two clients and a
// script.
func monitorTrace(n int) []byte {
	var buf bytes.Buffer
	shapes := []string{
		`"GET" "cache:user:%d"`, `"SET" "cache:user:%d" "{\"name\":\"u\"}" "EX" "600"`,
		`"LPUSH" "jobs:queue:default" "%d"`, `"BLMOVE" "jobs:queue:default" "jobs:processing" "RIGHT" "LEFT" "1"`,
		`"HSET" "jobs:job:%d" "state" "done" "attempts" "1"`, `"HGET" "jobs:job:%d" "state"`,
		`"LREM" "jobs:processing" "1" "%d"`, `"INCR" "jobs:stats:done"`, `"PUBLISH" "jobs:events" "done:%d"`,
		`"ZADD" "jobs:scheduled" "1700000000" "%d"`, `"EXPIRE" "jobs:job:%d" "86400"`, `"MGET" "cache:user:1" "cache:user:%d"`,
	}
	for i := 0; i < n; i++ {
		args := shapes[i%len(shapes)]
		if strings.Contains(args, "%d") {
			args = fmt.Sprintf(args, (i*7919)%10000)
		}
		fmt.Fprintf(&buf, "1700000000.%06d [0 10.0.0.%d:5000%d] %s\n", i%1000000, 1+i%2, i%2, args)
	}
	return buf.Bytes()
}

// BenchmarkSynthMonitor1M synthesizes the access strings of 1,000,000
// MONITOR lines and replays them through the result, as aclcheck synth
// does (target: 5 s and 200 MB on 2 cores).
func BenchmarkSynthMonitor1M(b *testing.B) {
	const lines = 1000000
	trace := monitorTrace(lines)
	t := mustTable(b, "valkey-8.0")
	b.SetBytes(int64(len(trace)))
	for b.Loop() {
		s, err := synth.New(synth.Options{Table: t})
		if err != nil {
			b.Fatal(err)
		}
		if err := synth.ReadMonitor(bytes.NewReader(trace), func(ev synth.Event) error { s.Add(ev); return nil }); err != nil {
			b.Fatal(err)
		}
		res, err := s.Result()
		if err != nil {
			b.Fatal(err)
		}
		denied := 0
		if err := synth.ReadMonitor(bytes.NewReader(trace), func(ev synth.Event) error {
			if d, _ := res.Check(ev); !d.Allowed() {
				denied++
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if denied != 0 || len(res.Users) != 2 {
			b.Fatalf("%d denied, %d users", denied, len(res.Users))
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func BenchmarkDescribe(b *testing.B) {
	for _, engine := range []string{"valkey-8.0", "redis-7.0"} {
		u := mustUser(b, engine, exampleAccess)
		b.Run(engine, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				u.ACLList()
			}
		})
	}
}

// lintCorpus returns n access strings cycling through shapes; %d is
// replaced by the string's index, so no two strings are equal.
func lintCorpus(n int, shapes []string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strings.ReplaceAll(shapes[i%len(shapes)], "%d", fmt.Sprint(i))
	}
	return out
}

// Typical access strings: 4 to 12 words, some selectors, a broken one.
var typicalShapes = []string{
	exampleAccess,
	"on ~tenant%d:* &tenant%d:* -@all +@read +@write -@dangerous",
	"on %R~cache:%d:* -@all +@read -keys (~jobs:%d:* +@list +@stream)",
	"on ~* +@all -flushall -flushdb -config|set",
	"off ~app:%d:* +get +set +nosuch%d (~x",
	"on ~session:%d:* -@all +get +set +expire +del",
}

// valkey80 is the engine of the lint benchmarks.
var valkey80 = category.Engine{Family: category.Valkey, Major: 8}

// BenchmarkLint100k lints a file of 100,000 access strings for ElastiCache
// with all rules, as aclcheck lint does (Linter.Lint uses every core): one
// op is the whole file. "typical" cycles through strings of 4 to 12 words;
// "with60words" makes every sixth string a 60-word one with three
// selectors; "withPasswords" gives each typical string a password rule,
// which every message is scrubbed of.
func BenchmarkLint100k(b *testing.B) {
	l, err := lint.New(lint.Config{Target: lint.Target{Service: lint.ElastiCache, Engine: valkey80}})
	if err != nil {
		b.Fatal(err)
	}
	heavy := append(append([]string(nil), typicalShapes[:5]...), longAccess)
	var secret []string
	for _, s := range typicalShapes {
		secret = append(secret, strings.Replace(s, " ", " >pass%dword ", 1))
	}
	for _, c := range []struct {
		name   string
		shapes []string
	}{{"typical", typicalShapes}, {"with60words", heavy}, {"withPasswords", secret}} {
		content := strings.Join(lintCorpus(100000, c.shapes), "\n") + "\n"
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				in := input.ReadText("corpus.txt", content)
				if len(in.Strings) != 100000 {
					b.Fatalf("read %d strings", len(in.Strings))
				}
				if ds := l.Lint(in); len(ds) < 100000 {
					b.Fatalf("%d diagnostics", len(ds))
				}
			}
			b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
		})
	}
}

// BenchmarkLintHostile lints single access strings near acl.MaxRules that
// were quadratic once: long key, channel and first-argument lists and many
// selectors. One op is one string.
func BenchmarkLintHostile(b *testing.B) {
	l, err := lint.New(lint.Config{Target: lint.Target{Service: lint.ElastiCache, Engine: valkey80}})
	if err != nil {
		b.Fatal(err)
	}
	many := func(n int, format string) string {
		words := make([]string, n)
		for i := range words {
			words[i] = fmt.Sprintf(format, i)
		}
		return strings.Join(words, " ")
	}
	for _, c := range []struct{ name, access string }{
		{"keys16k", "on " + many(16000, "~k%d:*") + " +get"},
		{"channels16k", "on " + many(16000, "&c%d") + " +publish"},
		{"firstArgs16k", "on ~a " + many(16000, "+select|%d")},
		{"selectors5k", "on " + many(5000, "(~a%d +get)")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.Validate(c.access)
			}
		})
	}
}

// BenchmarkCheckVsRedis measures the server's pipelined ACL DRYRUN on the
// allowed GET of BenchmarkCheck and our Check on the same case, in one run,
// and reports how many times faster Check is ("x-vs-redis").
func BenchmarkCheckVsRedis(b *testing.B) {
	s := redistest.Start(b)
	u := mustUser(b, "redis-7.0", exampleAccess)
	if r := s.SetUser("u", strings.Fields("reset "+exampleAccess)...); r != "OK" {
		b.Fatal(r)
	}
	argv := []string{"GET", "app:1"}
	vsRedis(b, s, append([]string{"ACL", "DRYRUN", "u"}, argv...), func() { u.Check(argv) })
}

// BenchmarkSetUserVsRedis compares parse+compile with the server's
// pipelined ACL SETUSER of the example string.
func BenchmarkSetUserVsRedis(b *testing.B) {
	s := redistest.Start(b)
	t := mustTable(b, "redis-7.0")
	vsRedis(b, s, append([]string{"ACL", "SETUSER", "u", "reset"}, strings.Fields(exampleAccess)...),
		func() { acl.NewUser("u", t).SetUser(exampleAccess) })
}

// vsRedis times ours as the benchmark and reports the server's rate for
// cmd sent 500 times a pipeline, and our rate (from the benchmark's own
// timing) over it ("x-vs-redis").
func vsRedis(b *testing.B, s *redistest.Server, cmd []string, ours func()) {
	const batch = 500
	cmds := make([][]string, batch)
	for i := range cmds {
		cmds[i] = cmd
	}
	redisRate := rate(func() {
		for _, r := range s.Pipeline(cmds) {
			if r != "OK" {
				b.Fatal(r)
			}
		}
	}, batch)
	for b.Loop() {
		ours()
	}
	oursRate := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(redisRate, "redis-ops/s")
	b.ReportMetric(oursRate/redisRate, "x-vs-redis")
	b.ReportMetric(float64(runtime.NumCPU()), "cores")
}

// rate runs f (which does n operations) repeatedly for about 200ms and
// returns operations per second.
func rate(f func(), n int) float64 {
	f() // warm up
	ops, start := 0, time.Now()
	for time.Since(start) < 200*time.Millisecond {
		f()
		ops += n
	}
	return float64(ops) / time.Since(start).Seconds()
}

// BenchmarkGlob times glob.Pattern against github.com/gobwas/glob on ACL
// key patterns where both agree, one matching and one non-matching subject
// each. "*" has no non-matching subject on which they agree: Redis's '*'
// rejects only "", which gobwas's '*' matches.
func BenchmarkGlob(b *testing.B) {
	type subject struct {
		name, key string
		want      bool
	}
	cases := []struct {
		pattern  string
		subjects []subject
	}{
		{"app:*", []subject{{"match", "app:session:42", true}, {"nomatch", "api:session:42", false}}},
		{"user:*:profile", []subject{{"match", "user:1234:profile", true}, {"nomatch", "user:1234:settings", false}}},
		{"cache:[0-9]*", []subject{{"match", "cache:2024:page", true}, {"nomatch", "cache:home:page", false}}},
		{"*", []subject{{"match", "any:key", true}}},
	}
	for _, c := range cases {
		matchers := []struct {
			name, compile string // the sub-benchmark, and the call that compiled match
			match         func(string) bool
		}{
			{"ours", "glob.Compile", glob.Compile(c.pattern).Match},
			{"gobwas", "gobwas.MustCompile", gobwas.MustCompile(c.pattern).Match},
		}
		b.Run(c.pattern, func(b *testing.B) {
			for _, m := range matchers {
				b.Run(m.name, func(b *testing.B) {
					for _, s := range c.subjects {
						if got := m.match(s.key); got != s.want {
							b.Fatalf("%s(%q).Match(%q) = %v, want %v", m.compile, c.pattern, s.key, got, s.want)
						}
						b.Run(s.name, func(b *testing.B) {
							for b.Loop() {
								m.match(s.key)
							}
						})
					}
				})
			}
		})
	}
}

// BenchmarkGlobWorstCase times hostile 10 KiB pattern/subject pairs, which
// take exponential time without Redis's "give up" rule or stop at its
// nesting limit.
func BenchmarkGlobWorstCase(b *testing.B) {
	const size = 10 << 10
	cases := []struct {
		name, pattern, subject string
		want                   bool
	}{
		{"star-a/no-b", strings.Repeat("*a", size/2-1) + "*b", strings.Repeat("a", size), false},
		{"star-a/nesting-limit", strings.Repeat("*a", size/2), strings.Repeat("a", size), false},
		{"star-question", strings.Repeat("*?", size/2), strings.Repeat("x", size), false},
		{"star-class", strings.Repeat("*[a-z]", size/6) + "*0", strings.Repeat("ab", size/2), false},
		{"question-star", strings.Repeat("?*", size/2), strings.Repeat("a", size), false},
	}
	for _, c := range cases {
		p := glob.Compile(c.pattern)
		if got := p.Match(c.subject); got != c.want {
			b.Fatalf("%s: Match = %v, want %v", c.name, got, c.want)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.pattern) + len(c.subject)))
			for b.Loop() {
				p.Match(c.subject)
			}
		})
	}
}

// tenantUsers compiles n users of t tenants: most read and write their
// tenant's keys and channels, some only read, some have a jobs selector,
// and every 100th is an operator with ~* +@all.
func tenantUsers(b *testing.B, n, t int) []*acl.User {
	b.Helper()
	tab, err := category.ForEngine("redis-7.2")
	if err != nil {
		b.Fatal(err)
	}
	users := make([]*acl.User, n)
	for i := range users {
		k := i % t
		var access string
		switch {
		case i%100 == 99:
			access = "on ~* &* +@all"
		case i%5 == 1:
			access = fmt.Sprintf("on %%R~tenant-%d:* +@read -@dangerous -scan -randomkey", k)
		case i%5 == 2:
			access = fmt.Sprintf("on +get (~tenant-%d:jobs:* +lpush +rpop) (%%R~tenant-%d:cfg +get)", k, k)
		default:
			access = fmt.Sprintf("on ~tenant-%d:* &tenant-%d:* +@read +@write +@pubsub -@dangerous -scan -randomkey", k, k)
		}
		a, err := acl.Parse(access)
		if err != nil {
			b.Fatal(err)
		}
		if users[i], err = acl.Compile(a, tab, fmt.Sprintf("u%d", i)); err != nil {
			b.Fatal(err)
		}
	}
	return users
}

// BenchmarkWhoCan answers one question over 10,000 users (and 1,000, to
// show how the cost grows), preparing the set each time.
func BenchmarkWhoCan(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		users := tenantUsers(b, n, n/5)
		tab := users[0].Table()
		config, err := reach.CommandQuery(tab, "config|set")
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range []struct {
			name string
			q    reach.Query
		}{
			{"read", reach.ReadQuery("tenant-7:*")},
			{"write", reach.WriteQuery("tenant-7:jobs:1")},
			{"command", config},
			{"all-keys", reach.AllKeysQuery()},
			{"escalate", reach.EscalateQuery()},
		} {
			b.Run(fmt.Sprintf("%s/users=%d", q.name, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := reach.New(users).WhoCan(q.q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkIsolate proves 200 tenants of 1,000 users isolated (the
// operators trusted).
func BenchmarkIsolate(b *testing.B) {
	users := tenantUsers(b, 1000, 200)
	var tenants []reach.Tenant
	for k := range 200 {
		t := reach.Tenant{Name: fmt.Sprint(k), Keys: []string{fmt.Sprintf("tenant-%d:*", k)}, Channels: []string{fmt.Sprintf("tenant-%d:*", k)}}
		for i := k; i < len(users); i += 200 {
			t.Users = append(t.Users, users[i].Name())
		}
		tenants = append(tenants, t)
	}
	var trusted []string
	for i := 99; i < len(users); i += 100 {
		trusted = append(trusted, users[i].Name())
	}
	for b.Loop() {
		iso, err := reach.New(users).Isolate(tenants, trusted, false)
		if err != nil || !iso.Isolated() {
			b.Fatalf("%v %+v", err, iso)
		}
	}
}

// BenchmarkOverlaps finds the key space each pair of 1,000 users shares.
func BenchmarkOverlaps(b *testing.B) {
	users := tenantUsers(b, 1000, 200)
	for b.Loop() {
		if _, _, _, err := reach.New(users).Overlaps(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiffUsers compares two 1,000-user sets by name, a tenth of the
// users changed (a rule added or a selector widened).
func BenchmarkDiffUsers(b *testing.B) {
	old := tenantUsers(b, 1000, 200)
	nu := make([]*acl.User, len(old))
	for i, u := range old {
		nu[i] = u
		if i%10 == 3 {
			var err error
			if nu[i], err = u.SetUser(fmt.Sprintf("+set (~tenant-%d:* +del)", i%200)); err != nil {
				b.Fatal(err)
			}
		}
	}
	for b.Loop() {
		for i := range old {
			permdiff.Compare(old[i], nu[i]).Relation()
		}
	}
}

// BenchmarkReport builds and renders the HTML report of 1,000 users of 200
// tenants (and 100, to show how the cost grows): every capability and
// category column with its witnesses, and the shared key space.
func BenchmarkReport(b *testing.B) {
	for _, n := range []int{100, 1000} {
		users := tenantUsers(b, n, n/5)
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			var page bytes.Buffer
			for b.Loop() {
				r, err := report.Build(users)
				if err != nil {
					b.Fatal(err)
				}
				page.Reset()
				if err := r.WriteHTML(&page); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(page.Len())/1e6, "MB-page")
		})
	}
}
