package goredis_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/goredis"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/synth"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/jobqueue"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

// accessStrings are the users of the differential test.
var accessStrings = []string{
	"on ~app:* %R~ro:* &events:* -@all +@read +@write +@transaction -flushdb +client|setinfo +ping",
	"on %R~* %W~app:* -@all +get +set +mget +hset +hgetall +lpush +lrange +incr +expire +del +multi +exec +publish +select|0",
	"on ~app:* ~ro:* -@all +@string +@list +multi +exec",
	"on allkeys allchannels +@all -@dangerous -hset",
}

// op is one generated command: argument values of the types go-redis
// passes (strings, ints, floats, durations, bools, []byte).
type op struct {
	args []any
}

func genOps(r *rand.Rand, n int) []op {
	keys := []string{"app:1", "app:2", "ro:1", "other:1", "app:list", "ro:list", "app:h", "x"}
	key := func() string { return keys[r.IntN(len(keys))] }
	gens := []func() []any{
		func() []any { return []any{"get", key()} },
		func() []any { return []any{"set", key(), r.IntN(100)} },
		func() []any { return []any{"set", key(), []byte("v"), "ex", 100} },
		func() []any { return []any{"set", key(), "v", "get"} },
		func() []any { return []any{"mget", key(), key(), key()} },
		func() []any { return []any{"incr", key()} },
		func() []any { return []any{"incrbyfloat", key(), 1.5} },
		func() []any { return []any{"expire", key(), int64(time.Minute / time.Second)} },
		func() []any { return []any{"pexpire", key(), 90 * time.Second / time.Millisecond} },
		func() []any { return []any{"del", key()} },
		func() []any { return []any{"hset", key(), "f", true} },
		func() []any { return []any{"hgetall", key()} },
		func() []any { return []any{"lpush", key(), "a", 2, 3.25} },
		func() []any { return []any{"lrange", key(), 0, -1} },
		func() []any { return []any{"publish", []string{"events:a", "other"}[r.IntN(2)], "m"} },
		func() []any { return []any{"config", "get", "maxmemory"} },
		func() []any { return []any{"flushdb"} },
		func() []any { return []any{"keys", "app:*"} },
		func() []any { return []any{"ping"} },
		func() []any { return []any{"select", r.IntN(2)} },
		func() []any { return []any{"client", "setinfo", "lib-name", "x"} },
		func() []any { return []any{"sort", key(), "by", "nosort"} },
		func() []any { return []any{"sort", key(), "by", "w*"} },
		func() []any { return []any{"sort", key(), "get", "#"} },
	}
	ops := make([]op, n)
	for i := range ops {
		ops[i] = op{gens[r.IntN(len(gens))]()}
	}
	return ops
}

// outcome is what a client saw for one command.
type outcome struct {
	val     string
	err     string
	errType string
}

func outcomeOf(c *redis.Cmd) outcome {
	v := c.Val()
	if l, ok := v.([]any); ok && c.Name() == "keys" { // in hash table order
		l = slices.Clone(l)
		slices.SortFunc(l, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		v = l
	}
	o := outcome{val: fmt.Sprint(v)}
	if err := c.Err(); err != nil {
		o.err, o.errType = err.Error(), fmt.Sprintf("%T", err)
	}
	return o
}

// run sends the workload: single commands, pipelines and transactions of
// 2 to 5 commands, in the same order whatever the client.
func run(t *testing.T, c *redis.Client, ops []op, seed uint64) (outs []outcome, execErrs []string) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 7))
	for i := 0; i < len(ops); {
		n := min(2+r.IntN(4), len(ops)-i)
		switch r.IntN(3) {
		case 0:
			outs = append(outs, outcomeOf(c.Do(ctx, ops[i].args...)))
			i++
			continue
		case 1, 2:
			var pipe redis.Pipeliner
			if r.IntN(3) == 0 {
				pipe = c.Pipeline()
			} else {
				pipe = c.TxPipeline()
			}
			cmds := make([]*redis.Cmd, n)
			for j := range n {
				cmds[j] = pipe.Do(ctx, ops[i+j].args...)
			}
			_, err := pipe.Exec(ctx)
			execErrs = append(execErrs, fmt.Sprintf("%T %v", err, err))
			for _, cmd := range cmds {
				outs = append(outs, outcomeOf(cmd))
			}
			i += n
		}
	}
	return outs, execErrs
}

func unixOptions(addr string) *redis.Options {
	return &redis.Options{Network: "unix", Addr: strings.TrimPrefix(addr, "unix://"), MaxRetries: -1, PoolSize: 1}
}

// twoServers returns engine e's table and two servers of it: one without
// ACLs, for a client with the hook, and one to apply the user's ACL to.
func twoServers(t *testing.T, e redistest.Engine) (tab *category.Table, open, enforced *redistest.Server) {
	tab, err := category.ForEngine(e.Name)
	require.NoError(t, err)
	return tab, redistest.StartEngine(t, e), redistest.StartEngine(t, e)
}

// TestHookDifferential runs one generated workload through a client with
// the hook against a server without ACLs, and through a client logged in
// as the user against a server with the ACL applied: every result, error
// text and error type must be the same, on every engine.
func TestHookDifferential(t *testing.T) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		tab, open, enforced := twoServers(t, e)
		total, denied := 0, 0
		for ui, access := range accessStrings {
			ctx := context.Background()
			require.Equal(t, "OK", redistest.Reply(open.Client.Do(ctx, "flushall")))
			require.Equal(t, "OK", redistest.Reply(enforced.Client.Do(ctx, "flushall")))
			if e.Name == "redis-7.0" { // no CLIENT SETINFO before 7.2
				access = strings.ReplaceAll(access, " +client|setinfo", "")
			}
			require.Equal(t, "OK", enforced.SetUser("u", append([]string{"reset", ">pw"}, strings.Fields(access)...)...))
			u, err := acl.NewUser("u", tab).SetUser(access + " >pw")
			require.NoError(t, err)

			hooked := redis.NewClient(unixOptions(open.Addr))
			hooked.AddHook(goredis.Enforce(u))
			o := unixOptions(enforced.Addr)
			o.Username, o.Password = "u", "pw"
			plain := redis.NewClient(o)

			seed := uint64(ui + 1)
			ops := genOps(rand.New(rand.NewPCG(seed, 1)), 1500)
			want, wantExec := run(t, plain, ops, seed)
			got, gotExec := run(t, hooked, ops, seed)
			hooked.Close()
			plain.Close()
			require.Equal(t, len(want), len(got))
			for i := range want {
				require.Equal(t, want[i], got[i], "%s: command %d", access, i)
				if strings.HasPrefix(want[i].err, "NOPERM") {
					denied++
				}
			}
			require.Equal(t, wantExec, gotExec, access)
			total += len(want)
		}
		t.Logf("%s: %d commands agree (%d NOPERM) over %d users", e.Version, total, denied, len(accessStrings))
		require.Greater(t, denied, 100)
	})
}

// TestHookHandshake compares the connection handshake with the server's:
// HELLO needs no permission; CLIENT SETINFO does and go-redis ignores its
// refusal; SELECT of Options.DB is checked like any SELECT. Each case runs
// GET (allowed) and SET (denied) through a fresh client of each kind. When
// the handshake fails, a denied command is the one difference: the hook
// denies it before asking for a connection, the server never sees it
// (and refuses the handshake): only GET runs there.
func TestHookHandshake(t *testing.T) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		tab, open, enforced := twoServers(t, e)
		ctx := context.Background()
		for _, c := range []struct {
			access   string
			db       int
			identity bool
		}{
			{"on ~* -@all +get", 1, false},
			{"on ~* -@all +get +select", 1, true},
			{"on ~* -@all +get +select|1", 1, true},
			{"on ~* -@all +get +select|2", 1, false},
			{"on ~* -@all +get", 0, true},
			{"on ~* -@all +get +client|setinfo", 0, true},
		} {
			if e.Name == "redis-7.0" && strings.Contains(c.access, "setinfo") {
				continue
			}
			require.Equal(t, "OK", enforced.SetUser("u", append([]string{"reset", ">pw"}, strings.Fields(c.access)...)...))
			u, err := acl.NewUser("u", tab).SetUser(c.access)
			require.NoError(t, err)
			o := unixOptions(enforced.Addr)
			o.DB, o.DisableIdentity, o.Username, o.Password = c.db, !c.identity, "u", "pw"
			plain := redis.NewClient(o)
			o = unixOptions(open.Addr)
			o.DB, o.DisableIdentity = c.db, !c.identity
			hooked := redis.NewClient(o)
			hooked.AddHook(goredis.Enforce(u))
			ops := [][]any{{"get", "k"}, {"set", "k", 1}}
			if c.db == 1 && !strings.Contains(c.access, "select") || strings.Contains(c.access, "select|2") {
				ops = ops[:1] // the handshake fails
			}
			for _, args := range ops {
				want, got := outcomeOf(plain.Do(ctx, args...)), outcomeOf(hooked.Do(ctx, args...))
				require.Equal(t, want, got, "%s db %d: %v", c.access, c.db, args)
			}
			plain.Close()
			hooked.Close()
		}
	})
}

// TestHookErrorType: a denial is the error type go-redis gives for the
// server's NOPERM reply.
func TestHookErrorType(t *testing.T) {
	tab, err := category.ForEngine("valkey-8.0")
	require.NoError(t, err)
	u, err := acl.NewUser("u", tab).SetUser("on ~* -@all +get")
	require.NoError(t, err)
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1})
	defer c.Close()
	c.AddHook(goredis.Enforce(u))
	err = c.Set(context.Background(), "k", 1, 0).Err() // never sent: no server listens
	var re redis.Error
	require.True(t, errors.As(err, &re))
	require.True(t, redis.IsPermissionError(err))
	require.Equal(t, "*proto.PermissionError", reflect.TypeOf(err).String())
	require.EqualError(t, err, "NOPERM User u has no permissions to run the 'set' command")
}

// typicalCommands are command lines as go-redis builds them.
func typicalCommands(ctx context.Context) map[string]redis.Cmder {
	return map[string]redis.Cmder{
		"GET":       redis.NewStringCmd(ctx, "get", "app:session:17"),
		"SETEX":     redis.NewStatusCmd(ctx, "set", "app:session:17", "payload", "px", int64(30*time.Second/time.Millisecond)),
		"HSET":      redis.NewIntCmd(ctx, "hset", "app:user:1", "name", "x", "visits", 3),
		"LPUSH":     redis.NewIntCmd(ctx, "lpush", "queue:jobs", []byte("job")),
		"MGET3":     redis.NewSliceCmd(ctx, "mget", "app:1", "app:2", "app:3"),
		"ZADD":      redis.NewIntCmd(ctx, "zadd", "app:z", 1.5, "m"),
		"BLMOVE":    redis.NewStringCmd(ctx, "blmove", "queue:jobs", "queue:busy", "right", "left", 5*time.Second),
		"EXPIRE":    redis.NewBoolCmd(ctx, "expire", "app:1", 60, "nx"),
		"deniedGET": redis.NewStringCmd(ctx, "get", "secret:1"),
	}
}

const benchAccess = "on ~app:* ~queue:* -@all +get +set +hset +lpush +mget +zadd +blmove +expire"

func benchUser(tb testing.TB) *acl.User {
	tab, err := category.ForEngine("valkey-8.0")
	require.NoError(tb, err)
	u, err := acl.NewUser("app", tab).SetUser(benchAccess)
	require.NoError(tb, err)
	return u
}

// cpuTime is the process's user and system CPU time: on a loaded machine
// ns/op counts the time other processes run, cpu-ns/op does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func noop(context.Context, redis.Cmder) error { return nil }

// BenchmarkHook measures the hook's check of one command (next does
// nothing): the overhead per command. "plain" is the same call without
// the hook.
func BenchmarkHook(b *testing.B) {
	ctx := context.Background()
	process := goredis.Enforce(benchUser(b)).ProcessHook(noop)
	for _, name := range []string{"GET", "SETEX", "HSET", "LPUSH", "MGET3", "ZADD", "BLMOVE", "EXPIRE"} {
		cmd := typicalCommands(ctx)[name]
		b.Run(name, func(b *testing.B) {
			if err := process(ctx, cmd); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				process(ctx, cmd)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
	cmd := typicalCommands(ctx)["GET"]
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			noop(ctx, cmd)
		}
	})
}

// TestHookCheckPathAllocs: allowing a command does not allocate.
func TestHookCheckPathAllocs(t *testing.T) {
	ctx := context.Background()
	process := goredis.Enforce(benchUser(t)).ProcessHook(noop)
	for name, cmd := range typicalCommands(ctx) {
		if name == "deniedGET" {
			require.Error(t, process(ctx, cmd))
			continue
		}
		require.NoError(t, process(ctx, cmd), name)
		require.Zero(t, testing.AllocsPerRun(200, func() { process(ctx, cmd) }), name)
	}
}

const rounds = 40

// TestRecordSynthAcceptance records the job-queue-and-cache program on
// each live engine twice, with the hook's recorder and with redis-cli
// MONITOR, synthesizes the least-privilege string from each trace (with
// what go-redis needs), applies it, and runs the program again as that
// user: no error, and ACL LOG must stay empty (not a single NOPERM, the
// handshake's CLIENT SETINFO included). The same user enforced by the
// hook against an open server gives no error either.
func TestRecordSynthAcceptance(t *testing.T) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		tab, err := category.ForEngine(e.Name)
		require.NoError(t, err)
		s := redistest.StartEngine(t, e)
		ctx := context.Background()

		monitorFile := filepath.Join(t.TempDir(), "monitor.txt")
		stop := startMonitor(t, s.Addr, monitorFile)
		var rec bytes.Buffer
		hook := goredis.New(goredis.Options{Record: &rec, RecordUser: "app"})
		c := redis.NewClient(unixOptions(s.Addr))
		c.AddHook(hook)
		require.NoError(t, jobqueue.Run(ctx, c, rounds))
		c.Close()
		require.NoError(t, hook.Err())
		stop(func(out string) bool { return strings.Count(out, `"del" "locks:report"`) == rounds })
		mon, err := os.ReadFile(monitorFile)
		require.NoError(t, err)

		for _, trace := range []struct {
			name string
			read func(r *bytes.Reader, fn func(synth.Event) error) error
			data []byte
		}{
			{"recorder", func(r *bytes.Reader, fn func(synth.Event) error) error { return synth.ReadJSONL(r, fn) }, rec.Bytes()},
			{"monitor", func(r *bytes.Reader, fn func(synth.Event) error) error { return synth.ReadMonitor(r, fn) }, mon},
		} {
			sy, err := synth.New(synth.Options{Table: tab, User: "app", Client: "go-redis"})
			require.NoError(t, err)
			require.NoError(t, trace.read(bytes.NewReader(trace.data), func(ev synth.Event) error { sy.Add(ev); return nil }))
			res, err := sy.Result()
			require.NoError(t, err)
			require.Len(t, res.Users, 1)
			u := res.Users[0]
			t.Logf("%s, %s trace (%d commands): user app %s", e.Version, trace.name, u.Events, u.Access)
			for _, b := range u.BeyondTrace {
				t.Logf("  beyond the trace: %s", b)
			}

			// The text output is an ACL file the server loads as it is,
			// and the string passes lint for the services that run the
			// engine.
			dir := t.TempDir()
			file := filepath.Join(dir, "users.acl")
			require.NoError(t, os.WriteFile(file, []byte("user app "+u.Access+"\n"), 0o600))
			loaded, err := e.LoadACLFile(dir, file)
			require.NoError(t, err)
			require.True(t, loaded.Loaded, "%+v", loaded)
			require.Empty(t, acl.LoadFile("users.acl", "user app "+u.Access+"\n", tab).Errors)
			for _, svc := range []string{"elasticache", "memorydb"} {
				target, err := lint.NewTarget(svc, e.Name)
				if err != nil {
					continue // the service does not run this engine
				}
				ds, err := lint.Validate(u.Access, target)
				require.NoError(t, err)
				require.False(t, ds.HasErrors(), "%s: %v", svc, ds)
			}

			// Live, as the user.
			require.Equal(t, "OK", redistest.Reply(s.Client.Do(ctx, "flushall")))
			require.Equal(t, "OK", s.SetUser("app", append([]string{"reset", ">pw"}, strings.Fields(u.Access)...)...))
			require.Equal(t, "OK", redistest.Reply(s.Client.Do(ctx, "acl", "log", "reset")))
			o := unixOptions(s.Addr)
			o.Username, o.Password = "app", "pw"
			app := redis.NewClient(o)
			require.NoError(t, jobqueue.Run(ctx, app, rounds))
			app.Close()
			log, err := s.Client.Do(ctx, "acl", "log").Slice()
			require.NoError(t, err)
			require.Empty(t, log, "ACL LOG after the run as app")

			// Enforced by the hook, against the open server.
			cu, err := acl.NewUser("app", tab).SetUser(u.Access)
			require.NoError(t, err)
			require.Equal(t, "OK", redistest.Reply(s.Client.Do(ctx, "flushall")))
			hooked := redis.NewClient(unixOptions(s.Addr))
			hooked.AddHook(goredis.Enforce(cu))
			require.NoError(t, jobqueue.Run(ctx, hooked, rounds))
			hooked.Close()
		}
	})
}

// startMonitor runs redis-cli MONITOR into file; stop waits until done
// holds for what it wrote, then kills it.
func startMonitor(t *testing.T, addr, file string) (stop func(done func(string) bool)) {
	t.Helper()
	if _, err := exec.LookPath("redis-cli"); err != nil {
		t.Skip("no redis-cli")
	}
	f, err := os.Create(file)
	require.NoError(t, err)
	cmd := exec.Command("redis-cli", "-s", strings.TrimPrefix(addr, "unix://"), "monitor")
	cmd.Stdout = f
	require.NoError(t, cmd.Start())
	wait := func(done func(string) bool) {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			b, _ := os.ReadFile(file)
			if done(string(b)) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("MONITOR output incomplete")
	}
	wait(func(out string) bool { return strings.HasPrefix(out, "OK") })
	return func(done func(string) bool) {
		wait(done)
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	}
}
