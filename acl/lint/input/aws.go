package input

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	yaml "go.yaml.in/yaml/v3"
)

// tfSourceRe finds a Terraform resource block of a type read.
var tfSourceRe = regexp.MustCompile(`(?m)^\s*resource\s+"aws_(elasticache|memorydb)_[a-z_]+"\s+"`)

// tfJSONRe finds a resource of a type read in Terraform's JSON syntax.
var tfJSONRe = regexp.MustCompile(`"resource"\s*:\s*\{\s*"aws_(elasticache|memorydb)_[a-z_]+"\s*:`)

// cfnResourcesRe finds the Resources key of a template laid out on lines.
var cfnResourcesRe = regexp.MustCompile(`(?m)^\s*"?Resources"?\s*:`)

var yamlKeyRe = regexp.MustCompile(`(?m)^(AWSTemplateFormatVersion|Resources|Users|UserGroups|ACLs|ModifyUsers|UpdateUsers|UserId|UserName|ACLName|UserGroupId|Service)\s*:`)

// ErrNothing is returned (wrapped) by [Read] for a JSON or YAML file that
// holds no users, user groups or ACLs: a file of another kind, or one with
// nothing to lint.
var ErrNothing = errors.New("no users, user groups or ACLs found")

// DetectFormat guesses the format of a file from its name and content.
func DetectFormat(filename, content string) Format {
	t := strings.TrimSpace(content)
	ext := strings.ToLower(path.Ext(filename))
	switch {
	case ext == ".conf" && isSentinel(filename, content):
		return Sentinel
	case ext == ".conf":
		return ServerConfig
	case (ext == ".yaml" || ext == ".yml" || ext == "") && isHelmValues(filename, content):
		return Helm
	case isKubernetes(content):
		return Kubernetes
	case isCompose(content):
		return Compose
	case ext == ".tf" || ext == ".tfvars" || hasSuffix(strings.ToLower(filename), ".tf.json", ".tfvars.json"):
		return TerraformSource
	case ext == ".tfstate" || strings.HasSuffix(strings.ToLower(filename), ".tfstate.backup"):
		return TerraformState
	case strings.HasPrefix(t, "{") && strings.Contains(content, `"terraform_version"`) && strings.Contains(content, `"instances"`):
		return TerraformState
	case !strings.HasPrefix(t, "{") && tfSourceRe.MatchString(content), strings.HasPrefix(t, "{") && tfJSONRe.MatchString(content):
		return TerraformSource
	}
	structured := strings.HasPrefix(t, "{") || ext == ".json" || ext == ".yaml" || ext == ".yml" || yamlKeyRe.MatchString(content)
	if !structured {
		return Text
	}
	switch {
	case strings.Contains(content, `"format_version"`) && (strings.Contains(content, `"planned_values"`) || strings.Contains(content, `"resource_changes"`) || strings.Contains(content, `"values"`)):
		return Terraform
	case (cfnResourcesRe.MatchString(content) || strings.HasPrefix(t, "{") && strings.Contains(content, `"Resources"`)) && strings.Contains(content, "AWS::"):
		return CloudFormation
	}
	return API
}

// Read reads one input in the given format (Auto detects it). svc is the
// service assumed for API-shaped input that does not say whether it is for
// ElastiCache or MemoryDB.
func Read(filename, content string, format Format, svc Service) (*Input, error) {
	if format == Auto {
		format = DetectFormat(filename, content)
	}
	switch format {
	case Text, ACLFile:
		return ReadText(filename, content), nil
	case ServerConfig, Sentinel:
		return readServerConfig(filename, content, format == Sentinel)
	case Kubernetes:
		return readKubernetes(filename, content)
	case Compose:
		return readCompose(filename, content)
	case Helm:
		return readHelm(filename, content)
	case TerraformSource, TerraformState:
		return readTerraform(filename, content, format)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", filename, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: not a JSON or YAML object", filename)
	}
	r := &reader{ydoc: ydoc{content: content, li: newLineIndex(filename, content)},
		in: &Input{Filename: filename, Content: content, Format: format}}
	root := doc.Content[0]
	if format == API || format == CloudFormation {
		r.in.Directives = ReadText(filename, content).Directives // YAML # comments
	}
	switch format {
	case API:
		r.api(root, svc)
	case CloudFormation:
		r.cloudFormation(root)
	case Terraform:
		r.terraform(root)
	default:
		return nil, fmt.Errorf("unknown input format %v (want text, api, cloudformation or terraform)", format)
	}
	r.resolve()
	if len(r.in.Users) == 0 && len(r.in.Groups) == 0 {
		return r.in, fmt.Errorf("%s: %w", filename, ErrNothing)
	}
	return r.in, nil
}

type reader struct {
	ydoc
	in *Input
	// params are a CloudFormation template's Parameters, or nil.
	params *yaml.Node
	// refs are group members given as references, resolved at the end.
	refs []pendingRef
}

type pendingRef struct {
	group *Group
	index int
	id    string
}

func (r *reader) field(n *yaml.Node) Field {
	if n == nil || n.Tag == "!!null" {
		return Field{}
	}
	if name, arg := intrinsic(n); name == "Ref" && r.params != nil {
		if d := r.paramDefault(arg.Value); d != nil {
			// A parameter's default: the value unless the stack says
			// otherwise.
			return Field{Value: d.Value, Set: true, Literal: true, Range: r.rangeOf(n)}
		}
	}
	return r.ydoc.field(n)
}

// secretFields reads a list of passwords and records their ranges.
func (r *reader) secretFields(n *yaml.Node) ([]Field, bool) {
	if n == nil || n.Tag == "!!null" {
		return nil, false
	}
	var out []Field
	for _, it := range items(n) {
		f := r.field(it)
		out = append(out, f)
		r.in.Secrets = append(r.in.Secrets, acl.Secret{Range: f.Range})
	}
	return out, true
}

// user reads a user definition whose properties use the given names.
func (r *reader) user(n *yaml.Node, svc Service, resource string, names userNames, modify bool) *User {
	u := &User{Service: svc, Resource: resource, Range: r.rangeOf(n), Modify: modify}
	u.UserID = r.field(get(n, names.id))
	u.UserName = r.field(get(n, names.name))
	u.Engine = r.field(get(n, names.engine))
	if a := get(n, names.access); a != nil && a.Tag != "!!null" {
		u.AccessField = r.field(a)
		if name, _ := intrinsic(a); u.AccessField.Literal && name == "" {
			u.Access = r.source(a, FromResource, u.Name())
		}
	}
	if a := get(n, names.append); names.append != "" && a != nil && a.Tag != "!!null" {
		if f := r.field(a); f.Literal {
			u.Append = r.source(a, FromAppend, u.Name())
		}
	}
	u.Passwords, u.PasswordsSet = r.secretFields(get(n, names.passwords))
	u.NoPasswordRequired = r.field(get(n, names.nopass))
	am := get(n, names.auth)
	if am != nil && am.Kind == yaml.SequenceNode && len(am.Content) > 0 {
		am = am.Content[0] // Terraform blocks are lists
	}
	if am != nil && am.Kind == yaml.MappingNode {
		u.AuthenticationSet = true
		u.AuthType = r.field(get(am, names.authType))
		u.AuthPasswords, u.AuthPasswordsSet = r.secretFields(get(am, names.passwords))
	}
	return u
}

type userNames struct {
	id, name, engine, access, append, passwords, nopass, auth, authType string
}

var (
	apiNames = userNames{"UserId", "UserName", "Engine", "AccessString", "AppendAccessString", "Passwords", "NoPasswordRequired", "AuthenticationMode", "Type"}
	tfNames  = userNames{"user_id", "user_name", "engine", "access_string", "", "passwords", "no_password_required", "authentication_mode", "type"}
)

// group reads a group; members may be references (CloudFormation Ref).
func (r *reader) group(n *yaml.Node, svc Service, resource, idKey, engineKey, membersKey string) *Group {
	g := &Group{Service: svc, Resource: resource, Range: r.rangeOf(n)}
	g.ID = r.field(get(n, idKey))
	if engineKey != "" {
		g.Engine = r.field(get(n, engineKey))
	}
	for _, it := range items(get(n, membersKey)) {
		m := Member{Field: r.field(it)}
		if ref := refTarget(it); ref != "" {
			r.refs = append(r.refs, pendingRef{g, len(g.Members), ref})
		}
		g.Members = append(g.Members, m)
	}
	return g
}

// refTarget returns X for "!Ref X", {"Ref": "X"} or "!GetAtt X.UserId".
func refTarget(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!Ref":
		return n.Value
	case n.Kind == yaml.ScalarNode && n.Tag == "!GetAtt":
		return strings.SplitN(n.Value, ".", 2)[0]
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Ref":
		return n.Content[1].Value
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Fn::GetAtt":
		if l := items(n.Content[1]); len(l) > 0 {
			return l[0].Value
		}
	}
	return ""
}

func (r *reader) resolve() {
	for _, p := range r.refs {
		for _, u := range r.in.Users {
			if u.LogicalID == p.id {
				p.group.Members[p.index].Ref = u
			}
		}
	}
}

// api reads input shaped like the API parameters (see testdata/aws).
func (r *reader) api(root *yaml.Node, svc Service) {
	if s := get(root, "Service"); s != nil {
		if v, err := ParseService(s.Value); err == nil {
			svc = v
		}
	}
	switch {
	case get(root, "ACLs") != nil || get(root, "ACLName") != nil || get(root, "UpdateUsers") != nil:
		svc = MemoryDB
	case get(root, "UserGroups") != nil || get(root, "UserGroupId") != nil || get(root, "UserId") != nil || get(root, "ModifyUsers") != nil:
		if !svc.IsElastiCache() {
			svc = ElastiCache
		}
	case svc != MemoryDB && !svc.IsElastiCache():
		svc = ElastiCache
	}
	if svc == ElastiCacheServerless {
		svc = ElastiCache
	}
	// AWS CLI and API output (describe-users, describe-user-groups,
	// describe-acls) is inventory: what exists, not a request.
	names := apiNames
	if isInventory(root) {
		r.in.Inventory = true
		if svc != MemoryDB && memoryDBUsers(root) {
			svc = MemoryDB
		}
		if svc == MemoryDB {
			names.name = "Name" // MemoryDB prints the user name as Name
		}
	}
	groupKeys := func(n *yaml.Node, res string) *Group {
		if svc == MemoryDB {
			id := "ACLName"
			if get(n, id) == nil && get(n, "Name") != nil {
				id = "Name" // describe-acls
			}
			return r.group(n, svc, res, id, "", "UserNames")
		}
		return r.group(n, svc, res, "UserGroupId", "Engine", "UserIds")
	}
	for i, n := range items(get(root, "Users")) {
		r.in.Users = append(r.in.Users, r.user(n, svc, fmt.Sprintf("Users[%d]", i), names, false))
	}
	for _, key := range []string{"ModifyUsers", "UpdateUsers"} {
		for i, n := range items(get(root, key)) {
			r.in.Users = append(r.in.Users, r.user(n, svc, fmt.Sprintf("%s[%d]", key, i), apiNames, true))
		}
	}
	for _, key := range []string{"UserGroups", "ACLs"} {
		for i, n := range items(get(root, key)) {
			r.in.Groups = append(r.in.Groups, groupKeys(n, fmt.Sprintf("%s[%d]", key, i)))
		}
	}
	// A single request, as aws … --cli-input-json takes it.
	switch {
	case get(root, "Users") != nil || get(root, "UserGroups") != nil || get(root, "ACLs") != nil || get(root, "ModifyUsers") != nil || get(root, "UpdateUsers") != nil:
	case get(root, "UserGroupId") != nil || get(root, "ACLName") != nil:
		r.in.Groups = append(r.in.Groups, groupKeys(root, "request"))
	case get(root, "AccessString") != nil || get(root, "UserId") != nil || get(root, "UserName") != nil:
		modify := get(root, "AccessString") == nil && get(root, "AuthenticationMode") == nil || get(root, "AppendAccessString") != nil
		modify = modify && svc != MemoryDB
		r.in.Users = append(r.in.Users, r.user(root, svc, "request", apiNames, modify))
	}
}

// inventoryKeys are the properties that AWS prints in describe output and
// that no request takes.
var inventoryKeys = []string{"Status", "ARN", "Authentication", "MinimumEngineVersion", "PendingChanges", "UserGroupIds", "ACLNames", "ReplicationGroups", "Clusters"}

// isInventory reports whether API-shaped input is describe output: a
// user, user group or ACL with a property only AWS prints.
func isInventory(root *yaml.Node) bool {
	for _, key := range []string{"Users", "UserGroups", "ACLs"} {
		for _, n := range items(get(root, key)) {
			for _, k := range inventoryKeys {
				if get(n, k) != nil {
					return true
				}
			}
		}
	}
	return false
}

// memoryDBUsers reports whether describe-users output is MemoryDB's
// (users with Name and ACLNames, no UserId).
func memoryDBUsers(root *yaml.Node) bool {
	for _, n := range items(get(root, "Users")) {
		if get(n, "UserId") == nil && (get(n, "Name") != nil || get(n, "ACLNames") != nil) {
			return true
		}
	}
	return false
}

// cloudFormation reads the ElastiCache and MemoryDB user resources of a
// template.
func (r *reader) cloudFormation(root *yaml.Node) {
	res := get(root, "Resources")
	if res == nil || res.Kind != yaml.MappingNode {
		return
	}
	r.params = get(root, "Parameters")
	if r.params == nil {
		r.params = &yaml.Node{Kind: yaml.MappingNode}
	}
	for i := 0; i+1 < len(res.Content); i += 2 {
		id, n := res.Content[i].Value, res.Content[i+1]
		typ := get(n, "Type")
		props := get(n, "Properties")
		if typ == nil {
			continue
		}
		if props == nil {
			props = &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}
		}
		name := typ.Value + " " + id
		keyRange := r.rangeOf(res.Content[i])
		r.cfnIgnore(res.Content[i], n)
		switch typ.Value {
		case "AWS::ElastiCache::User", "AWS::MemoryDB::User":
			svc := ElastiCache
			if strings.HasPrefix(typ.Value, "AWS::MemoryDB") {
				svc = MemoryDB
			}
			u := r.user(props, svc, name, apiNames, false)
			u.LogicalID, u.Range = id, keyRange
			if a := get(props, "AccessString"); a != nil && u.Access == nil && a.Tag != "!!null" {
				r.cfnAccess(u, a)
			}
			r.in.Users = append(r.in.Users, u)
		case "AWS::ElastiCache::UserGroup":
			g := r.group(props, ElastiCache, name, "UserGroupId", "Engine", "UserIds")
			g.LogicalID, g.Range = id, keyRange
			r.in.Groups = append(r.in.Groups, g)
		case "AWS::MemoryDB::ACL":
			g := r.group(props, MemoryDB, name, "ACLName", "", "UserNames")
			g.LogicalID, g.Range = id, keyRange
			r.in.Groups = append(r.in.Groups, g)
		}
	}
}

// cfnIgnore reads a resource's Metadata: {aclcheck: {ignore: [ID…],
// reason: …}}, cfn-lint's habit, as a suppression on the resource's lines
// (from its key to its last line).
func (r *reader) cfnIgnore(key, n *yaml.Node) {
	meta := get(get(n, "Metadata"), "aclcheck")
	if meta == nil {
		return
	}
	d := &Directive{Range: r.li.rng(r.offset(meta), r.offset(meta)), Line: key.Line, EndLine: lastLine(n)}
	if reason := get(meta, "reason"); reason != nil && reason.Kind == yaml.ScalarNode {
		d.Reason = reason.Value
	}
	for _, id := range items(get(meta, "ignore")) {
		if id.Kind == yaml.ScalarNode && strings.TrimSpace(id.Value) != "" {
			d.IDs = append(d.IDs, strings.ToUpper(strings.TrimSpace(id.Value)))
		}
	}
	r.in.Directives = append(r.in.Directives, d)
}

// lastLine returns the last line a node and its children start on.
func lastLine(n *yaml.Node) int {
	last := n.Line
	for _, c := range n.Content {
		last = max(last, lastLine(c))
	}
	return last
}

// terraform reads the resources of terraform show -json output (a plan's
// planned_values, or a state's values).
func (r *reader) terraform(root *yaml.Node) {
	mod := get(get(root, "planned_values"), "root_module")
	if mod == nil {
		mod = get(get(root, "values"), "root_module")
	}
	if mod == nil {
		for _, rc := range items(get(root, "resource_changes")) {
			r.tfResource(rc, get(get(rc, "change"), "after"))
		}
		return
	}
	var walk func(m *yaml.Node)
	walk = func(m *yaml.Node) {
		for _, res := range items(get(m, "resources")) {
			r.tfResource(res, get(res, "values"))
		}
		for _, child := range items(get(m, "child_modules")) {
			walk(child)
		}
	}
	walk(mod)
}

func (r *reader) tfResource(res, values *yaml.Node) {
	if values == nil || values.Kind != yaml.MappingNode {
		return
	}
	if mode := get(res, "mode"); mode != nil && mode.Value != "managed" {
		return
	}
	typ := get(res, "type")
	addr := get(res, "address")
	if typ == nil || addr == nil {
		return
	}
	switch typ.Value {
	case "aws_elasticache_user", "aws_memorydb_user":
		svc := ElastiCache
		if typ.Value == "aws_memorydb_user" {
			svc = MemoryDB
		}
		u := r.user(values, svc, addr.Value, tfNames, false)
		u.LogicalID, u.Range = addr.Value, r.rangeOf(addr)
		r.in.Users = append(r.in.Users, u)
	case "aws_elasticache_user_group":
		g := r.group(values, ElastiCache, addr.Value, "user_group_id", "engine", "user_ids")
		g.LogicalID, g.Range = addr.Value, r.rangeOf(addr)
		r.in.Groups = append(r.in.Groups, g)
	case "aws_memorydb_acl":
		g := r.group(values, MemoryDB, addr.Value, "name", "", "user_names")
		g.LogicalID, g.Range = addr.Value, r.rangeOf(addr)
		r.in.Groups = append(r.in.Groups, g)
	}
}

// The keys of Helm values that readHelm reads (see helm.go).
var (
	helmACLRe    = regexp.MustCompile(`(?m)^[ \t]*acl:[ \t]*(#.*)?$`)
	helmUsersRe  = regexp.MustCompile(`(?m)^[ \t]*(users|userSecret):`)
	helmAuthRe   = regexp.MustCompile(`(?m)^[ \t]*auth:[ \t]*(#.*)?$`)
	helmConfRe   = regexp.MustCompile(`(?m)^[ \t]*(commonConfiguration|configuration):[ \t]*[|>]`)
	helmUserRe   = regexp.MustCompile(`(?m)^[ \t]+user[ \t]+\S`)
	helmChartRe  = regexp.MustCompile(`(?m)^(architecture|master|replica|primary|sentinel|commonConfiguration|auth|global|image):`)
	helmForeignR = regexp.MustCompile(`(?m)^(apiVersion|kind|services|jobs|on|steps|AWSTemplateFormatVersion|Resources):`)
)

// isHelmValues reports whether a YAML file is the values of a Bitnami-style
// Redis or Valkey chart that holds ACL users or server configuration with
// user lines: an auth: block with acl: and users: or userSecret:, or a
// configuration block with user lines, in a file named values*.yaml or
// with the chart's top-level keys. Kubernetes manifests, Compose files,
// workflows and CloudFormation templates are not.
func isHelmValues(filename, content string) bool {
	if helmForeignR.MatchString(content) {
		return false
	}
	base := strings.ToLower(path.Base(filename))
	named := strings.HasPrefix(base, "values") && (strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml"))
	users := helmAuthRe.MatchString(content) && helmACLRe.MatchString(content) && helmUsersRe.MatchString(content)
	conf := helmConfRe.MatchString(content) && helmUserRe.MatchString(content)
	return (users || conf) && (named || helmChartRe.MatchString(content))
}
