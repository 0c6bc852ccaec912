package input

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aclcheck/aclcheck/acl"
	yaml "go.yaml.in/yaml/v3"
)

// ydoc holds a YAML (or JSON) document with what is needed to turn node
// positions into byte positions.
type ydoc struct {
	content string
	li      *lineIndex
}

// offset returns the byte offset of a node's first character. yaml.v3
// counts columns in characters; they are converted to bytes here.
func (d *ydoc) offset(n *yaml.Node) int {
	if n.Line < 1 || n.Line > len(d.li.starts) {
		return 0
	}
	off := d.li.starts[n.Line-1]
	for c := 1; c < n.Column && off < len(d.content) && d.content[off] != '\n'; c++ {
		_, size := utf8.DecodeRuneInString(d.content[off:])
		off += size
	}
	return off
}

// rangeOf returns the extent of a scalar node as written (quotes included),
// or a zero-width range at the node for other nodes.
func (d *ydoc) rangeOf(n *yaml.Node) acl.Range {
	start := d.offset(n)
	if n.Kind != yaml.ScalarNode {
		return d.li.rng(start, start)
	}
	_, end, ok := d.scalarMap(n, start)
	if !ok {
		end = start + len(n.Value)
		if nl := strings.IndexByte(d.content[start:min(end, len(d.content))], '\n'); nl >= 0 {
			end = start + nl
		}
	}
	return d.li.rng(start, min(end, len(d.content)))
}

// field returns a Field for a node (nil: absent).
func (d *ydoc) field(n *yaml.Node) Field {
	if n == nil {
		return Field{}
	}
	f := Field{Set: true, Range: d.rangeOf(n)}
	if n.Kind == yaml.ScalarNode && (n.Tag == "" || n.Tag == "!!str" || n.Tag == "!!int" || n.Tag == "!!bool" || n.Tag == "!!float") {
		f.Value, f.Literal = n.Value, true
	}
	return f
}

// scalarMap maps the decoded bytes of a single-line scalar to source
// offsets: m[i] is the offset of the source text that produced byte i of
// n.Value, m[len] the offset after the last one. end is the offset after
// the scalar (closing quote included). ok is false for forms it does not
// handle (block scalars, multi-line scalars); the caller then points every
// byte at the scalar's start.
func (d *ydoc) scalarMap(n *yaml.Node, start int) (m []int, end int, ok bool) {
	src := d.content
	switch n.Style {
	case 0, yaml.TaggedStyle, yaml.FlowStyle:
		if start+len(n.Value) <= len(src) && src[start:start+len(n.Value)] == n.Value && !strings.Contains(n.Value, "\n") {
			m = make([]int, len(n.Value)+1)
			for i := range m {
				m[i] = start + i
			}
			return m, start + len(n.Value), true
		}
		return nil, 0, false
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		return quotedMap(src, start, n)
	}
	return nil, 0, false
}

// quotedMap is scalarMap for a quoted scalar: in single quotes ” stands
// for a quote, in double quotes a backslash starts an escape.
func quotedMap(src string, start int, n *yaml.Node) (m []int, end int, ok bool) {
	q := byte('"')
	if n.Style == yaml.SingleQuotedStyle {
		q = '\''
	}
	if start >= len(src) || src[start] != q {
		return nil, 0, false
	}
	var val []byte
	for i := start + 1; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			return nil, 0, false
		case c == '\'' && q == '\'' && i+1 < len(src) && src[i+1] == '\'':
			m = append(m, i)
			val = append(val, '\'')
			i += 2
		case c == q:
			m = append(m, i)
			if string(val) != n.Value {
				return nil, 0, false
			}
			return m, i + 1, true
		case c == '\\' && q == '"' && i+1 < len(src):
			dec, width, good := unescape(src[i:])
			if !good {
				return nil, 0, false
			}
			for range dec {
				m = append(m, i)
			}
			val = append(val, dec...)
			i += width
		default:
			m = append(m, i)
			val = append(val, c)
			i++
		}
	}
	return nil, 0, false
}

// unescape decodes one escape sequence of a JSON or YAML double-quoted
// string at the start of s, returning the bytes and the length of the
// escape. A UTF-16 surrogate pair (\ud83d\ude00) is decoded as one rune.
func unescape(s string) ([]byte, int, bool) {
	if len(s) < 2 {
		return nil, 0, false
	}
	simple := map[byte]byte{'0': 0, 'a': 7, 'b': 8, 't': 9, '\t': 9, 'n': 10, 'v': 11, 'f': 12, 'r': 13, 'e': 27,
		' ': ' ', '"': '"', '/': '/', '\\': '\\'}
	if b, ok := simple[s[1]]; ok {
		return []byte{b}, 2, true
	}
	hexRune := func(digits int) (rune, bool) {
		if len(s) < 2+digits {
			return 0, false
		}
		v, err := strconv.ParseUint(s[2:2+digits], 16, 32)
		return rune(v), err == nil
	}
	var r rune
	var w int
	switch s[1] {
	case 'x':
		v, ok := hexRune(2)
		if !ok {
			return nil, 0, false
		}
		return []byte(string(v)), 4, true
	case 'u':
		v, ok := hexRune(4)
		if !ok {
			return nil, 0, false
		}
		r, w = v, 6
		if v >= 0xd800 && v < 0xdc00 && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
			if lo, err := strconv.ParseUint(s[8:12], 16, 32); err == nil && lo >= 0xdc00 && lo < 0xe000 {
				r, w = (v-0xd800)<<10+(rune(lo)-0xdc00)+0x10000, 12
			}
		}
	case 'U':
		v, ok := hexRune(8)
		if !ok {
			return nil, 0, false
		}
		r, w = v, 10
	case 'N':
		r, w = 0x85, 2
	case '_':
		r, w = 0xa0, 2
	case 'L':
		r, w = 0x2028, 2
	case 'P':
		r, w = 0x2029, 2
	default:
		return nil, 0, false
	}
	if r >= 0xd800 && r < 0xe000 {
		r = utf8.RuneError
	}
	return []byte(string(r)), w, true
}

// source returns the Source of an access-string node.
func (d *ydoc) source(n *yaml.Node, origin Origin, user string) *Source {
	start := d.offset(n)
	s := &Source{Text: n.Value, Origin: origin, UserName: user}
	m, _, ok := d.scalarMap(n, start)
	if !ok {
		// Point every byte at the scalar's start.
		p := d.li.pos(start)
		s.Start = p
		s.Map = make([]acl.Pos, len(n.Value)+1)
		for i := range s.Map {
			s.Map[i] = p
		}
		extent := d.li.rng(start, d.scalarEnd(n, start))
		s.Extent = &extent
		return s
	}
	shift := true
	for i := range m {
		if m[i] != m[0]+i {
			shift = false
			break
		}
	}
	if shift {
		s.Start = d.li.pos(m[0])
		return s
	}
	s.Start = d.li.pos(m[0])
	s.Map = make([]acl.Pos, len(m))
	for i, o := range m {
		s.Map[i] = d.li.pos(o)
	}
	return s
}

// scalarEnd returns the offset after a scalar that scalarMap cannot map,
// erring on the long side: a quoted scalar ends at its closing quote, any
// other at the last following line indented more than the line it starts
// on.
func (d *ydoc) scalarEnd(n *yaml.Node, start int) int {
	src := d.content
	switch n.Style {
	case yaml.SingleQuotedStyle:
		for i := start + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(src)
	case yaml.DoubleQuotedStyle:
		for i := start + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(src)
	}
	lineStart := strings.LastIndexByte(src[:start], '\n') + 1
	indent := len(src[lineStart:]) - len(strings.TrimLeft(src[lineStart:], " "))
	end := strings.IndexByte(src[start:], '\n')
	if end < 0 {
		return len(src)
	}
	end += start
	for end < len(src) {
		next := strings.IndexByte(src[end+1:], '\n')
		line := src[end+1:]
		if next >= 0 {
			line = line[:next]
		}
		if t := strings.TrimLeft(line, " "); t != "" && len(line)-len(t) <= indent {
			break
		}
		if next < 0 {
			return len(src)
		}
		end += 1 + next
	}
	return end
}

// get returns the value node of key in a mapping node (exact key first,
// then ASCII case-insensitive), or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var fold *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if k == key {
			return n.Content[i+1]
		}
		if fold == nil && strings.EqualFold(k, key) {
			fold = n.Content[i+1]
		}
	}
	return fold
}

// items returns the elements of a sequence node (nil otherwise).
func items(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
