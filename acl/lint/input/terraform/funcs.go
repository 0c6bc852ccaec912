package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// builtin is a function that keeps the positions of the text it passes on.
type builtin func(sc *scope, args []*value, rng hcl.Range) *value

var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"format":       fnFormat,
		"join":         fnJoin,
		"replace":      fnReplace,
		"lower":        fnCase(strings.ToLower),
		"upper":        fnCase(strings.ToUpper),
		"trimspace":    fnTrimSpace,
		"trimprefix":   fnTrim(true),
		"trimsuffix":   fnTrim(false),
		"concat":       fnConcat,
		"merge":        fnMerge,
		"toset":        fnToSet,
		"tolist":       fnToList,
		"tomap":        fnIdentity(kMap),
		"tostring":     fnToString,
		"lookup":       fnLookup,
		"coalesce":     fnCoalesce,
		"try":          fnTry,
		"split":        fnSplit,
		"element":      fnElement,
		"keys":         mapFunc(true),
		"values":       mapFunc(false),
		"flatten":      fnFlatten,
		"compact":      fnCompact,
		"distinct":     fnDistinct,
		"sensitive":    fnIdentity(kUnknown),
		"nonsensitive": fnIdentity(kUnknown),
		"one":          fnOne,
	}
}

// fallbacks are go-cty functions called on fully known arguments; their
// string results map to the call's position.
var fallbacks = map[string]function.Function{
	"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
	"max": stdlib.MaxFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc, "signum": stdlib.SignumFunc,
	"chomp": stdlib.ChompFunc, "indent": stdlib.IndentFunc, "title": stdlib.TitleFunc, "strrev": stdlib.ReverseFunc,
	"substr": stdlib.SubstrFunc, "trim": stdlib.TrimFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
	"sort": stdlib.SortFunc, "reverse": stdlib.ReverseListFunc, "slice": stdlib.SliceFunc,
	"coalescelist": stdlib.CoalesceListFunc, "setunion": stdlib.SetUnionFunc,
	"setintersection": stdlib.SetIntersectionFunc, "setsubtract": stdlib.SetSubtractFunc,
	"zipmap": stdlib.ZipmapFunc, "jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc,
	"formatlist": stdlib.FormatListFunc, "length": stdlib.LengthFunc, "contains": stdlib.ContainsFunc,
	"format": stdlib.FormatFunc, "replace": stdlib.ReplaceFunc,
}

func callSafe(f function.Function, args []cty.Value) (v cty.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("function panicked")
		}
	}()
	return f.Call(args)
}

func (sc *scope) call(e *hclsyntax.FunctionCallExpr) *value {
	var args []*value
	for i, a := range e.Args {
		v := sc.eval(a)
		if e.ExpandFinal && i == len(e.Args)-1 {
			if v.kind != kList {
				return propagate(v, "expanded argument", sc.f, e.Range())
			}
			args = append(args, v.elems...)
			continue
		}
		args = append(args, v)
	}
	for _, a := range args {
		sc.mi.r.steps += a.size(maxElems)
	}
	name := e.Name
	if b, ok := builtins[name]; ok {
		if v := b(sc, args, e.Range()); v != nil {
			return v
		}
	}
	f, ok := fallbacks[name]
	if !ok {
		return unknown("function "+name+" not evaluated", sc.f, e.Range())
	}
	return sc.fallback(f, name, args, e.Range())
}

func (sc *scope) fallback(f function.Function, name string, args []*value, rng hcl.Range) *value {
	var cargs []cty.Value
	for _, a := range args {
		c, r := toCty(a)
		if r != "" {
			u := unknown(r, sc.f, rng)
			u.err = a.err
			return u
		}
		if c.Type().IsTupleType() && name != "jsonencode" && name != "length" {
			// Terraform passes lists; go-cty's list functions want them.
			if l, err := tupleToList(c); err == nil {
				c = l
			}
		}
		cargs = append(cargs, c)
	}
	res, err := callSafe(f, cargs)
	if err != nil {
		return failed("function "+name+" failed", sc.f, rng)
	}
	if res.Type() == cty.String && res.IsKnown() && !res.IsNull() && len(res.AsString()) > maxString {
		return failed("string longer than the limit", sc.f, rng)
	}
	return sc.fromCty(res, rng, false)
}

func tupleToList(c cty.Value) (v cty.Value, err error) {
	defer func() {
		if recover() != nil {
			err = fmt.Errorf("mixed types")
		}
	}()
	if c.LengthInt() == 0 {
		return cty.ListValEmpty(cty.DynamicPseudoType), nil
	}
	return cty.ListVal(c.AsValueSlice()), nil
}

// need reports whether there are n arguments.
func need(args []*value, n int) bool { return len(args) == n }

// unary makes a function of one argument of kind want (of any kind for
// kUnknown); an argument of another kind gives an unknown result with its
// reason.
func unary(want kind, f func(sc *scope, a *value, rng hcl.Range) *value) builtin {
	return func(sc *scope, args []*value, rng hcl.Range) *value {
		if !need(args, 1) {
			return nil
		}
		if want != kUnknown && args[0].kind != want {
			return unknownOf(args[0], sc, rng)
		}
		return f(sc, args[0], rng)
	}
}

// listFunc makes a function of one list argument (see unary).
func listFunc(f func(sc *scope, l *value, rng hcl.Range) *value) builtin { return unary(kList, f) }

func unknownOf(v *value, sc *scope, rng hcl.Range) *value {
	u := unknown(v.firstReason(), sc.f, rng)
	u.err = v.err
	if u.reason == "" {
		u.reason, u.err = "argument has the wrong type", true
	}
	return u
}

// fnFormat keeps positions for %s, %d, %v and %% verbs; other verbs are
// left to go-cty.
func fnFormat(sc *scope, args []*value, rng hcl.Range) *value {
	if len(args) == 0 {
		return nil
	}
	f := args[0]
	ft, ok := f.strText()
	if !ok {
		return unknownOf(f, sc, rng)
	}
	fp := f.parts
	if len(fp) != 1 {
		fp = []part{joinParts(f.parts)}
	}
	out := &value{kind: kString, file: sc.f, rng: rng}
	lit := func(i, j int) {
		if i < j {
			out.parts = append(out.parts, slicePart(fp[0], i, j))
		}
	}
	next := 1
	start := 0
	for i := 0; i < len(ft); i++ {
		if ft[i] != '%' {
			continue
		}
		if i+1 >= len(ft) {
			return nil
		}
		lit(start, i)
		j := i + 1
		argIdx := -1
		if ft[j] == '[' {
			k := strings.IndexByte(ft[j:], ']')
			if k < 0 {
				return nil
			}
			var n int
			if _, err := fmt.Sscanf(ft[j+1:j+k], "%d", &n); err != nil {
				return nil
			}
			argIdx = n
			j += k + 1
			if j >= len(ft) {
				return nil
			}
		}
		switch ft[j] {
		case '%':
			out.parts = append(out.parts, slicePart(fp[0], j, j+1))
		case 's', 'd', 'v':
			if argIdx < 0 {
				argIdx = next
			}
			next = argIdx + 1
			if argIdx >= len(args) {
				return failed("format has too few arguments", sc.f, rng)
			}
			a := args[argIdx]
			switch a.kind {
			case kString, kPrim, kUnknown:
				out.parts = append(out.parts, sc.toParts(a)...)
			default:
				return nil
			}
		default:
			return nil
		}
		start = j + 1
		i = j
	}
	lit(start, len(ft))
	if len(out.parts) == 0 {
		out.parts = []part{{text: "", offs: []int{rng.Start.Byte}, file: sc.f, rng: rng}}
	}
	return capString(out)
}

// joinParts joins known parts of one file into one part.
func joinParts(ps []part) part {
	var p part
	for i, q := range ps {
		if i == 0 {
			p.file, p.rng = q.file, q.rng
		}
		p.approx = p.approx || q.approx
		p.text += q.text
		p.offs = append(p.offs, q.offs[:len(q.text)]...)
		if i == len(ps)-1 {
			p.offs = append(p.offs, q.offs[len(q.text)])
		}
	}
	return p
}

// slicePart returns bytes i..j of a known part.
func slicePart(p part, i, j int) part {
	return part{text: p.text[i:j], offs: append([]int(nil), p.offs[i:j+1]...), file: p.file, rng: p.rng, approx: p.approx}
}

func fnJoin(sc *scope, args []*value, rng hcl.Range) *value {
	if len(args) < 2 {
		return nil
	}
	sep := args[0]
	if _, ok := sep.strText(); !ok {
		return unknownOf(sep, sc, rng)
	}
	out := &value{kind: kString, file: sc.f, rng: rng}
	first := true
	for _, l := range args[1:] {
		if l.kind != kList {
			return unknownOf(l, sc, rng)
		}
		for _, e := range l.elems {
			if !first {
				out.parts = append(out.parts, sep.parts...)
			}
			first = false
			out.parts = append(out.parts, sc.toParts(e)...)
		}
	}
	if len(out.parts) == 0 {
		out.parts = []part{{text: "", offs: []int{rng.Start.Byte}, file: sc.f, rng: rng}}
	}
	return capString(out)
}

// fnReplace replaces a literal substring in a fully known string; regular
// expressions go to go-cty.
func fnReplace(sc *scope, args []*value, rng hcl.Range) *value {
	if !need(args, 3) {
		return nil
	}
	for _, a := range args {
		if _, ok := a.strText(); !ok {
			return unknownOf(a, sc, rng)
		}
	}
	sub, _ := args[1].strText()
	if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
		return nil
	}
	s := joinParts(args[0].parts)
	rep := args[2].parts
	if sub == "" {
		return args[0]
	}
	out := &value{kind: kString, file: sc.f, rng: rng}
	start := 0
	for {
		k := strings.Index(s.text[start:], sub)
		if k < 0 {
			break
		}
		if k > 0 {
			out.parts = append(out.parts, slicePart(s, start, start+k))
		}
		out.parts = append(out.parts, rep...)
		start += k + len(sub)
		if len(out.parts) > maxElems {
			return failed("string longer than the limit", sc.f, rng)
		}
	}
	if start < len(s.text) || len(out.parts) == 0 {
		out.parts = append(out.parts, slicePart(s, start, len(s.text)))
	}
	return capString(out)
}

// fnCase maps each known part; bytes keep their positions where the
// mapping keeps the length.
func fnCase(f func(string) string) builtin {
	return func(sc *scope, args []*value, rng hcl.Range) *value {
		if !need(args, 1) {
			return nil
		}
		a := args[0]
		if a.kind == kPrim {
			a = sc.stringOf(a)
		}
		if a.kind != kString {
			return unknownOf(a, sc, rng)
		}
		out := &value{kind: kString, file: sc.f, rng: rng}
		for _, p := range a.parts {
			if p.reason == "" {
				t := f(p.text)
				if len(t) != len(p.text) {
					p = part{text: t, offs: approxOffsets(p.offs[0], len(t)), file: p.file, rng: p.rng, approx: true}
				} else {
					p.text = t
				}
			}
			out.parts = append(out.parts, p)
		}
		return out
	}
}

// fnTrimSpace trims the known ends of a string.
var fnTrimSpace = unary(kString, func(sc *scope, a *value, rng hcl.Range) *value {
	ps := append([]part(nil), a.parts...)
	for len(ps) > 0 && ps[0].reason == "" {
		t := strings.TrimLeft(ps[0].text, " \t\n\r\v\f")
		ps[0] = slicePart(ps[0], len(ps[0].text)-len(t), len(ps[0].text))
		if t != "" || len(ps) == 1 {
			break
		}
		ps = ps[1:]
	}
	for len(ps) > 0 && ps[len(ps)-1].reason == "" {
		p := ps[len(ps)-1]
		t := strings.TrimRight(p.text, " \t\n\r\v\f")
		ps[len(ps)-1] = slicePart(p, 0, len(t))
		if t != "" || len(ps) == 1 {
			break
		}
		ps = ps[:len(ps)-1]
	}
	return &value{kind: kString, parts: ps, file: sc.f, rng: rng}
})

func fnTrim(prefix bool) builtin {
	return func(sc *scope, args []*value, rng hcl.Range) *value {
		if !need(args, 2) {
			return nil
		}
		s, ok1 := args[0].strText()
		fix, ok2 := args[1].strText()
		if !ok1 || !ok2 {
			if !ok2 {
				return unknownOf(args[1], sc, rng)
			}
			return unknownOf(args[0], sc, rng)
		}
		p := joinParts(args[0].parts)
		if prefix && strings.HasPrefix(s, fix) {
			p = slicePart(p, len(fix), len(s))
		} else if !prefix && strings.HasSuffix(s, fix) {
			p = slicePart(p, 0, len(s)-len(fix))
		}
		return &value{kind: kString, parts: []part{p}, file: sc.f, rng: rng}
	}
}

func fnConcat(sc *scope, args []*value, rng hcl.Range) *value {
	out := &value{kind: kList, file: sc.f, rng: rng}
	for _, a := range args {
		if a.kind != kList {
			return unknownOf(a, sc, rng)
		}
		out.elems = append(out.elems, a.elems...)
		if len(out.elems) > maxElems {
			return failed("collection larger than the limit", sc.f, rng)
		}
	}
	return out
}

func fnMerge(sc *scope, args []*value, rng hcl.Range) *value {
	var keys, vals []*value
	for _, a := range args {
		if a.kind == kNull {
			continue
		}
		if a.kind != kMap {
			return unknownOf(a, sc, rng)
		}
		keys = append(keys, a.keys...)
		vals = append(vals, a.elems...)
	}
	return newMap(keys, vals, sc.f, rng)
}

// toSet removes duplicate known elements and sorts strings as a set of
// strings iterates.
func toSet(v *value) *value {
	out := &value{kind: kList, set: true, file: v.file, rng: v.rng}
	seen := map[string]bool{}
	var keys, vals []*value
	for _, e := range v.elems {
		t, ok := e.strText()
		if e.kind == kPrim {
			t, ok = e.prim.GoString(), true
		}
		if ok {
			if seen[t] {
				continue
			}
			seen[t] = true
		}
		if e.kind == kString && ok {
			keys = append(keys, e)
			vals = append(vals, e)
			continue
		}
		out.elems = append(out.elems, e)
	}
	m := newMap(keys, vals, v.file, v.rng)
	out.elems = append(m.elems, out.elems...)
	return out
}

var fnToSet = listFunc(func(sc *scope, l *value, rng hcl.Range) *value {
	return toSet(l)
})

var fnToList = listFunc(func(sc *scope, l *value, rng hcl.Range) *value {
	c := *l
	c.set = false
	return &c
})

func fnIdentity(want kind) builtin {
	return unary(want, func(_ *scope, a *value, _ hcl.Range) *value { return a })
}

func fnToString(sc *scope, args []*value, rng hcl.Range) *value {
	if !need(args, 1) {
		return nil
	}
	switch args[0].kind {
	case kString, kNull:
		return args[0]
	case kPrim:
		return sc.stringOf(args[0])
	}
	return unknownOf(args[0], sc, rng)
}

func fnLookup(sc *scope, args []*value, rng hcl.Range) *value {
	if len(args) != 2 && len(args) != 3 {
		return nil
	}
	m, k := args[0], args[1]
	kt, ok := k.strText()
	if m.kind != kMap || !ok {
		if m.kind != kMap {
			return unknownOf(m, sc, rng)
		}
		return unknownOf(k, sc, rng)
	}
	if v, ok := m.get(kt); ok {
		return v
	}
	if len(args) == 3 {
		return args[2]
	}
	return failed("no element "+kt, sc.f, rng)
}

func fnCoalesce(sc *scope, args []*value, rng hcl.Range) *value {
	for _, a := range args {
		switch a.kind {
		case kNull:
			continue
		case kString:
			t, ok := a.strText()
			if !ok {
				return unknownOf(a, sc, rng)
			}
			if t == "" {
				continue
			}
			return a
		case kPrim:
			return a
		default:
			return unknownOf(a, sc, rng)
		}
	}
	return failed("no non-null, non-empty argument", sc.f, rng)
}

func fnTry(sc *scope, args []*value, rng hcl.Range) *value {
	for _, a := range args {
		if a.kind == kUnknown && a.err {
			continue
		}
		return a
	}
	return failed("no argument of try succeeded", sc.f, rng)
}

func fnSplit(sc *scope, args []*value, rng hcl.Range) *value {
	if !need(args, 2) {
		return nil
	}
	sep, ok1 := args[0].strText()
	s, ok2 := args[1].strText()
	if !ok1 {
		return unknownOf(args[0], sc, rng)
	}
	if !ok2 {
		return unknownOf(args[1], sc, rng)
	}
	p := joinParts(args[1].parts)
	out := &value{kind: kList, file: sc.f, rng: rng}
	if sep == "" {
		return nil
	}
	start := 0
	for {
		k := strings.Index(s[start:], sep)
		if k < 0 {
			break
		}
		out.elems = append(out.elems, &value{kind: kString, parts: []part{slicePart(p, start, start+k)}, file: p.file, rng: p.rng})
		start += k + len(sep)
		if len(out.elems) > maxElems {
			return failed("collection larger than the limit", sc.f, rng)
		}
	}
	out.elems = append(out.elems, &value{kind: kString, parts: []part{slicePart(p, start, len(s))}, file: p.file, rng: p.rng})
	return out
}

func fnElement(sc *scope, args []*value, rng hcl.Range) *value {
	if !need(args, 2) {
		return nil
	}
	l, i := args[0], args[1]
	if l.kind != kList || len(l.elems) == 0 {
		return unknownOf(l, sc, rng)
	}
	if i.kind != kPrim || i.prim.Type() != cty.Number {
		return unknownOf(i, sc, rng)
	}
	n, _ := i.prim.AsBigFloat().Int64()
	if n < 0 {
		return failed("negative index", sc.f, rng)
	}
	return l.elems[int(n%int64(len(l.elems)))]
}

// mapFunc makes keys or values: the keys or elements of a map as a list.
func mapFunc(keys bool) builtin {
	return unary(kMap, func(sc *scope, m *value, rng hcl.Range) *value {
		elems := m.elems
		if keys {
			elems = m.keys
		}
		return &value{kind: kList, elems: append([]*value(nil), elems...), file: sc.f, rng: rng}
	})
}

func fnFlatten(sc *scope, args []*value, rng hcl.Range) *value {
	if !need(args, 1) {
		return nil
	}
	out := &value{kind: kList, file: sc.f, rng: rng}
	budget := maxElems
	var walk func(v *value, depth int) bool
	walk = func(v *value, depth int) bool {
		budget--
		if depth > maxDepth || len(out.elems) > maxElems || budget < 0 {
			return false
		}
		for _, e := range v.elems {
			switch e.kind {
			case kList:
				if !walk(e, depth+1) {
					return false
				}
			case kUnknown:
				return false
			default:
				out.elems = append(out.elems, e)
			}
		}
		return true
	}
	if args[0].kind != kList || !walk(args[0], 0) {
		return unknownOf(args[0], sc, rng)
	}
	return out
}

var fnCompact = listFunc(func(sc *scope, l *value, rng hcl.Range) *value {
	out := &value{kind: kList, file: sc.f, rng: rng}
	for _, e := range l.elems {
		if e.kind == kNull {
			continue
		}
		if t, ok := e.strText(); ok && t == "" {
			continue
		}
		if e.kind == kUnknown {
			return unknownOf(e, sc, rng)
		}
		out.elems = append(out.elems, e)
	}
	return out
})

var fnDistinct = listFunc(func(sc *scope, l *value, rng hcl.Range) *value {
	out := &value{kind: kList, file: sc.f, rng: rng}
	seen := map[string]bool{}
	for _, e := range l.elems {
		if t, ok := e.strText(); ok {
			if seen[t] {
				continue
			}
			seen[t] = true
		}
		out.elems = append(out.elems, e)
	}
	return out
})

var fnOne = listFunc(func(sc *scope, l *value, rng hcl.Range) *value {
	switch len(l.elems) {
	case 0:
		return &value{kind: kNull, file: sc.f, rng: rng}
	case 1:
		return l.elems[0]
	}
	return failed("one: more than one element", sc.f, rng)
})
