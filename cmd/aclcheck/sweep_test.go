package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/internal/canary"
)

// An inputKind puts an access string (and a password, where the format
// has a field for one) into the input of a subcommand.
type inputKind struct {
	name string
	// files returns the files to create, by name.
	files func(access, password string) map[string]string
	// args are the arguments naming the input ("{A}" is the access
	// string itself); stdin is what standard input holds.
	args  []string
	stdin func(access, password string) string
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// yamlSingle quotes s as a YAML single-quoted scalar.
func yamlSingle(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

var lintInputs = []inputKind{
	{name: "arg", args: []string{"{A}"}},
	{name: "arg-elasticache-6.2", args: []string{"--service", "elasticache", "--engine", "redis-6.2", "{A}"}},
	{name: "stdin", args: []string{"-"}, stdin: func(a, _ string) string { return "# users\n" + a + "\n" }},
	{name: "file", args: []string{"-f", "strings.txt"}, files: func(a, _ string) map[string]string {
		return map[string]string{"strings.txt": "# aclcheck:ignore AC5001 reason\n" + a + "\non ~x +get\n\t" + a + "\n"}
	}},
	{name: "users.acl", args: []string{"-f", "users.acl"}, files: func(a, _ string) map[string]string {
		return map[string]string{"users.acl": "user default on nopass ~* +@all\nuser alice " + a + "\n  1) \"user bob " + strings.ReplaceAll(a, `"`, `\"`) + "\"\n"}
	}},
	{name: "users.acl-refused-lines", args: []string{"-f", "users.acl"}, files: func(a, _ string) map[string]string {
		// Lines the server refuses (AC1007), shown: a comment, a
		// continuation, a comment without its space, a tab (the server repeats
		// the word it makes).
		return map[string]string{"users.acl": "user default off\n# user old " + a + "\nuser carol on ~c \\\n  " + a + "\n#" + a + "\nuser dave on\t" + a + "\n"}
	}},
	{name: "api-json", args: []string{"-f", "api.json"}, files: func(a, pw string) map[string]string {
		return map[string]string{"api.json": `{"Users": [{"UserId": "u1", "UserName": "u1", "Engine": "valkey", "AccessString": ` + jsonString(a) +
			`, "AuthenticationMode": {"Type": "password", "Passwords": [` + jsonString(pw) + `]}}]}` + "\n"}
	}},
	{name: "api-yaml", args: []string{"-f", "api.yaml"}, files: func(a, pw string) map[string]string {
		return map[string]string{"api.yaml": "Service: elasticache\nUsers:\n  - UserId: u1\n    UserName: u1\n    Engine: redis\n    AccessString: " + jsonString(a) +
			"\n    AppendAccessString: " + yamlSingle(a) + "\n    Passwords:\n      - " + yamlSingle(pw) + "\n  - UserId: u2\n    UserName: u2\n    Engine: valkey\n    AccessString: " + yamlSingle(a) +
			"\n    AuthenticationMode: {Type: password, Passwords: [" + jsonString(pw) + "]}\n"}
	}},
	{name: "cloudformation", args: []string{"-f", "stack.yaml"}, files: func(a, pw string) map[string]string {
		return map[string]string{"stack.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  U:\n    Type: AWS::ElastiCache::User\n    Properties:\n      UserId: u1\n      UserName: u1\n      Engine: redis\n      AccessString: " +
			jsonString(a) + "\n      AuthenticationMode:\n        Type: password\n        Passwords: [" + yamlSingle(pw) + "]\n  M:\n    Type: AWS::MemoryDB::User\n    Properties:\n      UserName: m1\n      AccessString: " + yamlSingle(a) +
			"\n      AuthenticationMode: {Type: password, Passwords: [" + jsonString(pw) + "]}\n"}
	}},
	{name: "cloudformation-json", args: []string{"-f", "stack.json"}, files: func(a, pw string) map[string]string {
		return map[string]string{"stack.json": `{"Resources": {"U": {"Type": "AWS::ElastiCache::User", "Properties": {"UserId": "u1", "UserName": "u1", "Engine": "redis", "AccessString": ` +
			jsonString(a) + `, "Passwords": [` + jsonString(pw) + `]}}}}` + "\n"}
	}},
	{name: "terraform-hcl", args: []string{"-f", "main.tf"}, files: func(a, pw string) map[string]string {
		heredoc := strings.ReplaceAll(strings.ReplaceAll(a, "${", "$${"), "%{", "%%{")
		return map[string]string{"main.tf": "resource \"aws_elasticache_user\" \"u\" {\n  user_id = \"u1\"\n  user_name = \"u1\"\n  engine = \"redis\"\n  access_string = " + jsonString(a) +
			"\n  passwords = [" + jsonString(pw) + "]\n}\n\nresource \"aws_memorydb_user\" \"m\" {\n  user_name = \"m1\"\n  access_string = <<-EOT\n    " + heredoc + "\n    EOT\n  authentication_mode {\n    type = \"password\"\n    passwords = [" + jsonString(pw) + "]\n  }\n}\n"}
	}},
	{name: "terraform-json", args: []string{"-f", "main.tf.json"}, files: func(a, pw string) map[string]string {
		return map[string]string{"main.tf.json": `{"resource": {"aws_elasticache_user": {"u": {"user_id": "u1", "user_name": "u1", "engine": "redis", "access_string": ` +
			jsonString(strings.ReplaceAll(strings.ReplaceAll(a, "${", "$${"), "%{", "%%{")) + `, "passwords": [` + jsonString(pw) + `]}}}}` + "\n"}
	}},
	{name: "sentinel", args: []string{"-f", "sentinel.conf"}, files: func(a, pw string) map[string]string {
		return map[string]string{"sentinel.conf": "sentinel monitor m 10.0.0.1 6379 2\nsentinel auth-pass m " + pw + "\nsentinel sentinel-pass " + pw +
			"\nrequirepass " + pw + "\nuser s " + a + " +sentinel|myid\n"}
	}},
	{name: "redis.conf", args: []string{"-f", "redis.conf"}, files: func(a, pw string) map[string]string {
		return map[string]string{"redis.conf": "port 6379\nrequirepass " + pw + "\nmasteruser repl\nmasterauth " + pw + "\ntls-key-file-pass " + pw +
			"\nuser alice " + a + "\nuser repl on >" + pw + " +psync +replconf +ping\nuser default off\n"}
	}},
	{name: "valkey.conf", args: []string{"-f", "valkey.conf"}, files: func(a, pw string) map[string]string {
		return map[string]string{"valkey.conf": "requirepass \"" + pw + "\"\nmasterauth '" + pw + "'\nuser alice " + a + "\nuser \"bob\" " + a + "\nacl-pubsub-default allchannels\n"}
	}},
	{name: "kubernetes-ack", args: []string{"-f", "users.yaml"}, files: func(a, pw string) map[string]string {
		return map[string]string{"users.yaml": "apiVersion: elasticache.services.k8s.aws/v1alpha1\nkind: User\nmetadata:\n  name: u1\nspec:\n  userID: u1\n  userName: u1\n  engine: redis\n  accessString: " + jsonString(a) +
			"\n  passwords:\n    - {name: pw, key: password}\n---\napiVersion: memorydb.services.k8s.aws/v1alpha1\nkind: User\nmetadata:\n  name: m1\nspec:\n  name: m1\n  accessString: " + yamlSingle(a) +
			"\n  authenticationMode:\n    type: password\n    passwords: [{name: pw, key: password}]\n"}
	}},
	{name: "kubernetes-args", args: []string{"-f", "pod.yaml"}, files: func(a, pw string) map[string]string {
		args := []string{"--requirepass", pw, "--masterauth", pw, "--user", "alice"}
		args = append(args, strings.Fields(a)...)
		var list []string
		for _, w := range args {
			list = append(list, jsonString(w))
		}
		return map[string]string{"pod.yaml": "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      containers:\n        - name: redis\n          image: redis:7.2\n          command: [redis-server]\n          args: [" +
			strings.Join(list, ", ") + "]\n        - name: valkey\n          image: valkey/valkey:8\n          args: [\"--user\", " + jsonString("bob "+a) + "]\n"}
	}},
	{name: "compose", args: []string{"-f", "compose.yaml"}, files: func(a, pw string) map[string]string {
		return map[string]string{"compose.yaml": "services:\n  cache:\n    image: valkey/valkey:8\n    command: valkey-server --requirepass " + pw + " --user alice " + strings.ReplaceAll(a, "$", "$$") +
			"\n  other:\n    image: redis:7\n    command: [redis-server, --masterauth, " + jsonString(pw) + ", --user, bob, " + jsonString(a) + "]\n"}
	}},
	{name: "describe-users-elasticache", args: []string{"-f", "users.json", "groups.json"}, files: func(a, pw string) map[string]string {
		return map[string]string{"users.json": `{"Users": [{"UserId": "u1", "UserName": "u1", "Status": "active", "Engine": "redis", "MinimumEngineVersion": "6.0", "AccessString": ` + jsonString(a) +
			`, "UserGroupIds": ["g1"], "Authentication": {"Type": "password", "PasswordCount": 1}, "ARN": "arn:aws:elasticache:us-east-1:1:user:u1"}]}` + "\n",
			"groups.json": `{"UserGroups": [{"UserGroupId": "g1", "Status": "active", "Engine": "redis", "UserIds": ["default", "u1"], "ARN": "arn:aws:elasticache:us-east-1:1:usergroup:g1"}]}` + "\n"}
	}},
	{name: "describe-users-memorydb", args: []string{"-f", "users.json"}, files: func(a, pw string) map[string]string {
		return map[string]string{"users.json": `{"Users": [{"Name": "m1", "Status": "active", "AccessString": ` + jsonString(a) +
			`, "ACLNames": ["acl1"], "MinimumEngineVersion": "6.2", "Authentication": {"Type": "password", "PasswordCount": 2}, "ARN": "arn:aws:memorydb:us-east-1:1:user/m1"}]}` + "\n"}
	}},
	{name: "terraform-variables", args: []string{"-f", "vars.tf", "terraform.tfvars"}, files: func(a, pw string) map[string]string {
		esc := strings.ReplaceAll(strings.ReplaceAll(a, "${", "$${"), "%{", "%%{")
		return map[string]string{"vars.tf": "variable \"acc\" {\n  default = " + jsonString(esc) + "\n}\nvariable \"pw\" {\n  sensitive = true\n}\nlocals {\n  acc = " + jsonString(esc) + "\n  pw = " + jsonString(pw) +
			"\n}\nresource \"aws_elasticache_user\" \"a\" {\n  user_id = \"a\"\n  user_name = \"a\"\n  engine = \"redis\"\n  access_string = var.acc\n  passwords = [var.pw]\n}\n" +
			"resource \"aws_elasticache_user\" \"b\" {\n  user_id = \"b\"\n  user_name = \"b\"\n  engine = \"redis\"\n  access_string = \"${local.acc} +get\"\n  passwords = [local.pw]\n}\n" +
			"resource \"aws_memorydb_user\" \"c\" {\n  user_name = \"c\"\n  access_string = <<EOT\n" + esc + "\nEOT\n  authentication_mode {\n    type = \"password\"\n    passwords = [\"" + pw + "\"]\n  }\n}\n" +
			"resource \"aws_elasticache_user\" \"d\" {\n  user_id = \"d\"\n  user_name = \"d\"\n  engine = \"redis\"\n  access_string = \"on %{ if true }${local.acc}%{ endif } ~x\"\n  passwords = [local.pw]\n}\n",
			"terraform.tfvars": "acc = " + jsonString(esc) + "\npw = " + jsonString(pw) + "\n"}
	}},
	{name: "tfstate", args: []string{"-f", "terraform.tfstate"}, files: func(a, pw string) map[string]string {
		return map[string]string{"terraform.tfstate": `{"version": 4, "terraform_version": "1.6.0", "serial": 1, "resources": [{"mode": "managed", "type": "aws_elasticache_user", "name": "a", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]", "instances": [{"attributes": {"user_id": "a", "user_name": "a", "engine": "redis", "access_string": ` +
			jsonString(a) + `, "passwords": [` + jsonString(pw) + `], "authentication_mode": [{"type": "password", "passwords": [` + jsonString(pw) + `], "password_count": 1}]}, "sensitive_attributes": []}]}]}` + "\n"}
	}},
	{name: "cloudformation-intrinsics", args: []string{"-f", "intrinsics.yaml"}, files: func(a, pw string) map[string]string {
		sub := strings.ReplaceAll(a, "${", "${!")
		return map[string]string{"intrinsics.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Pw: {Type: String, NoEcho: true, Default: " + jsonString(pw) + "}\n  Acc: {Type: String, Default: " + jsonString(a) + "}\nConditions:\n  Prod: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n" +
			"  S:\n    Type: AWS::ElastiCache::User\n    Properties:\n      UserId: s1\n      UserName: s1\n      Engine: redis\n      AccessString: !Sub " + jsonString(sub+" ~${AWS::Region}") + "\n      Passwords: [!Ref Pw]\n" +
			"  J:\n    Type: AWS::ElastiCache::User\n    Properties:\n      UserId: j1\n      UserName: j1\n      Engine: redis\n      AccessString: !Join [\" \", [" + jsonString(a) + ", \"+get\"]]\n      AuthenticationMode: {Type: password, Passwords: [" + jsonString(pw) + "]}\n" +
			"  I:\n    Type: AWS::MemoryDB::User\n    Properties:\n      UserName: i1\n      AccessString: !If [Prod, " + jsonString(a) + ", !Ref Acc]\n      AuthenticationMode: {Type: password, Passwords: [!Ref Pw]}\n"}
	}},
	{name: "helm", args: []string{"-f", "values.yaml"}, files: func(a, pw string) map[string]string {
		return map[string]string{"values.yaml": "auth:\n  acl:\n    enabled: true\n    users:\n      - username: app\n        password: " + yamlSingle(pw) +
			"\n        commands: " + yamlSingle(a) + "\ncommonConfiguration: |-\n  requirepass " + pw + "\n  user legacy " + a + "\n"}
	}},
	{name: "terraform", args: []string{"-f", "plan.json"}, files: func(a, pw string) map[string]string {
		return map[string]string{"plan.json": `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "aws_elasticache_user.u", "mode": "managed", "type": "aws_elasticache_user", "name": "u", "values": {"user_id": "u1", "user_name": "u1", "engine": "valkey", "access_string": ` +
			jsonString(a) + `, "authentication_mode": [{"type": "password", "passwords": [` + jsonString(pw) + `]}], "passwords": [` + jsonString(pw) + `]}}, {"address": "aws_memorydb_user.m", "mode": "managed", "type": "aws_memorydb_user", "name": "m", "values": {"user_name": "m1", "access_string": ` +
			jsonString(a) + `, "authentication_mode": [{"type": "password", "passwords": [` + jsonString(pw) + `]}]}}]}}}` + "\n"}
	}},
}

// sweepRun is one command line of the sweep.
type sweepRun struct {
	name  string
	args  []string
	stdin func(access, password string) string
	files func(access, password string) map[string]string
}

func sweepRuns() []sweepRun {
	var runs []sweepRun
	for _, in := range lintInputs {
		for _, f := range []string{"text", "json", "sarif"} {
			runs = append(runs, sweepRun{name: "lint/" + in.name + "/" + f,
				args: append([]string{"lint", "--no-config", "--color", "always", "--format", f}, in.args...), stdin: in.stdin, files: in.files})
		}
	}
	argv := []string{"--", "GET", "a"}
	usersACL := func(a, pw string) map[string]string {
		// The third user's name is a password written where the name goes.
		return map[string]string{"users.acl": "user alice " + a + "\nuser bob on ~b +get\nuser >" + pw + " on ~c +get\n",
			"tenants.yaml": "a: {users: [alice], keys: [\"a:*\"], channels: [\"a:*\"]}\n",
			"expect.yaml": "users:\n  carol: " + yamlSingle(a) + "\nfiles: [users.acl]\ntests:\n  - name: alice reads\n    user: alice\n    allow: [\"GET a\"]\n    deny: [\"SET b x\"]\n" +
				"  - name: carol reads\n    user: carol\n    allow: [\"GET a\"]\n  - name: only bob\n    only: [bob]\n    can: {command: get}\n  - name: isolated\n    isolate:\n      tenants: {a: {users: [alice, carol], keys: [\"a:*\"]}}\n"}
	}
	batch := func(a, _ string) string {
		return `{"access": ` + jsonString(a) + `, "argv": ["GET", "a"]}` + "\n" + `{"access": ` + jsonString(a) + `, "argv": []}` + "\n"
	}
	for _, r := range [][]string{
		append([]string{"check", "{A}"}, argv...),
		append([]string{"check", "--format", "json", "{A}"}, argv...),
		append([]string{"check", "--explain", "{A}"}, argv...),
		append([]string{"check", "--engine", "redis-7.0", "{A}"}, argv...),
		{"check", "{A}"},
		append([]string{"explain", "{A}"}, argv...),
		append([]string{"explain", "--format", "json", "--engine", "redis-7.0", "{A}"}, argv...),
		{"fmt", "{A}"},
		{"fmt", "--check", "{A}"},
		{"fmt", "--engine", "redis-7.0", "on ~x", "{A}"},
		{"diff", "{A}", "on ~a +get"},
		{"diff", "--format", "json", "on ~a +get", "{A}"},
		{"diff", "--engine", "redis-7.0", "{A}", "{A}"},
		{"import", "users.acl"},
		{"report", "-o", "-", "users.acl"},
		{"report", "--engine", "redis-7.0", "--service", "elasticache", "-o", "-", "users.acl"},
		{"import", "--format", "json", "--service", "memorydb", "--engine", "valkey-7.2", "users.acl"},
		{"fmt", "-f", "users.acl"},
		{"diff", "-f", "users.acl", "users.acl"},
		{"who-can", "--command", "get", "users.acl"},
		{"who-can", "--format", "json", "--read", "a:*", "--escalate", "users.acl"},
		{"isolate", "--tenants", "tenants.yaml", "users.acl"},
		{"isolate", "--tenants", "tenants.yaml", "--format", "json", "users.acl"},
		{"test", "expect.yaml"},
		{"test", "--format", "junit", "expect.yaml"},
	} {
		name := strings.Join(r[:min(len(r), 3)], " ")
		runs = append(runs, sweepRun{name: name, args: r, files: usersACL})
	}
	runs = append(runs,
		sweepRun{name: "check --batch", args: []string{"check", "--batch", "-"}, stdin: batch},
		sweepRun{name: "check --batch file", args: []string{"check", "--batch", "cases.jsonl"}, files: func(a, pw string) map[string]string {
			return map[string]string{"cases.jsonl": batch(a, pw)}
		}},
		sweepRun{name: "import stdin", args: []string{"import", "-"}, stdin: func(a, _ string) string { return "user alice " + a + "\n" }},
		sweepRun{name: "synth monitor", args: []string{"synth", "--from", "monitor", "trace.txt"}, files: func(a, pw string) map[string]string {
			return map[string]string{"trace.txt": "1700000000.000001 [0 127.0.0.1:5000] \"AUTH\" \"alice\" \"" + pw + "\"\n1700000000.000002 [0 127.0.0.1:5000] \"GET\" \"a:1\"\n" +
				"1700000000.000003 [0 127.0.0.1:5001] \"ACL\" \"SETUSER\" \"bob\" \">" + pw + "\"\n1700000000.000004 [0 127.0.0.1:5001] \"HELLO\" \"3\" \"AUTH\" \"bob\" \"" + pw + "\"\n"}
		}},
		sweepRun{name: "synth jsonl", args: []string{"synth", "--from", "jsonl", "--format", "json", "-"}, stdin: func(a, pw string) string {
			return `{"user": "alice", "argv": ["AUTH", "alice", ` + jsonString(pw) + `]}` + "\n" + `{"user": "alice", "argv": ["ACL", "SETUSER", "x", ` + jsonString(a) + `]}` + "\n"
		}},
	)
	return runs
}

// TestSecretSweep runs every subcommand, output format and input kind on
// access strings with a secret in every place one can stand (see
// internal/canary): neither standard output nor standard error may hold a
// piece of the secret, and what they hold must not depend on it.
func TestSecretSweep(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	runs, leaks := 0, 0
	for ri, r := range sweepRuns() {
		for ti, tmpl := range canary.AccessStrings {
			// Every template with the long secrets and with one of the
			// others in turn, to keep the sweep short; with the race
			// detector, a sixth of them (make test runs it whole too).
			pairs := []canary.Pair{canary.Pairs[0], canary.Pairs[1+(ti+ri)%(len(canary.Pairs)-1)]}
			if raceEnabled {
				if (ti+ri)%3 != 0 {
					continue
				}
				pairs = pairs[(ti/3)%2:][:1]
			}
			for _, p := range pairs {
				var out [2]string
				for i, secret := range []string{p.A, p.B} {
					out[i] = sweepOne(t, dir, r, canary.Fill(tmpl, secret), secret)
					runs++
				}
				if leak := canary.Leak(out[0]+out[1], p.A, p.B); leak != "" {
					leaks++
					t.Errorf("%s %q: output holds %q:\n%s", r.name, tmpl, leak, out[0])
				} else if out[0] != out[1] {
					leaks++
					t.Errorf("%s %q: output depends on the secret %q:\n%s\n---\n%s", r.name, tmpl, p.A, out[0], out[1])
				}
				if leaks > 20 {
					t.Fatal("too many leaks")
				}
			}
		}
	}
	t.Logf("%d runs of %d command lines", runs, len(sweepRuns()))
}

// sweepOne runs r with access (holding secret) and returns its exit
// status, standard output and standard error.
func sweepOne(t *testing.T, dir string, r sweepRun, access, secret string) string {
	if r.files != nil {
		for name, content := range r.files(access, secret) {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	stdin := ""
	if r.stdin != nil {
		stdin = r.stdin(access, secret)
	}
	args := make([]string, len(r.args))
	for i, a := range r.args {
		args[i] = strings.ReplaceAll(a, "{A}", access)
	}
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return "exit " + string(rune('0'+code)) + "\n" + stdout.String() + "\n--- stderr\n" + stderr.String()
}
