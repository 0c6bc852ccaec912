package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/permdiff"
	"github.com/aclcheck/aclcheck/category"
)

type importCmd struct {
	Engine  string `default:"valkey-8.0" placeholder:"E" help:"Target engine."`
	Service string `enum:"elasticache,elasticache-serverless,memorydb" default:"elasticache" help:"Target service: elasticache, elasticache-serverless or memorydb."`
	Format  string `enum:"text,json" default:"text" help:"Output format: text or json."`
	File    string `arg:"" optional:"" default:"-" help:"users.acl or ACL LIST output; - (the default) for standard input."`
}

func (c *importCmd) Help() string {
	return `Reads users.acl or ACL LIST output ("user NAME rules…" lines, also as
redis-cli prints them on a terminal: 1) "user …") and prints, per user, an
access string ready for ElastiCache or MemoryDB:

  - passwords and hashes are removed (set them through the API), and nopass
    becomes the authentication mode where the service has one;
  - reset is replaced by its explicit equivalent (off resetkeys resetchannels
    -@all, plus sanitize-payload from 6.2 and clearselectors from 7.0);
  - what the target engine or service lacks or forbids is reported as lint
    errors (selectors or %R~ before 7.0, restricted commands, …);
  - the result is checked to grant exactly what the original did.

A CreateUser JSON skeleton without secrets follows each user. Exit status: 0
when every user converts cleanly, 1 when some user has errors left to fix, 2
for unreadable input.

Examples:
  aclcheck import users.acl
  redis-cli ACL LIST | aclcheck import --service memorydb --engine valkey-7.2
  aclcheck import --format json --engine redis-6.2 users.acl`
}

// importedUser is one user as import prints it.
type importedUser struct {
	Name         string         `json:"name"`
	AccessString string         `json:"access_string"`
	Notes        []string       `json:"notes,omitempty"`
	Errors       []string       `json:"errors,omitempty"`
	CreateUser   map[string]any `json:"create_user"`
}

func (c *importCmd) Run(e *env) error {
	target, err := lint.NewTarget(c.Service, c.Engine)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	linter, err := lint.New(lint.Config{Target: target})
	if err != nil {
		return &exitError{exitUsage, err}
	}
	t, err := category.ForEngine(c.Engine)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	r, err := e.openInput(c.File)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	defer r.Close()
	name := c.File
	if name == "-" {
		name = "<stdin>"
	}
	var users []importedUser
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		text := unwrapCLI(sc.Text())
		words := strings.Fields(text)
		if len(words) == 0 || strings.HasPrefix(words[0], "#") {
			continue
		}
		if words[0] != "user" || len(words) < 2 {
			return &exitError{exitUsage, fmt.Errorf("%s:%d: not a user line (want \"user NAME rules…\")", name, line)}
		}
		users = append(users, c.convert(linter, target, t, words[1], words[2:]))
	}
	if err := sc.Err(); err != nil {
		return &exitError{exitUsage, fmt.Errorf("%s: %w", name, err)}
	}
	if len(users) == 0 {
		return &exitError{exitUsage, fmt.Errorf("%s: no user lines", name)}
	}
	failed := false
	for _, u := range users {
		failed = failed || len(u.Errors) > 0
	}
	if c.Format == "json" {
		if err := e.writeJSON(struct {
			Users any `json:"users"`
		}{users}); err != nil {
			return err
		}
	} else {
		for _, u := range users {
			fmt.Fprintf(e.stdout, "user %s\n  access string: %s\n", e.data(u.Name), e.data(u.AccessString))
			for _, n := range u.Notes {
				fmt.Fprintf(e.stdout, "  note: %s\n", human(n))
			}
			for _, f := range u.Errors {
				fmt.Fprintf(e.stdout, "  %s %s\n", paint(e.stdout, red, "error:"), human(f))
			}
			var skeleton strings.Builder
			enc := json.NewEncoder(&skeleton)
			enc.SetEscapeHTML(false)
			enc.SetIndent("  ", "  ")
			enc.Encode(u.CreateUser)
			fmt.Fprintf(e.stdout, "  CreateUser: %s", e.jsonData(skeleton.String()))
		}
	}
	if failed {
		return &exitError{code: exitFindings}
	}
	return nil
}

// cliLine matches a line of redis-cli's terminal output: 1) "user …".
var cliLine = regexp.MustCompile(`^\s*\d+\)\s+(".*")\s*$`)

// unwrapCLI returns the ACL LIST line inside redis-cli's terminal
// formatting, or the line unchanged.
func unwrapCLI(line string) string {
	m := cliLine.FindStringSubmatch(line)
	if m == nil {
		return line
	}
	if s, err := strconv.Unquote(m[1]); err == nil {
		return s
	}
	return m[1][1 : len(m[1])-1]
}

// resetEquivalent is what reset does apart from its password part, as
// explicit rules for a target.
func resetEquivalent(target lint.Target) []string {
	rules := []string{"off", "resetkeys", "resetchannels"}
	if target.Engine.HasSelectors() {
		rules = append(rules, "clearselectors")
	}
	if target.Engine.HasChannelRules() {
		rules = append(rules, "sanitize-payload")
	}
	return append(rules, "-@all")
}

var memoryDBName = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*$`)

// convert makes one user's rules fit for the service.
func (c *importCmd) convert(linter *lint.Linter, target lint.Target, t *category.Table, name string, rules []string) importedUser {
	u := importedUser{Name: name}
	// A password or hash rule written where the name goes is not shown.
	hidden := acl.RedactWord(name) != name
	if hidden {
		u.Name, name = acl.RedactWord(name), "<rename>"
		u.Errors = append(u.Errors, "the user name "+u.Name+" looks like a password or hash rule (written where the name goes?): it is not shown; give the user a name")
	}
	var kept, orig []string
	secrets, nopass, reset := 0, false, false
	for _, w := range rules {
		if acl.RedactWord(w) == w[:1]+acl.Mask {
			secrets++ // a password or hash rule
			continue
		}
		switch lw := strings.ToLower(w); {
		case lw == "nopass":
			nopass = true
		case lw == "resetpass":
		case lw == "reset":
			reset = true
			kept = append(kept, resetEquivalent(target)...)
		default:
			kept = append(kept, w)
		}
		orig = append(orig, w)
	}
	if secrets > 0 {
		u.Notes = append(u.Notes, fmt.Sprintf("%s removed: set passwords through the API (Passwords)", plural(secrets, "password or hash rule")))
	}
	if reset {
		u.Notes = append(u.Notes, "reset replaced by "+strings.Join(resetEquivalent(target), " ")+" (the service manages passwords)")
	}
	elastiCache := target.Service.IsElastiCache()
	noPassword := nopass && elastiCache && target.Engine.Family == category.Redis
	switch {
	case noPassword:
		u.Notes = append(u.Notes, "nopass removed: AuthenticationMode no-password-required (not recommended)")
	case nopass:
		u.Notes = append(u.Notes, fmt.Sprintf("nopass removed: %s on %s has no password-free users; use a password or IAM", target.Service, target.Engine))
	}
	// A selector may still hold a password (a syntax error): it stays,
	// masked, and is reported.
	u.AccessString = acl.Redact(strings.Join(kept, " "))
	if u.AccessString == "" {
		u.AccessString = "off -@all"
		u.Notes = append(u.Notes, "no rules left: the service needs an access string, off -@all is the console's default")
	}
	for _, d := range linter.Validate(u.AccessString) {
		if d.Severity == lint.Error {
			u.Errors = append(u.Errors, fmt.Sprintf("%s: %s: %s", d.Subject.Start, d.RuleID, d.Summary))
		}
	}
	// The result must grant what the original did, passwords aside.
	before, errBefore := compileUser("u", t, strings.Join(orig, " "))
	after, errAfter := compileUser("u", t, u.AccessString)
	switch {
	case errBefore != nil:
		u.Errors = append(u.Errors, "the original rules do not apply on "+target.Engine.String()+": "+errBefore.Error())
	case errAfter == nil:
		d := permdiff.Compare(before, after)
		d.NoPass, d.Passwords = nil, nil
		for _, l := range d.Lines() {
			u.Errors = append(u.Errors, "differs from the original: "+l)
		}
	}
	auth := map[string]any{"Type": "password", "Passwords": []string{"<set through the API>"}}
	if noPassword {
		auth = map[string]any{"Type": "no-password-required"}
	}
	u.CreateUser = map[string]any{"UserName": name, "AccessString": u.AccessString, "AuthenticationMode": auth}
	if elastiCache {
		id := userID(name)
		if hidden {
			id = name
		}
		if id == "default" {
			id = "imported-default"
			u.Notes = append(u.Notes, "the built-in default user cannot be modified: create this user with UserName default and a new UserId, then swap it into the user group")
		}
		u.CreateUser["UserId"] = id
		u.CreateUser["Engine"] = target.Engine.Family.String()
	} else if !hidden && !memoryDBName.MatchString(name) {
		u.Errors = append(u.Errors, "MemoryDB user names start with a letter and hold only letters, digits and hyphens: rename "+strconv.Quote(name))
	}
	return u
}

// userID derives an ElastiCache user id ([a-zA-Z][a-zA-Z0-9-]*, stored in
// lower case) from a user name.
func userID(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	id := b.String()
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		id = "u-" + id
	}
	return id
}
