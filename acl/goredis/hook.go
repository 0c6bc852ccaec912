package goredis

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/synth"
)

// Options configure a [Hook].
type Options struct {
	// User is the compiled user whose permissions the hook enforces; nil
	// enforces nothing (record only).
	User *acl.User
	// Record, when not nil, receives one JSON line per command sent (and
	// per command denied), for synth.ReadJSONL. Writes are serialized.
	Record io.Writer
	// RecordUser is the user name written in recorded lines; User's name
	// when empty.
	RecordUser string
}

// Hook is a redis.Hook that enforces and records; see the package
// documentation. It is safe for concurrent use.
type Hook struct {
	user       *acl.User
	mu         sync.Mutex
	rec        io.Writer
	recordUser string
	recErr     error
}

// New returns a hook.
func New(o Options) *Hook {
	h := &Hook{user: o.User, rec: o.Record, recordUser: o.RecordUser}
	if h.recordUser == "" && o.User != nil {
		h.recordUser = o.User.Name()
	}
	return h
}

// Enforce returns a hook that enforces u.
func Enforce(u *acl.User) *Hook { return New(Options{User: u}) }

// Err returns the first error writing the record, if any.
func (h *Hook) Err() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.recErr
}

var _ redis.Hook = (*Hook)(nil)

// DialHook passes dials through.
func (h *Hook) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook checks a single command.
func (h *Hook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.record(cmd)
		if err := h.denied(cmd); err != nil {
			cmd.SetErr(err)
			return err
		}
		return next(ctx, cmd)
	}
}

// ProcessPipelineHook checks pipelines command by command, and
// transactions (MULTI … EXEC) as a whole.
func (h *Hook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		for _, c := range cmds {
			h.record(c)
		}
		if h.user == nil {
			return next(ctx, cmds)
		}
		if isTx(cmds) {
			return h.tx(ctx, next, cmds)
		}
		return h.pipeline(ctx, next, cmds)
	}
}

func isTx(cmds []redis.Cmder) bool {
	return len(cmds) >= 2 && cmds[0].Name() == "multi" && cmds[len(cmds)-1].Name() == "exec"
}

// pipeline sends the allowed commands; the denied ones get their error.
// The result is the first error in command order, as go-redis returns it.
func (h *Hook) pipeline(ctx context.Context, next redis.ProcessPipelineHook, cmds []redis.Cmder) error {
	var send []redis.Cmder
	for i, c := range cmds {
		err := h.denied(c)
		if err == nil {
			if send != nil {
				send = append(send, c)
			}
			continue
		}
		if send == nil {
			send = append(make([]redis.Cmder, 0, len(cmds)), cmds[:i]...)
		}
		c.SetErr(err)
	}
	if send == nil {
		return next(ctx, cmds) // nothing denied
	}
	if len(send) > 0 {
		if err := next(ctx, send); err != nil && !isServerError(err) {
			return err
		}
	}
	return firstErr(cmds)
}

// tx discards a transaction with a denied command as the server does:
// the denied commands get their error, the others and EXEC get
// EXECABORT. Commands the server refuses for other reasons (unknown,
// wrong arity) are sent in a transaction of their own, which the server
// aborts, so that they get the server's error. A SORT whose pattern is
// denied fails at EXEC without aborting: it is left out of what is sent
// and gets its error (unless the transaction aborts).
func (h *Hook) tx(ctx context.Context, next redis.ProcessPipelineHook, cmds []redis.Cmder) error {
	denied := false
	var invalid, runtime []redis.Cmder
	for i, c := range cmds {
		v, ok := h.check(c)
		switch {
		case !ok || v.allowed:
		case v.invalid:
			invalid = append(invalid, c)
		case i == 0 || i == len(cmds)-1:
			// MULTI or EXEC itself denied: no transaction to emulate.
			return h.pipeline(ctx, next, cmds)
		case v.runtime:
			c.SetErr(serverError(v.reply))
			runtime = append(runtime, c)
		default:
			c.SetErr(serverError(v.reply))
			denied = true
		}
	}
	if !denied {
		if len(runtime) == 0 || len(invalid) > 0 {
			// Nothing to leave out, or the server aborts anyway.
			for _, c := range runtime {
				c.SetErr(nil)
			}
			return next(ctx, cmds)
		}
		send := make([]redis.Cmder, 0, len(cmds))
		for _, c := range cmds {
			if c.Err() == nil {
				send = append(send, c)
			}
		}
		if err := next(ctx, send); err != nil && !isServerError(err) {
			return err
		}
		return firstErr(cmds)
	}
	for _, c := range runtime {
		c.SetErr(nil) // aborted with the others
	}
	abort := serverError("EXECABORT Transaction discarded because of previous errors.")
	if len(invalid) > 0 {
		sub := append([]redis.Cmder{cmds[0]}, invalid...)
		sub = append(sub, cmds[len(cmds)-1])
		if err := next(ctx, sub); err != nil && !isServerError(err) {
			return err
		}
	}
	for _, c := range cmds {
		if c.Err() == nil {
			c.SetErr(abort)
		}
	}
	return abort
}

func isServerError(err error) bool {
	_, ok := err.(redis.Error)
	return ok
}

func firstErr(cmds []redis.Cmder) error {
	for _, c := range cmds {
		if err := c.Err(); err != nil {
			return err
		}
	}
	return nil
}

// denied returns the server's error for a command the user may not run,
// or nil.
func (h *Hook) denied(cmd redis.Cmder) error {
	if h.user == nil {
		return nil
	}
	v, ok := h.check(cmd)
	if !ok || v.allowed || v.invalid {
		return nil
	}
	return serverError(v.reply)
}

// maxArgs and arenaSize bound the command lines checked without
// allocating.
const (
	maxArgs   = 16
	arenaSize = 256
)

// verdict is the part of a Decision the hook needs.
type verdict struct {
	allowed, invalid bool
	// reply is the server's error when the command is run: a NOPERM
	// denial, or (runtime) the ERR of a SORT pattern denied at execution.
	reply   string
	runtime bool
}

// check converts cmd's arguments as go-redis writes them and checks them;
// ok is false when an argument cannot be converted (go-redis then fails
// to write it, with its own error).
func (h *Hook) check(cmd redis.Cmder) (v verdict, ok bool) {
	args := cmd.Args()
	if len(args) > maxArgs {
		argv, ok := convert(args)
		if !ok {
			return v, false
		}
		return h.verdict(argv), true
	}
	// The arguments are viewed, and numbers formatted, in buffers on this
	// frame: index assignments keep them there.
	var argv [maxArgs][]byte
	var arena [arenaSize]byte
	off := 0
	for i, a := range args {
		var buf []byte
		if off < arenaSize {
			buf = arena[off:off:arenaSize]
		}
		b, n, ok := formatArg(a, buf)
		if !ok {
			return v, false
		}
		argv[i] = b
		off += n
	}
	return h.verdict(argv[:len(args)]), true
}

func (h *Hook) verdict(argv [][]byte) verdict {
	var v verdict
	d := h.user.CheckBytes(argv)
	switch {
	case d.Allowed() && !d.SortPatternDenied:
		v.allowed = true
	case d.Verdict == acl.Invalid:
		v.invalid = true
	default:
		// ExecReply copies the arguments it names, but would make the
		// buffers escape: the denial is explained from a copy.
		v.reply, v.runtime = h.user.Check(strArgs(argv)).ExecReply(), d.Allowed()
	}
	return v
}

// convert returns the arguments as go-redis writes them.
func convert(args []any) ([][]byte, bool) {
	out := make([][]byte, len(args))
	for i, a := range args {
		b, _, ok := formatArg(a, nil)
		if !ok {
			return nil, false
		}
		out[i] = b
	}
	return out, true
}

func strArgs(args [][]byte) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = string(a)
	}
	return out
}

// record writes cmd as a JSON line, passwords redacted.
func (h *Hook) record(cmd redis.Cmder) {
	if h.rec == nil {
		return
	}
	args, ok := convert(cmd.Args())
	if !ok {
		return
	}
	line := redact(strArgs(args))
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.recErr == nil {
		h.recErr = synth.WriteJSONL(h.rec, h.recordUser, "", line)
	}
}

// redact replaces the passwords of AUTH and HELLO … AUTH user password.
func redact(argv []string) []string {
	const r = "(redacted)"
	switch strings.ToLower(argv[0]) {
	case "auth":
		if len(argv) > 1 {
			argv[len(argv)-1] = r
		}
	case "hello":
		for i := 2; i+2 < len(argv); i++ {
			if strings.EqualFold(argv[i], "auth") {
				argv[i+2] = r
			}
		}
	}
	return argv
}
