package permdiff

import (
	"fmt"
	"strings"
)

// Lines returns the differences as text, one per line, e.g.
//
//	user: on → off
//	root: gains 1 command: set
//	root: loses keys: ~tmp:*
//	selector (~x +get): added
func (d *Diff) Lines() []string {
	var out []string
	if d.Enabled != nil {
		out = append(out, fmt.Sprintf("user: %s → %s", onOff(d.Enabled.Old), onOff(d.Enabled.New)))
	}
	if d.NoPass != nil {
		out = append(out, fmt.Sprintf("nopass: %s → %s", yesNo(d.NoPass.Old), yesNo(d.NoPass.New)))
	}
	if p := d.Passwords; p != nil {
		if p.Old == p.New {
			out = append(out, fmt.Sprintf("passwords: %d, changed (not shown)", p.New))
		} else {
			out = append(out, fmt.Sprintf("passwords: %d → %d (not shown)", p.Old, p.New))
		}
	}
	if s := d.Sanitize; s != nil {
		out = append(out, fmt.Sprintf("payload sanitizing: %s → %s", orDefault(s.Old.String()), orDefault(s.New.String())))
	}
	for _, s := range d.Selectors {
		out = append(out, s.lines()...)
	}
	return out
}

func (s *SelectorDiff) lines() []string {
	switch {
	case s.Old == "":
		return []string{"selector " + s.New + ": added"}
	case s.New == "":
		return []string{"selector " + s.Old + ": removed"}
	}
	name := label(s.Old)
	if s.Old != s.New {
		name += " → " + label(s.New)
	}
	var out []string
	add := func(format string, args ...any) { out = append(out, name+": "+fmt.Sprintf(format, args...)) }
	if s.Future != nil {
		add("may run commands added later: %s → %s", yesNo(s.Future.Old), yesNo(s.Future.New))
	}
	if s.AllKeys != nil {
		add("allkeys (grants the empty key name too): %s → %s", yesNo(s.AllKeys.Old), yesNo(s.AllKeys.New))
	}
	if len(s.GainedCommands) > 0 {
		add("gains %s: %s", plural(s.NumGained, "command"), join(s.GainedCommands))
	}
	if len(s.CompletedCategories) > 0 {
		add("now allows all of %s", strings.Join(s.CompletedCategories, " "))
	}
	if len(s.LostCommands) > 0 {
		add("loses %s: %s", plural(s.NumLost, "command"), join(s.LostCommands))
	}
	if len(s.BrokenCategories) > 0 {
		add("no longer allows all of %s", strings.Join(s.BrokenCategories, " "))
	}
	if len(s.GainedKeys) > 0 {
		add("gains keys: %s", strings.Join(fixNotes(s.GainedKeys, "was"), " "))
	}
	if len(s.LostKeys) > 0 {
		add("loses keys: %s", strings.Join(fixNotes(s.LostKeys, "now"), " "))
	}
	if len(s.GainedChannels) > 0 {
		add("gains channels: %s", join(s.GainedChannels))
	}
	if len(s.LostChannels) > 0 {
		add("loses channels: %s", join(s.LostChannels))
	}
	return out
}

// fixNotes writes key changes as "~a" or "~a (was %R~a)".
func fixNotes(keys []KeyChange, word string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Key.String()
		if k.Other != nil {
			out[i] += " (" + word + " " + k.Other.String() + ")"
		}
	}
	return out
}

func label(s string) string {
	if s == "root" {
		return "root"
	}
	return "selector " + s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDefault(s string) string {
	if s == "" {
		return "server default"
	}
	return s
}

// join writes values separated by spaces.
func join[T fmt.Stringer](vs []T) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v.String())
	}
	return b.String()
}
