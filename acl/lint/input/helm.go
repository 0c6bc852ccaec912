package input

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	yaml "go.yaml.in/yaml/v3"
)

// readHelm reads Helm values of the Bitnami Redis and Valkey charts, at
// the top level and under each top-level key (the values of a chart that
// takes them as a dependency):
//
//   - auth.acl.users: one ACL user each, which the Redis chart's configmap
//     writes to users.acl as
//     "user USERNAME ENABLED #SHA256(PASSWORD)|nopass KEYS CHANNELS COMMANDS",
//     with the defaults on, ~*, &* and +@all, when auth.acl.enabled is true;
//     with auth.acl.userSecret the passwords come from that Secret;
//   - commonConfiguration, master.configuration, replica.configuration and
//     primary.configuration (Valkey): redis.conf text the chart renders
//     (through tpl) into the server's configuration; their user lines;
//   - sentinel.configuration: sentinel.conf text (its users have
//     Sentinel's command table).
//
// Positions point into the values file; a password is a secret, and the
// access string has its SHA-256, as the chart writes it. A password from a
// Secret or a value that is a template is not checked.
func readHelm(filename, content string) (*Input, error) {
	r := &reader{ydoc: ydoc{content: content, li: newLineIndex(filename, content)},
		in: &Input{Filename: filename, Content: content, Format: Helm, Service: Redis}}
	r.in.Directives = ReadText(filename, content).Directives
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", filename, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return r.in, fmt.Errorf("%s: %w", filename, ErrNothing)
	}
	root := doc.Content[0]
	r.helmValues(root, "")
	for i := 0; i+1 < len(root.Content); i += 2 {
		if v := root.Content[i+1]; v.Kind == yaml.MappingNode && (get(v, "auth") != nil || get(v, "commonConfiguration") != nil) {
			r.helmValues(v, root.Content[i].Value+".")
		}
	}
	if strings.Contains(strings.ToLower(content), "valkey") {
		r.in.Service = Valkey
	}
	if len(r.in.Strings) == 0 && len(r.in.Unresolved) == 0 {
		return r.in, fmt.Errorf("%s: %w", filename, ErrNothing)
	}
	return r.in, nil
}

// helmValues reads one chart's values; prefix is the key path to them.
func (r *reader) helmValues(v *yaml.Node, prefix string) {
	if node := get(get(v, "auth"), "acl"); node != nil {
		r.helmUsers(node, prefix+"auth.acl")
	}
	for _, key := range []string{"commonConfiguration", "master.configuration", "replica.configuration", "primary.configuration", "sentinel.configuration"} {
		n := v
		for _, k := range strings.Split(key, ".") {
			n = get(n, k)
		}
		if n != nil && n.Kind == yaml.ScalarNode && n.Value != "" {
			r.helmConfig(n, prefix+key, strings.HasPrefix(key, "sentinel."))
		}
	}
}

// helmUsers reads auth.acl.users.
func (r *reader) helmUsers(node *yaml.Node, at string) {
	users := items(get(node, "users"))
	if len(users) == 0 {
		return
	}
	if en := get(node, "enabled"); en == nil || en.Kind == yaml.ScalarNode && strings.EqualFold(en.Value, "false") {
		where := r.rangeOf(get(node, "users"))
		if en != nil {
			where = r.rangeOf(en)
		}
		r.in.Unresolved = append(r.in.Unresolved, Unresolved{Resource: at + ".users", Attribute: "access strings", Range: where,
			Reasons: []string{"off: " + at + ".enabled is not true, so the chart writes no ACL users"}})
		return
	}
	secret := ""
	if s := get(node, "userSecret"); s != nil && s.Kind == yaml.ScalarNode {
		secret = s.Value
	}
	for i, u := range users {
		if u.Kind != yaml.MappingNode {
			continue
		}
		name := get(u, "username")
		if name == nil || name.Kind != yaml.ScalarNode {
			continue
		}
		res := fmt.Sprintf("%s.users[%d] %s", at, i, name.Value)
		var b sourceBuilder
		anchor := r.offset(name) // defaults stand at the user name
		word := func(key, def string) {
			if n := get(u, key); n != nil && n.Kind == yaml.ScalarNode && n.Value != "" {
				b.scalar(r, n)
				return
			}
			b.synth(def, anchor)
		}
		word("enabled", "on")
		pw := get(u, "password")
		switch {
		case secret != "":
			r.in.Unresolved = append(r.in.Unresolved, Unresolved{Resource: res, Attribute: "password", Range: r.rangeOf(name),
				Reasons: []string{"from Secret " + secret + " (" + at + ".userSecret)"}})
		case pw != nil && pw.Kind == yaml.ScalarNode && pw.Value != "":
			r.in.Secrets = append(r.in.Secrets, acl.Secret{Range: r.rangeOf(pw)})
			if strings.Contains(pw.Value, "{{") {
				b.synth("#", r.offset(pw))
				b.glue = true
				b.scalar(r, pw) // #{{ … }}: a hash placeholder, not checked
				break
			}
			sum := sha256.Sum256([]byte(pw.Value))
			b.synth("#"+hex.EncodeToString(sum[:]), r.offset(pw))
		default:
			b.synth("nopass", anchor)
		}
		word("keys", "~*")
		word("channels", "&*")
		word("commands", "+@all")
		s := b.source(r.li)
		s.Origin, s.UserName = FromACLFile, name.Value
		r.in.Strings = append(r.in.Strings, s)
	}
}

// helmConfig reads the user lines and passwords of a configuration block:
// its text read as a server configuration file, positions moved to where
// each byte stands in the values file. The block's other directives are
// the chart's business (it writes its own aclfile and requirepass), so
// they are not checked. Sentinel's user lines are marked Sentinel (they
// are checked against Sentinel's table).
func (r *reader) helmConfig(n *yaml.Node, at string, sentinel bool) {
	offs, ok := r.blockMap(n)
	if !ok {
		r.in.Unresolved = append(r.in.Unresolved, Unresolved{Resource: at, Attribute: "configuration", Range: r.rangeOf(n),
			Reasons: []string{"a folded or indented block is not mapped to its lines"}})
		return
	}
	conf, _ := readServerConfig(at, n.Value, sentinel)
	move := func(p acl.Pos) acl.Pos { return r.li.pos(offs[min(max(p.Offset, 0), len(offs)-1)]) }
	for _, s := range conf.Strings {
		m := make([]acl.Pos, len(s.Text)+1)
		for i := range m {
			if s.Map != nil {
				m[i] = move(s.Map[i])
			} else {
				m[i] = move(acl.Pos{Offset: s.Start.Offset + i})
			}
		}
		s.Start, s.Map, s.Sentinel = m[0], m, sentinel
		r.in.Strings = append(r.in.Strings, s)
	}
	for _, sec := range conf.Secrets {
		r.in.Secrets = append(r.in.Secrets, acl.Secret{Range: acl.Range{Start: move(sec.Range.Start), End: move(sec.Range.End)}})
	}
}

// blockMap maps each byte of a literal block scalar (|, |-, |+) to its
// offset in the file (one more entry for the end). ok is false for other
// scalars and where the text does not match the lines.
func (r *reader) blockMap(n *yaml.Node) ([]int, bool) {
	if n.Style != yaml.LiteralStyle {
		return nil, false
	}
	src := r.content
	start := r.offset(n) // the | indicator
	nl := strings.IndexByte(src[start:], '\n')
	if nl < 0 {
		return nil, false
	}
	pos := start + nl + 1
	lines := strings.SplitAfter(n.Value, "\n")
	indent := -1
	offs := make([]int, 0, len(n.Value)+1)
	for _, l := range lines {
		if l == "" {
			continue
		}
		text := strings.TrimSuffix(l, "\n")
		if pos > len(src) {
			return nil, false
		}
		lineEnd := strings.IndexByte(src[pos:], '\n')
		if lineEnd < 0 {
			lineEnd = len(src) - pos
		}
		line := src[pos : pos+lineEnd]
		if indent < 0 && text != "" {
			indent = len(line) - len(strings.TrimLeft(line, " "))
		}
		col := max(indent, 0)
		if text == "" {
			col = min(col, len(line))
		}
		if col+len(text) > len(line) || line[col:col+len(text)] != text {
			return nil, false
		}
		for i := range len(text) {
			offs = append(offs, pos+col+i)
		}
		if strings.HasSuffix(l, "\n") {
			offs = append(offs, pos+lineEnd)
		}
		pos += lineEnd + 1
	}
	end := start
	if len(offs) > 0 {
		end = offs[len(offs)-1] + 1
	}
	return append(offs, min(end, len(src))), true
}

// sourceBuilder builds an access string from words, each byte mapped to
// a file offset: scalar words where they stand, words the chart supplies
// (its defaults) at an anchor.
type sourceBuilder struct {
	text []byte
	offs []int
	end  int
	glue bool // the next word continues the last one
}

func (b *sourceBuilder) sep() {
	if b.glue {
		b.glue = false
		return
	}
	if len(b.text) > 0 {
		b.text = append(b.text, ' ')
		b.offs = append(b.offs, b.end)
	}
}

// synth adds a word that stands nowhere: every byte at off.
func (b *sourceBuilder) synth(w string, off int) {
	b.sep()
	b.text = append(b.text, w...)
	for range len(w) {
		b.offs = append(b.offs, off)
	}
	b.end = off
}

// scalar adds the text of a scalar node, mapped byte by byte where it can
// be, else every byte at its start.
func (b *sourceBuilder) scalar(r *reader, n *yaml.Node) {
	start := r.offset(n)
	m, _, ok := r.scalarMap(n, start)
	if !ok {
		b.synth(n.Value, start)
		return
	}
	b.sep()
	b.text = append(b.text, n.Value...)
	b.offs = append(b.offs, m[:len(n.Value)]...)
	b.end = m[len(n.Value)]
}

func (b *sourceBuilder) source(li *lineIndex) *Source {
	m := make([]acl.Pos, 0, len(b.offs)+1)
	for _, o := range b.offs {
		m = append(m, li.pos(o))
	}
	m = append(m, li.pos(b.end))
	return &Source{Text: string(b.text), Start: m[0], Map: m}
}
