package input

import (
	"errors"
	"fmt"
	"io/fs"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input/terraform"
)

// readTerraform reads Terraform source or state through package terraform:
// one file, without the other files of its directory or its modules.
func readTerraform(filename, content string, format Format) (*Input, error) {
	name := filename
	if format == TerraformSource && !hasSuffix(name, ".tf", ".tfvars", ".tf.json", ".tfvars.json") {
		name += ".tf" // the reader goes by extension (standard input)
		if strings.HasPrefix(strings.TrimSpace(content), "{") {
			name += ".json"
		}
	} else if format == TerraformState && !hasSuffix(name, ".tfstate", ".tfstate.backup") {
		name += ".tfstate"
	}
	res := terraform.Read(nil, terraform.File{Name: name, Src: []byte(content)})
	return convertTerraform(res, filename, name, content, format, nil)
}

// ReadModuleFile reads the Terraform source file at path (slash-separated)
// of fsys, whose text is content and which positions call filename, in the
// context of its module as Terraform loads it: the other .tf and .tf.json
// files of its directory, its terraform.tfvars and *.auto.tfvars, and the
// local modules it calls, so that variables, locals and users defined in
// those files resolve. Only the named file's resources are linted: users
// of the other files go to Input.Context (group members may name them),
// their groups and unresolved values are left out. A module that does not
// load (a sibling that does not parse, a name defined twice) is not
// context: the file is then read alone. Other formats are read as [Read]
// reads them.
func ReadModuleFile(fsys fs.FS, path, filename, content string, svc Service) (*Input, error) {
	if DetectFormat(filename, content) != TerraformSource || !terraform.IsModuleFile(path) || hasSuffix(path, ".tfvars", ".tfvars.json") {
		return Read(filename, content, Auto, svc)
	}
	dir := pathpkg.Dir(path)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return Read(filename, content, Auto, svc)
	}
	files := []terraform.File{{Name: path, Src: []byte(content)}}
	for _, e := range entries {
		n := pathpkg.Join(dir, e.Name())
		if e.IsDir() || n == path || !terraform.IsModuleFile(n) {
			continue
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			continue
		}
		files = append(files, terraform.File{Name: n, Src: b})
	}
	if len(files) == 1 {
		return Read(filename, content, Auto, svc)
	}
	res := terraform.Read(fsys, files...)
	for _, d := range res.Diagnostics {
		if d.Error {
			return Read(filename, content, Auto, svc)
		}
	}
	return convertTerraform(res, filename, path, content, TerraformSource, func(p string) string {
		rel, err := filepath.Rel(filepath.FromSlash(dir), filepath.FromSlash(p))
		if err != nil {
			return p
		}
		return filepath.Join(filepath.Dir(filename), rel)
	})
}

// moduleCallRe finds the module blocks of a Terraform file (native or
// JSON syntax: the keys of "module").
var moduleCallRe = regexp.MustCompile(`(?m)^\s*module\s+"([^"]+)"|"module"\s*:\s*\{\s*"([^"]+)"`)

// convertTerraform turns what package terraform read into the input of the
// file name (called filename in positions); with other files read for
// context, rename gives their names in positions.
func convertTerraform(res *terraform.Result, filename, name, content string, format Format, rename func(string) string) (*Input, error) {
	in := &Input{Filename: filename, Content: content, Format: format}
	if format == TerraformSource {
		in.Directives = ReadText(filename, content).Directives // # comments
		for _, r := range res.Resources {                      // above a block: the whole block
			for _, d := range in.Directives {
				if r.Range.Start.Filename == name && d.Line == r.Range.Start.Line {
					d.EndLine = max(d.EndLine, r.Block.End.Line)
				}
			}
		}
	}
	c := converter{in: in, name: name, users: map[*terraform.Resource]*User{}, rename: rename, calls: map[string]bool{}}
	for _, m := range moduleCallRe.FindAllStringSubmatch(content, -1) {
		c.calls[m[1]+m[2]] = true
	}
	for _, r := range res.Resources {
		switch r.Kind {
		case terraform.KindUser:
			c.user(r)
		case terraform.KindInput:
			if c.mine(r) {
				c.moduleInput(r)
			}
		}
	}
	groups := map[*terraform.Resource]*Group{}
	for _, r := range res.Resources {
		if r.Kind == terraform.KindGroup && c.mine(r) {
			groups[r] = c.group(r)
		}
	}
	for _, r := range res.Resources {
		// an association adds a member to its group
		if g := groups[r.GroupRef]; r.Kind == terraform.KindAssociation && g != nil {
			g.Members = append(g.Members, c.member(r, "user_id", r.AssocUser))
		}
	}
	for _, s := range res.Secrets {
		if s.Start.Filename == name {
			in.Secrets = append(in.Secrets, acl.Secret{Range: c.fix(s)})
		}
	}
	var errs []error
	for _, d := range res.Diagnostics {
		if d.Error {
			errs = append(errs, fmt.Errorf("%s: %s", c.fixPos(d.Range.Start), d.Summary))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return in, err
	}
	if len(in.Users) == 0 && len(in.Groups) == 0 && len(in.Strings) == 0 && len(in.Unresolved) == 0 {
		return in, fmt.Errorf("%s: %w", filename, ErrNothing)
	}
	return in, nil
}

func hasSuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if len(s) >= len(x) && s[len(s)-len(x):] == x {
			return true
		}
	}
	return false
}

type converter struct {
	in    *Input
	name  string // the name given to package terraform
	users map[*terraform.Resource]*User
	// rename, when other files were read for context, gives the name of
	// one of them in positions.
	rename func(string) string
	// calls are the names of the module blocks of the input's file.
	calls map[string]bool
}

// mine reports whether a resource is defined in the input's file (not in
// a file read for context).
func (c *converter) mine(r *terraform.Resource) bool {
	if r.Range.Start.Filename == c.name || c.rename == nil {
		return true
	}
	// an instance of a module the file calls
	call, _, _ := strings.Cut(strings.TrimPrefix(r.Address, "module."), ".")
	call, _, _ = strings.Cut(call, "[")
	return strings.HasPrefix(r.Address, "module.") && c.calls[call]
}

// fixPos gives a position the input's file name (standard input was read
// under another name).
func (c *converter) fixPos(p acl.Pos) acl.Pos {
	switch {
	case p.Filename == c.name:
		p.Filename = c.in.Filename
	case c.rename != nil && p.Filename != "":
		p.Filename = c.rename(p.Filename)
	}
	return p
}

// known reports whether positions in a file can be given: the input's
// file, or one read for its context.
func (c *converter) known(file string) bool {
	return file == c.name || c.rename != nil && file != ""
}

func (c *converter) fix(r acl.Range) acl.Range {
	return acl.Range{Start: c.fixPos(r.Start), End: c.fixPos(r.End)}
}

// field converts a value; one that is not fully known is not Literal and
// is recorded as unresolved.
func (c *converter) field(r *terraform.Resource, attr string, v terraform.Value) Field {
	if !v.Set {
		return Field{}
	}
	f := Field{Set: true, Range: c.fix(v.Range)}
	text, ok := v.Text()
	if !ok {
		c.unresolved(r, attr, v)
		return f
	}
	f.Value, f.Literal = text, true
	if m := v.Map(); len(m) > 0 && c.known(m[0].Filename) && c.known(m[len(m)-1].Filename) {
		f.Range = acl.Range{Start: c.fixPos(m[0]), End: c.fixPos(m[len(m)-1])}
	}
	return f
}

func (c *converter) unresolved(r *terraform.Resource, attr string, v terraform.Value) {
	if !c.mine(r) {
		return
	}
	u := Unresolved{Resource: r.Address, Attribute: attr, Range: c.fix(v.Range), Reasons: v.Reasons()}
	for _, p := range v.Parts {
		if p.Unknown != "" {
			u.Range = c.fix(p.Range)
			break
		}
	}
	c.in.Unresolved = append(c.in.Unresolved, u)
}

// service returns the input model's service of a resource: a user or
// group attached to a serverless cache is for ElastiCache Serverless.
func service(r *terraform.Resource) Service {
	switch {
	case r.Service == terraform.MemoryDB:
		return MemoryDB
	case r.Serverless:
		return ElastiCacheServerless
	}
	return ElastiCache
}

func (c *converter) user(r *terraform.Resource) {
	u := &User{Service: service(r), Resource: r.Address, Range: c.fix(r.Range), LogicalID: r.Address,
		Version: r.Engine.Version}
	u.UserID = c.field(r, "user_id", r.UserID)
	u.UserName = c.field(r, "user_name", r.UserName)
	u.Engine = c.field(r, "engine", r.EngineAttr)
	u.AccessField = c.field(r, "access_string", r.Access)
	if u.AccessField.Literal {
		u.Access = c.source(r.Access, u.Name())
	}
	if r.Access.Set && !u.AccessField.Literal {
		u.Known = c.knownWords(r.Access, u.Name())
	}
	u.Passwords = append(c.secrets(r.Passwords), c.secrets(r.PasswordsWO)...)
	u.PasswordsSet = len(u.Passwords) > 0
	u.NoPasswordRequired = c.field(r, "no_password_required", r.NoPasswordRequired)
	u.AuthType = c.field(r, "authentication_mode.type", r.AuthType)
	u.AuthPasswords = c.secrets(r.AuthPasswords)
	u.AuthPasswordsSet = len(u.AuthPasswords) > 0
	u.AuthenticationSet = r.AuthType.Set || u.AuthPasswordsSet
	c.users[r] = u
	if !c.mine(r) {
		// read for context: group members may name it; not linted
		u.Access, u.Known = nil, nil
		c.in.Context = append(c.in.Context, u)
		return
	}
	c.in.Users = append(c.in.Users, u)
}

// secrets converts passwords: a literal one's Value is its source text
// (for scrubbing messages); package terraform never returns the text.
func (c *converter) secrets(ss []terraform.Secret) []Field {
	var out []Field
	for _, s := range ss {
		f := Field{Set: true, Literal: s.Literal, Range: c.fix(s.Range)}
		if s.Literal {
			for _, l := range s.Literals {
				if l.Start.Filename == c.name && l.End.Offset <= len(c.in.Content) {
					f.Value += c.in.Content[l.Start.Offset:l.End.Offset]
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// moduleInput reads an access string given to a module that is not read:
// it is linted on its own (the user around it is the module's business).
func (c *converter) moduleInput(r *terraform.Resource) {
	if c.in.Service == ServiceInvalid {
		c.in.Service = service(r)
	}
	name, _ := r.UserName.Text()
	s := c.knownWords(r.Access, name)
	if c.field(r, "access_string", r.Access).Literal {
		s = c.source(r.Access, name)
	}
	if s != nil {
		c.in.Strings = append(c.in.Strings, s)
	}
}

// source returns a fully known access string whose text stands in the
// input's file, or nil.
func (c *converter) source(v terraform.Value, user string) *Source {
	text, _ := v.Text()
	m := v.Map()
	if m == nil || !c.known(m[0].Filename) || !c.known(m[len(m)-1].Filename) {
		return nil
	}
	fixed := make([]acl.Pos, len(m))
	for i, p := range m {
		fixed[i] = c.fixPos(p)
	}
	return &Source{Text: text, Start: fixed[0], Map: fixed, Origin: FromResource, UserName: user}
}

func (c *converter) group(r *terraform.Resource) *Group {
	g := &Group{Service: service(r), Resource: r.Address, Range: c.fix(r.Range), LogicalID: r.Address}
	attr := "user_group_id"
	members := "user_ids"
	if r.Service == terraform.MemoryDB {
		attr, members = "name", "user_names"
	}
	g.ID = c.field(r, attr, r.GroupID)
	if r.Service == terraform.MemoryDB && !g.ID.Set && c.mine(r) {
		// name is optional: without it (or name_prefix) Terraform assigns
		// a unique one
		g.ID = Field{Set: true, Range: c.fix(r.Range)}
		c.in.Unresolved = append(c.in.Unresolved, Unresolved{Resource: r.Address, Attribute: "name", Range: g.ID.Range,
			Reasons: []string{"name is not set: Terraform assigns a unique name (from name_prefix if given)"}})
	}
	g.Engine = c.field(r, "engine", r.EngineAttr)
	for _, m := range r.Members {
		g.Members = append(g.Members, c.member(r, members, m))
	}
	c.in.Groups = append(c.in.Groups, g)
	return g
}

func (c *converter) member(r *terraform.Resource, attr string, m terraform.Member) Member {
	return Member{Field: c.field(r, attr, m.Value), Ref: c.users[m.Ref]}
}

// knownWords returns the complete literal words of a partly known access
// string (not touching an unknown part) for user, one space apart, each
// byte mapped to where it stands; nil when there are none, or when the
// string has parentheses or quotes, whose meaning depends on the words
// between them. Only the words whose positions are in this file count.
func (c *converter) knownWords(v terraform.Value, user string) *Source {
	return knownWords(v.Parts, user, func(p acl.Pos) (acl.Pos, bool) { return c.fixPos(p), c.known(p.Filename) })
}

// knownWords is [converter.knownWords] for parts of any input: fix turns a
// part's position into the input's, and says whether it is in the input.
func knownWords(parts []terraform.Part, user string, fix func(acl.Pos) (acl.Pos, bool)) *Source {
	var text []byte
	var m []acl.Pos
	var end acl.Pos // the position after the last word
	for i, p := range parts {
		if p.Unknown != "" {
			continue
		}
		if strings.ContainsAny(p.Text, "()\"'") {
			return nil
		}
		for j := 0; j < len(p.Text); {
			if isSpace(p.Text[j]) {
				j++
				continue
			}
			k := j
			for k < len(p.Text) && !isSpace(p.Text[k]) {
				k++
			}
			touches := j == 0 && i > 0 || k == len(p.Text) && i < len(parts)-1
			_, startIn := fix(p.Pos[j])
			_, endIn := fix(p.Pos[k])
			if !touches && startIn && endIn {
				if len(text) > 0 {
					text = append(text, ' ')
					m = append(m, end)
				}
				text = append(text, p.Text[j:k]...)
				for n := j; n < k; n++ {
					fixed, _ := fix(p.Pos[n])
					m = append(m, fixed)
				}
				end, _ = fix(p.Pos[k])
			}
			j = k
		}
	}
	if len(text) == 0 {
		return nil
	}
	return &Source{Text: string(text), Start: m[0], Map: append(m, end), Origin: FromResource, UserName: user, Partial: true}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
