package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/internal/sarifschema"
)

// repoRoot is the repository, from this package's directory.
const repoRoot = "../.."

// TestActionScript runs the GitHub Action's lint step
// (.github/action/run.sh) with the scripts in testdata/action: $RUN is the
// script, aclcheck the command.
func TestActionScript(t *testing.T) {
	run, err := filepath.Abs(filepath.Join(repoRoot, ".github/action/run.sh"))
	require.NoError(t, err)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/action",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("RUN", run)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// sarif FILE checks FILE against the SARIF 2.1.0 schema.
			"sarif": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: sarif FILE")
				}
				ts.Check(sarifschema.Validate([]byte(ts.ReadFile(args[0]))))
			},
		},
	})
}

// TestActionYAML checks action.yml: a composite action whose inputs are
// the ones its steps use, running the script TestActionScript tests with
// the environment the script reads.
func TestActionYAML(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	require.NoError(t, err)
	var action struct {
		Inputs map[string]struct {
			Default  *string `yaml:"default"`
			Required bool    `yaml:"required"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				ID   string            `yaml:"id"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
				If   string            `yaml:"if"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	require.NoError(t, yaml.Unmarshal(src, &action))
	assert.Equal(t, "composite", action.Runs.Using)
	for name, in := range action.Inputs {
		assert.True(t, in.Required || in.Default != nil, "input %s has neither required nor a default", name)
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(string(src), -1) {
		used[m[1]] = true
		assert.Contains(t, action.Inputs, m[1], "step uses an undeclared input")
	}
	for name := range action.Inputs {
		assert.True(t, used[name], "input %s is not used", name)
	}
	script, err := os.ReadFile(filepath.Join(repoRoot, ".github/action/run.sh"))
	require.NoError(t, err)
	var lint, upload bool
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.Run, ".github/action/run.sh") {
			lint = true
			assert.Equal(t, "lint", s.ID)
			for name := range s.Env {
				assert.Contains(t, string(script), "${"+name, "run.sh does not read %s", name)
			}
			for _, m := range regexp.MustCompile(`\$\{(INPUT_[A-Z_]+)`).FindAllStringSubmatch(string(script), -1) {
				assert.Contains(t, s.Env, m[1], "the lint step does not set %s", m[1])
			}
		}
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
			upload = true
			assert.Equal(t, "inputs.upload == 'true'", s.If)
		}
	}
	assert.True(t, lint, "no step runs .github/action/run.sh")
	assert.True(t, upload, "no upload-sarif step")
	st, err := os.Stat(filepath.Join(repoRoot, ".github/action/run.sh"))
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&0o111, "run.sh is not executable")
}

// TestPreCommitHookFiles checks that the hook's files pattern matches the
// kinds of file aclcheck lint -f finds in a directory.
func TestPreCommitHookFiles(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, ".pre-commit-hooks.yaml"))
	require.NoError(t, err)
	var hooks []struct {
		ID, Entry, Language, Files string
	}
	require.NoError(t, yaml.Unmarshal(src, &hooks))
	require.Len(t, hooks, 1)
	assert.Equal(t, "aclcheck", hooks[0].ID)
	assert.Equal(t, "golang", hooks[0].Language)
	assert.Equal(t, "aclcheck lint -f", hooks[0].Entry)
	files := regexp.MustCompile(hooks[0].Files)
	for _, name := range []string{"users.acl", "infra/ACL.ACL", "stack.yaml", "a/b.yml", "plan.json", "package.json",
		"x.template", "main.tf", "terraform.tfstate", "vars.tfvars", "README.md", "acl", "users.acl.bak", "yaml", ".github/workflows/ci.yml"} {
		assert.Equal(t, input.KnownFile(name), files.MatchString(name), name)
	}
}

// TestPreCommitHook runs the repository's pre-commit hook with Debian's
// pre-commit (pre-commit try-repo, which builds aclcheck with Go as
// language: golang does) in a fixture repository that holds, beside ACL
// files, files aclcheck does not read: a workflow, a package.json and
// Terraform source. Only the real findings are reported.
func TestPreCommitHook(t *testing.T) {
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pre-commit is not installed (make deps installs it)")
		}
		t.Skip("pre-commit is not installed")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("no git")
	}
	root, err := filepath.Abs(repoRoot)
	require.NoError(t, err)
	gomodcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	require.NoError(t, err)

	fixture := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for name, content := range files {
			require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
		}
		for _, args := range [][]string{{"init", "-q"}, {"add", "-A"},
			{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "fixture"}} {
			cmd := exec.Command("git", args...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "git %v: %s", args, out)
		}
		return dir
	}
	tryRepo := func(t *testing.T, dir string) (string, int) {
		cmd := exec.Command(preCommit, "try-repo", root, "aclcheck", "--all-files", "--color", "never")
		cmd.Dir = dir
		// The module cache of the machine: pre-commit points GOPATH at its
		// own directory, which would download every module again.
		cmd.Env = append(os.Environ(), "GOMODCACHE="+strings.TrimSpace(string(gomodcache)), "PRE_COMMIT_HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return string(out), code
	}
	unrelated := map[string]string{
		".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
		"package.json":             "{\"name\": \"web\", \"version\": \"1.0.0\"}\n",
		"infra/main.tf":            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
		"config/app.yaml":          "replicas: 2\n",
		"acl/good.acl":             "user default off\nuser app on #" + strings.Repeat("a", 64) + " ~app:* resetchannels -@all +get\n",
	}

	// Each try-repo builds the hook (go install ./...) in its own clone.
	t.Run("findings", func(t *testing.T) {
		t.Parallel()
		files := map[string]string{
			"acl/users.acl": "user default off\nuser app on ~app:* -@all +get +nosuchcmd\n",
			"infra/cache.tf": "resource \"aws_elasticache_user\" \"app\" {\n  user_id       = \"app\"\n  user_name     = \"app\"\n" +
				"  engine        = \"redis\"\n  access_string = \"on ~app:* -@all +get +flushall\"\n" +
				"  authentication_mode {\n    type = \"iam\"\n  }\n}\n",
			"infra/stack.yaml": "Resources:\n  AppUser:\n    Type: AWS::ElastiCache::User\n    Properties:\n" +
				"      UserId: app\n      UserName: app\n      Engine: redis\n" +
				"      AccessString: on ~app:* -@all +get +config|get\n      AuthenticationMode:\n        Type: iam\n",
		}
		for k, v := range unrelated {
			files[k] = v
		}
		out, code := tryRepo(t, fixture(t, files))
		assert.Equal(t, 1, code, out)
		assert.Regexp(t, `(?m)^aclcheck lint\.+Failed$`, out)
		assert.Regexp(t, "(?m)^acl/users\\.acl:2:31: error: AC1002: unknown command `nosuchcmd`$", out)
		assert.Regexp(t, "(?m)^infra/cache\\.tf:5:41: warning: AC5003: allows FLUSHALL despite key patterns$", out)
		assert.Regexp(t, "(?m)^infra/stack\\.yaml:8:42: error: AC2004: restricted command CONFIG GET allowed by `\\+config\\|get`$", out)
		// The other files give no finding: a note at most.
		assert.NotRegexp(t, `(?m)^(\.github/|package\.json|infra/main\.tf|config/|acl/good\.acl)\S*:\d+:\d+: `, out)
		assert.Equal(t, 2, strings.Count(out, ": error: "), out)
	})
	t.Run("clean", func(t *testing.T) {
		t.Parallel()
		out, code := tryRepo(t, fixture(t, unrelated))
		assert.Equal(t, 0, code, out)
		assert.Regexp(t, `(?m)^aclcheck lint\.+Passed$`, out)
	})
}
