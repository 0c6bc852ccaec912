package conformance

import (
	"errors"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// Aspect names, as the replay report uses them.
const (
	AspectSetUser = "setuser"
	AspectACLList = "acl_list"
	AspectDryRun  = "dryrun"
)

// Tally counts agreements for one aspect.
type Tally struct {
	Agree int `json:"agree"`
	Total int `json:"total"`
}

// Mismatch is one disagreement between the library and the recording.
type Mismatch struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line"`
	Engine string `json:"engine"`
	Aspect string `json:"aspect"`
	Input  string `json:"input"`
	Want   string `json:"want"`
	Got    string `json:"got"`
}

// Report is the result of a replay.
type Report struct {
	Cases   int              `json:"cases"`
	Aspects map[string]Tally `json:"aspects"`
	// Engines breaks the aspects down per engine profile.
	Engines    map[string]map[string]Tally `json:"engines,omitempty"`
	Mismatches []Mismatch                  `json:"mismatches"`
	// MaxMismatches bounds how many mismatches are kept (default 50).
	MaxMismatches int `json:"-"`
}

// NewReport returns an empty report that keeps up to 50 mismatches.
func NewReport() *Report {
	return &Report{Aspects: map[string]Tally{
		AspectSetUser: {}, AspectACLList: {}, AspectDryRun: {},
	}, Engines: map[string]map[string]Tally{}, Mismatches: []Mismatch{}, MaxMismatches: 50}
}

// OK reports whether every aspect agrees fully.
func (r *Report) OK() bool {
	for _, t := range r.Aspects {
		if t.Agree != t.Total {
			return false
		}
	}
	return true
}

func (r *Report) count(engine, aspect string, ok bool, m Mismatch) {
	t := r.Aspects[aspect]
	t.Total++
	e := r.Engines[engine]
	if e == nil {
		e = map[string]Tally{}
		r.Engines[engine] = e
	}
	et := e[aspect]
	et.Total++
	if ok {
		t.Agree++
		et.Agree++
	} else if len(r.Mismatches) < r.MaxMismatches {
		m.Aspect = aspect
		// Mismatch reports are printed: passwords and hashes are masked.
		m.Input, m.Want, m.Got = acl.Redact(m.Input), acl.Redact(m.Want), acl.Redact(m.Got)
		r.Mismatches = append(r.Mismatches, m)
	}
	r.Aspects[aspect] = t
	e[aspect] = et
}

// Replay runs one case through the library and adds the outcome to the
// report. engine, when not empty, overrides the case's engine. Tables are
// looked up with category.ForEngine.
func (r *Report) Replay(file string, c Case, engine string) {
	if engine == "" {
		engine = Profile(c.Engine)
	}
	r.Cases++
	base := Mismatch{File: file, Line: c.Line, Engine: engine, Input: c.Access}
	t, err := category.ForEngine(engine)
	if err != nil {
		base.Got = err.Error()
		r.count(engine, AspectSetUser, false, withWant(base, c.SetUser))
		return
	}
	u, reply := SetUser(t, c.User, c.Access)
	r.count(engine, AspectSetUser, reply == c.SetUser, withGot(withWant(base, c.SetUser), reply))
	if c.SetUser != "OK" {
		return
	}
	if c.ACLList != "" {
		got := ""
		if u != nil {
			got = u.ACLList()
		}
		r.count(engine, AspectACLList, SameACLList(acl.DialectOf(t), c.ACLList, got), withGot(withWant(base, c.ACLList), got))
	}
	for _, d := range c.DryRun {
		got := "no user"
		if u != nil {
			got = u.DryRun(d.Argv...)
		}
		m := withGot(withWant(base, d.Reply), got)
		m.Input = c.Access + " -- " + strings.Join(d.Argv, " ")
		r.count(engine, AspectDryRun, got == d.Reply, m)
	}
}

func withWant(m Mismatch, s string) Mismatch { m.Want = s; return m }
func withGot(m Mismatch, s string) Mismatch  { m.Got = s; return m }

// SetUser applies access to a new user as "ACL SETUSER name access..."
// with the access string split at whitespace, and returns the user and the
// server's reply: "OK" or the error reply.
func SetUser(t *category.Table, name, access string) (*acl.User, string) {
	a, err := acl.Parse(access, acl.WithDialect(acl.DialectOf(t)))
	if a == nil {
		return nil, "ERR " + err.Error()
	}
	u, err := acl.Compile(a, t, name)
	if err != nil {
		var e *acl.Error
		if errors.As(err, &e) {
			return nil, e.UnredactedReply()
		}
		return nil, "ERR " + err.Error()
	}
	return u, "OK"
}

// SameACLList compares ACL LIST lines. Redis 7.0 prints single commands in
// a per-process random order, so for it each selector's part is compared
// as a multiset of tokens; other dialects must match exactly.
func SameACLList(d acl.Dialect, want, got string) bool {
	if d != acl.Redis70 {
		return want == got
	}
	a, b := splitSelectors(want), splitSelectors(got)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := strings.Fields(a[i]), strings.Fields(b[i])
		slices.Sort(x)
		slices.Sort(y)
		if !slices.Equal(x, y) {
			return false
		}
	}
	return true
}

// splitSelectors splits an ACL LIST line into the root part and each
// parenthesised selector without its parentheses.
func splitSelectors(line string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '(' && depth == 0 && (i == 0 || line[i-1] == ' '):
			parts = append(parts, line[start:i])
			depth, start = 1, i+1
		case line[i] == ')' && depth == 1 && (i == len(line)-1 || strings.HasPrefix(line[i+1:], " (")):
			parts = append(parts, line[start:i])
			depth, start = 0, i+1
		}
	}
	return append(parts, line[start:])
}
