package input_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// FuzzRead reads arbitrary content in every format: it never panics,
// finishes quickly, and every position it gives lies in the content.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("../../../testdata/aws/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && !strings.HasSuffix(p, ".golden") {
			f.Add(filepath.Base(p), string(b))
		}
	}
	f.Add("t.yaml", "Parameters: {P: {Default: a}}\nResources:\n  U:\n    Type: AWS::ElastiCache::User\n    Properties:\n      AccessString: !If [C, !Sub 'on ~${P} ${!x}', !Join [' ', [a, !Ref P, !GetAtt X.Y]]]\n")
	f.Add("m.json", `{"Resources":{"U":{"Type":"AWS::MemoryDB::User","Properties":{"AccessString":{"Fn::If":["c",{"Fn::Sub":["${A}",{"A":{"Fn::Join":["",["x"]]}}]},"on"]}}}}}`)
	f.Add("users.acl", "# c\nuser a on \\\n +get\nACL SETUSER b on\nuser a off\r\n")
	f.Add("d.json", `{"Users":[{"UserId":"a","Status":"active","Authentication":{"Type":"password","PasswordCount":1},"AccessString":"on ~* +@all"}]}`)
	f.Add("redis.conf", "requirepass \"pw\"\nuser app on ~a +get\naclfile /x\n# c\nuser\n")
	f.Add("ack.yaml", "apiVersion: memorydb.services.k8s.aws/v1alpha1\nkind: User\nspec: {name: a, accessString: on}\n---\napiVersion: elasticache.services.k8s.aws/v1alpha1\nkind: UserGroup\nspec: {userIDs: [a]}\n")
	f.Add("p.conf", "user a on &x\nACL-PUBSUB-DEFAULT \"allchannels\"\nrename-command \"\"\nrename-command\nuser b\nuser c on resetchannels\n")
	f.Add("compose.yml", "services:\n  r:\n    image: redis\n    command: redis-server --user a on >p ~* +get --user --port 1 --user b 'x y' --user\n  v:\n    command: [valkey-server, --user, \"b on\", \"+@all\"]\n")
	f.Add("k8s.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - {image: redis, args: [--user, a, \"on\", \"~*\"]}\n---\nkind: StatefulSet\nspec: {template: {spec: {initContainers: [{command: \"redis-server --user b\"}]}}}\n")
	f.Add("sentinel.conf", "sentinel monitor m 1 2 3\nsentinel auth-pass m pw-in-conf-123\nsentinel sentinel-pass\nuser s on >x +sentinel|myid &* +@all\nuser\nrequirepass\n")
	f.Add("values.yaml", "auth:\n  acl:\n    enabled: true\n    userSecret: s\n    users:\n      - {username: a, password: pw-in-helm-123, keys: '~{{ .x }}', commands: [+get]}\n      - username: 1\n      - x\nredis:\n  commonConfiguration: |2\n     user b on >pw\n    user c\n  master: {configuration: \"user d >x\"}\nsentinel:\n  configuration: |-\n    user e on #abc\n\n")
	f.Add("main.tf.json", `{"variable":{"p":{"default":"a"}},"resource":{"aws_elasticache_user":{"u":{"access_string":"on ~${var.p} \"x\" +get","passwords":["pw-in-json-123"]}}}}`)
	f.Fuzz(func(t *testing.T, name, content string) {
		for _, format := range []input.Format{input.Auto, input.Text, input.API, input.CloudFormation, input.Terraform, input.ServerConfig, input.Kubernetes, input.Compose, input.Sentinel, input.Helm} {
			start := time.Now()
			in, _ := input.Read(name, content, format, input.ElastiCache)
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("Read(%v) took %v", format, d)
			}
			if in == nil {
				continue
			}
			check := func(what string, off int) {
				if off < 0 || off > len(content) {
					t.Fatalf("Read(%v): %s at offset %d of %d bytes", format, what, off, len(content))
				}
			}
			for _, s := range in.Strings {
				check("string", s.Start.Offset)
				for _, p := range s.Map {
					check("mapped byte", p.Offset)
				}
			}
			for _, u := range in.Users {
				for _, s := range []*input.Source{u.Access, u.Known, u.Append} {
					if s == nil {
						continue
					}
					check("access string", s.Start.Offset)
					for _, p := range s.Map {
						check("mapped byte", p.Offset)
					}
				}
			}
			for _, u := range in.Unresolved {
				check("unresolved value", u.Range.Start.Offset)
			}
		}
	})
}
