package goredis_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
