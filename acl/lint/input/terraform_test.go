package input_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetectTerraform(t *testing.T) {
	for name, want := range map[string]input.Format{
		"main.tf":                  input.TerraformSource,
		"prod.tfvars":              input.TerraformSource,
		"terraform.tfstate":        input.TerraformState,
		"terraform.tfstate.backup": input.TerraformState,
	} {
		assert.Equal(t, want, input.DetectFormat(name, "{}"), name)
	}
	assert.Equal(t, input.TerraformSource, input.DetectFormat("<stdin>", "# users\nresource \"aws_memorydb_user\" \"a\" {\n}\n"))
	assert.Equal(t, input.TerraformState, input.DetectFormat("<stdin>", `{"version": 4, "terraform_version": "1.9.0", "resources": [{"instances": []}]}`))
	assert.Equal(t, input.Text, input.DetectFormat("<stdin>", "on ~* +get\n"))
	for _, f := range []input.Format{input.TerraformSource, input.TerraformState} {
		got, err := input.ParseFormat(f.String())
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
}

// TestReadTerraformRealWorld reads the real .tf files of ../shared: every
// user's access string is a literal whose every byte maps to that byte of
// the file, each user has its service, and nothing is an error.
func TestReadTerraformRealWorld(t *testing.T) {
	const dir = "../../../../shared/realworld/files"
	names, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	if len(names) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s has no .tf files (../shared is required with CI=true)", dir)
		}
		t.Skipf("%s not found: real-world files are not checked", dir)
	}
	want := map[string]struct {
		users   int
		service input.Service
	}{
		"alopes2-serverless-url-shortener.cache.tf": {1, input.ElastiCacheServerless},
		"schoolos-valkey-elasticache.tf":            {5, input.ElastiCache},
	}
	require.Len(t, names, len(want))
	for _, n := range names {
		b, err := os.ReadFile(n)
		require.NoError(t, err)
		in, err := input.Read(n, string(b), input.Auto, input.ElastiCache)
		require.NoError(t, err)
		w := want[filepath.Base(n)]
		assert.Equal(t, input.TerraformSource, in.Format)
		require.Len(t, in.Users, w.users, n)
		for _, u := range in.Users {
			assert.Equal(t, w.service, u.Service, u.Resource)
			require.NotNil(t, u.Access, u.Resource)
			s := u.Access
			require.Len(t, s.Map, len(s.Text)+1)
			for i := 0; i < len(s.Text); i++ {
				require.Equal(t, s.Text[i], b[s.Map[i].Offset], "%s byte %d", u.Resource, i)
				require.Equal(t, n, s.Map[i].Filename)
			}
		}
	}
}

// TestReadTerraformModel checks how the input model is filled: passwords
// (text for scrubbing only), passwords_wo, associations, the resolved
// engine version and the unresolved values.
func TestReadTerraformModel(t *testing.T) {
	src := `variable "name" {}

resource "aws_elasticache_user" "a" {
  user_id       = "a"
  user_name     = "a"
  engine        = "redis"
  access_string = "on ~a:* +get"
  passwords     = ["a-long-enough-password-1"]
}

resource "aws_elasticache_user" "b" {
  user_id       = "b"
  user_name     = var.name
  engine        = "redis"
  access_string = "on ~${var.name}:* +get"
  passwords_wo  = [var.name]
}

resource "aws_elasticache_user_group" "g" {
  user_group_id = "g"
  engine        = "redis"
  user_ids      = [aws_elasticache_user.a.user_id]
}

resource "aws_elasticache_user_group_association" "b" {
  user_group_id = aws_elasticache_user_group.g.user_group_id
  user_id       = aws_elasticache_user.b.user_id
}

resource "aws_elasticache_replication_group" "rg" {
  replication_group_id = "rg"
  engine               = "redis"
  engine_version       = "7.1"
  user_group_ids       = ["g"]
}
`
	in, err := input.Read("main.tf", src, input.Auto, input.ElastiCache)
	require.NoError(t, err)
	require.Len(t, in.Users, 2)
	a, b := in.Users[0], in.Users[1]
	assert.Equal(t, "7.1", a.Version)
	require.Len(t, a.Passwords, 1)
	assert.Equal(t, input.Field{Value: "a-long-enough-password-1", Set: true, Literal: true, Range: a.Passwords[0].Range}, a.Passwords[0])
	assert.Equal(t, "main.tf:8:20", a.Passwords[0].Range.Start.String())
	require.Len(t, in.Secrets, 1)
	assert.Equal(t, "main.tf:8:21-45", in.Secrets[0].Range.String())
	assert.Nil(t, b.Access)
	require.NotNil(t, b.Known, "the complete literal words")
	assert.Equal(t, "on +get", b.Known.Text)
	var at []string
	for _, p := range b.Known.Map {
		at = append(at, p.String())
	}
	assert.Equal(t, []string{"main.tf:15:20", "main.tf:15:21", "main.tf:15:22", "main.tf:15:38", "main.tf:15:39", "main.tf:15:40", "main.tf:15:41", "main.tf:15:42"}, at)
	assert.True(t, b.Known.Partial)
	assert.True(t, b.AccessField.Set)
	assert.False(t, b.AccessField.Literal)
	require.Len(t, b.Passwords, 1)
	assert.False(t, b.Passwords[0].Literal)
	assert.True(t, b.PasswordsSet)
	require.Len(t, in.Groups, 1)
	g := in.Groups[0]
	require.Len(t, g.Members, 2)
	assert.Same(t, a, g.Members[0].Ref)
	assert.Same(t, b, g.Members[1].Ref, "the association adds b")
	var got []string
	for _, u := range in.Unresolved {
		got = append(got, u.Resource+" "+u.Attribute+" "+u.Range.Start.String()+" "+u.Reasons[0])
	}
	assert.Equal(t, []string{
		"aws_elasticache_user.b user_name main.tf:13:19 depends on var.name",
		"aws_elasticache_user.b access_string main.tf:15:26 depends on var.name",
	}, got)
}

// TestReadModuleFile reads one .tf file in the context of its module: a
// variable default and a .tfvars value from siblings, a local of a sibling
// (positions in that file), a user of a sibling named by a group of the
// file (context, not linted) and a local module the file calls.
func TestReadModuleFile(t *testing.T) {
	fsys := fstest.MapFS{
		"env/variables.tf":     {Data: []byte("variable \"prefix\" {\n  default = \"orders\"\n}\nvariable \"extra\" {}\n")},
		"env/locals.tf":        {Data: []byte("locals {\n  admin = \"on ~* +@all\"\n}\n")},
		"env/terraform.tfvars": {Data: []byte("extra = \"+config\"\n")},
		"env/users.tf": {Data: []byte("resource \"aws_elasticache_user\" \"d\" {\n  user_id = \"app-default\"\n  user_name = \"default\"\n" +
			"  engine = \"redis\"\n  access_string = \"on ~* +@all\"\n}\n")},
		"env/README.md":       {Data: []byte("not read\n")},
		"modules/u/main.tf":   {Data: []byte("variable \"acl\" {}\nresource \"aws_memorydb_user\" \"m\" {\n  user_name = \"m\"\n  access_string = var.acl\n}\n")},
		"modules/u/other.txt": {Data: []byte("x")},
	}
	src := `resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  engine        = "redis"
  access_string = "on ~${var.prefix}:* ${var.extra}"
}

resource "aws_elasticache_user" "admin" {
  user_id       = "admin"
  user_name     = "admin"
  engine        = "redis"
  access_string = local.admin
}

resource "aws_elasticache_user_group" "g" {
  user_group_id = "g"
  engine        = "redis"
  user_ids      = [aws_elasticache_user.d.user_id, "admin"]
}

module "u" {
  source = "../modules/u"
  acl    = "on ~m:* +get"
}
`
	in, err := input.ReadModuleFile(fsys, "env/main.tf", "infra/env/main.tf", src, input.ElastiCache)
	require.NoError(t, err)
	var got []string
	for _, u := range in.Users {
		got = append(got, fmt.Sprintf("%s %q at %s, first byte %s, last %s", u.Resource, u.Access.Text, u.Range.Start, u.Access.Map[0], u.Access.Map[len(u.Access.Map)-2]))
	}
	assert.Equal(t, []string{
		`aws_elasticache_user.app "on ~orders:* +config" at infra/env/main.tf:1:1, first byte infra/env/main.tf:5:20, last infra/env/terraform.tfvars:1:16`,
		`aws_elasticache_user.admin "on ~* +@all" at infra/env/main.tf:8:1, first byte infra/env/locals.tf:2:12, last infra/env/locals.tf:2:22`,
		`module.u.aws_memorydb_user.m "on ~m:* +get" at infra/modules/u/main.tf:2:1, first byte infra/env/main.tf:23:13, last infra/env/main.tf:23:24`,
	}, got)
	require.Len(t, in.Context, 1, "the user of users.tf")
	assert.Equal(t, "aws_elasticache_user.d", in.Context[0].Resource)
	assert.Nil(t, in.Context[0].Access, "context users are not linted")
	require.Len(t, in.Groups, 1)
	name, ok := in.Groups[0].MemberName(in, in.Groups[0].Members[0])
	assert.True(t, ok)
	assert.Equal(t, "default", name, "a member defined in a sibling")
	assert.Empty(t, in.Unresolved)

	// A sibling that does not parse: the file is read alone.
	fsys["env/broken.tf"] = &fstest.MapFile{Data: []byte("resource {")}
	in, err = input.ReadModuleFile(fsys, "env/main.tf", "infra/env/main.tf", src, input.ElastiCache)
	require.NoError(t, err)
	assert.Empty(t, in.Context)
	require.Len(t, in.Unresolved, 3, "var.prefix, var.extra and local.admin are unknown alone")
}

// TestDetectTerraformJSON: .tf.json files by name and by content.
func TestDetectTerraformJSON(t *testing.T) {
	src := `{"resource": {"aws_memorydb_user": {"u": {"user_name": "u", "access_string": "on ~a +get"}}}}`
	assert.Equal(t, input.TerraformSource, input.DetectFormat("main.tf.json", "{}"))
	assert.Equal(t, input.TerraformSource, input.DetectFormat("terraform.tfvars.json", "{}"))
	assert.Equal(t, input.TerraformSource, input.DetectFormat("<stdin>", src))
	in, err := input.Read("<stdin>", src, input.Auto, input.ElastiCache)
	require.NoError(t, err)
	require.Len(t, in.Users, 1)
	assert.Equal(t, "<stdin>:1:79", in.Users[0].Access.Start.String())
	assert.Equal(t, input.API, input.DetectFormat("package.json", `{"name": "x", "resource": {}}`), "not Terraform")
}

// TestFormatNames: --input-format takes every format the readers detect.
func TestFormatNames(t *testing.T) {
	names := input.FormatNames()
	assert.Equal(t, []string{"auto", "text", "api", "cloudformation", "terraform", "tf", "tfstate", "conf", "kubernetes", "compose", "sentinel", "helm"}, names)
	for _, n := range names {
		f, err := input.ParseFormat(n)
		require.NoError(t, err)
		assert.Equal(t, n, f.String())
	}
	_, err := input.ParseFormat("acl")
	assert.EqualError(t, err, `unknown input format "acl" (want auto, text, api, cloudformation, terraform, tf, tfstate, conf, kubernetes, compose, sentinel, helm)`)
}

// TestReadSentinel: a sentinel.conf's user lines are access strings (for
// Sentinel's table), its passwords secrets.
func TestReadSentinel(t *testing.T) {
	src := "sentinel monitor m 10.0.0.1 6379 2\nsentinel auth-pass m pw-in-conf-1\nsentinel sentinel-pass pw-in-conf-2\nuser peer on >pw-in-conf-3 +sentinel|myid\n"
	assert.Equal(t, input.Sentinel, input.DetectFormat("s.conf", src))
	assert.Equal(t, input.Sentinel, input.DetectFormat("sentinel-26379.conf", "port 1\n"))
	assert.Equal(t, input.ServerConfig, input.DetectFormat("redis.conf", "port 1\n"))
	in, err := input.Read("s.conf", src, input.Auto, input.Redis)
	require.NoError(t, err)
	assert.Equal(t, input.Sentinel, in.Format)
	require.True(t, in.Config.Sentinel)
	require.Len(t, in.Strings, 1)
	assert.Equal(t, "on >pw-in-conf-3 +sentinel|myid", in.Strings[0].Text)
	assert.Equal(t, "s.conf:4:11", in.Strings[0].Start.String())
	var secrets []string
	for _, s := range in.Secrets {
		secrets = append(secrets, s.Range.String()+" "+src[s.Range.Start.Offset:s.Range.End.Offset])
	}
	assert.Equal(t, []string{"s.conf:2:22-34 pw-in-conf-1", "s.conf:3:24-36 pw-in-conf-2"}, secrets)
	in, err = input.Read("x.conf", "user a on\n", input.Sentinel, input.Redis)
	require.NoError(t, err)
	assert.True(t, in.Config.Sentinel, "--input-format sentinel")
}
