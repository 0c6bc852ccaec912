package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint"
)

type importCmd struct {
	Engine  string `default:"valkey-8.0" placeholder:"E" help:"Target engine."`
	Service string `enum:"elasticache,elasticache-serverless,memorydb" default:"elasticache" help:"Target service: elasticache, elasticache-serverless or memorydb."`
	Format  string `enum:"text,json" default:"text" help:"Output format: text or json."`
	File    string `arg:"" optional:"" default:"-" help:"users.acl or ACL LIST output; - for standard input."`
}

func (c *importCmd) Help() string {
	return `Reads users.acl or ACL LIST output ("user NAME rules…") and prints, per user, an
access string ready for ElastiCache or MemoryDB: passwords and hashes are removed
(set them through the API), reset is replaced by its explicit equivalent, and
what the target engine lacks is reported. A CreateUser JSON skeleton without
secrets follows each user.

Examples:
  aclcheck import users.acl
  redis-cli ACL LIST | aclcheck import --service memorydb --engine valkey-7.2 -`
}

// importedUser is one user as import prints it.
type importedUser struct {
	Name         string         `json:"name"`
	AccessString string         `json:"access_string"`
	Notes        []string       `json:"notes,omitempty"`
	Findings     []string       `json:"findings,omitempty"`
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
	var r io.Reader = e.stdin
	if c.File != "-" {
		f, err := os.Open(c.File)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		defer f.Close()
		r = f
	}
	var users []importedUser
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		words := strings.Fields(sc.Text())
		if len(words) == 0 || strings.HasPrefix(words[0], "#") {
			continue
		}
		if words[0] != "user" || len(words) < 2 {
			return &exitError{exitUsage, fmt.Errorf("%s:%d: not a user line (want \"user NAME rules…\")", c.File, line)}
		}
		users = append(users, c.convert(linter, target, words[1], words[2:]))
	}
	if err := sc.Err(); err != nil {
		return &exitError{exitUsage, err}
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(users)
	}
	for _, u := range users {
		fmt.Fprintf(e.stdout, "user %s\n  access string: %s\n", u.Name, u.AccessString)
		for _, n := range u.Notes {
			fmt.Fprintf(e.stdout, "  note: %s\n", n)
		}
		for _, f := range u.Findings {
			fmt.Fprintf(e.stdout, "  %s\n", f)
		}
		var skeleton strings.Builder
		enc := json.NewEncoder(&skeleton)
		enc.SetEscapeHTML(false)
		enc.SetIndent("  ", "  ")
		enc.Encode(u.CreateUser)
		fmt.Fprintf(e.stdout, "  CreateUser: %s", skeleton.String())
	}
	return nil
}

// convert makes one user's rules fit for the service.
func (c *importCmd) convert(linter *lint.Linter, target lint.Target, name string, rules []string) importedUser {
	u := importedUser{Name: name}
	var kept []string
	secrets, nopass := 0, false
	for _, w := range rules {
		switch lw := strings.ToLower(w); {
		case w == "":
		case strings.IndexByte("><#!", w[0]) >= 0:
			secrets++
		case lw == "nopass":
			nopass = true
		case lw == "resetpass":
		case lw == "reset":
			kept = append(kept, "off", "resetkeys", "resetchannels", "-@all")
			u.Notes = append(u.Notes, "reset replaced by off resetkeys resetchannels -@all (the service manages passwords)")
		default:
			kept = append(kept, w)
		}
	}
	if secrets > 0 {
		u.Notes = append(u.Notes, fmt.Sprintf("%d password or hash rule(s) removed: set passwords through the API (Passwords)", secrets))
	}
	if nopass {
		u.Notes = append(u.Notes, "nopass removed: use AuthenticationMode no-password-required (not recommended)")
	}
	u.AccessString = strings.Join(kept, " ")
	for _, d := range linter.Validate(u.AccessString) {
		if d.Severity == lint.Error {
			u.Findings = append(u.Findings, fmt.Sprintf("%s: %s: %s: %s", d.Subject.Start, d.Severity, d.RuleID, d.Summary))
		}
	}
	auth := map[string]any{"Type": "password", "Passwords": []string{"<set through the API>"}}
	if nopass && !(target.Service == lint.MemoryDB) {
		auth = map[string]any{"Type": "no-password-required"}
	}
	engine := "valkey"
	if strings.HasPrefix(target.Engine, "redis") {
		engine = "redis"
	}
	u.CreateUser = map[string]any{"UserName": name, "AccessString": u.AccessString, "AuthenticationMode": auth}
	if !(target.Service == lint.MemoryDB) {
		u.CreateUser["UserId"] = userID(name)
		u.CreateUser["Engine"] = engine
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
