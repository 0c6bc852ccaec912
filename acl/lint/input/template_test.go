package input_test

import (
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

func TestExpand(t *testing.T) {
	for _, c := range []struct {
		in, text, reason string
		partial          bool
	}{
		{"on ~app:* +get", "on ~app:* +get", "", false},
		{"on ~${var.prefix}* +get", "on ~${var.prefix}* +get", "holds an unexpanded template ${var.prefix}", false},
		{"on ~{{ .Values.p }}:* +get", "on ~{{.Values.p}}:* +get", "holds an unexpanded template {{ .Values.p }}", false},
		{"on >${PW} ~a", "on >placeholder ~a", "holds an unexpanded template in a password rule", false},
		{"on #<sha256-from-vault> ~a", "on #" + strings.Repeat("0", 64) + " ~a", "holds an unexpanded template in a password hash rule", false},
		{"on #OTRO_SHA256 ~a", "on #" + strings.Repeat("0", 64) + " ~a", "holds an unexpanded template in a password hash rule", false},
		{"on ~a +${cmd} +get", "on ~a +get", "holds an unexpanded template ${cmd}", true},
		{"{{ .Values.acl }}", "", "holds an unexpanded template {{ .Values.acl }}", true},
	} {
		src := &input.Source{Text: c.in, Start: acl.Pos{Line: 3, Column: 5, Offset: 20}}
		e, u := input.Expand(src, "user app")
		if c.reason == "" {
			if e != src || u != nil {
				t.Errorf("Expand(%q) changed a string without placeholders", c.in)
			}
			continue
		}
		if u == nil || u.Reasons[0] != c.reason || u.Range.Start.Line != 3 {
			t.Errorf("Expand(%q): unresolved %+v, want reason %q", c.in, u, c.reason)
		}
		if c.text == "" {
			if e != nil {
				t.Errorf("Expand(%q) = %q, want nothing left", c.in, e.Text)
			}
			continue
		}
		if e == nil || e.Text != c.text || e.Partial != c.partial || len(e.Map) != len(e.Text)+1 {
			t.Errorf("Expand(%q) = %+v, want %q (partial %v)", c.in, e, c.text, c.partial)
		}
	}
}

// FuzzExpand checks that Expand never panics, maps every byte, and never
// puts the text of a password word into its reasons.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{"on ~${a}* >${PW} +get", "{{ x }} <y> $Z #<h> #ABC_D", "${", "{{", "<>", ">secret{{x}}pw"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := &input.Source{Text: s, Start: acl.Pos{Line: 1, Column: 1}}
		e, u := input.Expand(src, "x")
		if e != nil && e != src && len(e.Map) != len(e.Text)+1 {
			t.Fatalf("Expand(%q): map of %d for %d bytes", s, len(e.Map), len(e.Text))
		}
		if u == nil {
			return
		}
		others := "" // the words that are not password words
		for _, w := range strings.Fields(s) {
			if w[0] != '>' && w[0] != '<' && w[0] != '#' && w[0] != '!' {
				others += " " + w
			}
		}
		for _, w := range strings.Fields(s) {
			if len(w) > 1 && (w[0] == '>' || w[0] == '<') && input.HasPlaceholder(w) && !strings.Contains(others, w[1:]) {
				for _, r := range u.Reasons {
					if strings.Contains(r, w[1:]) {
						t.Fatalf("Expand(%q): reason %q shows the password word %q", s, r, w)
					}
				}
			}
		}
	})
}
