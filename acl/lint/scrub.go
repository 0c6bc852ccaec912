package lint

import (
	"cmp"
	"slices"
	"strings"
)

// A scrubber replaces secrets (of 4 bytes or more, longest first) left in
// diagnostics' messages by "<redacted>".
type scrubber struct {
	secrets []string
	many    *strings.Replacer // for many secrets: one pass per message
}

func newScrubber(secrets []string) scrubber {
	var sc scrubber
	for _, s := range secrets {
		if len(s) >= 4 {
			sc.secrets = append(sc.secrets, s)
		}
	}
	slices.SortFunc(sc.secrets, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	sc.secrets = slices.Compact(sc.secrets)
	if len(sc.secrets) > 8 {
		pairs := make([]string, 0, 2*len(sc.secrets))
		for _, s := range sc.secrets {
			pairs = append(pairs, s, "<redacted>")
		}
		sc.many = strings.NewReplacer(pairs...)
	}
	return sc
}

func (sc scrubber) text(s string) string {
	if sc.many != nil {
		return sc.many.Replace(s)
	}
	for _, sec := range sc.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "<redacted>")
		}
	}
	return s
}

func (sc scrubber) diag(d Diagnostic) Diagnostic {
	if len(sc.secrets) == 0 {
		return d
	}
	d.Summary, d.Detail = sc.text(d.Summary), sc.text(d.Detail)
	if len(d.Related) > 0 {
		d.Related = append([]Related(nil), d.Related...)
		for i := range d.Related {
			d.Related[i].Message = sc.text(d.Related[i].Message)
		}
	}
	if len(d.Fixes) > 0 {
		fixes := make([]Fix, len(d.Fixes))
		for i, f := range d.Fixes {
			f.Message = sc.text(f.Message)
			edits := make([]TextEdit, len(f.Edits))
			for j, e := range f.Edits {
				e.NewText = sc.text(e.NewText)
				edits[j] = e
			}
			f.Edits = edits
			fixes[i] = f
		}
		d.Fixes = fixes
	}
	return d
}
