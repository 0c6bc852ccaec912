package rules

import (
	"strconv"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// source returns the lint source of an access string whose value is
// known: each byte of the value placed at the byte of the file it was
// written as. Literal parts of a quoted string or heredoc are placed
// exactly (through escapes such as \" and $${); an interpolated part
// places all its bytes at the interpolation; an expression that is not a
// template (a variable, a function call) places the whole value at the
// expression.
func (m *module) source(e hcl.Expression, value string) (*input.Source, error) {
	start := aclRange(e.Range()).Start
	s := &input.Source{Text: value, Start: start}
	tmpl, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		s.Map = constMap(start, len(value))
		return s, nil
	}
	file, err := m.runner.GetFile(e.Range().Filename)
	if err != nil || file == nil {
		s.Map = constMap(start, len(value))
		return s, err
	}
	quoted := len(file.Bytes) > e.Range().Start.Byte && file.Bytes[e.Range().Start.Byte] == '"'
	var pos []acl.Pos
	end := start
	exact := true
	for _, part := range tmpl.Parts {
		r := part.Range()
		if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && r.End.Byte <= len(file.Bytes) {
			p, after, ok := placeLiteral(file.Bytes[r.Start.Byte:r.End.Byte], lit.Val.AsString(), aclRange(r).Start, quoted)
			if ok {
				pos, end = append(pos, p...), after
				continue
			}
		}
		exact = false
		text, known, err := m.eval(part)
		if err != nil {
			return nil, err
		}
		if !known {
			s.Map = constMap(start, len(value))
			return s, nil
		}
		pos = append(pos, constMap(aclRange(r).Start, len(text))[:len(text)]...)
		end = aclRange(r).End
	}
	if len(pos) != len(value) {
		s.Map = constMap(start, len(value))
		return s, nil
	}
	s.Map = append(pos, end)
	if exact && quoted && e.Range().Start.Line == e.Range().End.Line {
		m.fixable = append(m.fixable, e.Range())
	}
	return s, nil
}

// constMap places n bytes and the end at p.
func constMap(p acl.Pos, n int) []acl.Pos {
	m := make([]acl.Pos, n+1)
	for i := range m {
		m[i] = p
	}
	return m
}

// placeLiteral places the bytes of value, the decoded text of the literal
// template part raw that starts at start. In a quoted string raw holds
// escapes (\n, \", \\, \uXXXX, \UXXXXXXXX) and, as in heredocs, $${ and
// %%{ for ${ and %{; a heredoc of the <<- form loses leading spaces. It
// returns the position of each byte of value and the position after the
// last; ok is false when value cannot be aligned with raw.
func placeLiteral(raw []byte, value string, start acl.Pos, quoted bool) (out []acl.Pos, end acl.Pos, ok bool) {
	out = make([]acl.Pos, 0, len(value))
	p := start
	next := func(n int) { // move p over n raw bytes
		for _, c := range raw[p.Offset-start.Offset : p.Offset-start.Offset+n] {
			p.Offset++
			if c == '\n' {
				p.Line, p.Column = p.Line+1, 1
			} else {
				p.Column++ // columns in bytes, as aclcheck counts them
			}
		}
	}
	for j := 0; j < len(value); {
		i := p.Offset - start.Offset
		if i >= len(raw) {
			return nil, p, false
		}
		rest := raw[i:]
		switch {
		case (rest[0] == '$' || rest[0] == '%') && len(rest) >= 3 && rest[1] == rest[0] && rest[2] == '{' &&
			len(value)-j >= 2 && value[j] == rest[0] && value[j+1] == '{':
			out = append(out, p, p)
			next(3)
			j += 2
		case quoted && rest[0] == '\\' && len(rest) >= 2:
			decoded, n := unescape(rest)
			if n == 0 || len(value)-j < len(decoded) || value[j:j+len(decoded)] != decoded {
				return nil, p, false
			}
			for range decoded {
				out = append(out, p)
			}
			next(n)
			j += len(decoded)
		case rest[0] == value[j]:
			out = append(out, p)
			next(1)
			j++
		case !quoted && (rest[0] == ' ' || rest[0] == '\t'):
			next(1) // indentation stripped from a <<- heredoc
		default:
			return nil, p, false
		}
	}
	return out, p, true
}

// unescape decodes the HCL escape at the start of s and returns the text
// and the number of bytes it takes, or n == 0.
func unescape(s []byte) (string, int) {
	switch s[1] {
	case 'n':
		return "\n", 2
	case 'r':
		return "\r", 2
	case 't':
		return "\t", 2
	case '"':
		return `"`, 2
	case '\\':
		return `\`, 2
	case 'u', 'U':
		n := 4
		if s[1] == 'U' {
			n = 8
		}
		if len(s) < 2+n {
			return "", 0
		}
		v, err := strconv.ParseUint(string(s[2:2+n]), 16, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return "", 0
		}
		return string(rune(v)), 2 + n
	}
	return "", 0
}
