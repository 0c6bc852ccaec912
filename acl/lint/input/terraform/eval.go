package terraform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

var ctyString = cty.String

// modInst is one instance of a module: its values are evaluated on
// demand and kept.
type modInst struct {
	r      *reader
	mod    *module
	addr   string // "" for a root module, `module.x["k"].`
	parent *scope // where the module block's arguments are evaluated
	call   *callBlock
	depth  int

	locals  map[string]*value
	vars    map[string]*value
	outputs map[string]*value
	busy    map[string]bool
	res     map[*resBlock]*expansion
	calls   map[*callBlock]*expansion
}

// expansion is a resource or module block expanded by for_each or count.
type expansion struct {
	val   *value // the block as a reference evaluates
	res   []*resInst
	mods  []*modInst
	ready bool
}

// resInst is one instance of a resource block.
type resInst struct {
	rb    *resBlock
	mi    *modInst
	addr  string
	sc    *scope
	attrs map[string]*value
	busy  map[string]bool
	out   *Resource
}

// scope is what names mean where an expression is evaluated.
type scope struct {
	mi       *modInst
	f        *srcFile
	each     *[2]*value // each.key, each.value
	count    *value
	syms     map[string]*value // for expression symbols
	anon     *value            // splat item
	resource *resInst          // self
}

func (sc *scope) in(f *srcFile) *scope {
	c := *sc
	c.f = f
	return &c
}

func (mi *modInst) init() {
	if mi.locals == nil {
		mi.locals, mi.vars, mi.outputs = map[string]*value{}, map[string]*value{}, map[string]*value{}
		mi.busy, mi.res, mi.calls = map[string]bool{}, map[*resBlock]*expansion{}, map[*callBlock]*expansion{}
	}
}

// walk expands every resource block of a type this package reads, and
// every module call, returning the instances in order.
func (mi *modInst) walk(depth int) []*resInst {
	mi.init()
	var out []*resInst
	for _, rb := range mi.mod.resOrder {
		if _, ok := resourceTypes[rb.typ]; ok {
			out = append(out, mi.expandRes(rb).res...)
		}
	}
	if depth >= maxModuleDepth {
		return out
	}
	for _, c := range mi.mod.callOrder {
		if c.child == nil {
			mi.moduleInputs(c)
			continue
		}
		for _, child := range mi.expandCall(c).mods {
			out = append(out, child.walk(depth+1)...)
		}
	}
	return out
}

// enter guards against deep or circular evaluation; leave must follow.
func (r *reader) enter() bool {
	if r.depth >= maxDepth {
		return false
	}
	r.depth++
	return true
}

func (r *reader) leave() { r.depth-- }

// cached evaluates a named value of the module instance once.
func (mi *modInst) cached(cache map[string]*value, key string, f *srcFile, rng hcl.Range, eval func() *value) *value {
	if v, ok := cache[key]; ok {
		return v
	}
	if mi.busy[key] {
		return failed(key+" refers to itself", f, rng)
	}
	if !mi.r.enter() {
		return failed("nesting too deep at "+key, f, rng)
	}
	mi.busy[key] = true
	v := eval()
	mi.busy[key] = false
	mi.r.leave()
	cache[key] = v
	return v
}

func (mi *modInst) local(name string, f *srcFile, rng hcl.Range) *value {
	return mi.named(mi.locals, mi.mod.locals, "local.", name, f, rng)
}

// named evaluates a local or an output of the module instance once.
func (mi *modInst) named(cache map[string]*value, decls map[string]*attr, prefix, name string, f *srcFile, rng hcl.Range) *value {
	a, ok := decls[name]
	if !ok {
		return failed(prefix+name+" is not defined", f, rng)
	}
	return mi.cached(cache, prefix+name, f, rng, func() *value {
		return (&scope{mi: mi, f: a.f}).eval(a.a.Expr)
	})
}

func (mi *modInst) variable(name string, f *srcFile, rng hcl.Range) *value {
	return mi.cached(mi.vars, "var."+name, f, rng, func() *value {
		d := mi.mod.vars[name]
		var v *value
		switch {
		case mi.call != nil:
			if a, ok := mi.call.b.Body.Attributes[name]; ok {
				v = mi.parent.in(mi.call.f).eval(a.Expr)
			}
		case mi.mod.tfvars[name] != nil:
			a := mi.mod.tfvars[name]
			v = (&scope{mi: mi, f: a.f}).eval(a.a.Expr)
		}
		if v == nil && d != nil && d.def != nil {
			v = (&scope{mi: mi, f: d.def.f}).eval(d.def.a.Expr)
		}
		if v == nil {
			return unknown("depends on var."+name, f, rng)
		}
		if d != nil && d.set && v.kind == kList {
			v = toSet(v)
		}
		return v
	})
}

func (mi *modInst) output(name string, f *srcFile, rng hcl.Range) *value {
	return mi.named(mi.outputs, mi.mod.outputs, "module output ", name, f, rng)
}

// keyString returns the address form of an instance key.
func keyString(k *value) string {
	if k == nil {
		return "[?]"
	}
	if t, ok := k.strText(); ok {
		return "[" + strconv.Quote(t) + "]"
	}
	if k.kind == kPrim && k.prim.Type() == cty.Number {
		return "[" + k.prim.AsBigFloat().Text('f', -1) + "]"
	}
	return "[?]"
}

// instances evaluates the for_each or count of a block in sc and returns
// the scopes of its instances with their address suffixes, and how the
// block is referred to (nil when it has neither).
type instance struct {
	suffix string
	key    *value
	sc     *scope
}

func (sc *scope) instances(body *hclsyntax.Body) (insts []instance, keyed kind, reason string) {
	if a, ok := body.Attributes["for_each"]; ok {
		v := sc.eval(a.Expr)
		switch {
		case v.kind == kMap:
			for i, k := range v.keys {
				if i == maxInstances {
					sc.tooMany(a)
					break
				}
				c := *sc
				c.each = &[2]*value{k, v.elems[i]}
				insts = append(insts, instance{keyString(k), k, &c})
			}
			return insts, kMap, ""
		case v.kind == kList:
			seen := map[string]bool{}
			for _, e := range v.elems {
				if len(insts) == maxInstances {
					sc.tooMany(a)
					break
				}
				t, ok := e.strText()
				if ok && seen[t] {
					continue
				}
				seen[t] = true
				c := *sc
				c.each = &[2]*value{e, e}
				if !ok {
					e = nil
				}
				insts = append(insts, instance{keyString(e), e, &c})
			}
			return insts, kMap, ""
		case v.kind == kNull:
			return nil, kMap, ""
		}
		r := v.firstReason()
		if r == "" {
			r = "for_each is not a map or set"
		}
		c := *sc
		u := unknown(r, sc.f, a.Expr.Range())
		c.each = &[2]*value{u, u}
		return []instance{{"[?]", nil, &c}}, kUnknown, r
	}
	if a, ok := body.Attributes["count"]; ok {
		v := sc.eval(a.Expr)
		if v.kind == kPrim && v.prim.Type() == cty.Number {
			n, _ := v.prim.AsBigFloat().Int64()
			if n > maxInstances {
				sc.tooMany(a)
			}
			for i := int64(0); i < n && i < maxInstances; i++ {
				c := *sc
				c.count = &value{kind: kPrim, prim: cty.NumberIntVal(i), file: sc.f, rng: a.Expr.Range()}
				insts = append(insts, instance{"[" + strconv.FormatInt(i, 10) + "]", c.count, &c})
			}
			return insts, kList, ""
		}
		r := v.firstReason()
		if r == "" {
			r = "count is not a number"
		}
		c := *sc
		c.count = unknown(r, sc.f, a.Expr.Range())
		return []instance{{"[?]", nil, &c}}, kUnknown, r
	}
	return []instance{{"", nil, sc}}, kRes, ""
}

func (sc *scope) tooMany(a *hclsyntax.Attribute) {
	sc.mi.r.diag(false, "Too many instances", fmt.Sprintf("Only the first %d instances are read.", maxInstances), sc.f.rng(a.Expr.Range()))
}

// expandRes expands a resource block of the module instance.
func (mi *modInst) expandRes(rb *resBlock) *expansion {
	mi.init()
	if x, ok := mi.res[rb]; ok {
		if !x.ready {
			return &expansion{val: failed(rb.prefix+rb.typ+"."+rb.name+" refers to itself", rb.f, rb.b.TypeRange), ready: true}
		}
		return x
	}
	x := &expansion{}
	mi.res[rb] = x
	insts, keyed, reason := (&scope{mi: mi, f: rb.f}).instances(rb.b.Body)
	var keys, vals []*value
	for _, in := range insts {
		ri := &resInst{rb: rb, mi: mi, addr: mi.addr + rb.prefix + rb.typ + "." + rb.name + in.suffix, sc: in.sc,
			attrs: map[string]*value{}, busy: map[string]bool{}}
		in.sc.resource = ri
		x.res = append(x.res, ri)
		rv := &value{kind: kRes, ri: ri, file: rb.f, rng: rb.b.TypeRange}
		if in.key != nil {
			keys = append(keys, in.key)
		}
		vals = append(vals, rv)
	}
	x.val = collect(keyed, keys, vals, reason, rb.f, rb.b.TypeRange)
	x.ready = true
	return x
}

// expandCall expands a module block of the module instance.
func (mi *modInst) expandCall(c *callBlock) *expansion {
	mi.init()
	if x, ok := mi.calls[c]; ok {
		if !x.ready {
			return &expansion{val: failed("module."+c.name+" refers to itself", c.f, c.b.TypeRange), ready: true}
		}
		return x
	}
	x := &expansion{}
	mi.calls[c] = x
	if c.child == nil {
		x.val, x.ready = unknown("depends on module."+c.name+" ("+c.reason+")", c.f, c.b.TypeRange), true
		return x
	}
	insts, keyed, reason := (&scope{mi: mi, f: c.f}).instances(c.b.Body)
	var keys, vals []*value
	for _, in := range insts {
		child := &modInst{r: mi.r, mod: c.child, addr: mi.addr + "module." + c.name + in.suffix + ".", parent: in.sc, call: c, depth: mi.depth + 1}
		x.mods = append(x.mods, child)
		if in.key != nil {
			keys = append(keys, in.key)
		}
		vals = append(vals, &value{kind: kMod, mi: child, file: c.f, rng: c.b.TypeRange})
	}
	x.val = collect(keyed, keys, vals, reason, c.f, c.b.TypeRange)
	x.ready = true
	return x
}

// collect builds the value a reference to an expanded block evaluates to.
func collect(keyed kind, keys, vals []*value, reason string, f *srcFile, rng hcl.Range) *value {
	switch keyed {
	case kRes:
		return vals[0]
	case kList:
		return &value{kind: kList, elems: vals, file: f, rng: rng}
	case kMap:
		if len(keys) == len(vals) {
			return newMap(keys, vals, f, rng)
		}
	}
	if reason == "" {
		reason = "instance keys not known"
	}
	return unknown(reason, f, rng)
}

// attr evaluates an attribute of a resource instance.
func (ri *resInst) attr(name string, f *srcFile, rng hcl.Range) *value {
	if v, ok := ri.attrs[name]; ok {
		return v
	}
	a, ok := ri.rb.b.Body.Attributes[name]
	if !ok {
		if alias := idAttr[ri.rb.typ]; name == "id" && alias != "" && ri.rb.prefix == "" {
			return ri.attr(alias, f, rng)
		}
		return unknown("depends on resource attribute "+ri.rb.prefix+ri.rb.typ+"."+ri.rb.name+"."+name, f, rng)
	}
	if ri.busy[name] {
		return failed(ri.addr+"."+name+" refers to itself", f, rng)
	}
	if !ri.mi.r.enter() {
		return failed("nesting too deep at "+ri.addr+"."+name, f, rng)
	}
	ri.busy[name] = true
	v := ri.sc.in(ri.rb.f).eval(a.Expr)
	ri.busy[name] = false
	ri.mi.r.leave()
	v = withRef(v, ri)
	ri.attrs[name] = v
	return v
}

// idAttr names the argument that a resource type's id equals.
var idAttr = map[string]string{
	TypeElastiCacheUser:             "user_id",
	TypeElastiCacheUserGroup:        "user_group_id",
	TypeMemoryDBUser:                "user_name",
	TypeMemoryDBACL:                 "name",
	TypeMemoryDBCluster:             "name",
	TypeElastiCacheReplicationGroup: "replication_group_id",
	TypeElastiCacheServerlessCache:  "name",
}

// eval evaluates an expression.
func (sc *scope) eval(e hclsyntax.Expression) *value {
	r := sc.mi.r
	r.steps++
	if r.steps > maxSteps {
		if !r.limit {
			r.limit = true
			r.diag(false, "Evaluation limit reached", fmt.Sprintf("More than %d expressions were evaluated; the rest is not checked.", maxSteps), sc.f.rng(e.Range()))
		}
		return unknown("evaluation limit reached", sc.f, e.Range())
	}
	if !r.enter() {
		return failed("expression nested too deep", sc.f, e.Range())
	}
	defer r.leave()
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return sc.fromCty(e.Val, e.SrcRange, true)
	case *hclsyntax.TemplateExpr:
		return sc.template(e)
	case *hclsyntax.TemplateWrapExpr:
		return sc.eval(e.Wrapped)
	case *hclsyntax.TemplateJoinExpr:
		v := sc.eval(e.Tuple)
		if v.kind != kList {
			return propagate(v, "template for directive", sc.f, e.Range())
		}
		out := &value{kind: kString, file: sc.f, rng: e.Range()}
		for _, el := range v.elems {
			out.parts = append(out.parts, sc.toParts(el)...)
		}
		return capString(out)
	case *hclsyntax.ParenthesesExpr:
		return sc.eval(e.Expression)
	case *hclsyntax.ScopeTraversalExpr:
		return sc.traversal(e.Traversal, e.SrcRange)
	case *hclsyntax.RelativeTraversalExpr:
		return sc.steps(sc.eval(e.Source), e.Traversal)
	case *hclsyntax.IndexExpr:
		return sc.index(sc.eval(e.Collection), sc.eval(e.Key), e.SrcRange)
	case *hclsyntax.SplatExpr:
		return sc.splat(e)
	case *hclsyntax.AnonSymbolExpr:
		if sc.anon == nil {
			return failed("splat item outside a splat", sc.f, e.SrcRange)
		}
		return sc.anon
	case *hclsyntax.TupleConsExpr:
		out := &value{kind: kList, file: sc.f, rng: e.SrcRange}
		for _, x := range e.Exprs {
			out.elems = append(out.elems, sc.eval(x))
		}
		return out
	case *hclsyntax.ObjectConsExpr:
		var keys, vals []*value
		for _, it := range e.Items {
			k := sc.objectKey(it.KeyExpr)
			if _, ok := k.strText(); !ok {
				return propagate(k, "object key", sc.f, e.SrcRange)
			}
			keys = append(keys, k)
			vals = append(vals, sc.eval(it.ValueExpr))
		}
		return newMap(keys, vals, sc.f, e.SrcRange)
	case *hclsyntax.FunctionCallExpr:
		return sc.call(e)
	case *hclsyntax.ConditionalExpr:
		c := sc.eval(e.Condition)
		if c.kind == kPrim && c.prim.Type() == cty.Bool {
			if c.prim.True() {
				return sc.eval(e.TrueResult)
			}
			return sc.eval(e.FalseResult)
		}
		return propagate(c, "condition", sc.f, e.SrcRange)
	case *hclsyntax.ForExpr:
		return sc.forExpr(e)
	case *hclsyntax.BinaryOpExpr:
		return sc.op(e.Op, e.SrcRange, e.LHS, e.RHS)
	case *hclsyntax.UnaryOpExpr:
		return sc.op(e.Op, e.SrcRange, e.Val)
	}
	return failed("expression not evaluated", sc.f, e.Range())
}

// propagate returns an unknown value that keeps v's reason, or says that
// what was expected (of a kind) was not found.
func propagate(v *value, what string, f *srcFile, rng hcl.Range) *value {
	if r := v.firstReason(); r != "" {
		u := unknown(r, f, rng)
		u.err = v.err
		return u
	}
	return failed(what+" has the wrong type", f, rng)
}

func (sc *scope) objectKey(e hclsyntax.Expression) *value {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !k.ForceNonLiteral {
			if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" {
				rng := k.Wrapped.Range()
				offs, exact := sc.exactOffsets(kw, rng)
				return str(kw, offs, exact, sc.f, rng)
			}
		}
		e = k.Wrapped
	}
	v := sc.eval(e)
	if v.kind == kPrim {
		return sc.stringOf(v)
	}
	return v
}

// exactOffsets maps text to the source of rng when the source is exactly
// that text, else every byte to its start.
func (sc *scope) exactOffsets(text string, rng hcl.Range) ([]int, bool) {
	if sc.f.slice(rng) == text {
		offs := make([]int, len(text)+1)
		for i := range offs {
			offs[i] = rng.Start.Byte + i
		}
		return offs, true
	}
	return approxOffsets(rng.Start.Byte, len(text)), false
}

// template evaluates a quoted string or heredoc.
func (sc *scope) template(e *hclsyntax.TemplateExpr) *value {
	kind, strip := litQuoted, 0
	src := sc.f.src
	start := e.SrcRange.Start.Byte
	if start+2 <= len(src) && src[start] == '<' && src[start+1] == '<' {
		kind = litHeredoc
		if start+2 < len(src) && src[start+2] == '-' {
			kind = litFlush
			if nl := indexByte(src, start, '\n'); nl >= 0 {
				bodyEnd := e.SrcRange.End.Byte
				for bodyEnd > nl && src[bodyEnd-1] != '\n' {
					bodyEnd--
				}
				strip = flushStrip(src[nl+1 : bodyEnd])
			}
		}
	}
	out := &value{kind: kString, file: sc.f, rng: e.SrcRange}
	for _, p := range e.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && !lit.Val.IsNull() {
			text := lit.Val.AsString()
			offs, exact := literalOffsets(src, lit.SrcRange.Start.Byte, lit.SrcRange.End.Byte, kind, strip, text)
			out.parts = append(out.parts, part{text: text, offs: offs, file: sc.f, rng: lit.SrcRange, approx: !exact})
			continue
		}
		out.parts = append(out.parts, sc.toParts(sc.eval(p))...)
	}
	if len(out.parts) == 0 {
		out.parts = []part{{text: "", offs: []int{start + 1}, file: sc.f, rng: e.SrcRange}}
	}
	return capString(out)
}

func indexByte(b []byte, from int, c byte) int {
	for i := from; i < len(b); i++ {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// capString makes a string longer than maxString unknown.
func capString(v *value) *value {
	n := 0
	for _, p := range v.parts {
		n += len(p.text)
	}
	if n > maxString || len(v.parts) > maxElems {
		return failed("string longer than the limit", v.file, v.rng)
	}
	return v
}

// toParts returns the parts of v interpolated into a template.
func (sc *scope) toParts(v *value) []part {
	switch v.kind {
	case kString:
		return v.parts
	case kPrim:
		return sc.stringOf(v).parts
	}
	r := v.firstReason()
	if r == "" {
		r = "value is not a string"
		if v.kind == kNull {
			r = "value is null"
		}
	}
	return []part{{reason: r, file: v.file, rng: v.rng}}
}

// stringOf converts a number or bool to a string value.
func (sc *scope) stringOf(v *value) *value {
	if v.kind != kPrim {
		return v
	}
	var text string
	if i, ok := smallInt(v.prim); ok {
		text = strconv.FormatInt(i, 10) // the common case, without big.Float's slow Text
	} else {
		s, err := convert.Convert(v.prim, cty.String)
		if err != nil || !s.IsKnown() || s.IsNull() {
			return failed("value is not a string", v.file, v.rng)
		}
		text = s.AsString()
	}
	f := v.file
	if f == nil {
		f = sc.f
	}
	offs, exact := (&scope{f: f}).exactOffsets(text, v.rng)
	return str(text, offs, exact, f, v.rng)
}

// fromCty converts a cty value; strings map every byte to the start of rng
// unless the source is exactly the text.
func (sc *scope) fromCty(cv cty.Value, rng hcl.Range, exact bool) *value {
	if !cv.IsKnown() {
		return unknown("value not known", sc.f, rng)
	}
	if cv.IsNull() {
		return &value{kind: kNull, file: sc.f, rng: rng}
	}
	cv, _ = cv.Unmark()
	t := cv.Type()
	switch {
	case t == cty.String:
		text := cv.AsString()
		offs := approxOffsets(rng.Start.Byte, len(text))
		if exact {
			offs, exact = sc.exactOffsets(text, rng)
		}
		return str(text, offs, exact, sc.f, rng)
	case t == cty.Number || t == cty.Bool:
		return &value{kind: kPrim, prim: cv, file: sc.f, rng: rng}
	case t.IsListType() || t.IsTupleType() || t.IsSetType():
		out := &value{kind: kList, set: t.IsSetType(), file: sc.f, rng: rng}
		if cv.LengthInt() > maxElems {
			return failed("collection larger than the limit", sc.f, rng)
		}
		for it := cv.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			out.elems = append(out.elems, sc.fromCty(ev, rng, false))
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		var keys, vals []*value
		if cv.LengthInt() > maxElems {
			return failed("collection larger than the limit", sc.f, rng)
		}
		for it := cv.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			keys = append(keys, sc.fromCty(k, rng, false))
			vals = append(vals, sc.fromCty(ev, rng, false))
		}
		return newMap(keys, vals, sc.f, rng)
	}
	return failed("value of type "+t.FriendlyName()+" not read", sc.f, rng)
}

// toCty converts a fully known value; reason says why it cannot be.
func toCty(v *value) (cty.Value, string) {
	if v.size(maxElems) >= maxElems {
		return cty.DynamicVal, "value too large to evaluate"
	}
	return toCtyNode(v)
}

func toCtyNode(v *value) (cty.Value, string) {
	switch v.kind {
	case kString:
		t, ok := v.strText()
		if !ok {
			return cty.DynamicVal, v.firstReason()
		}
		return cty.StringVal(t), ""
	case kPrim:
		return v.prim, ""
	case kNull:
		return cty.NullVal(cty.DynamicPseudoType), ""
	case kList:
		var elems []cty.Value
		for _, e := range v.elems {
			c, r := toCtyNode(e)
			if r != "" {
				return cty.DynamicVal, r
			}
			elems = append(elems, c)
		}
		if v.set && len(elems) > 0 {
			if s, err := safeSet(elems); err == nil {
				return s, ""
			}
		}
		return cty.TupleVal(elems), ""
	case kMap:
		m := map[string]cty.Value{}
		for i, k := range v.keys {
			t, _ := k.strText()
			c, r := toCtyNode(v.elems[i])
			if r != "" {
				return cty.DynamicVal, r
			}
			m[t] = c
		}
		return cty.ObjectVal(m), ""
	case kRes:
		return cty.DynamicVal, "depends on resource attribute " + v.ri.rb.typ + "." + v.ri.rb.name
	case kMod:
		return cty.DynamicVal, "depends on a module's outputs"
	}
	if v.reason == "" {
		return cty.DynamicVal, "value not known"
	}
	return cty.DynamicVal, v.reason
}

func safeSet(elems []cty.Value) (s cty.Value, err error) {
	defer func() {
		if recover() != nil {
			err = fmt.Errorf("mixed types")
		}
	}()
	return cty.SetVal(elems), nil
}

// op applies an operator to known operands.
func (sc *scope) op(o *hclsyntax.Operation, rng hcl.Range, operands ...hclsyntax.Expression) *value {
	var args []cty.Value
	for _, x := range operands {
		v := sc.eval(x)
		c, r := toCty(v)
		if r != "" {
			u := unknown(r, sc.f, rng)
			u.err = v.err
			return u
		}
		args = append(args, c)
	}
	res, err := callSafe(o.Impl, args)
	if err != nil {
		return failed("operator failed", sc.f, rng)
	}
	return sc.fromCty(res, rng, false)
}

// traversal evaluates a reference such as var.x or aws_x.y.attr.
func (sc *scope) traversal(t hcl.Traversal, rng hcl.Range) *value {
	v := sc.reference(t, rng)
	if v.kind == kUnknown && !v.err {
		// an unknown is reported where it is referred to
		c := *v
		c.file, c.rng = sc.f, rng
		v = &c
	}
	return v
}

func (sc *scope) reference(t hcl.Traversal, rng hcl.Range) *value {
	root := t.RootName()
	rest := t[1:]
	attrName := func() string {
		if len(rest) > 0 {
			if a, ok := rest[0].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	mi := sc.mi
	if v, ok := sc.syms[root]; ok {
		return sc.steps(v, rest)
	}
	switch root {
	case "var", "local":
		n := attrName()
		if n == "" {
			return failed(root+" needs an attribute", sc.f, rng)
		}
		var v *value
		if root == "var" {
			v = mi.variable(n, sc.f, rng)
		} else {
			v = mi.local(n, sc.f, rng)
		}
		return sc.steps(v, rest[1:])
	case "each":
		if sc.each == nil {
			return failed("each outside for_each", sc.f, rng)
		}
		switch attrName() {
		case "key":
			return sc.steps(sc.each[0], rest[1:])
		case "value":
			return sc.steps(sc.each[1], rest[1:])
		}
		return failed("each has only key and value", sc.f, rng)
	case "count":
		if sc.count == nil || attrName() != "index" {
			return failed("count.index outside count", sc.f, rng)
		}
		c := *sc.count
		c.file, c.rng = sc.f, rng // its text is placed where it is referred to
		return sc.steps(&c, rest[1:])
	case "module":
		n := attrName()
		c, ok := mi.mod.calls[n]
		if !ok || n == "" {
			return failed("module."+n+" is not defined", sc.f, rng)
		}
		return sc.steps(mi.expandCall(c).val, rest[1:])
	case "data":
		if len(t) > 2 {
			if a, ok := t[2].(hcl.TraverseAttr); ok {
				if rb, ok := mi.mod.data[attrName()+"."+a.Name]; ok {
					return sc.steps(mi.expandRes(rb).val, t[3:])
				}
			}
		}
		return unknown("depends on "+refName(t, 3), sc.f, rng)
	case "ephemeral":
		return unknown("depends on "+refName(t, 3), sc.f, rng)
	case "path", "terraform", "self":
		return unknown("depends on "+refName(t, 2), sc.f, rng)
	}
	n := attrName()
	if rb, ok := mi.mod.resources[root+"."+n]; ok && n != "" {
		return sc.steps(mi.expandRes(rb).val, rest[1:])
	}
	return unknown("depends on "+refName(t, 2)+" (not in this module)", sc.f, rng)
}

// refName returns the first n steps of a reference as text.
func refName(t hcl.Traversal, n int) string {
	s := t.RootName()
	for i := 1; i < n && i < len(t); i++ {
		if a, ok := t[i].(hcl.TraverseAttr); ok {
			s += "." + a.Name
		}
	}
	return s
}

// steps applies attribute and index steps to a value.
func (sc *scope) steps(v *value, t hcl.Traversal) *value {
	for _, s := range t {
		switch s := s.(type) {
		case hcl.TraverseAttr:
			v = sc.getAttr(v, s.Name, s.SrcRange)
		case hcl.TraverseIndex:
			v = sc.index(v, sc.fromCty(s.Key, s.SrcRange, false), s.SrcRange)
		case hcl.TraverseSplat:
			return failed("splat in a reference not evaluated", sc.f, s.SrcRange)
		}
	}
	return v
}

func (sc *scope) getAttr(v *value, name string, rng hcl.Range) *value {
	switch v.kind {
	case kMap:
		if e, ok := v.get(name); ok {
			return e
		}
		return failed("no attribute "+name, sc.f, rng)
	case kRes:
		return v.ri.attr(name, sc.f, rng)
	case kMod:
		return v.mi.output(name, sc.f, rng)
	case kUnknown:
		return v
	}
	return failed("no attribute "+name, sc.f, rng)
}

func (sc *scope) index(coll, key *value, rng hcl.Range) *value {
	if coll.kind == kUnknown {
		return coll
	}
	if r := key.firstReason(); r != "" {
		return unknown(r, sc.f, rng)
	}
	switch coll.kind {
	case kMap:
		k := key
		if k.kind == kPrim {
			k = sc.stringOf(k)
		}
		if t, ok := k.strText(); ok {
			if e, ok := coll.get(t); ok {
				return e
			}
			return failed("no element "+strconv.Quote(t), sc.f, rng)
		}
	case kList:
		if key.kind == kString {
			if t, ok := key.strText(); ok {
				if n, err := strconv.Atoi(t); err == nil {
					key = &value{kind: kPrim, prim: cty.NumberIntVal(int64(n))}
				}
			}
		}
		if key.kind == kPrim && key.prim.Type() == cty.Number && !coll.set {
			if i, acc := key.prim.AsBigFloat().Int64(); acc == 0 && i >= 0 && i < int64(len(coll.elems)) {
				return coll.elems[i]
			}
			return failed("index out of range", sc.f, rng)
		}
	}
	return failed("cannot index this value", sc.f, rng)
}

func (sc *scope) splat(e *hclsyntax.SplatExpr) *value {
	src := sc.eval(e.Source)
	var elems []*value
	switch src.kind {
	case kUnknown:
		return src
	case kNull:
		return &value{kind: kList, file: sc.f, rng: e.SrcRange}
	case kList:
		elems = src.elems
	default:
		elems = []*value{src}
	}
	out := &value{kind: kList, file: sc.f, rng: e.SrcRange}
	for _, el := range elems {
		if sc.mi.r.steps > maxSteps {
			return unknown("evaluation limit reached", sc.f, e.SrcRange)
		}
		c := *sc
		c.anon = el
		out.elems = append(out.elems, c.eval(e.Each))
	}
	return out
}

func (sc *scope) forExpr(e *hclsyntax.ForExpr) *value {
	coll := sc.eval(e.CollExpr)
	type kv struct{ k, v *value }
	var items []kv
	switch coll.kind {
	case kList:
		for i, el := range coll.elems {
			var k *value
			if coll.set {
				k = el
			} else {
				k = &value{kind: kPrim, prim: cty.NumberIntVal(int64(i)), file: sc.f, rng: e.CollExpr.Range()}
			}
			items = append(items, kv{k, el})
		}
	case kMap:
		for i, k := range coll.keys {
			items = append(items, kv{k, coll.elems[i]})
		}
	default:
		return propagate(coll, "for expression's collection", sc.f, e.SrcRange)
	}
	var keys, vals []*value
	for _, it := range items {
		if sc.mi.r.steps > maxSteps {
			return unknown("evaluation limit reached", sc.f, e.SrcRange)
		}
		c := *sc
		c.syms = map[string]*value{}
		for n, v := range sc.syms {
			c.syms[n] = v
		}
		if e.KeyVar != "" {
			c.syms[e.KeyVar] = it.k
		}
		c.syms[e.ValVar] = it.v
		if e.CondExpr != nil {
			cond := c.eval(e.CondExpr)
			if cond.kind != kPrim || cond.prim.Type() != cty.Bool {
				return propagate(cond, "for expression's condition", sc.f, e.SrcRange)
			}
			if cond.prim.False() {
				continue
			}
		}
		if e.KeyExpr != nil {
			k := c.eval(e.KeyExpr)
			if k.kind == kPrim {
				k = c.stringOf(k)
			}
			if _, ok := k.strText(); !ok {
				return propagate(k, "for expression's key", sc.f, e.SrcRange)
			}
			keys = append(keys, k)
		}
		vals = append(vals, c.eval(e.ValExpr))
		if len(vals) > maxElems {
			return failed("collection larger than the limit", sc.f, e.SrcRange)
		}
	}
	if e.KeyExpr == nil {
		return &value{kind: kList, elems: vals, file: sc.f, rng: e.SrcRange}
	}
	if e.Group {
		var gk, gv []*value
		idx := map[string]int{}
		for i, k := range keys {
			t, _ := k.strText()
			j, ok := idx[t]
			if !ok {
				j = len(gk)
				idx[t] = j
				gk = append(gk, k)
				gv = append(gv, &value{kind: kList, file: sc.f, rng: e.SrcRange})
			}
			gv[j].elems = append(gv[j].elems, vals[i])
		}
		keys, vals = gk, gv
	}
	return newMap(keys, vals, sc.f, e.SrcRange)
}

// smallInt returns a number that is an int64.
func smallInt(v cty.Value) (int64, bool) {
	if v.Type() != cty.Number || !v.IsKnown() || v.IsNull() {
		return 0, false
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return 0, false
	}
	i, acc := bf.Int64()
	return i, acc == 0
}

// moduleInputs reads the access strings given to a module that is not read.
func (mi *modInst) moduleInputs(c *callBlock) {
	src := ""
	if a, ok := c.b.Body.Attributes["source"]; ok {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && !v.IsNull() {
			src = v.AsString()
		}
	}
	insts, _, _ := (&scope{mi: mi, f: c.f}).instances(c.b.Body)
	names := make([]string, 0, len(c.b.Body.Attributes))
	for n := range c.b.Body.Attributes {
		switch n {
		case "source", "version", "for_each", "count", "providers", "depends_on":
		default:
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, in := range insts {
		for _, n := range names {
			v := in.sc.eval(c.b.Body.Attributes[n].Expr)
			mi.r.scanInputs(v, mi.addr+"module."+c.name+in.suffix+"."+n, src, 0)
		}
	}
}

// scanInputs finds the objects with an access_string in a value.
func (r *reader) scanInputs(v *value, addr, hint string, depth int) {
	if depth > 8 || len(r.inputs) >= maxInstances {
		return
	}
	switch v.kind {
	case kMap:
		if a, ok := v.get("access_string"); ok && (a.kind == kString || a.kind == kUnknown) {
			res := &Resource{Type: TypeElastiCacheUser, Address: addr, Range: fileRange(v.file, v.rng, acl.Range{})}
			h := strings.ToLower(hint)
			if strings.Contains(h, "memorydb") {
				res.Type = TypeMemoryDBUser
			}
			r.fill(res, mapAttrs{v})
			res.Kind = KindInput
			res.Serverless = res.Service == ElastiCache && strings.Contains(h, "serverless")
			r.inputs = append(r.inputs, res)
			return
		}
		for i, k := range v.keys {
			t, _ := k.strText()
			r.scanInputs(v.elems[i], addr+"["+strconv.Quote(t)+"]", hint, depth+1)
		}
	case kList:
		for i, e := range v.elems {
			r.scanInputs(e, addr+"["+strconv.Itoa(i)+"]", hint, depth+1)
		}
	}
}
