package lint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// AC1007 reports what makes the server refuse an ACL file.
var AC1007 = register(&Rule{
	ID:    "AC1007",
	Title: "ACL file refused by the server",
	Doc: `Redis and Valkey load an ACL file (aclfile, ACL LOAD) whole or not at all:
one bad line and the server does not start (or ACL LOAD fails), and no user
of the file is loaded. The server takes only "user NAME rules…" lines and
blank lines. It refuses comment lines ("#" — there are no comments in ACL
files), ACL SETUSER lines, continuation lines (a backslash does not join
lines), "User" in another case, a second line for the same user, a user
name holding whitespace, and words separated by tabs (only single spaces
separate words; "on<TAB>~*" is one rule). A selector that is never closed
makes every engine crash while loading the file. Each finding quotes the
server's message and line. Errors in the rules themselves are reported by
AC1001 to AC1006. To suppress a finding in an ACL file, put the suppression
in .aclcheck.yaml (ignore:), not in the file. A redis.conf with both user
directives and aclfile is refused too.`,
	ExampleTarget: "redis/redis-7.2",
	Severity:      Error,
	Scope:         ScopeFile,
	Run: func(p *Pass) {
		if cfg := p.Input.Config; cfg != nil && cfg.ACLFile.Set && len(cfg.UserLines) > 0 && !p.Target.Service.IsAWS() {
			p.Report(Diagnostic{Subject: cfg.ACLFile.Range, Summary: "aclfile with user directives: the server does not start",
				Detail: fmt.Sprintf("The server refuses a configuration with users both in the configuration file (line %d) and in an ACL file: \"Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid\". Keep the users in one place.", cfg.UserLines[0])})
		}
		res := p.aclFile()
		if res == nil {
			return
		}
		content := p.Input.Content
		first := firstDefined(p.Input, res)
		nul := strings.IndexByte(content, 0) >= 0
		const whole = "The server refuses the whole file: it does not start, or ACL LOAD fails, and no user of the file is loaded."
		for _, e := range res.Errors {
			msg := strings.TrimSpace(strings.TrimPrefix(e.Text, p.Input.Filename))
			msg = strings.TrimSuffix(strings.TrimPrefix(msg, ":"), ".")
			server := fmt.Sprintf("The server logs %q. %s", e.Text[:len(e.Text)-1], whole)
			at := min(max(e.Range.Start.Offset, 0), len(content))
			start := strings.LastIndexByte(content[:at], '\n') + 1 // of e's line
			line := strings.TrimSpace(lineText(content[start:], 1))
			p.hideLineSecrets(start, min(max(e.Range.End.Offset, at), len(content)))
			switch {
			case errors.Is(e.Err, acl.ErrNotUserLine):
				summary, fix := "line is not a `user` line", "Write `user NAME rules…`."
				prev := ""
				if start > 0 {
					prev = strings.TrimSpace(lineText(content[strings.LastIndexByte(content[:start-1], '\n')+1:], 1))
				}
				switch {
				case strings.HasPrefix(line, "#"):
					summary, fix = "comment line in an ACL file", "ACL files have no comments: remove the line. Keep notes beside the file, and aclcheck suppressions in .aclcheck.yaml (ignore:)."
				case e.Line > 1 && strings.HasSuffix(prev, "\\"):
					summary, fix = "continuation line in an ACL file", "A backslash does not continue a line: put each user's rules on one line."
				case len(line) > 12 && strings.EqualFold(line[:12], "acl setuser "):
					summary, fix = "ACL SETUSER line in an ACL file", "An ACL file holds `user NAME rules…` lines: replace `ACL SETUSER` by `user`."
				case strings.HasPrefix(line, "user\t"):
					summary, fix = "tab after `user`", "Only single spaces separate the words of an ACL file line."
				}
				p.Report(Diagnostic{Subject: e.Range, Summary: summary, Detail: server + " " + fix})
			case errors.Is(e.Err, acl.ErrDuplicateUser):
				name := p.Input.Content[e.Range.Start.Offset:e.Range.End.Offset]
				d := Diagnostic{Subject: e.Range, Summary: "user " + quoteWord(name) + " defined again", Detail: server + " Merge the lines into one."}
				if s := first[name]; s != nil && s.Start.Line < e.Line {
					d.Related = append(d.Related, Related{Message: "first defined here", Range: acl.Range{Start: s.Start, End: s.Start}})
				}
				p.Report(d)
			case errors.Is(e.Err, acl.ErrFileUserName):
				p.Report(Diagnostic{Subject: e.Range, Summary: "user name holds whitespace", Detail: server + " Separate the words of the line with single spaces."})
			case errors.Is(e.Err, acl.ErrFileCrash):
				p.Report(Diagnostic{Subject: e.Range, Summary: "selector never closed: the server crashes loading the file",
					Detail: "Redis 7.0, 7.2 and Valkey 8.0 dereference a NULL pointer on an unmatched parenthesis in an ACL file and crash at startup (or at ACL LOAD). Close the selector with `)`."})
			default:
				// A rule's error: AC1001 to AC1006 report it, unless the
				// server sees another word than the string rules do (a
				// tab inside it, a NUL byte in the line).
				word := content[min(e.Range.Start.Offset, len(content)):min(e.Range.End.Offset, len(content))]
				if !strings.ContainsAny(word, "\t\v\f\r") && !nul {
					continue
				}
				p.Report(Diagnostic{Subject: e.Range, Summary: msg,
					Detail: server + " Only single spaces separate the words of an ACL file line: a tab is part of the word."})
			}
		}
	},
})

// firstDefined returns the first access string of each user the ACL file
// defines twice, in one reading of the input.
func firstDefined(in *input.Input, res *acl.FileResult) map[string]*input.Source {
	first := map[string]*input.Source{}
	for _, e := range res.Errors {
		if errors.Is(e.Err, acl.ErrDuplicateUser) {
			first[in.Content[e.Range.Start.Offset:e.Range.End.Offset]] = nil
		}
	}
	if len(first) == 0 {
		return nil
	}
	left := len(first)
	for s := range in.AllStrings() {
		if f, ok := first[s.UserName]; ok && f == nil {
			first[s.UserName] = s
			if left--; left == 0 {
				break
			}
		}
	}
	return first
}
