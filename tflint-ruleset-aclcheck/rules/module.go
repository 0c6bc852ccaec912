package rules

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// result is the lint of a module: the diagnostics by rule ID, and the
// ranges of the access strings that fixes may edit.
type result struct {
	byRule  map[string]lint.Diagnostics
	fixable []hcl.Range
}

// canFix reports whether r lies inside an access string that fixes may
// edit.
func (res *result) canFix(r hcl.Range) bool {
	for _, f := range res.fixable {
		if f.Filename == r.Filename && f.Start.Byte <= r.Start.Byte && r.End.Byte <= f.End.Byte {
			return true
		}
	}
	return false
}

// The resources read, with the attributes aclcheck checks.
var (
	authBlock = hclext.BlockSchema{Type: "authentication_mode", Body: &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "type"}, {Name: "passwords"}}}}
	userSchema = &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "user_id"}, {Name: "user_name"}, {Name: "engine"},
			{Name: "access_string"}, {Name: "passwords"}, {Name: "no_password_required"}},
		Blocks: []hclext.BlockSchema{authBlock}}
	elastiCacheGroupSchema = &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "user_group_id"}, {Name: "engine"}, {Name: "user_ids"}}}
	memoryDBACLSchema = &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "name"}, {Name: "user_names"}}}
)

// module reads the resources of one module into one lint input per
// service.
type module struct {
	runner  tflint.Runner
	inputs  map[input.Service]*input.Input
	users   map[string]*input.User // by address
	fixable []hcl.Range
}

// lintModule reads the module's users and groups and lints them, each
// service with its own target.
func lintModule(runner tflint.Runner, cfg Config, disabled map[string]bool) (*result, error) {
	m := &module{runner: runner, inputs: map[input.Service]*input.Input{}, users: map[string]*input.User{}}
	if err := m.read(); err != nil {
		return nil, err
	}
	res := &result{byRule: map[string]lint.Diagnostics{}, fixable: m.fixable}
	for _, svc := range []input.Service{input.ElastiCache, input.MemoryDB} {
		in := m.inputs[svc]
		if in == nil {
			continue
		}
		// The engine as aclcheck lint chooses it: the plugin block's, else
		// the first user's engine attribute, else the service's default.
		engine := cfg.Engine
		if engine == "" {
			engine = lint.InputEngine(in, svc)
		}
		if engine == "" {
			engine = lint.DefaultEngine(svc)
		}
		t, err := lint.NewTarget(svc.String(), engine)
		if err != nil {
			return nil, err
		}
		l, err := lint.New(lint.Config{Target: t, Disabled: disabled})
		if err != nil {
			return nil, err
		}
		for _, d := range l.Lint(in) {
			res.byRule[d.RuleID] = append(res.byRule[d.RuleID], d)
		}
	}
	return res, nil
}

func (m *module) input(svc input.Service) *input.Input {
	in := m.inputs[svc]
	if in == nil {
		in = &input.Input{Format: input.TerraformSource}
		m.inputs[svc] = in
	}
	return in
}

// read reads the users first, so that groups can refer to them.
func (m *module) read() error {
	for _, typ := range []string{"aws_elasticache_user", "aws_memorydb_user"} {
		svc := input.ElastiCache
		if typ == "aws_memorydb_user" {
			svc = input.MemoryDB
		}
		blocks, err := m.resources(typ, userSchema)
		if err != nil {
			return err
		}
		for _, b := range blocks {
			u, err := m.user(svc, typ+"."+b.Labels[1], b)
			if err != nil {
				return err
			}
			in := m.input(svc)
			in.Users = append(in.Users, u)
			m.users[u.LogicalID] = u
		}
	}
	groups := []struct {
		typ, id, engine, members string
		svc                      input.Service
		schema                   *hclext.BodySchema
	}{
		{"aws_elasticache_user_group", "user_group_id", "engine", "user_ids", input.ElastiCache, elastiCacheGroupSchema},
		{"aws_memorydb_acl", "name", "", "user_names", input.MemoryDB, memoryDBACLSchema},
	}
	for _, gt := range groups {
		blocks, err := m.resources(gt.typ, gt.schema)
		if err != nil {
			return err
		}
		for _, b := range blocks {
			addr := gt.typ + "." + b.Labels[1]
			g := &input.Group{Service: gt.svc, Resource: addr, LogicalID: addr, Range: aclRange(b.DefRange)}
			if g.ID, err = m.field(gt.svc, addr, gt.id, b.Body.Attributes[gt.id]); err != nil {
				return err
			}
			if gt.engine != "" {
				if g.Engine, err = m.field(gt.svc, addr, gt.engine, b.Body.Attributes[gt.engine]); err != nil {
					return err
				}
			}
			if g.Members, err = m.members(gt.svc, addr, b.Body.Attributes[gt.members]); err != nil {
				return err
			}
			in := m.input(gt.svc)
			in.Groups = append(in.Groups, g)
		}
	}
	return nil
}

func (m *module) resources(typ string, schema *hclext.BodySchema) (hclext.Blocks, error) {
	content, err := m.runner.GetResourceContent(typ, schema, nil)
	if err != nil {
		return nil, err
	}
	return content.Blocks, nil
}

// user reads one user resource.
func (m *module) user(svc input.Service, addr string, b *hclext.Block) (*input.User, error) {
	u := &input.User{Service: svc, Resource: addr, LogicalID: addr, Range: aclRange(b.DefRange)}
	attrs := b.Body.Attributes
	var err error
	for _, f := range []struct {
		name string
		dst  *input.Field
	}{{"user_id", &u.UserID}, {"user_name", &u.UserName}, {"engine", &u.Engine}, {"no_password_required", &u.NoPasswordRequired}} {
		if *f.dst, err = m.field(svc, addr, f.name, attrs[f.name]); err != nil {
			return nil, err
		}
	}
	if a := attrs["access_string"]; a != nil {
		if u.AccessField, err = m.field(svc, addr, "access_string", a); err != nil {
			return nil, err
		}
		if u.AccessField.Literal {
			if u.Access, err = m.source(a.Expr, u.AccessField.Value); err != nil {
				return nil, err
			}
			u.Access.Origin, u.Access.UserName = input.FromResource, u.Name()
		}
	}
	if u.Passwords, u.PasswordsSet, err = m.list(svc, addr, attrs["passwords"]); err != nil {
		return nil, err
	}
	for _, am := range b.Body.Blocks.OfType("authentication_mode") {
		u.AuthenticationSet = true
		if u.AuthType, err = m.field(svc, addr, "authentication_mode.type", am.Body.Attributes["type"]); err != nil {
			return nil, err
		}
		if u.AuthPasswords, u.AuthPasswordsSet, err = m.list(svc, addr, am.Body.Attributes["passwords"]); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// field evaluates a string attribute of the resource at addr. An
// attribute whose value is not known (a variable without a value, another
// resource's attribute, a sensitive value) is set but not literal, not
// checked, and recorded as unresolved. A known value's range is its text
// (inside the quotes of a literal).
func (m *module) field(svc input.Service, addr, name string, a *hclext.Attribute) (input.Field, error) {
	if a == nil {
		return input.Field{}, nil
	}
	return m.value(svc, addr, name, a.Expr)
}

func (m *module) value(svc input.Service, addr, name string, e hcl.Expression) (input.Field, error) {
	f := input.Field{Set: true, Range: aclRange(e.Range())}
	var reasons []string
	for _, t := range e.Variables() {
		if !evaluable[t.RootName()] {
			reasons = append(reasons, "depends on "+refName(t))
		}
	}
	if reasons == nil {
		v, ok, err := m.eval(e)
		if err != nil {
			return f, err
		}
		if ok {
			f.Value, f.Literal = v, true
			if src, err := m.source(e, v); err == nil && len(src.Map) > 0 && src.Map[0].Filename != "" {
				f.Range = acl.Range{Start: src.Map[0], End: src.Map[len(src.Map)-1]}
			}
			return f, nil
		}
		for _, t := range e.Variables() {
			reasons = append(reasons, "depends on "+refName(t))
		}
	}
	if name != "" {
		in := m.input(svc)
		in.AddUnresolved(input.Unresolved{Resource: addr, Attribute: name, Range: f.Range, Reasons: reasons})
	}
	return f, nil
}

// refName names what a reference refers to, as aclcheck lint does:
// "var.x", "resource attribute aws_x.y.z", "data.aws_x.y".
func refName(t hcl.Traversal) string {
	var parts []string
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, s.Name)
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		}
	}
	switch root := t.RootName(); {
	case root == "data" && len(parts) >= 3:
		return strings.Join(parts[:3], ".")
	case !evaluable[root] && root != "module" && len(parts) >= 3:
		return "resource attribute " + strings.Join(parts[:3], ".")
	case len(parts) >= 2:
		return strings.Join(parts[:2], ".")
	}
	return strings.Join(parts, ".")
}

// eval evaluates a string expression; ok is false when its value is not
// known, null or sensitive.
func (m *module) eval(e hcl.Expression) (string, bool, error) {
	var v cty.Value
	if err := m.runner.EvaluateExpr(e, &v, nil); err != nil {
		return "", false, err
	}
	if !v.IsWhollyKnown() || v.IsNull() || v.IsMarked() {
		return "", false, nil
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", false, nil // not a string: not checked
	}
	return s.AsString(), true, nil
}

// evaluable are the roots of references tflint can evaluate; references
// to resources, data sources and modules are unknown until apply.
var evaluable = map[string]bool{"var": true, "local": true, "path": true, "terraform": true, "count": true, "each": true}

// list evaluates a list of passwords, element by element where it is
// written as a list, so that each has its range.
func (m *module) list(svc input.Service, addr string, a *hclext.Attribute) ([]input.Field, bool, error) {
	if a == nil {
		return nil, false, nil
	}
	elems, diags := hcl.ExprList(a.Expr)
	if diags.HasErrors() {
		// Not written as a list: one field for the whole value.
		f, err := m.value(svc, addr, "", a.Expr)
		return []input.Field{f}, true, err
	}
	var out []input.Field
	for _, e := range elems {
		f, err := m.value(svc, addr, "", e)
		if err != nil {
			return nil, true, err
		}
		f.Range = aclRange(e.Range()) // a password's quotes too, as aclcheck lint places secrets
		out = append(out, f)
	}
	return out, true, nil
}

// members reads a group's member list; an entry that refers to a user
// resource of the module ("aws_elasticache_user.app.user_id") is
// resolved to it.
func (m *module) members(svc input.Service, addr string, a *hclext.Attribute) ([]input.Member, error) {
	if a == nil {
		return nil, nil
	}
	elems, diags := hcl.ExprList(a.Expr)
	if diags.HasErrors() {
		return nil, nil // not a literal list: members unknown
	}
	var out []input.Member
	for _, e := range elems {
		var mem input.Member
		if t, diags := hcl.AbsTraversalForExpr(e); !diags.HasErrors() && len(t) == 3 {
			attr, ok1 := t[1].(hcl.TraverseAttr)
			field, ok2 := t[2].(hcl.TraverseAttr)
			if u := m.users[t.RootName()+"."+attr.Name]; ok1 && ok2 && u != nil {
				// A user of the module: its id or name is known.
				mem = input.Member{Ref: u, Field: input.Field{Set: true, Range: aclRange(e.Range())}}
				if v := map[string]input.Field{"user_id": u.UserID, "user_name": u.UserName}[field.Name]; v.Literal {
					mem.Value, mem.Literal = v.Value, true
				}
				out = append(out, mem)
				continue
			}
		}
		f, err := m.value(svc, addr, "", e)
		if err != nil {
			return nil, err
		}
		out = append(out, input.Member{Field: f})
	}
	return out, nil
}

// aclRange converts an HCL range.
func aclRange(r hcl.Range) acl.Range {
	pos := func(p hcl.Pos) acl.Pos {
		return acl.Pos{Filename: r.Filename, Offset: p.Byte, Line: p.Line, Column: p.Column}
	}
	return acl.Range{Start: pos(r.Start), End: pos(r.End)}
}
