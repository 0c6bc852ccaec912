package goredis_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/goredis"
	"github.com/aclcheck/aclcheck/category"
)

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
