package input

import (
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
)

// Origin says where an access string comes from, which changes what is
// expected of it.
type Origin uint8

// Origins.
const (
	// FromString is an access string given on its own (an argument, a line
	// of a plain file).
	FromString Origin = iota
	// FromACLFile is the rules of a "user NAME rules…" line of an ACL file
	// or of ACL LIST output.
	FromACLFile
	// FromResource is the AccessString of an AWS user definition.
	FromResource
	// FromAppend is the AppendAccessString of an ElastiCache ModifyUser.
	FromAppend
)

// Source is the text of one access string and where it sits in its file.
type Source struct {
	// Text is the access string as the service receives it (decoded from
	// JSON or YAML where it came from such a file).
	Text string
	// Start is the file position of the first byte of Text.
	Start acl.Pos
	// Map, when not nil, gives the file position of each byte of Text
	// (len(Map) == len(Text)+1, the last entry the position after it); it
	// is needed when Text was decoded from escapes or folded lines, where
	// Start alone cannot place later bytes.
	Map []acl.Pos
	// Extent, when Map cannot place each byte (a block or multi-line
	// scalar), is the file range of the text as written: where the text has
	// a secret, the whole extent is hidden.
	Extent *acl.Range
	// Origin says what kind of input it is.
	Origin Origin
	// UserName is the name of the user it belongs to, when known ("default"
	// matters to some rules).
	UserName string
	// NameSecret, when set, is where UserName stands in the file: a name
	// that may be a password or hash rule (it starts with > < # or !, after
	// quotes), hidden like one wherever the line is shown.
	NameSecret *acl.Range
	// Partial is set when Text holds only the complete literal words of an
	// access string whose other parts are not known (Terraform): only the
	// rules that judge a word on its own apply to it.
	Partial bool
	// Sentinel is set for the rules of a Sentinel's user in a file that is
	// not a sentinel.conf (a chart's sentinel.configuration): they are
	// checked against Sentinel's command table.
	Sentinel bool
}

// Field is a scalar property of an AWS resource with its position. Set is
// false when the property is absent.
type Field struct {
	Value string
	Set   bool
	// Literal is false when the value is not a literal string (a
	// CloudFormation intrinsic function, an unknown Terraform value): it is
	// then not checked.
	Literal bool
	Range   acl.Range
}

// User is the input of a user definition: ElastiCache CreateUser or
// ModifyUser, MemoryDB CreateUser, or the equivalent CloudFormation or
// Terraform resource.
type User struct {
	// Service is ElastiCache or MemoryDB.
	Service Service
	// Resource names the definition for messages: "Users[0]",
	// "AWS::ElastiCache::User AppUser", "aws_elasticache_user.app".
	Resource string
	// Range is where the definition starts (its first line).
	Range acl.Range
	// Modify is set for ModifyUser/UpdateUser input: only UserId (or
	// UserName) is required.
	Modify bool
	// LogicalID is the CloudFormation logical ID or Terraform address,
	// used to resolve references.
	LogicalID string

	UserID, UserName, Engine Field
	// Access is the AccessString when it is a literal string.
	Access *Source
	// AccessField is the AccessString property, literal or not.
	AccessField Field
	// Known, when the access string is not fully known, holds its complete
	// literal words (a Partial source), or is nil.
	Known *Source
	// Append is the AppendAccessString of ModifyUser.
	Append *Source
	// Version is the engine version of the cluster the user is attached
	// to, where the input says it ("7.1", "8.0", or a major version "7");
	// "" when not known.
	Version string
	// Passwords of the top-level Passwords list (ElastiCache); in Terraform
	// source also passwords_wo (never literal).
	Passwords    []Field
	PasswordsSet bool
	// NoPasswordRequired (ElastiCache); Value "true" or "false".
	NoPasswordRequired Field
	// AuthType and AuthPasswords are AuthenticationMode.Type and
	// AuthenticationMode.Passwords.
	AuthType          Field
	AuthPasswords     []Field
	AuthPasswordsSet  bool
	AuthenticationSet bool
}

// Name returns the user name, or the user id when the name is not set.
func (u *User) Name() string {
	if u.UserName.Set {
		return u.UserName.Value
	}
	return u.UserID.Value
}

// Group is a user group: ElastiCache CreateUserGroup, MemoryDB CreateACL,
// or the equivalent CloudFormation or Terraform resource.
type Group struct {
	Service   Service
	Resource  string
	Range     acl.Range
	LogicalID string
	// ID is the UserGroupId (ElastiCache) or ACLName (MemoryDB).
	ID Field
	// Engine is the group's engine (ElastiCache only).
	Engine Field
	// Members are UserIds (ElastiCache) or UserNames (MemoryDB). A member
	// that refers to a user of the same input by reference has Ref set.
	Members []Member
}

// Member is one entry of a group's user list.
type Member struct {
	Field
	// Ref is the user the entry refers to when it is a reference
	// (CloudFormation Ref, a Terraform value equal to a user's id).
	Ref *User
}

// Input is everything read from one file or argument.
type Input struct {
	// Filename names the input for positions ("users.acl", "<arg1>").
	Filename string
	// Content is the file's text, for showing source lines.
	Content string
	// Strings are the access strings not owned by a User (arguments, plain
	// files, ACL files).
	Strings []*Source
	Users   []*User
	Groups  []*Group
	// Context are users defined in other files read with this one (the
	// siblings of a Terraform file in its module, see [ReadModuleFile]):
	// group members may refer to them; they are not linted.
	Context []*User
	// Secrets are the passwords and hashes in Content, never to be shown:
	// those of access strings, found by [acl.AccessString.Secrets], and the
	// values of Passwords fields.
	Secrets []acl.Secret
	// Directives are the aclcheck:ignore comments found.
	Directives []*Directive
	// Unresolved are the values of users and groups that cannot be known
	// without running Terraform (a variable without a value, a computed
	// attribute): they are not checked.
	Unresolved []Unresolved
	// Service is the service the input's Strings are for when the input
	// says so without users or groups (access strings given to a Terraform
	// module that is not read); ServiceInvalid otherwise.
	Service Service
	// Config is what a server configuration file (Format ServerConfig)
	// says about users, or nil.
	Config *ServerSettings
	// Inventory is set for AWS CLI or API describe output (describe-users,
	// describe-user-groups, describe-acls): what exists, not a request, so
	// the checks of request parameters do not apply.
	Inventory bool
	// Format is the format the input was read as (Text or ACLFile for
	// ReadText).
	Format Format
	// Part is set on the parts of a large input ([Input.Parts]): the rules
	// that judge the file as a whole judge the whole input instead.
	Part bool

	lazy    bool         // read by ReadTextParts: Parts reads the strings
	ignores []userIgnore // IgnoreUser calls on a lazy input, for its parts
}

// userIgnore is an IgnoreUser call.
type userIgnore struct {
	user   string
	ids    []string
	reason string
}

// Lazy reports whether the input was read by [ReadTextParts]: its access
// strings and directives are read by [Input.Parts].
func (in *Input) Lazy() bool { return in.lazy }

// Unresolved is a value that depends on something not known statically.
type Unresolved struct {
	// Resource is the resource's address, Attribute the attribute.
	Resource, Attribute string
	// Range is where the first unknown part of the value stands.
	Range acl.Range
	// Reasons are why it is not known ("depends on var.x"), each once.
	Reasons []string
	// Detail, when not empty, says how the rest of the value is checked
	// (instead of the rule's default words).
	Detail string
}

// AddUnresolved appends u to in.Unresolved, keeping each of its Reasons once
// (the first time it stands).
func (in *Input) AddUnresolved(u Unresolved) {
	var reasons []string
	for _, r := range u.Reasons {
		if !slices.Contains(reasons, r) {
			reasons = append(reasons, r)
		}
	}
	u.Reasons = reasons
	in.Unresolved = append(in.Unresolved, u)
}

// Directive is an inline suppression, "# aclcheck:ignore ID[,ID…] reason",
// on its own line: it silences those rules on the next line that is not a
// comment, or, above a Terraform resource block, in the whole block. A
// CloudFormation resource's Metadata: {aclcheck: {ignore: [ID…], reason:
// …}} is one for the resource's lines.
type Directive struct {
	Range  acl.Range
	IDs    []string
	Reason string
	// Line is the line it applies to (0 if none follows).
	Line int
	// EndLine, when after Line, is the last line of the lines it applies
	// to (a block or resource).
	EndLine int
}

// HideSecrets adds to the input's secrets those of text, read as an access
// string, whose byte i stands at at(i) (i up to len(text)): for text that
// is shown but not linted as an access string (a part only partly known, a
// line the server refuses). Text that does not parse is hidden whole when
// it may hold a secret.
func (in *Input) HideSecrets(text string, at func(i int) acl.Pos) {
	a, _ := acl.Parse(text)
	if a == nil {
		if strings.ContainsAny(text, "><#!") {
			in.Secrets = append(in.Secrets, acl.Secret{Range: acl.Range{Start: at(0), End: at(len(text))}})
		}
		return
	}
	for _, sec := range a.Secrets() {
		if s, e := sec.Range.Start.Offset, sec.Range.End.Offset; 0 <= s && s <= e && e <= len(text) {
			in.Secrets = append(in.Secrets, acl.Secret{Range: acl.Range{Start: at(s), End: at(e)}, Op: sec.Op})
		}
	}
}
