package terraform

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Limits on hostile input.
const (
	maxFileSize    = 8 << 20 // bytes of one file
	maxFiles       = 1000    // files read, modules included
	maxInstances   = 1000    // instances of one resource or module block
	maxSteps       = 200000  // expressions evaluated in one Read
	maxDepth       = 256     // nesting of expressions, locals, variables and attributes
	maxModuleDepth = 16      // nesting of module calls
	maxString      = 1 << 20 // bytes of a computed string
	maxElems       = 100000  // elements of a computed collection
)

// File is the name and content of one input file. Its extension says what
// it is: .tf or .tf.json (Terraform source, native or JSON syntax), .tfvars
// or .tfvars.json (variable values) or .tfstate.
type File struct {
	Name string
	Src  []byte
}

// isSource reports whether a file name is Terraform source: .tf, or
// .tf.json in the JSON syntax.
func isSource(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// isTfvars reports whether a file name is a variable values file: .tfvars
// or .tfvars.json.
func isTfvars(name string) bool {
	return strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tfvars.json")
}

// isJSONSyntax reports whether a file is in Terraform's JSON syntax.
func isJSONSyntax(name string) bool { return strings.HasSuffix(name, ".json") }

// IsModuleFile reports whether a file of a directory belongs to its
// module as Terraform loads it: .tf and .tf.json files, terraform.tfvars
// and *.auto.tfvars (and their .json forms).
func IsModuleFile(name string) bool {
	base := path.Base(name)
	return isSource(base) || base == "terraform.tfvars" || base == "terraform.tfvars.json" ||
		strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json")
}

// ReadDir reads the Terraform module in dir of fsys: its .tf and .tf.json
// files, its terraform.tfvars and *.auto.tfvars, and the local modules it
// calls.
func ReadDir(fsys fs.FS, dir string) (*Result, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() {
			continue
		}
		if IsModuleFile(n) {
			names = append(names, path.Join(dir, n))
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no .tf files", dir)
	}
	return ReadFiles(fsys, names...)
}

// ReadFiles reads the named files of fsys (by extension, see [File]).
// The .tf and .tfvars files of one directory form one module; local
// modules they call are read from fsys.
func ReadFiles(fsys fs.FS, names ...string) (*Result, error) {
	var files []File
	var errs []error
	for _, n := range names {
		b, err := readLimited(fsys, n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files = append(files, File{Name: n, Src: b})
	}
	if len(files) == 0 {
		return nil, errors.Join(errs...)
	}
	return Read(fsys, files...), errors.Join(errs...)
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	if fsys == nil {
		return nil, fmt.Errorf("%s: no file system", name)
	}
	if st, err := fs.Stat(fsys, name); err == nil && st.Size() > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxFileSize)
	}
	return fs.ReadFile(fsys, name)
}

// Read reads files given by content. Local modules called from them are
// read from fsys, which may be nil (they are then unknown).
func Read(fsys fs.FS, files ...File) *Result {
	r := &reader{fsys: fsys, res: &Result{Files: map[string][]byte{}}, mods: map[string]*module{}}
	byDir := map[string][]File{}
	var dirs []string
	var states []File
	for _, f := range files {
		if len(f.Src) > maxFileSize {
			r.diag(true, "File too large", fmt.Sprintf("%s is larger than %d bytes and was not read.", f.Name, maxFileSize), acl.Range{Start: acl.Pos{Filename: f.Name, Line: 1, Column: 1}})
			continue
		}
		if strings.HasSuffix(f.Name, ".tfstate") || strings.HasSuffix(f.Name, ".tfstate.backup") {
			states = append(states, f)
			continue
		}
		d := path.Dir(f.Name)
		if _, ok := byDir[d]; !ok {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], f)
	}
	var insts []*resInst
	for _, d := range dirs {
		m := r.parseModule(d, byDir[d])
		mi := &modInst{r: r, mod: m}
		insts = append(insts, mi.walk(0)...)
		if len(m.resOrder) == 0 && len(m.callOrder) == 0 {
			mi.tfvarsInputs()
		}
	}
	for _, ri := range insts {
		r.res.Resources = append(r.res.Resources, ri.resource())
	}
	r.res.Resources = append(r.res.Resources, r.inputs...)
	for _, f := range states {
		r.readState(f)
	}
	link(r.res.Resources)
	slices.SortStableFunc(r.res.Diagnostics, func(x, y Diagnostic) int {
		a, b := x.Range.Start, y.Range.Start
		return cmp.Or(strings.Compare(a.Filename, b.Filename), cmp.Compare(a.Offset, b.Offset))
	})
	return r.res
}

// reader holds the state of one Read.
type reader struct {
	fsys   fs.FS
	res    *Result
	mods   map[string]*module // parsed modules by directory
	nfiles int
	steps  int
	depth  int
	limit  bool // the step limit was reported
	inputs []*Resource
}

func (r *reader) diag(isErr bool, summary, detail string, rng acl.Range) {
	r.res.Diagnostics = append(r.res.Diagnostics, Diagnostic{Error: isErr, Summary: summary, Detail: detail, Range: rng})
}

func (r *reader) addFile(name string, src []byte) *srcFile {
	r.nfiles++
	r.res.Files[name] = src
	return newSrcFile(name, src)
}

// module is the parsed content of one directory's .tf files.
type module struct {
	dir       string
	vars      map[string]*varDecl
	locals    map[string]*attr
	resources map[string]*resBlock // by "type.name"
	resOrder  []*resBlock
	data      map[string]*resBlock // data sources by "type.name"
	outputs   map[string]*attr
	calls     map[string]*callBlock
	callOrder []*callBlock
	tfvars    map[string]*attr
}

type attr struct {
	a *hclsyntax.Attribute
	f *srcFile
}

type varDecl struct {
	def *attr // default, or nil
	set bool  // type is a set
}

type resBlock struct {
	typ, name string
	prefix    string // "data." for a data source
	b         *hclsyntax.Block
	f         *srcFile
}

type callBlock struct {
	name   string
	b      *hclsyntax.Block
	f      *srcFile
	child  *module // nil when the source is not a local module in fsys
	reason string  // why child is nil
}

// parseModule parses the files of one module (once per directory).
func (r *reader) parseModule(dir string, files []File) *module {
	m := &module{dir: dir, vars: map[string]*varDecl{}, locals: map[string]*attr{},
		resources: map[string]*resBlock{}, data: map[string]*resBlock{}, outputs: map[string]*attr{}, calls: map[string]*callBlock{}, tfvars: map[string]*attr{}}
	r.mods[dir] = m
	slices.SortStableFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range files {
		if r.nfiles >= maxFiles {
			r.diag(false, "Too many files", fmt.Sprintf("Only %d files are read.", maxFiles), acl.Range{})
			break
		}
		sf := r.addFile(f.Name, f.Src)
		var body *hclsyntax.Body
		if isJSONSyntax(f.Name) {
			var diags hcl.Diagnostics
			body, diags = parseJSONConfig(f.Src, f.Name, isTfvars(f.Name))
			r.hclDiags(sf, diags)
		} else {
			file, diags := hclsyntax.ParseConfig(f.Src, f.Name, hcl.InitialPos)
			r.hclDiags(sf, diags)
			body, _ = file.Body.(*hclsyntax.Body)
		}
		if body == nil {
			continue
		}
		if isTfvars(f.Name) {
			for n, a := range body.Attributes {
				m.tfvars[n] = &attr{a, sf}
			}
			continue
		}
		for _, b := range body.Blocks {
			m.addBlock(r, b, sf)
		}
	}
	slices.SortStableFunc(m.resOrder, func(a, b *resBlock) int {
		return cmp.Or(strings.Compare(a.f.name, b.f.name), cmp.Compare(a.b.TypeRange.Start.Byte, b.b.TypeRange.Start.Byte))
	})
	return m
}

func (m *module) addBlock(r *reader, b *hclsyntax.Block, sf *srcFile) {
	switch {
	case b.Type == "variable" && len(b.Labels) == 1:
		d := &varDecl{}
		if a, ok := b.Body.Attributes["default"]; ok {
			d.def = &attr{a, sf}
		}
		if a, ok := b.Body.Attributes["type"]; ok {
			if call, ok := a.Expr.(*hclsyntax.FunctionCallExpr); ok && call.Name == "set" {
				d.set = true
			}
		}
		m.vars[b.Labels[0]] = d
	case b.Type == "locals":
		for n, a := range b.Body.Attributes {
			m.locals[n] = &attr{a, sf}
		}
	case b.Type == "resource" && len(b.Labels) == 2:
		rb := &resBlock{typ: b.Labels[0], name: b.Labels[1], b: b, f: sf}
		k := rb.typ + "." + rb.name
		if _, dup := m.resources[k]; !dup {
			m.resources[k] = rb
			m.resOrder = append(m.resOrder, rb)
		}
	case b.Type == "data" && len(b.Labels) == 2:
		// A data source's arguments are what it looks up by, so its
		// attributes of the same names are those arguments.
		rb := &resBlock{typ: b.Labels[0], name: b.Labels[1], prefix: "data.", b: b, f: sf}
		if k := rb.typ + "." + rb.name; m.data[k] == nil {
			m.data[k] = rb
		}
	case b.Type == "output" && len(b.Labels) == 1:
		if a, ok := b.Body.Attributes["value"]; ok {
			m.outputs[b.Labels[0]] = &attr{a, sf}
		}
	case b.Type == "module" && len(b.Labels) == 1:
		c := &callBlock{name: b.Labels[0], b: b, f: sf}
		m.calls[c.name] = c
		m.callOrder = append(m.callOrder, c)
		c.child, c.reason = r.childModule(m, b, sf)
	}
}

// childModule reads the module a module block calls, when its source is a
// literal local path inside fsys.
func (r *reader) childModule(m *module, b *hclsyntax.Block, sf *srcFile) (*module, string) {
	a, ok := b.Body.Attributes["source"]
	if !ok {
		return nil, "module source not set"
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(ctyString) || v.IsNull() {
		return nil, "module source not a literal"
	}
	src := v.AsString()
	if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
		return nil, "module " + b.Labels[0] + " is not local"
	}
	dir := path.Join(m.dir, src)
	if !fs.ValidPath(dir) || r.fsys == nil {
		return nil, "module " + b.Labels[0] + " is outside the tree"
	}
	if c, ok := r.mods[dir]; ok {
		return c, ""
	}
	if strings.Count(dir, "/") > 64 {
		return nil, "module " + b.Labels[0] + " is nested too deep"
	}
	entries, err := fs.ReadDir(r.fsys, dir)
	if err != nil {
		return nil, "module " + b.Labels[0] + " not found"
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || !isSource(e.Name()) {
			continue
		}
		n := path.Join(dir, e.Name())
		src, err := readLimited(r.fsys, n)
		if err != nil {
			continue
		}
		files = append(files, File{Name: n, Src: src})
	}
	return r.parseModule(dir, files), ""
}

func (r *reader) hclDiags(sf *srcFile, diags hcl.Diagnostics) {
	// As go/scanner: at most 10, one per line.
	const maxDiags = 10
	n := 0
	lines := map[int]bool{}
	for _, d := range diags {
		if n == maxDiags {
			break
		}
		var rng acl.Range
		if d.Subject != nil {
			rng = sf.rng(*d.Subject)
		}
		if lines[rng.Start.Line] {
			continue
		}
		lines[rng.Start.Line] = true
		n++
		r.diag(d.Severity == hcl.DiagError, d.Summary, d.Detail, rng)
	}
}

// tfvarsInputs reads the access strings of the .tfvars files of a module
// without resources (the module that uses them is elsewhere).
func (mi *modInst) tfvarsInputs() {
	for _, n := range slices.Sorted(maps.Keys(mi.mod.tfvars)) {
		a := mi.mod.tfvars[n]
		mi.r.scanInputs((&scope{mi: mi, f: a.f}).eval(a.a.Expr), "var."+n, a.f.name, 0)
	}
}
