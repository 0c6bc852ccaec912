package terraform

import (
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// kind is the shape of an evaluated value.
type kind uint8

const (
	kUnknown kind = iota // not known statically; reason says why
	kNull
	kString // parts: known text with offsets, unknown placeholders
	kPrim   // number or bool, in prim
	kList   // list, tuple or set: elems
	kMap    // map or object: keys (sorted) and elems in the same order
	kRes    // a resource instance: attributes on demand
	kMod    // a module instance: outputs on demand
)

// value is an evaluated expression that keeps, for every byte of known
// string text, the file offset it was read from.
type value struct {
	kind   kind
	parts  []part
	prim   cty.Value
	elems  []*value
	keys   []*value // kMap: key strings, with their own positions
	set    bool     // kList made by toset
	reason string   // kUnknown
	err    bool     // kUnknown caused by an error (try and can skip it)
	file   *srcFile
	rng    hcl.Range // the expression it comes from
	ref    *resInst  // the resource instance it was read from
	ri     *resInst  // kRes
	mi     *modInst  // kMod
}

// part is known text (offs[i] the file offset of text[i], offs[len] the
// end) or, with reason set, an unknown placeholder.
type part struct {
	text   string
	offs   []int
	file   *srcFile
	reason string
	rng    hcl.Range
	// approx is set when the text is computed (a number, a function's
	// result) and offs all point at the expression it comes from.
	approx bool
}

func unknown(reason string, file *srcFile, rng hcl.Range) *value {
	return &value{kind: kUnknown, reason: reason, file: file, rng: rng}
}

func failed(reason string, file *srcFile, rng hcl.Range) *value {
	v := unknown(reason, file, rng)
	v.err = true
	return v
}

// str returns a string value of known text.
func str(text string, offs []int, exact bool, file *srcFile, rng hcl.Range) *value {
	return &value{kind: kString, parts: []part{{text: text, offs: offs, file: file, rng: rng, approx: !exact}}, file: file, rng: rng}
}

// strText returns the text of a fully known string value.
func (v *value) strText() (string, bool) {
	if v == nil || v.kind != kString {
		return "", false
	}
	if len(v.parts) == 1 && v.parts[0].reason == "" {
		return v.parts[0].text, true
	}
	s := ""
	for _, p := range v.parts {
		if p.reason != "" {
			return "", false
		}
		s += p.text
	}
	return s, true
}

// firstReason returns the first reason a value (or a part of it) is not
// known, or "". Values share elements, so a walk is bounded: a value too
// large to inspect is not known.
func (v *value) firstReason() string {
	budget := maxElems
	return v.reasonIn(&budget)
}

func (v *value) reasonIn(budget *int) string {
	*budget--
	if *budget < 0 {
		return "value too large to inspect"
	}
	if v == nil {
		return "no value"
	}
	switch v.kind {
	case kUnknown:
		return v.reason
	case kString:
		for _, p := range v.parts {
			if p.reason != "" {
				return p.reason
			}
		}
	case kList, kMap:
		for _, e := range v.elems {
			if r := e.reasonIn(budget); r != "" {
				return r
			}
		}
	}
	return ""
}

// size counts the nodes of a value, up to limit.
func (v *value) size(limit int) int {
	n := 1
	if v.kind == kString {
		n += len(v.parts)
	}
	for _, e := range v.elems {
		if n >= limit {
			break
		}
		n += e.size(limit - n)
	}
	return n
}

// get returns the element of a map value with key k.
func (v *value) get(k string) (*value, bool) {
	i := sort.Search(len(v.keys), func(i int) bool { t, _ := v.keys[i].strText(); return t >= k })
	if i < len(v.keys) {
		if t, _ := v.keys[i].strText(); t == k {
			return v.elems[i], true
		}
	}
	return nil, false
}

// newMap builds a map value from keys and values (later duplicates win),
// sorted by key as Terraform iterates maps.
func newMap(keys, vals []*value, file *srcFile, rng hcl.Range) *value {
	type kv struct {
		k    string
		key  *value
		val  *value
		seen int
	}
	idx := map[string]int{}
	var list []kv
	for i, k := range keys {
		t, _ := k.strText()
		if j, ok := idx[t]; ok {
			list[j].key, list[j].val = k, vals[i]
			continue
		}
		idx[t] = len(list)
		list = append(list, kv{k: t, key: k, val: vals[i]})
	}
	slices.SortStableFunc(list, func(a, b kv) int { return strings.Compare(a.k, b.k) })
	m := &value{kind: kMap, file: file, rng: rng}
	for _, e := range list {
		m.keys = append(m.keys, e.key)
		m.elems = append(m.elems, e.val)
	}
	return m
}

// withRef returns a copy of v that records the resource instance it was
// read from.
func withRef(v *value, ri *resInst) *value {
	c := *v
	c.ref = ri
	return &c
}
