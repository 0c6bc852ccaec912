package goredis

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/redis/go-redis/v9"
)

// The error values go-redis builds from a server's error reply are of
// types it does not export: a string type for most replies, and pointer
// types for some prefixes (NOPERM, EXECABORT). errorTypes learns them once
// by letting a client read such replies from an in-memory connection, so
// that the hook's errors are of the very types a server's reply gives
// (errors.As in go-redis, redis.IsPermissionError and redis.IsExecAbortError
// behave the same).
var errorTypes struct {
	once     sync.Once
	byPrefix map[string]reflect.Type // "NOPERM", "EXECABORT": *T with one string field
}

// serverError returns the error go-redis would return for the error reply
// msg ("NOPERM …", "EXECABORT …", "ERR …").
func serverError(msg string) error {
	errorTypes.once.Do(learnErrorTypes)
	prefix, _, _ := strings.Cut(msg, " ")
	if t := errorTypes.byPrefix[prefix]; t != nil {
		v := reflect.New(t.Elem())
		f := v.Elem().Field(0)
		reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().SetString(msg)
		if err, ok := v.Interface().(error); ok && err.Error() == msg {
			return err
		}
	}
	return reflect.ValueOf(msg).Convert(reflect.TypeOf(redis.ErrCrossSlot)).Interface().(error)
}

// learnErrorTypes reads a NOPERM and an EXECABORT reply through a go-redis
// client and keeps their types when they are pointers to a struct whose
// only field is the message.
func learnErrorTypes() {
	errorTypes.byPrefix = map[string]reflect.Type{}
	c := pipeClient(replyError)
	defer c.Close()
	for _, prefix := range []string{"NOPERM", "EXECABORT"} {
		err := c.Do(context.Background(), "x", prefix).Err()
		t := reflect.TypeOf(err)
		if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct ||
			t.Elem().NumField() != 1 || t.Elem().Field(0).Type.Kind() != reflect.String {
			continue
		}
		errorTypes.byPrefix[prefix] = t
	}
}

// replyError answers go-redis's handshake with an error (HELLO fails, so
// the client falls back to RESP2) and each command "x PREFIX" with the
// error reply "-PREFIX x".
func replyError(argv []string) string {
	if len(argv) == 2 && argv[0] == "x" {
		return "-" + argv[1] + " x\r\n"
	}
	return "-ERR unknown command\r\n"
}

// pipeClient returns a go-redis client whose connections go to an
// in-memory server that answers each command line with reply's RESP text.
func pipeClient(reply func(argv []string) string) *redis.Client {
	return redis.NewClient(&redis.Options{
		Protocol: 2, DisableIdentity: true, MaxRetries: -1,
		Dialer: func(context.Context, string, string) (net.Conn, error) {
			client, server := net.Pipe()
			go serve(server, reply)
			return client, nil
		},
	})
}

// serve answers each command line it reads from conn with reply's text.
func serve(conn net.Conn, reply func(argv []string) string) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	for {
		argv, err := readCommand(r)
		if err != nil {
			return
		}
		if _, err := conn.Write([]byte(reply(argv))); err != nil {
			return
		}
	}
}

// readCommand reads one RESP array of bulk strings.
func readCommand(r *bufio.Reader) ([]string, error) {
	n, err := readLen(r, '*')
	if err != nil {
		return nil, err
	}
	argv := make([]string, 0, n)
	for range n {
		size, err := readLen(r, '$')
		if err != nil {
			return nil, err
		}
		b := make([]byte, size+2)
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		argv = append(argv, string(b[:size]))
	}
	return argv, nil
}

// readLen reads a RESP length line "<kind><n>\r\n".
func readLen(r *bufio.Reader, kind byte) (int, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 3 || line[0] != kind {
		return 0, fmt.Errorf("goredis: unexpected RESP line %q", line)
	}
	n, err := strconv.Atoi(strings.TrimSuffix(line[1:], "\r\n"))
	if err != nil || n < 0 || n > 1<<20 {
		return 0, fmt.Errorf("goredis: bad RESP length %q", line)
	}
	return n, nil
}
