package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/lossless"
	"github.com/aclcheck/aclcheck/internal/progress"
)

type checkCmd struct {
	targetFlags
	User    string   `default:"default" help:"User name the engine's denial messages name."`
	Explain bool     `help:"Explain which selector and rule decided, and why each key and channel passed or failed."`
	Format  string   `enum:"text,json" default:"text" help:"Output format: text or json."`
	Batch   string   `placeholder:"FILE" help:"Answer many {\"access\":…,\"argv\":[…]} JSON lines (- for standard input); prints {\"allowed\":…,\"reply\":…} lines."`
	Access  string   `arg:"" optional:"" help:"Access string."`
	Argv    []string `arg:"" optional:"" help:"Command line, after --."`
}

func (c *checkCmd) Help() string {
	return `Says whether an access string allows a command line, with the verdict and
message of the engine's ACL DRYRUN. Exit status: 0 allowed, 1 denied (or an
invalid command line: unknown command, wrong number of arguments), 2 for an
invalid access string or usage error.

Examples:
  aclcheck check 'on ~app:* -@all +@read' -- GET app:1
  aclcheck check --engine redis-7.0 'on ~app:* -@all +@read' -- SET app:1 x
  aclcheck check --explain 'on %R~app:* +@all (~tmp:* +set)' -- SET app:1 x
  aclcheck check --batch cases.jsonl`
}

func (c *checkCmd) Run(e *env) error {
	tg, t, err := c.target()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if c.Batch != "" {
		if c.Access != "" || len(c.Argv) > 0 {
			return &exitError{exitUsage, errors.New("--batch takes its access strings and command lines from the file, not the command line")}
		}
		return c.batch(e, t)
	}
	if c.Access == "" && len(c.Argv) == 0 {
		return &exitError{exitUsage, errors.New("check needs an access string and a command line: check ACCESS -- CMD [ARG…]")}
	}
	if len(c.Argv) == 0 {
		return &exitError{exitUsage, errors.New("no command line: check ACCESS -- CMD [ARG…]")}
	}
	u, err := compileUser(c.User, t, c.Access)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	d := u.Check(c.Argv)
	v := verdict{u.Explain(c.Argv), verdictNotes{Service: tg.Service.String(), Enabled: u.Enabled()}}
	if d.Command != nil {
		v.ServiceDenied, _ = tg.Unavailable(d.Command)
	}
	ex := v.Explanation // the engine's, printed by --explain
	allowed := d.Allowed() && v.ServiceDenied == ""
	v.Allowed = allowed
	switch {
	case c.Format == "json":
		if err := e.writeJSON(v); err != nil {
			return err
		}
	case c.Explain:
		fmt.Fprintln(e.stdout, human(ex.String()))
		v.notes(e.stdout)
	case allowed:
		fmt.Fprintln(e.stdout, paint(e.stdout, green, "allowed"))
		if d.SortPatternDenied {
			fmt.Fprintln(e.stdout, "note: ACL DRYRUN says OK, but executing it is refused: SORT BY <pattern>/GET needs unrestricted read access")
		}
		v.notes(e.stdout)
	case v.ServiceDenied != "":
		fmt.Fprintln(e.stdout, paint(e.stdout, red, "denied")+": "+v.ServiceDenied)
		fmt.Fprintln(e.stdout, "note: ACL DRYRUN on the engine says "+human(d.Reply()))
	default:
		fmt.Fprintln(e.stdout, paint(e.stdout, red, "denied")+": "+human(d.Reply()))
	}
	if !allowed {
		return &exitError{code: exitFindings}
	}
	return nil
}

// verdict is check's answer: the engine's explanation, and what the
// service and the user's state add to it. Allowed is false when the
// service makes the command unavailable (ServiceDenied says why).
type verdict struct {
	acl.Explanation
	verdictNotes
}

// verdictNotes are what the service and the user's state add.
type verdictNotes struct {
	Service       string `json:"service"`
	ServiceDenied string `json:"service_denied,omitempty"`
	// Enabled is false for an off user: ACL DRYRUN answers for it, but it
	// cannot log in.
	Enabled bool `json:"enabled"`
}

// MarshalJSON encodes the explanation (as [acl.Explanation.MarshalJSON]
// does) and the notes.
func (v verdict) MarshalJSON() ([]byte, error) {
	return lossless.Object{v.Explanation, v.verdictNotes}.MarshalJSON()
}

// notes prints what the verdict adds to the engine's answer.
func (v verdict) notes(w io.Writer) {
	if v.ServiceDenied != "" {
		fmt.Fprintln(w, "denied by the service: "+v.ServiceDenied)
	}
	if !v.Enabled {
		fmt.Fprintln(w, "note: the user is off: ACL DRYRUN allows what its rules allow, but it cannot log in (add on)")
	}
}

// compileUser parses access in the table's dialect and compiles it for a
// new user called name. Errors name the position and mask secrets.
func compileUser(name string, t *category.Table, access string) (*acl.User, error) {
	a, err := acl.Parse(access, acl.WithDialect(acl.DialectOf(t)), acl.WithFilename("<access>"))
	if a == nil {
		return nil, err
	}
	u, err := acl.Compile(a, t, name)
	if err != nil {
		return nil, fmt.Errorf("invalid access string: %w", err)
	}
	return u, nil
}

type batchCase struct {
	Access string   `json:"access"`
	Argv   []string `json:"argv"`
	// ArgvBase64, when given, is the command line in base64 (the
	// argv_base64 or witness_base64 of aclcheck's JSON): bytes that are not
	// valid UTF-8 cannot be a JSON string.
	ArgvBase64 []string `json:"argv_base64"`
}

type batchAnswer struct {
	Allowed bool   `json:"allowed"`
	Reply   string `json:"reply"`
	Error   string `json:"error,omitempty"`
}

func (c *checkCmd) batch(e *env, t *category.Table) error {
	r, err := e.openInput(c.Batch)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	w, done := e.jsonOut()
	defer done()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	users := map[string]*acl.User{} // compiled once per distinct access string
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var bc batchCase
		if err := json.Unmarshal(sc.Bytes(), &bc); err != nil {
			return &exitError{exitUsage, fmt.Errorf("%s:%d: %w", c.Batch, line, err)}
		}
		u, ok := users[bc.Access]
		if !ok {
			var err error
			if u, err = compileUser(c.User, t, bc.Access); err != nil {
				var ae *acl.Error
				ans := batchAnswer{Error: err.Error()}
				if errors.As(err, &ae) {
					ans.Reply = ae.Reply() // masked, like err.Error()
				}
				enc.Encode(ans)
				continue
			}
			users[bc.Access] = u
		}
		if bc.ArgvBase64 != nil {
			if bc.Argv, err = lossless.Decode(bc.ArgvBase64); err != nil {
				return &exitError{exitUsage, fmt.Errorf("%s:%d: argv_base64: %w", c.Batch, line, err)}
			}
		}
		if len(bc.Argv) == 0 {
			enc.Encode(batchAnswer{Error: "empty argv"})
			continue
		}
		d := u.Check(bc.Argv)
		enc.Encode(batchAnswer{Allowed: d.Allowed(), Reply: d.Reply()})
	}
	if err := sc.Err(); err != nil {
		return &exitError{exitUsage, err}
	}
	return nil
}

// ANSI colours for verdicts.
const (
	green = "\x1b[32m"
	red   = "\x1b[31m"
)

// paint colours s when w is a terminal that takes colours (not with
// NO_COLOR); anywhere else it returns s unchanged.
func paint(w io.Writer, color, s string) string {
	if !progress.Color(w) {
		return s
	}
	return color + s + "\x1b[0m"
}
