package input

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input/terraform"
	yaml "go.yaml.in/yaml/v3"
)

// CloudFormation intrinsic functions in access strings: Fn::If gives each
// branch, Fn::Sub and Fn::Join their literal parts, Ref a parameter's
// Default; the rest (Fn::GetAtt, Fn::ImportValue, pseudo parameters, …) is
// unknown and reported, never silently skipped.

// maxBranches bounds the alternatives of nested Fn::If, and maxDepth the
// nesting of functions: templates are small, hostile input is not.
const (
	maxBranches = 16
	maxDepth    = 16
)

// cfnValue is one possible value of a string expression: known text and
// unknown parts, in order.
type cfnValue []terraform.Part

// intrinsic returns the name and argument of a CloudFormation intrinsic
// function node, short (!Sub x) or long ({"Fn::Sub": x}) form; name is ""
// for other nodes.
func intrinsic(n *yaml.Node) (string, *yaml.Node) {
	if n == nil {
		return "", nil
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		arg := *n
		arg.Tag = ""
		if n.Kind == yaml.ScalarNode {
			arg.Tag = "!!str"
		}
		name := n.Tag[1:]
		if name != "Ref" && name != "Condition" {
			name = "Fn::" + name
		}
		return name, &arg
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		if k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k, n.Content[1]
		}
	}
	return "", nil
}

// cfnString evaluates a string expression of a template into its possible
// values (one per combination of Fn::If branches).
func (r *reader) cfnString(n *yaml.Node, depth int) []cfnValue {
	unknown := func(why string) []cfnValue {
		rg := r.rangeOf(n)
		return []cfnValue{{{Unknown: why, Range: rg}}}
	}
	if depth > maxDepth {
		return unknown("functions nested too deep")
	}
	name, arg := intrinsic(n)
	switch name {
	case "":
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			return unknown("not a string")
		}
		return []cfnValue{{r.literalPart(n)}}
	case "Ref":
		if d := r.paramDefault(arg.Value); d != nil {
			return []cfnValue{{r.literalPart(d)}}
		}
		return unknown("depends on Ref " + arg.Value)
	case "Fn::If":
		l := items(arg)
		if len(l) != 3 {
			return unknown("Fn::If without three arguments")
		}
		out := append(r.cfnString(l[1], depth+1), r.cfnString(l[2], depth+1)...)
		return out[:min(len(out), maxBranches)]
	case "Fn::Join":
		l := items(arg)
		if len(l) != 2 || l[0].Kind != yaml.ScalarNode {
			return unknown("Fn::Join not evaluated")
		}
		delim := r.literalPart(l[0])
		vals := []cfnValue{{}}
		for i, it := range items(l[1]) {
			next := r.cfnString(it, depth+1)
			var out []cfnValue
			for _, v := range vals {
				for _, w := range next {
					nv := append(cfnValue(nil), v...)
					if i > 0 {
						nv = append(nv, delim)
					}
					out = append(out, append(nv, w...))
					if len(out) == maxBranches {
						break
					}
				}
			}
			vals = out
		}
		if l[1].Kind != yaml.SequenceNode {
			return unknown("Fn::Join of a list that is not literal")
		}
		return vals
	case "Fn::Sub":
		tmpl, vars := arg, (*yaml.Node)(nil)
		if l := items(arg); len(l) == 2 {
			tmpl, vars = l[0], l[1]
		}
		if tmpl.Kind != yaml.ScalarNode {
			return unknown("Fn::Sub not evaluated")
		}
		return r.cfnSub(tmpl, vars, depth)
	}
	return unknown(name + " not evaluated")
}

// cfnSub evaluates Fn::Sub: ${Name} is a variable of vars, a parameter's
// default, or unknown; ${!Text} is the literal ${Text}.
func (r *reader) cfnSub(tmpl, vars *yaml.Node, depth int) []cfnValue {
	lit := r.literalPart(tmpl)
	vals := []cfnValue{{}}
	appendAll := func(p ...terraform.Part) {
		for i := range vals {
			vals[i] = append(vals[i], p...)
		}
	}
	s := lit.Text
	last := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '$' || s[i+1] != '{' {
			continue
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			break
		}
		end += i
		appendAll(slicePart(lit, last, i))
		name := s[i+2 : end]
		switch {
		case strings.HasPrefix(name, "!"):
			p := slicePart(lit, i, end+1)
			p.Text = "${" + name[1:] + "}"
			p.Pos = append(append([]acl.Pos{}, p.Pos[:2]...), p.Pos[3:]...)
			appendAll(p)
		case get(vars, name) != nil:
			var out []cfnValue
			for _, v := range vals {
				for _, w := range r.cfnString(get(vars, name), depth+1) {
					if len(out) < maxBranches {
						out = append(out, append(append(cfnValue(nil), v...), w...))
					}
				}
			}
			vals = out
		case r.paramDefault(name) != nil:
			appendAll(r.literalPart(r.paramDefault(name)))
		default:
			p := slicePart(lit, i, end+1)
			appendAll(terraform.Part{Unknown: "depends on ${" + name + "}", Range: acl.Range{Start: p.Pos[0], End: p.Pos[len(p.Pos)-1]}})
		}
		last = end + 1
		i = end
	}
	appendAll(slicePart(lit, last, len(s)))
	return vals
}

// literalPart returns a scalar node's value with the position of each
// byte.
func (r *reader) literalPart(n *yaml.Node) terraform.Part {
	start := r.offset(n)
	if start < len(r.content) && r.content[start] == '!' {
		// A short-form function: the node starts at its tag (!Sub "…").
		for start < len(r.content) && !isWordSpace(r.content[start]) {
			start++
		}
		for start < len(r.content) && (r.content[start] == ' ' || r.content[start] == '\t') {
			start++
		}
	}
	p := terraform.Part{Text: n.Value, Pos: make([]acl.Pos, len(n.Value)+1)}
	plain := *n
	plain.Style &^= yaml.TaggedStyle
	m, end, ok := r.scalarMap(&plain, start)
	for i := range p.Pos {
		switch {
		case ok:
			p.Pos[i] = r.li.pos(m[i])
		default:
			p.Pos[i] = r.li.pos(start)
		}
	}
	if !ok {
		end = start
	}
	p.Range = r.li.rng(start, max(start, end))
	return p
}

// slicePart returns bytes [from, to) of a known part.
func slicePart(p terraform.Part, from, to int) terraform.Part {
	return terraform.Part{Text: p.Text[from:to], Pos: p.Pos[from : to+1], Range: acl.Range{Start: p.Pos[from], End: p.Pos[to]}}
}

// paramDefault returns the Default of a template parameter, when it is a
// string, number or boolean.
func (r *reader) paramDefault(name string) *yaml.Node {
	d := get(get(r.params, name), "Default")
	if d == nil || d.Kind != yaml.ScalarNode || d.Tag == "!!null" || strings.HasPrefix(d.Tag, "!") && !strings.HasPrefix(d.Tag, "!!") {
		return nil
	}
	return d
}

// merged returns v with adjacent known parts joined, so that a word split
// between them (Fn::Join of "~app" and ":*") is one word.
func merged(v cfnValue) cfnValue {
	var out cfnValue
	for _, p := range v {
		if n := len(out); n > 0 && p.Unknown == "" && out[n-1].Unknown == "" {
			prev := out[n-1]
			out[n-1] = terraform.Part{Text: prev.Text + p.Text, Pos: append(append([]acl.Pos{}, prev.Pos[:len(prev.Text)]...), p.Pos...),
				Range: acl.Range{Start: prev.Range.Start, End: p.Range.End}}
			continue
		}
		out = append(out, p)
	}
	return out
}

// cfnAccess sets the access string of a CloudFormation user whose
// AccessString is an intrinsic function: the first value is the user's
// (whole or, when partly unknown, its literal words), the other Fn::If
// branches are linted as the user's too, and the unknown parts are
// recorded as unresolved.
func (r *reader) cfnAccess(u *User, n *yaml.Node) {
	vals := r.cfnString(n, 0)
	for i, v := range vals {
		v = merged(v)
		var src *Source
		var why []string
		if len(v) == 1 && v[0].Unknown == "" {
			src = &Source{Text: v[0].Text, Start: v[0].Pos[0], Map: v[0].Pos, Origin: FromResource, UserName: u.Name()}
		} else if len(v) == 0 {
			src = &Source{Start: r.rangeOf(n).Start, Origin: FromResource, UserName: u.Name()}
		} else {
			for _, p := range v {
				if p.Unknown != "" {
					why = append(why, p.Unknown)
				} else {
					r.hideSecrets(p.Text, p.Pos)
				}
			}
			src = knownWords(v, u.Name(), func(p acl.Pos) (acl.Pos, bool) { return p, true })
			first := v[0].Range
			for _, p := range v {
				if p.Unknown != "" {
					first = p.Range
					break
				}
			}
			r.in.AddUnresolved(Unresolved{Resource: u.Resource, Attribute: "access_string", Range: first, Reasons: why})
		}
		switch {
		case i == 0 && why == nil:
			u.Access = src
			u.AccessField.Value, u.AccessField.Literal = src.Text, true
		case i == 0:
			u.Known = src
		case src != nil:
			r.in.Strings = append(r.in.Strings, src)
		}
	}
}

// hideSecrets records the secrets of a literal part of an access string
// that is not fully known, with the file positions of its bytes (pos):
// the words only partly known are not linted, but their secrets are
// hidden all the same.
func (r *reader) hideSecrets(text string, pos []acl.Pos) {
	if len(pos) == len(text)+1 {
		r.in.HideSecrets(text, func(i int) acl.Pos { return pos[i] })
	}
}
