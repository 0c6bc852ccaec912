package goredis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wireClient returns a client whose connections go to an in-memory server
// that answers every command +OK (HELLO gets an error) and sends each
// command line it reads to got.
func wireClient(t *testing.T, got chan<- []string) *redis.Client {
	c := pipeClient(func(argv []string) string {
		if argv[0] == "hello" {
			return "-ERR unknown command\r\n"
		}
		got <- argv
		return "+OK\r\n"
	})
	t.Cleanup(func() { c.Close() })
	return c
}

type marshaler struct{}

func (marshaler) MarshalBinary() ([]byte, error) { return []byte("bin"), nil }

// TestFormatArgAsGoRedisWrites sends arguments of every type go-redis
// writes and compares the bytes on the wire with formatArg's.
func TestFormatArgAsGoRedisWrites(t *testing.T) {
	got := make(chan []string, 1)
	c := wireClient(t, got)
	s, i, f, b, d := "str", -42, 2.5, true, 1500*time.Millisecond
	tm := time.Date(2026, 12, 1, 9, 5, 23, 123456789, time.FixedZone("x", 3600))
	args := []any{nil, "s", &s, []byte("b"), net.ParseIP("10.0.0.1"),
		0, -1, int8(-8), int16(16), int32(-32), int64(math.MinInt64), uint(1), uint8(8), uint16(16), uint32(32), uint64(math.MaxUint64), uintptr(7),
		float32(0.1), 1.5, -0.0, math.Inf(1), 1e21, 1e-7, true, false, tm, d, time.Duration(0),
		&i, &f, &b, &d, &tm, (*int)(nil), (*string)(nil), (*float64)(nil), (*bool)(nil), (*time.Duration)(nil), marshaler{}}
	for _, a := range args {
		require.NoError(t, c.Do(context.Background(), "echo", a).Err(), "%T", a)
		wire := <-got
		b, _, ok := formatArg(a, nil)
		require.True(t, ok, "%T", a)
		assert.Equal(t, wire[1], string(b), "%T %v", a, a)
	}
	// A type go-redis cannot write is left to go-redis.
	type count int
	for _, a := range []any{struct{}{}, count(1), new(count), new(*int), new([]byte), complex(1, 2)} {
		_, _, ok := formatArg(a, nil)
		assert.False(t, ok, "%T", a)
		assert.Error(t, c.Do(context.Background(), "echo", a).Err(), "%T", a)
	}
}

// TestServerErrorTypes checks that the hook's errors are what go-redis
// makes of the same replies.
func TestServerErrorTypes(t *testing.T) {
	for _, msg := range []string{"NOPERM User u has no permissions to run the 'get' command", "EXECABORT Transaction discarded because of previous errors.", "ERR x"} {
		err := serverError(msg)
		assert.Equal(t, msg, err.Error())
		var re redis.Error
		assert.True(t, errors.As(err, &re), msg)
	}
	assert.True(t, redis.IsPermissionError(serverError("NOPERM x")))
	assert.True(t, redis.IsExecAbortError(serverError("EXECABORT x")))
	assert.Equal(t, "*proto.PermissionError", fmt.Sprintf("%T", serverError("NOPERM x")))
	assert.Equal(t, "*proto.ExecAbortError", fmt.Sprintf("%T", serverError("EXECABORT x")))
	assert.Equal(t, "proto.RedisError", fmt.Sprintf("%T", serverError("ERR x")))
}
