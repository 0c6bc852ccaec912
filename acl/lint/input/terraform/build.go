package terraform

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// attrs is where a resource's attributes are read from: an HCL body or a
// state instance's attributes.
type attrs interface {
	// get returns an attribute's value and the range of its expression.
	get(name string) (*value, acl.Range, bool)
	// block returns the first nested block (or object of a list) name.
	block(name string) attrs
}

type hclAttrs struct {
	ri   *resInst
	body *hclsyntax.Body
	sc   *scope // for a nested block: where its attributes are evaluated
}

func (h hclAttrs) get(name string) (*value, acl.Range, bool) {
	a, ok := h.body.Attributes[name]
	if !ok {
		return nil, acl.Range{}, false
	}
	var v *value
	if h.body == h.ri.rb.b.Body {
		v = h.ri.attr(a.Name, h.ri.rb.f, a.Expr.Range())
	} else {
		v = h.sc.eval(a.Expr)
	}
	return v, h.ri.rb.f.rng(a.Expr.Range()), true
}

// block returns the first nested block of that type, or the content of
// the first dynamic block generating it, evaluated for its first element
// (the iterator is unknown when its for_each is).
func (h hclAttrs) block(name string) attrs {
	sc := h.sc
	if sc == nil {
		sc = h.ri.sc.in(h.ri.rb.f)
	}
	for _, b := range h.body.Blocks {
		if b.Type == name {
			return hclAttrs{h.ri, b.Body, sc}
		}
	}
	for _, b := range h.body.Blocks {
		if b.Type != "dynamic" || len(b.Labels) != 1 || b.Labels[0] != name {
			continue
		}
		var content *hclsyntax.Body
		for _, c := range b.Body.Blocks {
			if c.Type == "content" {
				content = c.Body
			}
		}
		fe, ok := b.Body.Attributes["for_each"]
		if content == nil || !ok {
			return nil
		}
		iter := name
		if a, ok := b.Body.Attributes["iterator"]; ok {
			if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
				iter = kw
			}
		}
		coll := sc.eval(fe.Expr)
		var k, v *value
		switch {
		case coll.kind == kList && len(coll.elems) > 0:
			k, v = &value{kind: kPrim, prim: cty.NumberIntVal(0), file: sc.f, rng: fe.Expr.Range()}, coll.elems[0]
		case coll.kind == kMap && len(coll.elems) > 0:
			k, v = coll.keys[0], coll.elems[0]
		case coll.kind == kList || coll.kind == kMap || coll.kind == kNull:
			return nil // no block
		default:
			k, v = coll, coll
		}
		c := *sc
		c.syms = map[string]*value{}
		for n, s := range sc.syms {
			c.syms[n] = s
		}
		at := fe.Expr.Range()
		kk := str("key", approxOffsets(at.Start.Byte, 3), false, sc.f, at)
		kv := str("value", approxOffsets(at.Start.Byte, 5), false, sc.f, at)
		c.syms[iter] = newMap([]*value{kk, kv}, []*value{k, v}, sc.f, at)
		return hclAttrs{h.ri, content, &c}
	}
	return nil
}

// resource builds the public form of a resource instance.
func (ri *resInst) resource() *Resource {
	if ri.out != nil {
		return ri.out
	}
	rb := ri.rb
	hdr := rb.b.TypeRange
	if n := len(rb.b.LabelRanges); n > 0 {
		hdr = hcl.RangeBetween(hdr, rb.b.LabelRanges[n-1])
	}
	ri.out = &Resource{Type: rb.typ, Address: ri.addr, Range: rb.f.rng(hdr), Block: rb.f.rng(rb.b.Range())}
	ri.mi.r.fill(ri.out, hclAttrs{ri, rb.b.Body, nil})
	return ri.out
}

// fill reads the attributes of a resource whose Type is set.
func (r *reader) fill(res *Resource, a attrs) {
	t := resourceTypes[res.Type]
	res.Kind, res.Service = t.kind, t.svc
	val := func(a attrs, name string) Value {
		v, rng, ok := a.get(name)
		if !ok {
			return Value{}
		}
		return publicValue(v, rng)
	}
	ref := func(name string) *Resource {
		if v, _, ok := a.get(name); ok {
			return refOf(v)
		}
		return nil
	}
	res.EngineAttr = val(a, "engine")
	switch t.kind {
	case KindUser:
		res.UserName = val(a, "user_name")
		res.Access = val(a, "access_string")
		if t.svc == ElastiCache {
			res.UserID = val(a, "user_id")
			res.Passwords = r.secrets(a, "passwords")
			res.PasswordsWO = r.secrets(a, "passwords_wo")
			res.NoPasswordRequired = val(a, "no_password_required")
		}
		if b := a.block("authentication_mode"); b != nil {
			res.AuthType = val(b, "type")
			ps := r.secrets(b, "passwords")
			if t.svc == MemoryDB {
				res.Passwords = ps
			} else {
				res.AuthPasswords = ps
			}
		}
	case KindGroup:
		if t.svc == ElastiCache {
			res.GroupID = val(a, "user_group_id")
			res.Members = members(a, "user_ids")
		} else {
			res.GroupID = val(a, "name")
			res.Members = members(a, "user_names")
		}
	case KindAssociation:
		res.AssocGroupID = val(a, "user_group_id")
		res.AssocUser = Member{Value: val(a, "user_id"), Ref: ref("user_id")}
		res.GroupRef = ref("user_group_id")
	case KindCluster:
		switch res.Type {
		case TypeElastiCacheReplicationGroup:
			res.Attached = members(a, "user_group_ids")
		case TypeElastiCacheServerlessCache:
			res.Attached = members(a, "user_group_id")
			res.Serverless = true
			res.MajorEngineVersion = val(a, "major_engine_version")
		case TypeMemoryDBCluster:
			res.Attached = members(a, "acl_name")
		}
		res.EngineVersion = val(a, "engine_version")
	}
}

// refOf returns the resource a value was read from (not a data source,
// which names something defined elsewhere).
func refOf(v *value) *Resource {
	if v.ref != nil && v.ref.rb.prefix != "" {
		return nil
	}
	if v.ref != nil && v.ref.out != nil {
		return v.ref.out
	}
	if v.ref != nil {
		if _, ok := resourceTypes[v.ref.rb.typ]; ok {
			return v.ref.resource()
		}
	}
	return nil
}

// publicValue converts a value to a Value; rng is the attribute's
// expression.
func publicValue(v *value, rng acl.Range) Value {
	out := Value{Set: true, Range: rng}
	switch v.kind {
	case kNull:
		return Value{Range: rng}
	case kPrim:
		v = (&scope{f: v.file}).stringOf(v)
	}
	if v.kind != kString {
		r := v.firstReason()
		if r == "" {
			r = "not a string"
		}
		out.Parts = []Part{{Unknown: r, Range: fileRange(v.file, v.rng, rng)}}
		return out
	}
	for _, p := range v.parts {
		pr := fileRange(p.file, p.rng, rng)
		if p.reason != "" {
			out.Parts = append(out.Parts, Part{Unknown: p.reason, Range: pr})
			continue
		}
		pos := make([]acl.Pos, len(p.offs))
		for i, o := range p.offs {
			pos[i] = p.file.pos(o)
		}
		if n := len(out.Parts); n > 0 && out.Parts[n-1].Unknown == "" && out.Parts[n-1].Computed == p.approx {
			// adjacent known text is one part
			q := &out.Parts[n-1]
			q.Text += p.text
			q.Pos = append(q.Pos[:len(q.Pos)-1], pos...)
			if q.Range.Start.Filename == pr.Start.Filename && pr.End.Offset > q.Range.End.Offset {
				q.Range.End = pr.End
			}
			continue
		}
		out.Parts = append(out.Parts, Part{Text: p.text, Pos: pos, Range: pr, Computed: p.approx})
	}
	if len(out.Parts) == 0 {
		out.Parts = []Part{{Pos: []acl.Pos{rng.Start}, Range: rng}}
	}
	return out
}

func fileRange(f *srcFile, r hcl.Range, fallback acl.Range) acl.Range {
	if f == nil {
		return fallback
	}
	return f.rng(r)
}

// elements returns the elements of a list attribute, or the attribute as
// one element when it is not a list, and the range of its expression.
func elements(a attrs, name string) ([]*value, acl.Range) {
	v, rng, ok := a.get(name)
	if !ok || v.kind == kNull {
		return nil, rng
	}
	if v.kind == kList {
		return v.elems, rng
	}
	return []*value{v}, rng
}

// members returns the entries of a list of names (or of one name).
func members(a attrs, name string) []Member {
	elems, rng := elements(a, name)
	var out []Member
	for _, e := range elems {
		out = append(out, Member{Value: publicValue(e, fileRange(e.file, e.rng, rng)), Ref: refOf(e)})
	}
	return out
}

// secrets reads a list of passwords: where each stands and whether it is
// literal, never the text.
func (r *reader) secrets(a attrs, name string) []Secret {
	elems, rng := elements(a, name)
	var out []Secret
	for _, e := range elems {
		s := Secret{Range: fileRange(e.file, e.rng, rng), Literal: true}
		if e.kind != kString {
			s.Literal = false
			s.Reason = e.firstReason()
			if s.Reason == "" {
				s.Reason = "not a string"
			}
		}
		for _, p := range e.parts {
			if p.reason != "" {
				s.Literal = false
				if s.Reason == "" {
					s.Reason = p.reason
				}
				continue
			}
			if len(p.text) > 0 {
				s.Literals = append(s.Literals, acl.Range{Start: p.file.pos(p.offs[0]), End: p.file.pos(p.offs[len(p.text)-1] + 1)})
			}
		}
		r.res.Secrets = append(r.res.Secrets, s.Literals...)
		out = append(out, s)
	}
	return out
}

// link resolves group members, associations and cluster attachments, then
// each user's and group's service details and engine.
func link(rs []*Resource) {
	byText := func(kind Kind, svc Service, text string, key func(*Resource) Value) *Resource {
		for _, r := range rs {
			if r.Kind == kind && r.Service == svc {
				if t, ok := key(r).Text(); ok && t == text {
					return r
				}
			}
		}
		return nil
	}
	userKey := func(r *Resource) Value {
		if r.Service == MemoryDB {
			return r.UserName
		}
		return r.UserID
	}
	groupKey := func(r *Resource) Value { return r.GroupID }
	resolve := func(m *Member, kind Kind, svc Service, key func(*Resource) Value) {
		if m.Ref != nil && m.Ref.Kind != kind {
			m.Ref = nil
		}
		if m.Ref == nil {
			if t, ok := m.Text(); ok {
				m.Ref = byText(kind, svc, t, key)
			}
		}
	}
	for _, r := range rs {
		switch r.Kind {
		case KindGroup:
			for i := range r.Members {
				resolve(&r.Members[i], KindUser, r.Service, userKey)
				if u := r.Members[i].Ref; u != nil {
					u.Groups = appendUnique(u.Groups, r)
				}
			}
		case KindAssociation:
			resolve(&r.AssocUser, KindUser, ElastiCache, userKey)
			if r.GroupRef != nil && r.GroupRef.Kind != KindGroup {
				r.GroupRef = nil
			}
			if r.GroupRef == nil {
				if t, ok := r.AssocGroupID.Text(); ok {
					r.GroupRef = byText(KindGroup, ElastiCache, t, groupKey)
				}
			}
			if u, g := r.AssocUser.Ref, r.GroupRef; u != nil && g != nil {
				u.Groups = appendUnique(u.Groups, g)
			}
		case KindCluster:
			for i := range r.Attached {
				resolve(&r.Attached[i], KindGroup, r.Service, groupKey)
				if g := r.Attached[i].Ref; g != nil {
					g.Clusters = appendUnique(g.Clusters, r)
				}
			}
		}
	}
	for _, r := range rs {
		switch r.Kind {
		case KindUser:
			for _, g := range r.Groups {
				for _, c := range g.Clusters {
					r.Clusters = appendUnique(r.Clusters, c)
				}
			}
			r.Engine = engineOf(r, r.Groups, r.Clusters)
		case KindGroup:
			r.Engine = engineOf(r, nil, r.Clusters)
		case KindCluster:
			r.Engine = engineOf(r, nil, []*Resource{r})
		}
		for _, c := range r.Clusters {
			if c.Serverless {
				r.Serverless = true
			}
		}
	}
}

func appendUnique(list []*Resource, r *Resource) []*Resource {
	for _, x := range list {
		if x == r {
			return list
		}
	}
	return append(list, r)
}

// engineOf resolves the engine family from the resource's own engine, its
// groups' or its clusters', and the version from its clusters, when they
// agree.
func engineOf(r *Resource, groups, clusters []*Resource) Engine {
	var e Engine
	family := func(x *Resource) bool {
		if t, ok := x.EngineAttr.Text(); ok && t != "" {
			e.Family, e.FamilyFrom = strings.ToLower(t), x.Address
			return true
		}
		return false
	}
	if !family(r) {
		found := false
		for _, g := range groups {
			if family(g) {
				found = true
				break
			}
		}
		for _, c := range clusters {
			if !found && family(c) {
				break
			}
		}
	}
	var reasons []string
	for _, c := range clusters {
		v := c.EngineVersion
		if !v.Set {
			v = c.MajorEngineVersion
		}
		t, ok := v.Text()
		switch {
		case ok && e.Version == "":
			e.Version, e.VersionFrom = t, c.Address
		case ok && e.Version != t:
			e.Version, e.VersionFrom = "", ""
			reasons = append(reasons, "clusters with different engine versions")
		case !ok && v.Set:
			reasons = append(reasons, "engine version of "+c.Address+" "+strings.Join(v.Reasons(), ", "))
		case !ok:
			reasons = append(reasons, "engine version of "+c.Address+" not set")
		}
	}
	if len(reasons) > 0 {
		e.Version, e.VersionFrom = "", ""
		e.Reason = reasons[0]
	}
	return e
}
