package terraform

import (
	"github.com/aclcheck/aclcheck/acl"
	"github.com/hashicorp/hcl/v2"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// maxJSONDepth bounds the nesting of a state file.
const maxJSONDepth = 200

// readState reads the managed resources of a Terraform state (format
// version 4: resources[].instances[].attributes).
func (r *reader) readState(f File) {
	sf := r.addFile(f.Name, f.Src)
	if jsonDepth(f.Src) > maxJSONDepth {
		r.diag(true, "State nested too deep", "The state file nests more than the limit and was not read.", acl.Range{Start: sf.pos(0), End: sf.pos(0)})
		return
	}
	file, diags := hcljson.Parse(f.Src, f.Name)
	r.hclDiags(sf, diags)
	if file == nil || diags.HasErrors() {
		return
	}
	top, _ := file.Body.JustAttributes()
	res, ok := top["resources"]
	if !ok {
		r.diag(false, "No resources", f.Name+" has no resources list (state format version 4 is read).", acl.Range{Start: sf.pos(0), End: sf.pos(0)})
		return
	}
	for _, re := range exprList(res.Expr) {
		m := jsonValue(re, sf, 0)
		if m.kind != kMap {
			continue
		}
		typ, _ := textOf(m, "type")
		name, _ := textOf(m, "name")
		if mode, _ := textOf(m, "mode"); mode != "managed" {
			continue
		}
		if _, ok := resourceTypes[typ]; !ok {
			continue
		}
		addr := typ + "." + name
		if mod, ok := textOf(m, "module"); ok && mod != "" {
			addr = mod + "." + addr
		}
		insts, _ := m.get("instances")
		if insts == nil || insts.kind != kList {
			continue
		}
		for _, in := range insts.elems {
			if in.kind != kMap {
				continue
			}
			a := addr
			if k, ok := in.get("index_key"); ok {
				a += keyString(k)
			}
			at, ok := in.get("attributes")
			if !ok || at.kind != kMap {
				continue
			}
			out := &Resource{Type: typ, Address: a, Range: sf.rng(in.rng)}
			r.fill(out, mapAttrs{at})
			r.res.Resources = append(r.res.Resources, out)
		}
	}
}

func textOf(m *value, key string) (string, bool) {
	if v, ok := m.get(key); ok {
		return v.strText()
	}
	return "", false
}

// mapAttrs reads attributes from a map value (a state instance's
// attributes, an object given to a module).
type mapAttrs struct{ m *value }

func (j mapAttrs) get(name string) (*value, acl.Range, bool) {
	v, ok := j.m.get(name)
	if !ok {
		return nil, acl.Range{}, false
	}
	return v, v.file.rng(v.rng), true
}

func (j mapAttrs) block(name string) attrs {
	v, ok := j.m.get(name)
	if !ok {
		return nil
	}
	if v.kind == kList && len(v.elems) > 0 {
		v = v.elems[0]
	}
	if v.kind != kMap {
		return nil
	}
	return mapAttrs{v}
}

func exprList(e hcl.Expression) []hcl.Expression {
	l, diags := hcl.ExprList(e)
	if diags.HasErrors() {
		return nil
	}
	return l
}

// jsonValue converts a JSON expression, keeping string positions.
func jsonValue(e hcl.Expression, f *srcFile, depth int) *value {
	rng := e.Range()
	if depth > maxJSONDepth {
		return failed("nested too deep", f, rng)
	}
	if src := f.slice(rng); len(src) > 0 {
		switch src[0] {
		case '[':
			out := &value{kind: kList, file: f, rng: rng}
			for _, x := range exprList(e) {
				out.elems = append(out.elems, jsonValue(x, f, depth+1))
			}
			return out
		case '{':
			pairs, diags := hcl.ExprMap(e)
			if diags.HasErrors() {
				return failed("not an object", f, rng)
			}
			var keys, vals []*value
			for _, p := range pairs {
				k := jsonValue(p.Key, f, depth+1)
				if _, ok := k.strText(); !ok {
					continue
				}
				keys = append(keys, k)
				vals = append(vals, jsonValue(p.Value, f, depth+1))
			}
			return newMap(keys, vals, f, rng)
		}
	}
	cv, diags := e.Value(nil)
	if diags.HasErrors() {
		return failed("not a JSON value", f, rng)
	}
	switch {
	case cv.IsNull():
		return &value{kind: kNull, file: f, rng: rng}
	case cv.Type() == cty.String:
		text := cv.AsString()
		offs, exact := literalOffsets(f.src, rng.Start.Byte+1, rng.End.Byte-1, litJSON, 0, text)
		return str(text, offs, exact, f, hcl.Range{Filename: rng.Filename, Start: hcl.Pos{Byte: rng.Start.Byte + 1}, End: hcl.Pos{Byte: rng.End.Byte - 1}})
	case cv.Type() == cty.Number || cv.Type() == cty.Bool:
		return &value{kind: kPrim, prim: cv, file: f, rng: rng}
	}
	return failed("JSON value not read", f, rng)
}

// jsonDepth returns the deepest nesting of brackets outside strings.
func jsonDepth(b []byte) int {
	depth, max := 0, 0
	inStr := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case !inStr && (c == '[' || c == '{'):
			depth++
			if depth > max {
				max = depth
			}
		case !inStr && (c == ']' || c == '}'):
			depth--
		}
	}
	return max
}
