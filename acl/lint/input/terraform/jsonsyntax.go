package terraform

import (
	"encoding/json"
	"fmt"
	"iter"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// jsonBlockTypes are the nested blocks of the resources read whose names
// are object keys in Terraform's JSON syntax (a key that is not one of
// them is an argument).
var jsonBlockTypes = map[string]bool{"authentication_mode": true, "timeouts": true, "lifecycle": true, "dynamic": true, "content": true}

// parseJSONConfig parses a file in Terraform's JSON syntax (.tf.json,
// .tfvars.json) with hcl/v2's json package and converts it to the native
// syntax tree the evaluator walks: top-level keys are block types
// (resource, data, variable, locals, module, output; the labels are the
// keys of the nested objects), nested objects of known block types are
// blocks, strings are templates ("${var.x}") and the rest are values. Every
// byte of a string maps to its place in the JSON text, escapes undone. A
// .tfvars.json file gives its top-level keys as attributes.
func parseJSONConfig(src []byte, name string, tfvars bool) (*hclsyntax.Body, hcl.Diagnostics) {
	file, diags := hcljson.Parse(src, name)
	if file == nil || diags.HasErrors() {
		return nil, diags
	}
	top, d := file.Body.JustAttributes()
	diags = append(diags, d...)
	c := &jsonConv{src: src, name: name}
	body := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
	for _, key := range sortedAttrs(top) {
		a := top[key]
		if tfvars {
			body.Attributes[key] = c.attr(key, a.Expr, a.NameRange)
			continue
		}
		switch key {
		case "locals":
			for _, obj := range c.objects(a.Expr) {
				b := &hclsyntax.Block{Type: "locals", TypeRange: a.NameRange, Body: c.body(obj, false)}
				body.Blocks = append(body.Blocks, b)
			}
		case "resource", "data":
			c.labelled(body, key, a, 2)
		case "variable", "module", "output":
			c.labelled(body, key, a, 1)
		}
	}
	return body, diags
}

type jsonConv struct {
	src   []byte
	name  string
	depth int
}

// sortedAttrs returns the names of attributes in the order they stand.
func sortedAttrs(m hcl.Attributes) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && m[names[j]].NameRange.Start.Byte < m[names[j-1]].NameRange.Start.Byte; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

// objects returns the objects of e: e itself, or the elements of an array
// of objects (both forms are allowed where blocks are).
func (c *jsonConv) objects(e hcl.Expression) []hcl.Expression {
	if c.isObject(e) {
		return []hcl.Expression{e}
	}
	var out []hcl.Expression
	if c.isArray(e) {
		for _, x := range exprList(e) {
			if c.isObject(x) {
				out = append(out, x)
			}
		}
	}
	return out
}

func (c *jsonConv) first(e hcl.Expression) byte {
	r := e.Range()
	if r.Start.Byte >= 0 && r.Start.Byte < len(c.src) {
		return c.src[r.Start.Byte]
	}
	return 0
}

func (c *jsonConv) isObject(e hcl.Expression) bool { return c.first(e) == '{' }
func (c *jsonConv) isArray(e hcl.Expression) bool  { return c.first(e) == '[' }

// labelled adds the blocks of a top-level key whose blocks have n labels:
// {"resource": {"TYPE": {"NAME": {…}}}}.
func (c *jsonConv) labelled(body *hclsyntax.Body, typ string, a *hcl.Attribute, n int) {
	var walk func(e hcl.Expression, labels []string, ranges []hcl.Range)
	walk = func(e hcl.Expression, labels []string, ranges []hcl.Range) {
		for _, obj := range c.objects(e) {
			if len(labels) == n {
				b := &hclsyntax.Block{Type: typ, Labels: labels, TypeRange: ranges[len(ranges)-1], LabelRanges: ranges,
					Body: c.body(obj, typ == "resource" || typ == "data")}
				if t, ok := b.Body.Attributes["type"]; ok && typ == "variable" {
					t.Expr = typeExpr(t.Expr, c.name)
				}
				body.Blocks = append(body.Blocks, b)
				continue
			}
			for k, p := range c.members(obj) {
				walk(p.Value, append(labels[:len(labels):len(labels)], k), append(ranges[:len(ranges):len(ranges)], p.Key.Range()))
			}
		}
	}
	walk(a.Expr, nil, nil)
}

// members yields the members of an object expression whose keys are
// strings, with those keys; nothing for another expression.
func (c *jsonConv) members(obj hcl.Expression) iter.Seq2[string, hcl.KeyValuePair] {
	return func(yield func(string, hcl.KeyValuePair) bool) {
		pairs, diags := hcl.ExprMap(obj)
		if diags.HasErrors() {
			return
		}
		for _, p := range pairs {
			if k, ok := c.keyText(p.Key); ok && !yield(k, p) {
				return
			}
		}
	}
}

func (c *jsonConv) keyText(e hcl.Expression) (string, bool) {
	v, diags := e.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.Type().Equals(cty.String) {
		return "", false
	}
	return v.AsString(), true
}

// body converts an object to a block body; with blocks, the keys of known
// block types are nested blocks.
func (c *jsonConv) body(obj hcl.Expression, blocks bool) *hclsyntax.Body {
	b := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: obj.Range(), EndRange: obj.Range()}
	if c.depth > maxJSONDepth {
		return b
	}
	c.depth++
	defer func() { c.depth-- }()
	for k, p := range c.members(obj) {
		switch {
		case blocks && k == "dynamic":
			for label, dp := range c.members(p.Value) {
				for _, obj := range c.objects(dp.Value) {
					b.Blocks = append(b.Blocks, &hclsyntax.Block{Type: "dynamic", Labels: []string{label}, TypeRange: p.Key.Range(),
						LabelRanges: []hcl.Range{dp.Key.Range()}, Body: c.body(obj, true)})
				}
			}
		case blocks && jsonBlockTypes[k] && len(c.objects(p.Value)) > 0:
			for _, obj := range c.objects(p.Value) {
				b.Blocks = append(b.Blocks, &hclsyntax.Block{Type: k, TypeRange: p.Key.Range(), Body: c.body(obj, true)})
			}
		default:
			b.Attributes[k] = c.attr(k, p.Value, p.Key.Range())
		}
	}
	return b
}

func (c *jsonConv) attr(name string, e hcl.Expression, nameRange hcl.Range) *hclsyntax.Attribute {
	return &hclsyntax.Attribute{Name: name, Expr: c.expr(e), SrcRange: hcl.RangeBetween(nameRange, e.Range()), NameRange: nameRange, EqualsRange: nameRange}
}

// typeExpr parses a variable's type, an expression in a string in the
// JSON syntax ("set(string)").
func typeExpr(x hclsyntax.Expression, name string) hclsyntax.Expression {
	if t, ok := x.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
		if lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type().Equals(cty.String) {
			if pe, diags := hclsyntax.ParseExpression([]byte(lit.Val.AsString()), name, lit.SrcRange.Start); !diags.HasErrors() {
				return pe
			}
		}
	}
	return x
}

// expr converts a JSON value to a native syntax expression.
func (c *jsonConv) expr(e hcl.Expression) hclsyntax.Expression {
	rng := e.Range()
	if c.depth > maxJSONDepth {
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: rng}
	}
	c.depth++
	defer func() { c.depth-- }()
	switch c.first(e) {
	case '[':
		t := &hclsyntax.TupleConsExpr{SrcRange: rng, OpenRange: rng}
		for _, x := range exprList(e) {
			t.Exprs = append(t.Exprs, c.expr(x))
		}
		return t
	case '{':
		o := &hclsyntax.ObjectConsExpr{SrcRange: rng, OpenRange: rng}
		pairs, diags := hcl.ExprMap(e)
		if diags.HasErrors() {
			return o
		}
		for _, p := range pairs {
			o.Items = append(o.Items, hclsyntax.ObjectConsItem{KeyExpr: &hclsyntax.ObjectConsKeyExpr{Wrapped: c.expr(p.Key)}, ValueExpr: c.expr(p.Value)})
		}
		return o
	case '"':
		return c.template(e)
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: rng}
	}
	return &hclsyntax.LiteralValueExpr{Val: v, SrcRange: rng}
}

// template parses a JSON string as a string template and moves the
// ranges of its literal parts from the decoded text to the JSON text, so
// that each byte maps to where it is written.
func (c *jsonConv) template(e hcl.Expression) hclsyntax.Expression {
	rng := e.Range()
	v, diags := e.Value(&hcl.EvalContext{}) // a literal-only string evaluates; one with ${} does not
	raw, err := jsonStringValue(c.src, rng)
	if err != nil {
		if !diags.HasErrors() && v.Type().Equals(cty.String) {
			return &hclsyntax.LiteralValueExpr{Val: v, SrcRange: rng}
		}
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: rng}
	}
	start, end := rng.Start.Byte+1, rng.End.Byte-1
	offs, _ := literalOffsets(c.src, start, end, litJSON, 0, raw)
	at := func(p hcl.Pos) hcl.Pos {
		d := p.Byte - start
		if d < 0 || d >= len(offs) {
			return p
		}
		return hcl.Pos{Byte: offs[d], Line: p.Line, Column: p.Column}
	}
	inner := hcl.Pos{Byte: start, Line: rng.Start.Line, Column: rng.Start.Column + 1}
	t, pd := hclsyntax.ParseTemplate([]byte(raw), c.name, inner)
	if pd.HasErrors() {
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: rng}
	}
	tmpl, ok := t.(*hclsyntax.TemplateExpr)
	if !ok {
		if w, ok := t.(*hclsyntax.TemplateWrapExpr); ok {
			return w
		}
		return t
	}
	tmpl.SrcRange = hcl.Range{Filename: c.name, Start: inner, End: hcl.Pos{Byte: end}}
	for _, p := range tmpl.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok {
			lit.SrcRange = hcl.Range{Filename: c.name, Start: at(lit.SrcRange.Start), End: at(lit.SrcRange.End)}
		}
	}
	return tmpl
}

// jsonStringValue returns the decoded text of the JSON string at rng.
func jsonStringValue(src []byte, rng hcl.Range) (string, error) {
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.End.Byte-rng.Start.Byte < 2 {
		return "", fmt.Errorf("not a string")
	}
	var s string
	err := json.Unmarshal(src[rng.Start.Byte:rng.End.Byte], &s)
	return s, err
}
