package terraform

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// dump prints a Result for golden files: every resource with its values,
// every known word with the file position of its first and last byte.
func dump(res *Result) string {
	var b strings.Builder
	var cur string // the file of the resource being printed
	short := func(p acl.Pos) string {
		if p.Filename == cur {
			return fmt.Sprintf("%d:%d", p.Line, p.Column)
		}
		return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
	}
	for _, d := range res.Diagnostics {
		sev := "warning"
		if d.Error {
			sev = "error"
		}
		fmt.Fprintf(&b, "%s: %s: %s\n", d.Range.Start, sev, d.Summary)
	}
	for _, r := range res.Resources {
		cur = r.Range.Start.Filename
		fmt.Fprintf(&b, "%s (%s, %s) at %s\n", r.Address, r.Service, kindName(r.Kind), r.Range.Start)
		if r.Serverless {
			fmt.Fprintf(&b, "  serverless\n")
		}
		e := r.Engine
		if e.Family != "" || e.Version != "" || e.Reason != "" {
			fmt.Fprintf(&b, "  engine: family %q", e.Family)
			if e.FamilyFrom != "" {
				fmt.Fprintf(&b, " from %s", e.FamilyFrom)
			}
			fmt.Fprintf(&b, ", version %q", e.Version)
			if e.VersionFrom != "" {
				fmt.Fprintf(&b, " from %s", e.VersionFrom)
			}
			if e.Reason != "" {
				fmt.Fprintf(&b, " (%s)", e.Reason)
			}
			b.WriteString("\n")
		}
		val := func(name string, v Value, words bool) {
			if !v.Set {
				return
			}
			fmt.Fprintf(&b, "  %s: %s\n", name, dumpValue(v, words, short))
		}
		val("engine", r.EngineAttr, false)
		val("engine_version", r.EngineVersion, false)
		val("major_engine_version", r.MajorEngineVersion, false)
		val("user_id", r.UserID, false)
		val("user_name", r.UserName, false)
		val("access_string", r.Access, true)
		val("no_password_required", r.NoPasswordRequired, false)
		val("authentication_mode.type", r.AuthType, false)
		secrets := func(name string, ss []Secret) {
			for _, s := range ss {
				if s.Literal {
					fmt.Fprintf(&b, "  %s: literal at %s\n", name, ranges(s.Literals, short))
				} else {
					fmt.Fprintf(&b, "  %s: not literal (%s) at %s\n", name, s.Reason, short(s.Range.Start))
				}
			}
		}
		secrets("passwords", r.Passwords)
		secrets("passwords_wo", r.PasswordsWO)
		secrets("authentication_mode.passwords", r.AuthPasswords)
		val("group_id", r.GroupID, false)
		members := func(name string, ms []Member) {
			for _, m := range ms {
				ref := ""
				if m.Ref != nil {
					ref = " -> " + m.Ref.Address
				}
				fmt.Fprintf(&b, "  %s: %s%s\n", name, dumpValue(m.Value, false, short), ref)
			}
		}
		members("member", r.Members)
		members("attached", r.Attached)
		val("association.user_group_id", r.AssocGroupID, false)
		if r.Kind == KindAssociation {
			members("association.user_id", []Member{r.AssocUser})
			if r.GroupRef != nil {
				fmt.Fprintf(&b, "  association.group: %s\n", r.GroupRef.Address)
			}
		}
		for _, g := range r.Groups {
			fmt.Fprintf(&b, "  in group: %s\n", g.Address)
		}
		for _, c := range r.Clusters {
			fmt.Fprintf(&b, "  on cluster: %s\n", c.Address)
		}
	}
	return b.String()
}

func kindName(k Kind) string {
	return map[Kind]string{KindUser: "user", KindGroup: "group", KindAssociation: "association", KindCluster: "cluster", KindInput: "input"}[k]
}

func ranges(rs []acl.Range, short func(acl.Pos) string) string {
	var s []string
	for _, r := range rs {
		s = append(s, short(r.Start)+"-"+short(r.End))
	}
	return strings.Join(s, ", ")
}

// dumpValue prints the parts of a value; with words, each known
// space-separated word with the positions of its first and last byte;
// computed text in braces.
func dumpValue(v Value, words bool, short func(acl.Pos) string) string {
	var s []string
	for _, p := range v.Parts {
		if p.Unknown != "" {
			s = append(s, fmt.Sprintf("<%s>@%s", p.Unknown, short(p.Range.Start)))
			continue
		}
		if p.Computed {
			s = append(s, fmt.Sprintf("{computed %s@%s}", strconv.Quote(p.Text), short(p.Pos[0])))
			continue
		}
		if !words {
			s = append(s, fmt.Sprintf("%s@%s", strconv.Quote(p.Text), short(p.Pos[0])))
			continue
		}
		var ws []string
		for i := 0; i < len(p.Text); {
			if p.Text[i] == ' ' || p.Text[i] == '\n' || p.Text[i] == '\t' {
				i++
				continue
			}
			j := i
			for j < len(p.Text) && p.Text[j] != ' ' && p.Text[j] != '\n' && p.Text[j] != '\t' {
				j++
			}
			ws = append(ws, fmt.Sprintf("%s@%s-%s", strconv.Quote(p.Text[i:j]), short(p.Pos[i]), short(p.Pos[j-1])))
			i = j
		}
		s = append(s, "["+strings.Join(ws, " ")+"]")
	}
	return strings.Join(s, " ")
}
