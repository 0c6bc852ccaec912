// Package redistest is the oracle of the pipeline's tests: it starts
// throwaway servers of each engine (Redis 7.0, Redis 7.2, Valkey 8.0; see
// [Engines]). They serve tests and the differential commands of the aclcheck
// CLI; it wraps the ACL commands that serve as the oracle: ACL SETUSER, ACL
// DELUSER, ACL LIST, ACL DRYRUN and COMMAND GETKEYSANDFLAGS.
//
// A server started by [StartEngine] or [LaunchEngine] listens only on a
// unix socket in a temporary directory, keeps nothing on disk and is killed
// at cleanup.
package redistest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrNoServer reports that an engine's server binary was not found: Debian's
// redis-server on PATH, or the Redis 7.2 and Valkey binaries of
// ../shared/engines.
var ErrNoServer = errors.New("redistest: server binary not found")

// TB is the part of testing.TB that [Start] needs.
type TB interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
	Cleanup(func())
	TempDir() string
}

// Server is a connection to a server, owned or not.
type Server struct {
	// Addr is the address clients use: "unix:///path" or "host:port".
	Addr   string
	Client *redis.Client
	// Engine is the engine of a server started by this package.
	Engine Engine
	cmd    *exec.Cmd
}

// Engine is a server the harness can start.
type Engine struct {
	// Name is the table profile of the engine, as category.ForEngine
	// takes it: "redis-7.0", "redis-7.2" or "valkey-8.0".
	Name string
	// Version is the exact release: "redis-7.0.15" and so on.
	Version string
	// bin is the server binary: a command looked up on PATH, or a path
	// relative to the module root.
	bin    string
	onPath bool
}

// Engines lists the servers the harness starts: Debian's redis-server
// 7.0.15 (the one on PATH), and Redis 7.2.6 and Valkey 8.0.1 built from
// their release tags into ../shared/engines.
var Engines = []Engine{
	{Name: "redis-7.0", Version: "redis-7.0.15", bin: "redis-server", onPath: true},
	{Name: "redis-7.2", Version: "redis-7.2.6", bin: "../shared/engines/redis-7.2.6/redis-server"},
	{Name: "valkey-8.0", Version: "valkey-8.0.1", bin: "../shared/engines/valkey-8.0.1/valkey-server"},
}

// EngineNamed returns the engine of Engines with the given name.
func EngineNamed(name string) (Engine, bool) {
	for _, e := range Engines {
		if e.Name == name {
			return e, true
		}
	}
	return Engine{}, false
}

// Binary returns the path of the engine's server binary, or an error
// wrapping ErrNoServer.
func (e Engine) Binary() (string, error) {
	if e.onPath {
		bin, err := exec.LookPath(e.bin)
		if err != nil {
			return "", fmt.Errorf("%w: %s is not on PATH (apt-get install redis-server)", ErrNoServer, e.bin)
		}
		return bin, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoServer, err)
	}
	bin := filepath.FromSlash(e.bin)
	if !filepath.IsAbs(bin) {
		bin = filepath.Join(root, bin)
	}
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("%w: %s has no %s", ErrNoServer, e.Version, bin)
	}
	return bin, nil
}

// moduleRoot returns the directory of the nearest go.mod above the
// working directory (tests run in their package's directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Start starts a private Redis 7.0 server (Debian's redis-server) for the
// test; see [StartEngine].
func Start(t TB) *Server {
	t.Helper()
	return StartEngine(t, Engines[0])
}

// StartEngine starts a private server of engine e for the test and returns
// it; it is killed when the test ends. Without the engine's binary the test
// is skipped, unless the environment variable CI is "true", where it fails.
func StartEngine(t TB, e Engine) *Server {
	t.Helper()
	s, err := LaunchEngine(t.TempDir(), e)
	if errors.Is(err, ErrNoServer) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("oracle tests must run in CI: %v", err)
		}
		t.Skipf("skipping %s oracle test: %v", e.Name, err)
	}
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Launch starts Debian's redis-server (Redis 7.0) in dir; see
// [LaunchEngine].
func Launch(dir string) (*Server, error) { return LaunchEngine(dir, Engines[0]) }

// LaunchEngine starts a server of engine e with a unix socket in dir and
// waits until it answers PING. The caller must Close it. A binary that may
// not be executed where it is (a read-only copy without execute bits, a
// noexec mount) is copied into dir first.
func LaunchEngine(dir string, e Engine) (*Server, error) { return launch(dir, e, false) }

// LaunchSentinel starts a server of engine e in sentinel mode (with a
// sentinel.conf of its own in dir, which Sentinel rewrites), monitoring
// nothing, with a unix socket in dir; see [LaunchEngine].
func LaunchSentinel(dir string, e Engine) (*Server, error) { return launch(dir, e, true) }

func launch(dir string, e Engine, sentinel bool) (*Server, error) {
	bin, err := e.Binary()
	if err != nil {
		return nil, err
	}
	sock := filepath.Join(dir, "redis.sock")
	args := []string{"--port", "0", "--unixsocket", sock, "--unixsocketperm", "700",
		"--save", "", "--appendonly", "no", "--dir", dir,
		"--daemonize", "no", "--loglevel", "warning", "--logfile", filepath.Join(dir, "redis.log")}
	if sentinel {
		conf := filepath.Join(dir, "sentinel.conf")
		if err := os.WriteFile(conf, []byte("# written by redistest\n"), 0o600); err != nil {
			return nil, err
		}
		args = []string{conf, "--sentinel", "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700", "--dir", dir,
			"--daemonize", "no", "--loglevel", "warning", "--logfile", filepath.Join(dir, "redis.log")}
	}
	cmd := exec.Command(bin, args...)
	err = cmd.Start()
	if errors.Is(err, fs.ErrPermission) {
		var cp string
		if cp, err = executableCopy(bin, dir); err == nil {
			cmd = exec.Command(cp, args...)
			err = cmd.Start()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("redistest: start %s: %w", e.Version, err)
	}
	s := &Server{Addr: "unix://" + sock, Engine: e, cmd: cmd}
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
			return nil, fmt.Errorf("redistest: %s did not answer: %w\n%s", e.Version, err, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// executableCopy copies the binary bin into dir with execute permission.
func executableCopy(bin, dir string) (string, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	cp := filepath.Join(dir, filepath.Base(bin))
	if err := os.WriteFile(cp, data, 0o700); err != nil {
		return "", err
	}
	return cp, nil
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

// Runner is the part of *testing.T that [EachEngine] needs.
type Runner[T any] interface {
	Run(name string, f func(T)) bool
	Parallel()
}

// EachEngine runs fn in a parallel subtest per engine, named after it
// ("redis-7.0", …). Each subtest starts its own server with StartEngine,
// so it skips, or fails in CI, where the engine's binary is missing.
func EachEngine[T Runner[T]](t T, fn func(t T, e Engine)) {
	for _, e := range Engines {
		t.Run(e.Name, func(t T) {
			t.Parallel()
			fn(t, e)
		})
	}
}

// InfoEngine returns the engine and version the server reports in INFO
// server: "redis-7.0.15", or "valkey-8.0.1" for a server whose server_name is
// valkey (Valkey also reports redis_version, the Redis version it is
// compatible with).
func (s *Server) InfoEngine() (string, error) {
	info, err := s.do("info", "server").Text()
	if err != nil {
		return "", fmt.Errorf("redistest: INFO server: %w", err)
	}
	return engineFromInfo(info)
}

// engineFromInfo reads the engine of an INFO server reply.
func engineFromInfo(info string) (string, error) {
	fields := map[string]string{}
	for line := range strings.Lines(info) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
			fields[k] = v
		}
	}
	if fields["server_name"] == "valkey" {
		if v := fields["valkey_version"]; v != "" {
			return "valkey-" + v, nil
		}
		return "", errors.New("redistest: INFO server: server_name valkey without valkey_version")
	}
	if v := fields["redis_version"]; v != "" {
		return "redis-" + v, nil
	}
	return "", errors.New("redistest: INFO server: no redis_version")
}

// ACLFileResult is how a server started with --aclfile ended: the file
// loaded (the server answered), the server exited with ACL errors, or it
// crashed.
type ACLFileResult struct {
	Loaded  bool
	Crashed bool
	// Errors is the server's message after "because of ACL errors: " in
	// its log (empty when it loaded or crashed).
	Errors string
	// Truncated is set when the log cut the message: the server logs at
	// most 1023 bytes a line.
	Truncated bool
}

// LoadACLFile starts a throwaway server of engine e in dir with
// --aclfile aclfile and reports whether it loads the file. The server is
// killed as soon as it answers, and waited for in any case.
func (e Engine) LoadACLFile(dir, aclfile string) (ACLFileResult, error) {
	bin, err := e.Binary()
	if err != nil {
		return ACLFileResult{}, err
	}
	sock := filepath.Join(dir, "s.sock")
	logfile := filepath.Join(dir, "server.log")
	cmd := exec.Command(bin, "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700",
		"--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no",
		"--loglevel", "warning", "--logfile", logfile, "--aclfile", aclfile)
	err = cmd.Start()
	if errors.Is(err, fs.ErrPermission) {
		var cp string
		if cp, err = executableCopy(bin, dir); err == nil {
			cmd.Path, cmd.Args[0] = cp, cp
			err = cmd.Start()
		}
	}
	if err != nil {
		return ACLFileResult{}, fmt.Errorf("redistest: start %s: %w", e.Version, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case err := <-done:
			var res ACLFileResult
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.ProcessState.ExitCode() == -1 {
				res.Crashed = true // killed by a signal
			}
			log, _ := os.ReadFile(logfile)
			const marker = "because of ACL errors: "
			if i := strings.Index(string(log), marker); i >= 0 {
				rest := string(log[i+len(marker):])
				if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
					rest = rest[:nl]
				}
				res.Errors = rest
				start := strings.LastIndex(string(log[:i]), "Aborting ")
				res.Truncated = start >= 0 && i+len(marker)+len(rest)-start >= 1023
			} else if !res.Crashed {
				return res, fmt.Errorf("redistest: %s exited without ACL errors: %v\n%s", e.Version, err, log)
			}
			return res, nil
		case <-deadline:
			cmd.Process.Kill()
			<-done
			return ACLFileResult{}, fmt.Errorf("redistest: %s neither answered nor exited", e.Version)
		case <-time.After(5 * time.Millisecond):
		}
		if answers(sock) {
			cmd.Process.Kill()
			<-done
			return ACLFileResult{Loaded: true}, nil
		}
	}
}

// answers reports whether a server answers PING on the unix socket (with
// PONG, or NOAUTH when the default user needs a password).
func answers(sock string) bool {
	c, err := net.DialTimeout("unix", sock, 100*time.Millisecond)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	buf := make([]byte, 64)
	n, _ := c.Read(buf)
	reply := string(buf[:n])
	return strings.HasPrefix(reply, "+") || strings.HasPrefix(reply, "-")
}
