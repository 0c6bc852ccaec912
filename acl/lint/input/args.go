package input

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	yaml "go.yaml.in/yaml/v3"
)

// argWord is one word of a server's command line with the file offset of
// each of its bytes (len(offs) == len(text)+1).
type argWord struct {
	text string
	offs []int
}

// words returns the words of a command given as a YAML string (split at
// blanks, as Compose splits a command string) or a list (one word per
// item).
func (d *ydoc) words(n *yaml.Node) []argWord {
	var out []argWord
	scalar := func(s *yaml.Node) (string, []int) {
		start := d.offset(s)
		m, _, ok := d.scalarMap(s, start)
		if !ok {
			m = make([]int, len(s.Value)+1)
			for i := range m {
				m[i] = start
			}
		}
		return s.Value, m
	}
	switch {
	case n == nil:
	case n.Kind == yaml.ScalarNode:
		v, m := scalar(n)
		for i := 0; i < len(v); {
			if v[i] == ' ' || v[i] == '\t' || v[i] == '\n' {
				i++
				continue
			}
			j := i
			for j < len(v) && v[j] != ' ' && v[j] != '\t' && v[j] != '\n' {
				j++
			}
			out = append(out, argWord{v[i:j], m[i : j+1]})
			i = j
		}
	case n.Kind == yaml.SequenceNode:
		for _, it := range n.Content {
			if it.Kind == yaml.ScalarNode {
				v, m := scalar(it)
				out = append(out, argWord{v, m})
			}
		}
	}
	return out
}

// isServer reports whether a command line or image is Redis's or Valkey's.
func isServer(image string, argv []argWord) bool {
	if strings.Contains(image, "redis") || strings.Contains(image, "valkey") {
		return true
	}
	for _, w := range argv {
		if b := path.Base(w.text); b == "redis-server" || b == "valkey-server" {
			return true
		}
	}
	return false
}

// serverUsers adds the users of the --user options of a server's command
// line: as on Redis's command line, each --option starts a configuration
// directive that runs until the next --option, so "--user NAME rules…" is
// the redis.conf directive "user NAME rules…". The server takes each
// argument as one word: an argument with blanks in it (a list item) is not
// split, and the server refuses it; such a user, and one written with
// quotes or variables the shell or Compose would change, is not checked.
func (r *reader) serverUsers(resource string, argv []argWord) {
	if len(argv) > 0 {
		// A YAML comment after the command ("… >pw #x" in a plain
		// scalar: "#x" is a comment) is shown with its line: hide it, it
		// may hold the rest of a password rule.
		last := argv[len(argv)-1]
		end := last.offs[len(last.offs)-1]
		line := r.content[end:]
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		if c := strings.Index(line, " #"); c >= 0 {
			r.in.Secrets = append(r.in.Secrets, acl.Secret{Range: r.li.rng(end+c+1, end+len(line))})
		}
	}
	for i := 0; i < len(argv); i++ {
		if opt := argv[i].text; strings.HasPrefix(opt, "--") && secretDirectives[strings.ToLower(opt[2:])] {
			// --requirepass PASSWORD…: the words up to the next option.
			for j := i + 1; j < len(argv) && !strings.HasPrefix(argv[j].text, "--"); j++ {
				r.in.Secrets = append(r.in.Secrets, acl.Secret{Range: r.li.rng(argv[j].offs[0], argv[j].offs[len(argv[j].offs)-1])})
			}
		}
		if !strings.EqualFold(argv[i].text, "--user") {
			continue
		}
		j := i + 1
		for j < len(argv) && !strings.HasPrefix(argv[j].text, "--") {
			j++
		}
		opt, val := argv[i], argv[i+1:j]
		i = j - 1
		if len(val) == 0 {
			continue
		}
		reason := ""
		for _, w := range val {
			switch {
			case strings.ContainsAny(w.text, " \t\n"):
				reason = "an argument with blanks is one word to the server, which refuses it"
			case strings.ContainsAny(w.text, `'"\$`):
				reason = "quotes, escapes or variables in the command are not read"
			}
		}
		name := val[0].text
		if reason != "" {
			// The words are not read: any of them may hold a password
			// (quoted, escaped, split at a blank), so all the rules are
			// hidden, from after the user name.
			for k, w := range val {
				from := 0
				if k == 0 {
					if from = strings.IndexAny(w.text, " \t\n"); from < 0 {
						continue
					}
				}
				r.in.Secrets = append(r.in.Secrets, acl.Secret{Range: r.li.rng(w.offs[from], w.offs[len(w.offs)-1])})
			}
			r.in.Unresolved = append(r.in.Unresolved, Unresolved{Resource: resource + " --user " + strings.Fields(name + " ")[0],
				Attribute: "access string", Range: r.li.rng(opt.offs[0], opt.offs[len(opt.offs)-1]), Reasons: []string{reason}})
			continue
		}
		s := &Source{Origin: FromACLFile, UserName: name}
		var text strings.Builder
		var offs []int
		end := val[0].offs[len(val[0].text)]
		for k, w := range val[1:] {
			if k > 0 {
				text.WriteByte(' ')
				offs = append(offs, end)
			}
			text.WriteString(w.text)
			offs = append(offs, w.offs[:len(w.text)]...)
			end = w.offs[len(w.text)]
		}
		offs = append(offs, end)
		s.Text = text.String()
		for _, o := range offs {
			s.Map = append(s.Map, r.li.pos(o))
		}
		s.Start = s.Map[0]
		r.in.Strings = append(r.in.Strings, s)
	}
}

// composeRe finds a Compose file's services.
var composeRe = regexp.MustCompile(`(?m)^services:[ \t]*$`)

// isCompose reports whether a file is a Compose file that gives a Redis or
// Valkey server --user options.
func isCompose(content string) bool {
	return composeRe.MatchString(content) && strings.Contains(content, "--user")
}

// readCompose reads the --user options of the commands of a Compose
// file's services (services.NAME.command, a string or a list).
func readCompose(filename, content string) (*Input, error) {
	r := &reader{ydoc: ydoc{content: content, li: newLineIndex(filename, content)},
		in: &Input{Filename: filename, Content: content, Format: Compose}}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", filename, err)
	}
	if len(doc.Content) > 0 {
		if svcs := get(doc.Content[0], "services"); svcs != nil && svcs.Kind == yaml.MappingNode {
			for k := 0; k+1 < len(svcs.Content); k += 2 {
				svc := svcs.Content[k+1]
				image := ""
				if im := get(svc, "image"); im != nil {
					image = im.Value
				}
				argv := r.words(get(svc, "command"))
				if isServer(image, argv) {
					r.serverUsers("service "+svcs.Content[k].Value, argv)
				}
			}
		}
	}
	if len(r.in.Strings) == 0 && len(r.in.Unresolved) == 0 {
		return r.in, fmt.Errorf("%s: %w", filename, ErrNothing)
	}
	return r.in, nil
}

// podSpec returns the pod spec of a Pod, Deployment or StatefulSet, or
// nil.
func podSpec(kind string, root *yaml.Node) *yaml.Node {
	spec := get(root, "spec")
	switch kind {
	case "Pod":
		return spec
	case "Deployment", "StatefulSet":
		return get(get(spec, "template"), "spec")
	}
	return nil
}

// containerUsers reads the --user options of the containers of a pod spec
// (command followed by args).
func (r *reader) containerUsers(resource string, spec *yaml.Node) {
	for _, key := range []string{"initContainers", "containers"} {
		for _, c := range items(get(spec, key)) {
			image, name := "", ""
			if im := get(c, "image"); im != nil {
				image = im.Value
			}
			if n := get(c, "name"); n != nil {
				name = n.Value
			}
			argv := append(r.words(get(c, "command")), r.words(get(c, "args"))...)
			if isServer(image, argv) {
				r.serverUsers(resource+" container "+name, argv)
			}
		}
	}
}
