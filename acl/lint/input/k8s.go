package input

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// k8sRe finds the manifests of the AWS Controllers for Kubernetes (ACK)
// for ElastiCache and MemoryDB.
var k8sRe = regexp.MustCompile(`(?m)^apiVersion:[ \t]*["']?(elasticache|memorydb)\.services\.k8s\.aws/`)

// isKubernetes reports whether content holds ACK ElastiCache or MemoryDB
// manifests.
func isKubernetes(content string) bool {
	return k8sRe.MatchString(content) || workloadRe.MatchString(content) && strings.Contains(content, "--user")
}

// workloadRe finds the Kubernetes kinds whose containers are read.
var workloadRe = regexp.MustCompile(`(?m)^kind:[ \t]*["']?(Pod|Deployment|StatefulSet)\b`)

// readKubernetes reads the ACK manifests of a (multi-document) YAML file:
// ElastiCache User (spec.userID, userName, engine, accessString,
// passwords, noPasswordRequired) and UserGroup (spec.userGroupID, engine,
// userIDs), MemoryDB User (spec.name, accessString, authenticationMode)
// and ACL (spec.name, userNames), and the --user options of the Redis or
// Valkey containers of Pods, Deployments and StatefulSets (command and
// args, see [reader.serverUsers]). Other documents are skipped.
func readKubernetes(filename, content string) (*Input, error) {
	r := &reader{ydoc: ydoc{content: content, li: newLineIndex(filename, content)},
		in: &Input{Filename: filename, Content: content, Format: Kubernetes}}
	dec := yaml.NewDecoder(strings.NewReader(content))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filename, err)
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		root := doc.Content[0]
		api, kind := get(root, "apiVersion"), get(root, "kind")
		spec := get(root, "spec")
		if api == nil || kind == nil || spec == nil {
			continue
		}
		name := kind.Value
		if m := get(get(root, "metadata"), "name"); m != nil {
			name += " " + m.Value
		}
		if ps := podSpec(kind.Value, root); ps != nil {
			r.containerUsers(name, ps)
			continue
		}
		svc := ElastiCache
		switch {
		case strings.HasPrefix(api.Value, "memorydb.services.k8s.aws/"):
			svc = MemoryDB
		case !strings.HasPrefix(api.Value, "elasticache.services.k8s.aws/"):
			continue
		}
		switch {
		case kind.Value == "User":
			names := apiNames
			if svc == MemoryDB {
				names.name = "name"
			}
			u := r.user(spec, svc, name, names, false)
			u.Range = r.rangeOf(kind)
			r.in.Users = append(r.in.Users, u)
		case kind.Value == "UserGroup" && svc == ElastiCache:
			g := r.group(spec, svc, name, "userGroupID", "engine", "userIDs")
			g.Range = r.rangeOf(kind)
			r.in.Groups = append(r.in.Groups, g)
		case kind.Value == "ACL" && svc == MemoryDB:
			g := r.group(spec, svc, name, "name", "", "userNames")
			g.Range = r.rangeOf(kind)
			r.in.Groups = append(r.in.Groups, g)
		}
	}
	r.resolve()
	if len(r.in.Users) == 0 && len(r.in.Groups) == 0 && len(r.in.Strings) == 0 && len(r.in.Unresolved) == 0 {
		return r.in, fmt.Errorf("%s: %w", filename, ErrNothing)
	}
	return r.in, nil
}
