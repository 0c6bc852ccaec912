package input

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// ServerSettings is what a server configuration file says about users.
type ServerSettings struct {
	// Sentinel is set for sentinel.conf, whose users have Sentinel's
	// command table (category.ForSentinel): SENTINEL and its subcommands,
	// ACL, AUTH, CLIENT, COMMAND, HELLO, INFO, PING, ROLE, SHUTDOWN and
	// Pub/Sub.
	Sentinel bool
	// RequirePass is set when requirepass gives the default user a
	// password.
	RequirePass bool
	// ACLFile is the aclfile directive (its value and range), when given:
	// the users are then in that file.
	ACLFile Field
	// UserLines are the lines of the user directives.
	UserLines []int
	// Renamed are the rename-command directives: ACL rules still name the
	// commands by their original names (checked on 7.0.15).
	Renamed []Renamed
	// PubsubDefault is the acl-pubsub-default directive (its value and
	// range), when given.
	PubsubDefault Field
}

// Renamed is a rename-command directive: Command is called To by clients
// ("" disables it).
type Renamed struct {
	Command, To string
	Range       acl.Range
}

// sentinelRe finds the directives of sentinel.conf.
var sentinelRe = regexp.MustCompile(`(?m)^[ \t]*sentinel[ \t]+(monitor|myid)`)

// secretDirectives are the configuration directives whose values are
// passwords: never shown, in a configuration file or after --directive on
// a server's command line (sentinel auth-pass and sentinel-pass too).
var secretDirectives = map[string]bool{
	"requirepass": true, "masterauth": true, "tls-key-file-pass": true, "tls-client-key-file-pass": true,
}

// isSentinel reports whether a configuration file is a Sentinel's: by its
// name (sentinel*.conf) or its sentinel monitor or myid directives.
func isSentinel(filename, content string) bool {
	return strings.Contains(strings.ToLower(path.Base(filename)), "sentinel") || sentinelRe.MatchString(content)
}

// readServerConfig reads a redis.conf, valkey.conf or sentinel.conf
// (sentinel, or detected by isSentinel): the
// access strings of its user directives (as an ACL file's lines), the
// password of requirepass (a secret) and the aclfile directive. Comments
// and other directives are skipped. A .conf file without a user,
// requirepass or aclfile directive holds nothing to lint (ErrNothing).
func readServerConfig(filename, content string, sentinel bool) (*Input, error) {
	in := &Input{Filename: filename, Content: content, Format: ServerConfig}
	cfg := &ServerSettings{}
	cfg.Sentinel = sentinel || isSentinel(filename, content)
	if cfg.Sentinel {
		in.Format, in.Service = Sentinel, Redis // Sentinel is self-managed
	}
	li := newLineIndex(filename, content)
	found := false
	for l := range lines(content) {
		n, line, lineStart := l.n, l.text, l.start
		t := strings.TrimLeft(line, " \t")
		lead := len(line) - len(t)
		if t == "" || t[0] == '#' {
			continue
		}
		word := t
		if i := strings.IndexAny(t, " \t"); i >= 0 {
			word = t[:i]
		}
		rest := strings.TrimLeft(t[len(word):], " \t")
		restOff := lineStart + lead + len(t) - len(rest)
		rest = strings.TrimRight(rest, " \t")
		if secretDirectives[strings.ToLower(word)] {
			in.Secrets = append(in.Secrets, acl.Secret{Range: li.rng(restOff, restOff+len(rest))})
		}
		switch strings.ToLower(word) {
		case "user":
			found = true
			cfg.UserLines = append(cfg.UserLines, n)
			name := rest
			if i := strings.IndexAny(rest, " \t"); i >= 0 {
				name = rest[:i]
			}
			rules := strings.TrimLeft(rest[len(name):], " \t")
			rulesOff := restOff + len(rest) - len(rules)
			in.Strings = append(in.Strings, &Source{Text: rules, Start: li.pos(rulesOff), Origin: FromACLFile, UserName: name})
		case "requirepass":
			found = true
			v := unquoteConf(rest)
			cfg.RequirePass = v != ""
		case "sentinel":
			// sentinel auth-pass MASTER PASSWORD, sentinel sentinel-pass PASSWORD
			if f := strings.Fields(rest); len(f) >= 2 && (strings.EqualFold(f[0], "auth-pass") || strings.EqualFold(f[0], "sentinel-pass")) {
				last := f[len(f)-1]
				at := restOff + strings.LastIndex(rest, last)
				in.Secrets = append(in.Secrets, acl.Secret{Range: li.rng(at, at+len(last))})
			}
		case "rename-command":
			if f := strings.Fields(rest); len(f) >= 1 {
				to := ""
				if len(f) > 1 {
					to = unquoteConf(f[1])
				}
				cfg.Renamed = append(cfg.Renamed, Renamed{Command: strings.ToLower(unquoteConf(f[0])), To: to, Range: li.rng(restOff, restOff+len(rest))})
			}
		case "acl-pubsub-default":
			cfg.PubsubDefault = Field{Value: strings.ToLower(unquoteConf(rest)), Set: true, Literal: true, Range: li.rng(restOff, restOff+len(rest))}
		case "aclfile":
			found = true
			cfg.ACLFile = Field{Value: unquoteConf(rest), Set: true, Literal: true, Range: li.rng(restOff, restOff+len(rest))}
		}
	}
	in.Config = cfg
	if cfg.PubsubDefault.Value == "allchannels" {
		for _, s := range in.Strings {
			pubsubAllChannels(s, cfg.PubsubDefault.Range, li)
		}
	}
	if !found {
		return in, fmt.Errorf("%s: %w", filename, ErrNothing)
	}
	return in, nil
}

// pubsubAllChannels gives the rules of a user directive the channel
// permission that "acl-pubsub-default allchannels" gives the users the
// server creates (wherever the directive stands in the file, checked on
// 7.0.15): allchannels before the rules, placed at the directive's value.
// Rules that set the channels themselves first (resetchannels,
// allchannels, &*) are left as they are; a channel pattern after the
// default is then the error the server stops on.
func pubsubAllChannels(s *Source, at acl.Range, li *lineIndex) {
	for _, w := range strings.Fields(strings.ToLower(s.Text)) {
		if w == "resetchannels" || w == "allchannels" || w == "&*" {
			return
		}
		if strings.HasPrefix(w, "&") || w == "reset" {
			break
		}
	}
	const prefix = "allchannels "
	m := make([]acl.Pos, 0, len(prefix)+len(s.Text)+1)
	for range len(prefix) - 1 {
		m = append(m, at.Start)
	}
	m = append(m, at.End)
	for i := range len(s.Text) + 1 {
		m = append(m, li.pos(s.Start.Offset+i))
	}
	s.Text, s.Map, s.Start = prefix+s.Text, m, at.Start
}

// unquoteConf returns a directive's value without the quotes a
// configuration file may put around it.
func unquoteConf(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}
