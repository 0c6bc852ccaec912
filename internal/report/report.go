// Package report is an output step after acl/reach: it lays out what a set
// of users can reach as one self-contained HTML page. A matrix of users by
// capability (escalation, dangerous commands, every key, reading and
// writing keys, channels, shared key space and each command category of
// the engine) links every cell to its evidence: the witness command line,
// the selector and the rules that decide, or why it is undecided. Below it,
// the pairs of users that share key space, each with a key and both
// witnesses.
//
// Every fact comes from [reach.Set]; this package only arranges them. The
// page has no scripts and loads nothing: its CSS is inline. Text from the
// input (user names, patterns, witnesses) is shown escaped: control bytes
// as \x1b, witnesses quoted as [termsafe.CommandLine] quotes them, and rule
// text redacted ([acl.Redact]); html/template escapes the rest by context.
package report

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/reach"
	"github.com/aclcheck/aclcheck/internal/termsafe"
)

// State is what a cell says.
type State uint8

const (
	No        State = iota // proven: no command line shows it
	Yes                    // a witness shows it
	Undecided              // neither could be shown
	Off                    // the user is disabled: it cannot authenticate
)

// Report is the content of the page, sorted and ready to render.
type Report struct {
	Engine  string
	Columns []Column
	Rows    []Row
	// Evidence holds every witness and undecided reason the cells link
	// to, row by row, in column order.
	Evidence []Evidence
	Pairs    []Pair
}

// Column is one capability.
type Column struct {
	Name  string // short heading: "escalate", "@read"
	Title string // what it asks
	Group string // "capability" or "category"
}

// Row is one user.
type Row struct {
	ID      string // anchor of the user's details
	User    string // escaped name
	Enabled bool
	Access  string // ACL LIST form, passwords masked
	Cells   []Cell
}

// Cell is one user's answer to one column.
type Cell struct {
	State State
	Href  string // "#w-3", or "" for No and Off
	Title string
	Text  string // a short detail: the key patterns, a count

	grant  *reach.Grant
	reason string
}

// Evidence is a witness or an undecided reason.
type Evidence struct {
	ID       string
	User     string
	Column   string
	Selector string
	Rule     string
	Line     string // the witness, rendered
	Name     string // the key or channel it reaches, escaped
	Note     string
	Reason   string // for Undecided
	// Replay is the user and the witness as one line that loses no byte
	// (termsafe.CommandLine), for tools that replay it ("" for Undecided).
	Replay string
}

// Pair is key space two users share.
type Pair struct {
	ID   string
	A, B string // escaped names
	Key  string // escaped
	WitA Evidence
	WitB Evidence
	Rows [2]string // anchors of both users
}

// Mark returns the symbol of s.
func (s State) Mark() string { return [...]string{"✗", "✓", "?", "–"}[s] }

// Class returns the CSS class of s.
func (s State) Class() string { return [...]string{"no", "yes", "undecided", "off"}[s] }

type question struct {
	col   Column
	q     *reach.Query                      // nil: the shares column, from Overlaps
	shown func(x acl.SelectorInfo) []string // patterns the cell lists
}

func ptr[T any](v T) *T { return &v }

// Build answers the report's questions over users (which must share a
// table) with reach.
func Build(users []*acl.User) (*Report, error) {
	if len(users) == 0 {
		return nil, fmt.Errorf("report: no users")
	}
	t := users[0].Table()
	users = slices.Clone(users)
	slices.SortStableFunc(users, func(a, b *acl.User) int { return strings.Compare(a.Name(), b.Name()) })
	set := reach.New(users)
	r := &Report{Engine: t.Engine().String()}

	dangerous, _ := t.Category("dangerous")
	keys := func(p acl.Perm) func(acl.SelectorInfo) []string {
		return func(x acl.SelectorInfo) []string {
			if x.AllKeys {
				return []string{"~*"}
			}
			var out []string
			for _, k := range x.Keys {
				switch {
				case k.Perm == acl.PermRead|acl.PermWrite:
					out = append(out, "~"+k.Pattern)
				case k.Perm&p != 0:
					out = append(out, "%"+k.Perm.String()+"~"+k.Pattern)
				}
			}
			return out
		}
	}
	qs := []question{
		{Column{"escalate", "can hand out everything: " + strings.ToUpper(strings.ReplaceAll(strings.Join(reach.Escalation, ", "), "|", " ")), "capability"}, ptr(reach.EscalateQuery()), nil},
		{Column{"dangerous", "can run a command of @dangerous", "capability"}, ptr(reach.CategoryQuery(t, dangerous)), nil},
		{Column{"all keys", "reaches every key: any key name, or KEYS, SCAN, RANDOMKEY, FLUSHALL, FLUSHDB, SWAPDB", "capability"}, ptr(reach.AllKeysQuery()), nil},
		{Column{"reads keys", "reads some key (R); the cell lists the patterns that grant R", "capability"}, ptr(reach.ReadQuery("*")), keys(acl.PermRead)},
		{Column{"writes keys", "writes some key (W); the cell lists the patterns that grant W", "capability"}, ptr(reach.WriteQuery("*")), keys(acl.PermWrite)},
		{Column{"channels", "publishes or subscribes to some channel; the cell lists the channel patterns", "capability"}, ptr(reach.ChannelQuery("*")), func(x acl.SelectorInfo) []string {
			if x.AllChannels {
				return []string{"&*"}
			}
			out := make([]string, len(x.Channels))
			for i, c := range x.Channels {
				out[i] = "&" + c
			}
			return out
		}},
		{Column{"shares keys", "reads or writes a key another user reads or writes; the cell counts those users", "capability"}, nil, nil},
	}
	sharesCol := len(qs) - 1
	for _, c := range t.Categories() {
		if c != dangerous {
			qs = append(qs, question{Column{"@" + c.String(), "can run a command of @" + c.String(), "category"}, ptr(reach.CategoryQuery(t, c)), nil})
		}
	}
	byUser := map[string]int{}
	for i, u := range users {
		byUser[u.Name()] = i
		r.Rows = append(r.Rows, Row{ID: fmt.Sprintf("user-%d", i), User: termsafe.Escape(u.Name()), Enabled: u.Enabled(), Access: termsafe.Escape(acl.Redact(u.Describe(true))),
			Cells: make([]Cell, len(qs))})
	}
	for ci, q := range qs {
		r.Columns = append(r.Columns, q.col)
		if q.q == nil {
			continue
		}
		a, err := set.WhoCan(*q.q)
		if err != nil {
			return nil, err
		}
		for _, g := range a.Grants {
			cell := &r.Rows[byUser[g.User]].Cells[ci]
			cell.State, cell.Title = Yes, q.col.Name+": "+termsafe.CommandLine(g.Witness)
			cell.grant = &g
		}
		for _, u := range a.Undecided {
			cell := &r.Rows[byUser[u.User]].Cells[ci]
			cell.State, cell.Title, cell.reason = Undecided, "undecided: "+termsafe.Escape(u.Reason), u.Reason
		}
		if q.shown != nil {
			for i, u := range users {
				var ps []string
				for s := range u.Selectors() {
					ps = append(ps, q.shown(u.Selector(s))...)
				}
				slices.Sort(ps)
				r.Rows[i].Cells[ci].Text = termsafe.Escape(strings.Join(slices.Compact(ps), " "))
			}
		}
	}
	pairs, every, undecided, err := set.Overlaps()
	if err != nil {
		return nil, err
	}
	share := make([][]int, len(users)) // pair indexes by user
	slices.SortStableFunc(pairs, func(a, b reach.Overlap) int {
		return cmp.Or(strings.Compare(a.A.User, b.A.User), strings.Compare(a.B.User, b.B.User))
	})
	for _, p := range pairs {
		ia, ib := byUser[p.A.User], byUser[p.B.User]
		id := fmt.Sprintf("pair-%d", len(r.Pairs))
		r.Pairs = append(r.Pairs, Pair{ID: id, A: termsafe.Escape(p.A.User), B: termsafe.Escape(p.B.User), Key: termsafe.Escape(p.Key),
			WitA: evidence("", "shares keys", p.A), WitB: evidence("", "shares keys", p.B), Rows: [2]string{r.Rows[ia].ID, r.Rows[ib].ID}})
		share[ia], share[ib] = append(share[ia], len(r.Pairs)-1), append(share[ib], len(r.Pairs)-1)
	}
	for i := range users {
		if n := len(share[i]); n > 0 {
			r.Rows[i].Cells[sharesCol] = Cell{State: Yes, Href: "#" + r.Pairs[share[i][0]].ID, Text: fmt.Sprint(n), Title: fmt.Sprintf("other users it shares keys with: %d (see the pairs)", n)}
		}
	}
	for _, g := range every {
		c := &r.Rows[byUser[g.User]].Cells[sharesCol]
		c.State, c.Text, c.Title, c.grant = Yes, "all", "reaches every key, so shares keys with every user that reaches any", &g
	}
	for _, u := range undecided {
		c := &r.Rows[byUser[u.User]].Cells[sharesCol]
		if c.State == No {
			c.State, c.Title, c.reason = Undecided, "undecided: "+termsafe.Escape(u.Reason), u.Reason
		}
	}
	// Evidence, row by row, and the cells' links to it.
	for i := range r.Rows {
		row := &r.Rows[i]
		for ci := range row.Cells {
			c := &row.Cells[ci]
			if !row.Enabled {
				*c = Cell{State: Off, Title: "disabled: cannot authenticate", Text: c.Text}
				continue
			}
			id := fmt.Sprintf("e-%d", len(r.Evidence))
			switch {
			case c.Href != "":
				continue // a link to the pairs
			case c.grant != nil:
				r.Evidence = append(r.Evidence, evidence(id, r.Columns[ci].Name, *c.grant))
			case c.State == Undecided:
				r.Evidence = append(r.Evidence, Evidence{ID: id, User: row.User, Column: r.Columns[ci].Name, Reason: termsafe.Escape(c.reason)})
			default:
				if c.State == No {
					c.Title = "proven: no command line allows it"
				}
				continue
			}
			c.Href = "#" + id
		}
	}
	return r, nil
}

// evidence turns a grant into what the page shows.
func evidence(id, column string, g reach.Grant) Evidence {
	name := g.Key
	if g.Channel != "" {
		name = g.Channel
	}
	e := Evidence{ID: id, User: termsafe.Escape(g.User), Column: column, Selector: termsafe.Escape(acl.Redact(g.Selector)), Rule: termsafe.Escape(acl.Redact(g.Rule)),
		Line: termsafe.CommandLine(g.Witness), Note: termsafe.Escape(g.Note), Replay: termsafe.CommandLine(append([]string{g.User}, g.Witness...))}
	if name != "" {
		e.Name = termsafe.CommandLine([]string{name})
	}
	return e
}

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Parse(pageText))

// WriteHTML writes the page.
func (r *Report) WriteHTML(w io.Writer) error { return page.Execute(w, r) }
