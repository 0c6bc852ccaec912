package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/aclcheck/aclcheck/internal/sds"
)

// ReadACLLog reads ACL LOG output and calls fn with one Need event per
// entry: each denial is a permission the user needs ("learn from
// failures"). It reads the formats redis-cli prints: the RESP2 text form
// ("1)  1) "count""), the RESP3 text form of redis-cli -3 ("1# "count" =>
// (integer) 1"), their raw forms (redis-cli's output when it is not a
// terminal: a value per line, or "name value" lines with -3) and JSON
// (redis-cli --json: an array of objects, or one object per line). Entries whose reason is "auth" (failed logins) carry no
// permission and are skipped.
func ReadACLLog(r io.Reader, fn func(Event) error) error {
	b, err := io.ReadAll(io.LimitReader(r, maxLine+1))
	if err != nil {
		return err
	}
	if len(b) > maxLine {
		return fmt.Errorf("ACL LOG output longer than %d bytes", maxLine)
	}
	var entries []map[string]string
	if t := bytes.TrimSpace(b); len(t) > 0 && (t[0] == '[' || t[0] == '{') {
		entries, err = jsonEntries(t)
	} else {
		entries, err = textEntries(string(b))
	}
	if err != nil {
		return err
	}
	for i, e := range entries {
		reason := e["reason"]
		if reason == "auth" {
			continue
		}
		if reason != "command" && reason != "key" && reason != "channel" {
			return fmt.Errorf("entry %d: unknown reason %q", i+1, reason)
		}
		need := &Need{Reason: reason, Object: e["object"]}
		if reason == "command" {
			need.Command = e["object"]
		} else {
			need.Command = clientInfoField(e["client-info"], "cmd")
		}
		ev := Event{User: e["username"], Client: clientInfoField(e["client-info"], "addr"), Need: need, Line: i + 1}
		if err := fn(ev); err != nil {
			return err
		}
	}
	return nil
}

// clientInfoField returns field name of a CLIENT LIST line ("id=3
// addr=… cmd=get …").
func clientInfoField(info, name string) string {
	for _, f := range strings.Fields(info) {
		if k, v, ok := strings.Cut(f, "="); ok && k == name {
			return v
		}
	}
	return ""
}

func jsonEntries(b []byte) ([]map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var out []map[string]string
	for dec.More() {
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("ACL LOG JSON: %w", err)
		}
		items, ok := v.([]any)
		if !ok {
			items = []any{v}
		}
		for _, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("ACL LOG JSON: entry %d is not an object", len(out)+1)
			}
			e := map[string]string{}
			for k, x := range m {
				e[k] = fmt.Sprint(x)
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// marker is redis-cli's index of an array item ("1) ") or map entry
// ("1# ").
var marker = regexp.MustCompile(`^\s*\d+[)#]\s*`)

// textEntries reads redis-cli's text forms into entries: a stream of
// field names and values, a new entry at each "count".
func textEntries(s string) ([]map[string]string, error) {
	tokens, err := textTokens(s)
	if err != nil {
		return nil, err
	}
	var out []map[string]string
	for i := 0; i+1 < len(tokens); i += 2 {
		if tokens[i] == "count" {
			out = append(out, map[string]string{})
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("ACL LOG: field %q before the first \"count\"", tokens[i])
		}
		out[len(out)-1][tokens[i]] = tokens[i+1]
	}
	if len(tokens)%2 != 0 {
		return nil, fmt.Errorf("ACL LOG: field %q has no value", tokens[len(tokens)-1])
	}
	return out, nil
}

// textTokens splits redis-cli output into field names and values. When
// its output is not a terminal redis-cli prints raw values: one per line
// (RESP2), or "name value" lines (RESP3).
func textTokens(s string) ([]string, error) {
	first := strings.TrimSpace(s)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = strings.TrimSpace(first[:i])
	}
	if first != "" && !marker.MatchString(first) {
		var tokens []string
		for line := range strings.Lines(s) {
			line = strings.TrimRight(line, "\r\n")
			if first == "count" {
				tokens = append(tokens, line)
			} else if k, v, ok := strings.Cut(line, " "); ok {
				tokens = append(tokens, k, v)
			} else if line != "" {
				return nil, fmt.Errorf("ACL LOG: unexpected line %q", line)
			}
		}
		return tokens, nil
	}
	var tokens []string
	n := 0
	for line := range strings.Lines(s) {
		n++
		line = strings.TrimRight(line, "\r\n")
		for {
			loc := marker.FindStringIndex(line)
			if loc == nil {
				break
			}
			line = line[loc[1]:]
		}
		line = strings.TrimSpace(line)
		if line == "" || line == "(empty array)" || line == "(empty list or set)" {
			continue
		}
		parts := []string{line}
		if k, v, ok := strings.Cut(line, " => "); ok && strings.HasPrefix(k, `"`) {
			parts = []string{k, v}
		}
		for _, p := range parts {
			v, err := textValue(p)
			if err != nil {
				return nil, fmt.Errorf("ACL LOG line %d: %w", n, err)
			}
			tokens = append(tokens, v)
		}
	}
	return tokens, nil
}

// textValue reads one redis-cli value: "quoted", (integer) n, (double) x.
func textValue(p string) (string, error) {
	if strings.HasPrefix(p, `"`) {
		args, ok := sds.SplitArgs(p)
		if !ok || len(args) != 1 {
			return "", fmt.Errorf("bad string %s", p)
		}
		return args[0].Value, nil
	}
	for _, prefix := range []string{"(integer) ", "(double) "} {
		if v, ok := strings.CutPrefix(p, prefix); ok {
			return v, nil
		}
	}
	return "", fmt.Errorf("unexpected value %q", p)
}
