// Package redistest starts a throwaway redis-server for tests and for the
// differential commands of the aclcheck CLI, and wraps the ACL commands that
// serve as the oracle: ACL SETUSER, ACL DELUSER, ACL LIST, ACL DRYRUN and
// COMMAND GETKEYSANDFLAGS.
//
// A server started by [Start] listens only on a unix socket in a temporary
// directory, keeps nothing on disk and is killed at cleanup.
package redistest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrNoServer reports that no redis-server binary was found on PATH.
var ErrNoServer = errors.New("redistest: redis-server not found on PATH (apt-get install redis-server)")

// TB is the part of testing.TB that [Start] needs.
type TB interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
	Cleanup(func())
	TempDir() string
}

// Server is a connection to a redis-server, owned or not.
type Server struct {
	// Addr is the address clients use: "unix:///path" or "host:port".
	Addr   string
	Client *redis.Client
	cmd    *exec.Cmd
}

// Start starts a private redis-server for the test and returns it; it is
// killed when the test ends. Without redis-server on PATH the test is
// skipped, unless the environment variable CI is "true", where it fails.
func Start(t TB) *Server {
	t.Helper()
	s, err := Launch(t.TempDir())
	if errors.Is(err, ErrNoServer) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("oracle tests must run in CI: %v", err)
		}
		t.Skipf("skipping oracle test: %v", err)
	}
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Launch starts redis-server with a unix socket in dir and waits until it
// answers PING. The caller must Close it.
func Launch(dir string) (*Server, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, ErrNoServer
	}
	sock := filepath.Join(dir, "redis.sock")
	cmd := exec.Command(bin,
		"--port", "0", "--unixsocket", sock, "--unixsocketperm", "700",
		"--save", "", "--appendonly", "no", "--dir", dir,
		"--daemonize", "no", "--loglevel", "warning", "--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("redistest: start redis-server: %w", err)
	}
	s := &Server{Addr: "unix://" + sock, cmd: cmd}
	s.Client = redis.NewClient(&redis.Options{Network: "unix", Addr: sock, Protocol: 2, DisableIdentity: true})
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := s.Client.Ping(context.Background()).Err()
		if err == nil {
			return s, nil
		}
		if time.Now().After(deadline) {
			s.Close()
			log, _ := os.ReadFile(filepath.Join(dir, "redis.log"))
			return nil, fmt.Errorf("redistest: redis-server did not answer: %w\n%s", err, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Dial connects to a server the caller runs, at "unix:///path", "redis://…"
// or "host:port".
func Dial(addr string) (*Server, error) {
	var opt *redis.Options
	switch {
	case strings.HasPrefix(addr, "unix://"):
		opt = &redis.Options{Network: "unix", Addr: strings.TrimPrefix(addr, "unix://")}
	case strings.HasPrefix(addr, "redis://"), strings.HasPrefix(addr, "rediss://"):
		var err error
		if opt, err = redis.ParseURL(addr); err != nil {
			return nil, fmt.Errorf("redistest: %w", err)
		}
	default:
		opt = &redis.Options{Addr: addr}
	}
	opt.Protocol = 2
	opt.DisableIdentity = true
	s := &Server{Addr: addr, Client: redis.NewClient(opt)}
	if err := s.Client.Ping(context.Background()).Err(); err != nil {
		s.Client.Close()
		return nil, fmt.Errorf("redistest: %s: %w", addr, err)
	}
	return s, nil
}

// Close closes the client and kills the server if this package started it.
func (s *Server) Close() {
	s.Client.Close()
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
}

// Reply returns a command's reply as text: the value of a simple or bulk
// string, or the error text as the server sent it (prefix included).
func Reply(cmd *redis.Cmd) string {
	v, err := cmd.Result()
	if err != nil {
		var rerr redis.Error
		if errors.As(err, &rerr) {
			return rerr.Error()
		}
		return "transport error: " + err.Error()
	}
	return fmt.Sprint(v)
}

func (s *Server) do(args ...any) *redis.Cmd {
	return s.Client.Do(context.Background(), args...)
}

func strArgs(prefix []any, rest []string) []any {
	for _, r := range rest {
		prefix = append(prefix, r)
	}
	return prefix
}

// SetUser runs ACL SETUSER user rules... and returns the reply text.
func (s *Server) SetUser(user string, rules ...string) string {
	return Reply(s.do(strArgs([]any{"acl", "setuser", user}, rules)...))
}

// DelUser runs ACL DELUSER user.
func (s *Server) DelUser(user string) string {
	return Reply(s.do("acl", "deluser", user))
}

// ACLList returns the ACL LIST line of user, or "" when there is none.
func (s *Server) ACLList(user string) (string, error) {
	lines, err := s.do("acl", "list").StringSlice()
	if err != nil {
		return "", err
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "user "+user+" ") {
			return l, nil
		}
	}
	return "", nil
}

// DryRun runs ACL DRYRUN user argv... and returns the reply text.
func (s *Server) DryRun(user string, argv ...string) string {
	return Reply(s.do(strArgs([]any{"acl", "dryrun", user}, argv)...))
}

// Key is one result of COMMAND GETKEYSANDFLAGS.
type Key struct {
	Name  string
	Flags []string
}

// GetKeysAndFlags runs COMMAND GETKEYSANDFLAGS argv... It returns the keys,
// or the error text of the server's reply as err.
func (s *Server) GetKeysAndFlags(argv ...string) ([]Key, error) {
	v, err := s.do(strArgs([]any{"command", "getkeysandflags"}, argv)...).Result()
	if err != nil {
		return nil, err
	}
	items, _ := v.([]any)
	keys := make([]Key, 0, len(items))
	for _, it := range items {
		pair, _ := it.([]any)
		if len(pair) != 2 {
			return nil, fmt.Errorf("redistest: unexpected GETKEYSANDFLAGS item %v", it)
		}
		k := Key{Name: fmt.Sprint(pair[0])}
		flags, _ := pair[1].([]any)
		for _, f := range flags {
			k.Flags = append(k.Flags, fmt.Sprint(f))
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// Pipeline sends many commands in one round trip and returns each reply as
// text, as [Reply] does.
func (s *Server) Pipeline(cmds [][]string) []string {
	p := s.Client.Pipeline()
	out := make([]*redis.Cmd, len(cmds))
	for i, c := range cmds {
		out[i] = p.Do(context.Background(), strArgs(nil, c)...)
	}
	p.Exec(context.Background())
	replies := make([]string, len(cmds))
	for i, c := range out {
		replies[i] = Reply(c)
	}
	return replies
}
