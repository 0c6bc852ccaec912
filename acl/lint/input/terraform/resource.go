package terraform

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// Service is the AWS service a resource belongs to.
type Service uint8

// Services.
const (
	NoService Service = iota
	ElastiCache
	MemoryDB
)

// String returns "elasticache", "memorydb" or "".
func (s Service) String() string {
	switch s {
	case ElastiCache:
		return "elasticache"
	case MemoryDB:
		return "memorydb"
	}
	return ""
}

// Resource types read by this package.
const (
	TypeElastiCacheUser             = "aws_elasticache_user"
	TypeElastiCacheUserGroup        = "aws_elasticache_user_group"
	TypeElastiCacheUserGroupAssoc   = "aws_elasticache_user_group_association"
	TypeElastiCacheReplicationGroup = "aws_elasticache_replication_group"
	TypeElastiCacheServerlessCache  = "aws_elasticache_serverless_cache"
	TypeMemoryDBUser                = "aws_memorydb_user"
	TypeMemoryDBACL                 = "aws_memorydb_acl"
	TypeMemoryDBCluster             = "aws_memorydb_cluster"
)

// Kind says what a resource is to the linter.
type Kind uint8

// Kinds.
const (
	KindUser        Kind = iota + 1 // aws_elasticache_user, aws_memorydb_user
	KindGroup                       // aws_elasticache_user_group, aws_memorydb_acl
	KindAssociation                 // aws_elasticache_user_group_association
	KindCluster                     // replication group, serverless cache, MemoryDB cluster
	// KindInput is an object with an access_string given to a module that
	// is not read (from a registry) or set in a .tfvars file of a
	// directory without resources: only its access string (and the user
	// name, user id and engine beside it) is known, and the service is
	// guessed from the module's source or the file's path.
	KindInput
)

// resourceTypes maps each type read to its service and kind.
var resourceTypes = map[string]struct {
	svc  Service
	kind Kind
}{
	TypeElastiCacheUser:             {ElastiCache, KindUser},
	TypeElastiCacheUserGroup:        {ElastiCache, KindGroup},
	TypeElastiCacheUserGroupAssoc:   {ElastiCache, KindAssociation},
	TypeElastiCacheReplicationGroup: {ElastiCache, KindCluster},
	TypeElastiCacheServerlessCache:  {ElastiCache, KindCluster},
	TypeMemoryDBUser:                {MemoryDB, KindUser},
	TypeMemoryDBACL:                 {MemoryDB, KindGroup},
	TypeMemoryDBCluster:             {MemoryDB, KindCluster},
}

// Resource is one resource instance (after for_each and count expansion)
// of a type in [Kind].
type Resource struct {
	// Type is the resource type, "aws_elasticache_user".
	Type string
	Kind Kind
	// Address is the instance address as Terraform prints it:
	// `module.cache.aws_elasticache_user.this["web"]`. An instance whose
	// for_each or count is unknown has the key "[?]".
	Address string
	// Range is the block header (type and labels) in its file.
	Range acl.Range
	// Block is the whole block, header to closing brace.
	Block acl.Range
	// Service is the resource type's service.
	Service Service
	// Serverless is set when the resource is, or attaches (through a user
	// group) to, an aws_elasticache_serverless_cache.
	Serverless bool
	// Engine is the engine family and version, as far as it is known.
	Engine Engine

	// Users: user_id (ElastiCache), user_name, access_string.
	UserID, UserName, Access Value
	// Passwords is passwords (ElastiCache) or authentication_mode's
	// passwords (MemoryDB); PasswordsWO is passwords_wo.
	Passwords, PasswordsWO []Secret
	// NoPasswordRequired is no_password_required (ElastiCache).
	NoPasswordRequired Value
	// AuthType is authentication_mode's type; AuthPasswords its
	// passwords (ElastiCache).
	AuthType      Value
	AuthPasswords []Secret
	// Groups are the user groups or ACLs the user is a member of (by
	// user_ids, user_names or an association), in address order.
	Groups []*Resource

	// Groups: user_group_id or the ACL's name.
	GroupID Value
	// Members are user_ids (ElastiCache) or user_names (MemoryDB).
	Members []Member
	// Clusters are the clusters a group or user is attached to.
	Clusters []*Resource

	// Associations: user_group_id and user_id. Member.Ref is set on
	// UserIDRef when the user is known; GroupRef is the group.
	AssocGroupID Value
	AssocUser    Member
	GroupRef     *Resource

	// Clusters: the user_group_ids (replication group), user_group_id
	// (serverless) or acl_name (MemoryDB) they attach.
	Attached []Member
	// EngineAttr, EngineVersion and MajorEngineVersion are engine,
	// engine_version and major_engine_version as written (also on users
	// and groups, where only engine exists).
	EngineAttr, EngineVersion, MajorEngineVersion Value
}

// Name returns the user name, or the user id when the name is not known.
func (r *Resource) Name() string {
	if t, ok := r.UserName.Text(); ok {
		return t
	}
	t, _ := r.UserID.Text()
	return t
}

// Engine is a resource's engine as far as it can be known.
type Engine struct {
	// Family is "redis" or "valkey" (lower case), "" when unknown.
	Family string
	// Version is the engine version as written ("7.1", "8.0", "7"), ""
	// when unknown.
	Version string
	// FamilyFrom and VersionFrom are the addresses of the resources the
	// values were read from.
	FamilyFrom, VersionFrom string
	// Reason says why the family or version is not known when a cluster
	// was found but its values depend on something unknown.
	Reason string
}

// Member is one entry of a list of user ids, user names or user group ids.
type Member struct {
	Value
	// Ref is the resource the entry names, when it is found in the same
	// tree (by reference or by equal literal text).
	Ref *Resource
}

// Secret is a password: only whether it is literal text and where.
type Secret struct {
	// Literal is set when the password's text is known from the source.
	Literal bool
	// Range is where the password's expression stands in the attribute;
	// Literals are the ranges of its literal text (through locals and
	// variables), never to be shown.
	Range    acl.Range
	Literals []acl.Range
	// Reason says why the text is not known when Literal is false.
	Reason string
}

// Value is the value of a string attribute: its parts are known literal
// text, each byte with its file position, and unknown placeholders each
// with a reason. A value with no parts and Set false is absent.
type Value struct {
	// Set is false when the attribute is absent or null.
	Set bool
	// Range is the attribute's expression in the resource block.
	Range acl.Range
	Parts []Part
}

// Part is a run of known text or one unknown placeholder of a [Value].
type Part struct {
	// Text is the known text; Pos[i] is the file position of Text[i], and
	// Pos[len(Text)] the position after the last byte.
	Text string
	Pos  []acl.Pos
	// Unknown, when not empty, is why this part is not known ("depends on
	// var.x"); Text is then empty.
	Unknown string
	// Range is the expression the part comes from.
	Range acl.Range
	// Computed is set when the text does not stand in a file (a number,
	// count.index, a function's result): every Pos is then the start of
	// the expression that computed it.
	Computed bool
}

// Known reports whether the value is set and all its parts are known.
func (v Value) Known() bool {
	if !v.Set {
		return false
	}
	for _, p := range v.Parts {
		if p.Unknown != "" {
			return false
		}
	}
	return true
}

// Text returns the value's text and true when it is fully known.
func (v Value) Text() (string, bool) {
	if !v.Known() {
		return "", false
	}
	var b strings.Builder
	for _, p := range v.Parts {
		b.WriteString(p.Text)
	}
	return b.String(), true
}

// Map returns the file position of every byte of a fully known value
// (len(Text)+1 entries), or nil.
func (v Value) Map() []acl.Pos {
	if !v.Known() {
		return nil
	}
	var out []acl.Pos
	for i, p := range v.Parts {
		out = append(out, p.Pos[:len(p.Text)]...)
		if i == len(v.Parts)-1 {
			out = append(out, p.Pos[len(p.Text)])
		}
	}
	if len(out) == 0 {
		out = []acl.Pos{v.Range.Start}
	}
	return out
}

// Reasons returns the distinct reasons of the unknown parts, in order.
func (v Value) Reasons() []string {
	var out []string
	for _, p := range v.Parts {
		if p.Unknown != "" && !contains(out, p.Unknown) {
			out = append(out, p.Unknown)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Diagnostic is a problem reading the input: a syntax error, or a limit
// reached.
type Diagnostic struct {
	Error   bool
	Summary string
	Detail  string
	Range   acl.Range
}

// Result is what was read from a set of files.
type Result struct {
	// Resources are the resource instances, in file order and then by
	// instance key.
	Resources []*Resource
	// Diagnostics are syntax errors and limits reached.
	Diagnostics []Diagnostic
	// Secrets are the ranges of literal password text in the files.
	Secrets []acl.Range
	// Files are the contents of the files read, by name.
	Files map[string][]byte
}
