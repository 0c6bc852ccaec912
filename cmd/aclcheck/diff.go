package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

type diffCmd struct {
	targetFlags
	Old string `arg:"" help:"The access string before."`
	New string `arg:"" help:"The access string after."`
}

func (c *diffCmd) Help() string {
	return `Shows the effective permission difference between two access strings under the
engine's command table: on/off, commands and subcommands gained and lost (by
name), first arguments, key patterns with their R/W, channel patterns, and
selectors. The comparison is semantic: allkeys equals ~*, a -@all that
ElastiCache inserts changes nothing, redundant rules do not matter.
Exit status: 0 equivalent, 1 different, 2 invalid input.

Examples:
  aclcheck diff 'on allkeys +@all' 'on ~* +@all -@all +@all'
  aclcheck diff 'on ~app:* +@read' 'on ~app:* +@read -keys +set'`
}

func (c *diffCmd) Run(e *env) error {
	t, err := c.table()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	old, err := compileUser("u", t, c.Old)
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("old: %w", err)}
	}
	nu, err := compileUser("u", t, c.New)
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("new: %w", err)}
	}
	if old.SameAccess(nu) {
		fmt.Fprintln(e.stdout, "equivalent")
		return nil
	}
	for _, line := range permDiff(t, old, nu) {
		fmt.Fprintln(e.stdout, line)
	}
	return &exitError{code: exitFindings}
}

// permDiff lists the differences between two users, one line each.
func permDiff(t *category.Table, a, b *acl.User) []string {
	var out []string
	if a.Enabled() != b.Enabled() {
		out = append(out, fmt.Sprintf("user: %s → %s", onOff(a.Enabled()), onOff(b.Enabled())))
	}
	if a.NoPass() != b.NoPass() {
		out = append(out, fmt.Sprintf("nopass: %v → %v", a.NoPass(), b.NoPass()))
	}
	if len(a.Passwords()) != len(b.Passwords()) {
		out = append(out, fmt.Sprintf("passwords: %d → %d (not shown)", len(a.Passwords()), len(b.Passwords())))
	}
	if a.Selectors() != b.Selectors() {
		out = append(out, fmt.Sprintf("selectors: %d → %d", a.Selectors()-1, b.Selectors()-1))
	}
	for i := 0; i < max(a.Selectors(), b.Selectors()); i++ {
		name := "root selector"
		if i > 0 {
			name = fmt.Sprintf("selector %d", i)
		}
		switch {
		case i >= a.Selectors():
			out = append(out, name+": added "+describeSelector(b, i))
			continue
		case i >= b.Selectors():
			out = append(out, name+": removed "+describeSelector(a, i))
			continue
		}
		var gained, lost, args []string
		for cmd := range t.All() {
			x, y := a.Allows(i, cmd), b.Allows(i, cmd)
			switch {
			case !x && y:
				gained = append(gained, cmd.Name)
			case x && !y:
				lost = append(lost, cmd.Name)
			}
			fa, fb := strings.Join(a.FirstArgs(i, cmd), ","), strings.Join(b.FirstArgs(i, cmd), ",")
			if !strings.EqualFold(fa, fb) {
				args = append(args, fmt.Sprintf("%s first arguments [%s] → [%s]", cmd.Name, fa, fb))
			}
		}
		sa, sb := a.Selector(i), b.Selector(i)
		if sa.Future != sb.Future {
			out = append(out, fmt.Sprintf("%s: may run commands added later: %v → %v", name, sa.Future, sb.Future))
		}
		if len(gained) > 0 {
			out = append(out, fmt.Sprintf("%s: gains %s: %s", name, plural(len(gained), "command"), strings.Join(gained, " ")))
		}
		if len(lost) > 0 {
			out = append(out, fmt.Sprintf("%s: loses %s: %s", name, plural(len(lost), "command"), strings.Join(lost, " ")))
		}
		for _, l := range args {
			out = append(out, name+": "+l)
		}
		ka, kb := keySet(sa), keySet(sb)
		for _, k := range setDiff(kb, ka) {
			out = append(out, name+": gains keys "+k)
		}
		for _, k := range setDiff(ka, kb) {
			out = append(out, name+": loses keys "+k)
		}
		ca, cb := chanSet(sa), chanSet(sb)
		for _, ch := range setDiff(cb, ca) {
			out = append(out, name+": gains channels "+ch)
		}
		for _, ch := range setDiff(ca, cb) {
			out = append(out, name+": loses channels "+ch)
		}
	}
	return out
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func keySet(s acl.SelectorInfo) []string {
	if s.AllKeys {
		return []string{"~* (allkeys)"}
	}
	var out []string
	for _, k := range s.Keys {
		prefix := "%" + k.Perm.String() + "~"
		if k.Perm == acl.PermRW {
			prefix = "~"
		}
		out = append(out, prefix+k.Pattern)
	}
	return out
}

func chanSet(s acl.SelectorInfo) []string {
	if s.AllChannels {
		return []string{"&* (allchannels)"}
	}
	var out []string
	for _, c := range s.Channels {
		out = append(out, "&"+c)
	}
	return out
}

// setDiff returns the members of a missing from b, sorted.
func setDiff(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

func describeSelector(u *acl.User, i int) string {
	s := u.Selector(i)
	if s.Source != nil {
		return s.Source.String()
	}
	return ""
}
