package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/progress"

	"github.com/alecthomas/kong"
)

// grammarVars are the variables of the grammar's tags: ${input_formats},
// the names of every format the readers detect.
var grammarVars = kong.Vars{"input_formats": strings.Join(input.FormatNames(), ",")}

// cli is the command line grammar.
type cli struct {
	Lint    lintCmd    `cmd:"" help:"Report errors and risks in access strings, ACL files and AWS user definitions."`
	Check   checkCmd   `cmd:"" help:"Say whether an access string allows a command line, as ACL DRYRUN would."`
	Explain explainCmd `cmd:"" help:"Explain which selector and rule allow or deny a command line."`
	Fmt     fmtCmd     `cmd:"" help:"Print access strings in the engine's normalized ACL LIST form."`
	Diff    diffCmd    `cmd:"" help:"Show the effective permission difference between two access strings."`
	Import  importCmd  `cmd:"" help:"Turn users.acl or ACL LIST output into ElastiCache/MemoryDB-ready access strings."`
	Replay  replayCmd  `cmd:"" help:"Replay recorded oracle corpora through the library and report agreement per aspect."`
	Fuzz    fuzzCmd    `cmd:"" help:"Differential fuzzing of the library against a live server."`
	Bench   benchCmd   `cmd:"" help:"Measure checks and parses side by side with a live server's ACL DRYRUN and ACL SETUSER."`
	Table   tableCmd   `cmd:"" help:"Command tables: dump a server's COMMAND INFO for --table."`
	WhoCan  whoCanCmd  `cmd:"" name:"who-can" help:"Say which users of a set can run a command, reach keys or channels, or escalate, with witnesses."`
	Isolate isolateCmd `cmd:"" help:"Prove that tenants' keys and channels are isolated from other users, or show each counterexample."`
	Report  reportCmd  `cmd:"" help:"Write an HTML page of what each user can reach, with the witness behind every cell."`
	Test    testCmd    `cmd:"" help:"Run a YAML file of expectations about users (allow, deny, only these users can, isolation), like go test."`
	Synth   synthCmd   `cmd:"" help:"Write the least-privilege access strings that allow a trace of real traffic."`

	Version    versionCmd    `cmd:"" help:"Print the version, the build and the built-in engine tables."`
	Help       helpCmd       `cmd:"" help:"Describe a command (the same as COMMAND --help)."`
	Completion completionCmd `cmd:"" help:"Print a shell completion script: bash, zsh or fish."`
	Man        manCmd        `cmd:"" hidden:"" help:"Print the manual page (roff)."`

	VersionFlag versionFlag `name:"version" help:"Print the version and exit."`
}

// targetFlags are the flags that choose the engine and service.
type targetFlags struct {
	Engine  string `help:"Engine: redis-6.0, redis-6.2, redis-7.0, redis-7.1, redis-7.2, valkey-7.2, valkey-8.0 (default), valkey-8.1, valkey-8.2. With --table: the dump's engine (default: what the dump records)." placeholder:"E"`
	Service string `enum:"redis,valkey,elasticache,elasticache-serverless,memorydb" default:"valkey" help:"Service the access strings are for: redis, valkey, elasticache, elasticache-serverless, memorydb."`
	Table   string `type:"existingfile" help:"COMMAND INFO dump (JSON) to use instead of the built-in command table." placeholder:"FILE"`
}

// defaultTargetEngine is the engine without --engine and --table.
const defaultTargetEngine = "valkey-8.0"

// table returns the command table the flags select. With --table, an
// --engine that contradicts the engine the dump records is an error
// naming both.
func (f *targetFlags) table() (*category.Table, error) {
	if f.Table == "" {
		if f.Engine == "" {
			return category.ForEngine(defaultTargetEngine)
		}
		return category.ForEngine(f.Engine)
	}
	var opts []category.Option
	if f.Engine != "" {
		if _, err := category.ForEngine(f.Engine); err != nil {
			return nil, err
		}
		e, _ := category.ParseEngine(f.Engine)
		opts = append(opts, category.WithEngine(e))
	}
	r, err := os.Open(f.Table)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	t, err := category.Load(r, opts...)
	if errors.Is(err, category.ErrEngineMismatch) {
		return nil, fmt.Errorf("--table %s contradicts --engine %s: %w", f.Table, f.Engine, err)
	}
	return t, err
}

// target returns the service and engine the flags choose (the engine
// defaults to the one the service runs, lint.DefaultEngine) and its command
// table: the --table dump, or the engine's with the modules the service
// has.
func (f *targetFlags) target() (lint.Target, *category.Table, error) {
	svc, err := lint.ParseService(f.Service)
	if err != nil {
		return lint.Target{}, nil, err
	}
	if f.Table != "" {
		t, err := f.table()
		if err != nil {
			return lint.Target{}, nil, err
		}
		tg, err := lint.NewTarget(svc.String(), t.Engine().String())
		if err != nil {
			return lint.Target{Service: svc, Engine: t.Engine()}, t, nil // a dump of an engine lint has no table for
		}
		return tg, t, nil
	}
	eng := f.Engine
	if eng == "" {
		eng = lint.DefaultEngine(svc)
	} else if _, err := category.ForEngine(eng); err != nil {
		return lint.Target{}, nil, err
	}
	if e, err := category.ParseEngine(eng); err == nil && (svc == lint.Redis || svc == lint.Valkey) {
		svc = lint.Valkey // a self-managed server runs the engine given
		if e.Family == category.Redis {
			svc = lint.Redis
		}
	}
	tg, err := lint.NewTarget(svc.String(), eng)
	if err != nil {
		return lint.Target{}, nil, err
	}
	t, err := tg.Table()
	return tg, t, err
}

// exitError carries an exit code out of a subcommand.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// run parses args and runs the subcommand, returning the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runIn(&env{stdin: stdin, stdout: stdout, stderr: stderr, terminal: progress.IsTerminal(stdout)}, args)
}

// rawString decodes a string argument as its bytes. Kong's own mapper goes
// through JSON, which turns a byte that is not valid UTF-8 into U+FFFD: a
// key name or command line (a witness to replay) would lose it.
var rawString = kong.MapperFunc(func(ctx *kong.DecodeContext, target reflect.Value) error {
	t, err := ctx.Scan.PopValue("string")
	if err != nil {
		return err
	}
	s, ok := t.Value.(string)
	if !ok {
		return fmt.Errorf("expected a string, got %v", t.Value)
	}
	target.SetString(s)
	return nil
})

// runIn runs the subcommand of args in e. Every error it prints is masked
// (it may quote an argument) and terminal-safe.
func runIn(e *env, args []string) int {
	var c cli
	exitCode := -1
	parser, err := kong.New(&c,
		kong.Name("aclcheck"),
		kong.Description(description),
		kong.Writers(e.stdout, e.stderr),
		kong.Exit(func(code int) { exitCode = code; panic(errExit) }),
		kong.UsageOnError(),
		kong.KindMapper(reflect.String, rawString),
		grammarVars,
	)
	if err != nil {
		fmt.Fprintln(e.stderr, "aclcheck:", err)
		return exitUsage
	}
	code := func() (code int) {
		defer func() {
			if r := recover(); r != nil {
				if r != errExit {
					panic(r)
				}
				code = exitCode
			}
		}()
		ctx, err := parser.Parse(pasteAccess(parser.Model, args))
		if err != nil {
			// Kong's errors may quote an argument: an access string.
			fmt.Fprintln(e.stderr, "aclcheck:", human(acl.Redact(err.Error())))
			fmt.Fprintf(e.stderr, "Run \"%s --help\" for usage.\n", usagePath(err))
			return exitUsage
		}
		if err := ctx.Run(e); err != nil {
			var ee *exitError
			if errors.As(err, &ee) {
				if ee.err != nil {
					fmt.Fprintln(e.stderr, "aclcheck:", human(ee.err.Error()))
				}
				return ee.code
			}
			fmt.Fprintln(e.stderr, "aclcheck:", human(err.Error()))
			return exitUsage
		}
		return exitOK
	}()
	return code
}

var errExit = errors.New("exit")

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
