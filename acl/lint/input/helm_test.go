package input_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// helmValues are the values of a Bitnami Redis release with ACL users and
// user lines in the configuration blocks.
const helmValues = `architecture: replication
auth:
  enabled: true
  acl:
    enabled: true
    users:
      - username: "app"
        password: "pw-in-values-1"
        enabled: "on"
        commands: "+@read -@dangerous"
        keys: "~app:*"
        channels: "&app:*"
      - username: admin
        commands: +@all
      - username: t
        password: '{{ .Values.pw }}'
commonConfiguration: |-
  appendonly yes
  user legacy on >pw-in-values-2 ~* +get
sentinel:
  configuration: |
    user peer on >pw-in-values-3 +@all
`

func TestReadHelm(t *testing.T) {
	in, err := input.Read("values.yaml", helmValues, input.Auto, input.ElastiCache)
	require.NoError(t, err)
	assert.Equal(t, input.Helm, in.Format)
	assert.Equal(t, input.Redis, in.Service, "a chart's server is self-managed")
	var got []string
	for _, s := range in.Strings {
		got = append(got, fmt.Sprintf("%s %q %s..%s", s.UserName, s.Text, s.Map[0], s.Map[len(s.Map)-2]))
	}
	assert.Equal(t, []string{
		`app "on #83f3edd013856055194a35f5f5d5bdf74d4717cf34f8c5ae48c7d4d1b12f6c4b ~app:* &app:* +@read -@dangerous" values.yaml:9:19..values.yaml:10:37`,
		`admin "on nopass ~* &* +@all" values.yaml:13:19..values.yaml:14:23`,
		`t "on #{{ .Values.pw }} ~* &* +@all" values.yaml:15:19..values.yaml:15:19`,
		`legacy "on >pw-in-values-2 ~* +get" values.yaml:19:15..values.yaml:19:40`,
		`peer "on >pw-in-values-3 +@all" values.yaml:22:15..values.yaml:22:38`,
	}, got)
	assert.True(t, in.Strings[4].Sentinel, "sentinel.configuration: Sentinel's table")
	var secrets []string
	for _, s := range in.Secrets {
		secrets = append(secrets, s.Range.String()+" "+helmValues[s.Range.Start.Offset:s.Range.End.Offset])
	}
	assert.Equal(t, []string{`values.yaml:8:19-35 "pw-in-values-1"`, `values.yaml:16:19-37 '{{ .Values.pw }}'`}, secrets, "those of access strings are found when they are linted")
	assert.Empty(t, in.Unresolved)
}

func TestReadHelmSecretsAndDisabled(t *testing.T) {
	in, err := input.Read("values-prod.yaml", "redis:\n  auth:\n    acl:\n      enabled: true\n      userSecret: acl-users\n      users:\n        - username: app\n          commands: \"+get\"\n", input.Auto, input.ElastiCache)
	require.NoError(t, err, "values of a chart that depends on the Redis chart")
	require.Len(t, in.Strings, 1)
	assert.Equal(t, "on ~* &* +get", in.Strings[0].Text)
	require.Len(t, in.Unresolved, 1)
	assert.Equal(t, []string{"from Secret acl-users (redis.auth.acl.userSecret)"}, in.Unresolved[0].Reasons)

	in, err = input.Read("values.yaml", "auth:\n  acl:\n    enabled: false\n    users:\n      - username: app\n", input.Auto, input.ElastiCache)
	require.NoError(t, err)
	assert.Empty(t, in.Strings)
	require.Len(t, in.Unresolved, 1)
	assert.Equal(t, "values.yaml:3:14", in.Unresolved[0].Range.Start.String())

	// the chart's own defaults: nothing to lint
	_, err = input.Read("values.yaml", "auth:\n  acl:\n    enabled: false\n    users: []\n    userSecret: \"\"\n", input.Auto, input.ElastiCache)
	assert.True(t, errors.Is(err, input.ErrNothing), "%v", err)
}

// TestDetectHelm: Helm values by content and name, and the YAML files that
// are not.
func TestDetectHelm(t *testing.T) {
	for _, c := range []struct {
		name, content string
		want          input.Format
	}{
		{"values.yaml", helmValues, input.Helm},
		{"redis.yaml", helmValues, input.Helm},
		{"values-prod.yml", "redis:\n  auth:\n    acl:\n      users:\n        - username: a\n", input.Helm},
		{"config.yaml", "auth:\n  acl:\n    users: []\n", input.Helm},                 // a chart's auth.acl
		{"config.yaml", "settings:\n  auth:\n    acl:\n      users: []\n", input.API}, // neither named values nor a chart's keys
		{"values.yaml", "replicaCount: 1\nimage:\n  repository: nginx\n", input.API},
		{".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    steps:\n      - run: echo\n        env:\n          auth:\n            acl:\n              users: x\n", input.API},
		{"docker-compose.yml", "services:\n  redis:\n    image: redis\n    command: redis-server --user a on +get\n", input.Compose},
		{"k8s.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  configuration: |\n    user a on +get\nauth:\n  acl:\n    users: []\n", input.API},
	} {
		assert.Equal(t, c.want, input.DetectFormat(c.name, c.content), c.name)
	}
}
