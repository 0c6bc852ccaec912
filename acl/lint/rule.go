package lint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"
)

// Scope says what a rule looks at.
type Scope uint8

// Scopes.
const (
	// ScopeAccess rules run once per access string.
	ScopeAccess Scope = iota
	// ScopeResource rules run once per input on its users and groups.
	ScopeResource
	// ScopeMeta rules are reported by the linter itself (suppressions).
	ScopeMeta
	// ScopeFile rules run once per input on the file as a whole (an ACL
	// file as the server loads it).
	ScopeFile
)

// Rule is one check. Rules are values registered in this package; each has a
// stable ID: a prefix "AC" and four digits whose first digit is the
// category (1 engine syntax, 2 AWS restrictions, 3 service behaviour, 4 AWS
// users and groups, 5 risky permissions, 6 rules without effect, 9
// suppressions). IDs are never renumbered or reused.
type Rule struct {
	// ID is the rule's stable identifier, e.g. "AC2001".
	ID string
	// Title is a short description in lower case without final period.
	Title string
	// Doc is one or more paragraphs explaining the rule.
	Doc string
	// Bad is a minimal input that triggers the rule and Good a similar one
	// that does not: lines of access strings or of an ACL file, or YAML in
	// the API format. They are read from testdata/rules/ID/bad.acl (or
	// .yaml) and good.acl (or .yaml) in this package's source, without
	// the test expectations in them.
	Bad, Good string
	// ExampleTarget is the target Bad and Good are meant for
	// ("elasticache/redis-6.2").
	ExampleTarget string
	// Severity is the default severity; a diagnostic may be reported with a
	// lower one where the rule says so.
	Severity Severity
	// Scope says when Run is called.
	Scope Scope
	// Run inspects the pass and reports diagnostics through it.
	Run func(*Pass)

	badFile, goodFile string // the example files in [examples]
}

var registry = map[string]*Rule{}

// register adds r to the registry; it panics on a duplicate or malformed ID,
// at package initialisation.
func register(r *Rule) *Rule {
	if len(r.ID) != 6 || !strings.HasPrefix(r.ID, "AC") || strings.Trim(r.ID[2:], "0123456789") != "" {
		panic("lint: malformed rule ID " + r.ID)
	}
	if registry[r.ID] != nil {
		panic("lint: duplicate rule ID " + r.ID)
	}
	if !r.Severity.IsValid() {
		panic("lint: rule " + r.ID + " has no severity")
	}
	r.loadExamples()
	registry[r.ID] = r
	return r
}

// Rules returns every rule, sorted by ID.
func Rules() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns the rule with the given ID (ASCII case-insensitive), or
// nil.
func Lookup(id string) *Rule { return registry[strings.ToUpper(id)] }

// Explain returns the rule's documentation as plain text: ID, title,
// severity, doc, and the Bad and Good examples.
func (r *Rule) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\nDefault severity: %s.\n\n%s\n", r.ID, r.Title, r.Severity, strings.TrimSpace(r.Doc))
	if r.Bad != "" {
		fmt.Fprintf(&b, "\nBad (%s):\n\n%s\n", r.ExampleTarget, indent(r.Bad))
	}
	if r.Good != "" {
		fmt.Fprintf(&b, "\nGood:\n\n%s\n", indent(r.Good))
	}
	return b.String()
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n")
}

// Pass is what a rule sees. For ScopeAccess rules it holds one access
// string, parsed and compiled; for ScopeResource rules the users and groups
// of one input. Rules report through [Pass.Report] and never print.
type Pass struct {
	// Target is the service and engine checked for.
	Target Target
	// Table is the command table of the target.
	Table *category.Table

	// Source is the access string's origin (ScopeAccess).
	Source *input.Source
	// Access is the parsed access string (ScopeAccess).
	Access *acl.AccessString
	// Errors are the syntax and binding errors of Access ([acl.Bind]).
	Errors acl.ErrorList
	// CompileErrors are the state errors [acl.Compile] reports, each found
	// after removing the rules that failed before it.
	CompileErrors []*acl.Error
	// User is Access compiled without the rules that have errors (and,
	// for AWS services, without password rules), or nil if even that
	// fails.
	User *acl.User
	// Compiled is Access with those rules removed: the tree User comes from.
	Compiled *acl.AccessString

	// Input holds the users and groups (ScopeResource), or the file
	// (ScopeFile).
	Input *input.Input

	rule      *Rule
	report    func(Diagnostic)
	selectors []acl.SelectorInfo // User's, on first use
	decisions []decision         // decidingRule's answers
	loaded    *acl.FileResult    // aclFile's answer
}

// Selector returns User.Selector(i), made once per pass: rules must not
// modify its slices.
func (p *Pass) Selector(i int) acl.SelectorInfo {
	if p.selectors == nil {
		p.selectors = make([]acl.SelectorInfo, p.User.Selectors())
		for j := range p.selectors {
			p.selectors[j] = p.User.Selector(j)
		}
	}
	return p.selectors[i]
}

// Report records a diagnostic; RuleID and, if unset, Severity are filled in
// from the running rule. The linter removes any secret of the input that a
// message might still contain.
func (p *Pass) Report(d Diagnostic) {
	d.RuleID = p.rule.ID
	if !d.Severity.IsValid() {
		d.Severity = p.rule.Severity
	}
	p.report(d)
}

// Reportf reports a diagnostic at r with the default severity.
func (p *Pass) Reportf(r acl.Range, summary, detail string, args ...any) {
	p.Report(Diagnostic{Subject: r, Summary: summary, Detail: fmt.Sprintf(detail, args...)})
}
