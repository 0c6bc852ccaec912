package goredis_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/goredis"
	"github.com/aclcheck/aclcheck/category"
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

// TestHookDifferential runs one generated workload through a client with
// the hook against a server without ACLs, and through a client logged in
// as the user against a server with the ACL applied: every result, error
// text and error type must be the same, on every engine.
func TestHookDifferential(t *testing.T) {
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		tab, err := category.ForEngine(e.Name)
		require.NoError(t, err)
		open := redistest.StartEngine(t, e)
		enforced := redistest.StartEngine(t, e)
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
		tab, err := category.ForEngine(e.Name)
		require.NoError(t, err)
		open := redistest.StartEngine(t, e)
		enforced := redistest.StartEngine(t, e)
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
