package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// schemas compiles the JSON Schemas of docs/schema.
func schemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	files, err := filepath.Glob("../../docs/schema/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	const base = "https://github.com/aclcheck/aclcheck/docs/schema/"
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(base+filepath.Base(f), bytes.NewReader(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if out[name], err = c.Compile(base + filepath.Base(f)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return out
}

// snakeKey is how every key of aclcheck's JSON is spelled.
var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// checkKeys reports the keys of v that are not snake_case, except inside
// create_user (the AWS API's own parameter names) and the maps keyed by
// data (engine and aspect names).
func checkKeys(t *testing.T, where string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if !snakeKey.MatchString(k) {
				t.Errorf("%s: key %q is not snake_case", where, k)
			}
			switch k {
			case "create_user", "aspects", "engines":
				continue
			}
			checkKeys(t, where+"."+k, x)
		}
	case []any:
		for _, x := range v {
			checkKeys(t, where+"[]", x)
		}
	}
}

// TestJSONOutputsValidate runs every subcommand that has --format json and
// validates what it prints against its schema in docs/schema: a top-level
// "version", snake_case keys, the documented fields only.
func TestJSONOutputsValidate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string { return writeTestFile(t, dir, name, content) }
	acl := write("users.acl", "user default off\nuser app on >pw ~app:* +nosuch +get|x\nuser ro on ~* &* +@read\n")
	users := write("who.acl", "user default off\nuser app on ~app:* +@read\nuser ro on ~* &* +@read +subscribe\n")
	trace := write("trace.jsonl", `{"user":"app","argv":["GET","app:1"]}`+"\n"+`{"user":"app","argv":["SET","app:2","x"]}`+"\n")
	leaky := write("leaky.acl", "user alice on nopass ~a:* &a:* +@read +@write -@dangerous -scan -randomkey\nuser bob on nopass ~b:* +@read +@write -@dangerous -randomkey\nuser ops on nopass ~* &* +@all\n")
	tenants := write("tenants.yaml", "tenants:\n  a: {users: [alice], keys: [\"a:*\"], channels: [\"a:*\"]}\n  b: {users: [bob], keys: [\"b:*\"]}\ntrusted: [ops]\n")
	notUTF8 := write("bytes.acl", "user a on nopass ~k\xff* &c\xfe +@read +publish -keys -scan -randomkey\nuser b on nopass ~k\xff* +@read\n")
	good := write("good.acl", "user default off\nuser ro on ~app:* -@all +get\n")
	corpus := write("corpus.jsonl", `{"engine":"redis-7.2.6","user":"u","access":"on ~a +get","setuser":"OK","acl_list":"user u on sanitize-payload ~a resetchannels -@all +get","dryrun":[{"argv":["GET","a"],"reply":"OK"}]}`+"\n"+
		`{"engine":"valkey-8.0.1","user":"u","access":"+get","setuser":"ERR nope"}`+"\n")
	cases := []struct {
		schema string
		args   []string
	}{
		{"lint", []string{"lint", "--no-config", "--format", "json", "-f", acl, filepath.Join(dir, "missing.acl")}},
		{"lint", []string{"lint", "--no-config", "--format", "json", "--service", "elasticache", "--engine", "redis-7.1", "on ~* +@all -config", "+get ~a >pw"}},
		{"lint", []string{"lint", "--no-config", "--format", "json", "-f", "../../testdata/aws/cloudformation.yaml", "../../testdata/aws/terraform-plan.json"}},
		{"lint", []string{"lint", "--no-config", "--format", "json", "-f", good}},
		{"check", []string{"check", "--format", "json", "on ~app:* (~tmp:* +set) %R~r:* +@read", "--", "MGET", "app:1", "tmp:1"}},
		{"check", []string{"check", "--format", "json", "--service", "elasticache", "off ~* +@all", "--", "CONFIG", "GET", "x"}},
		{"check", []string{"explain", "--format", "json", "on &news +subscribe", "--", "SUBSCRIBE", "news", "other"}},
		{"diff", []string{"diff", "--format", "json", "on ~a:* +get >pw", "off nopass ~b:* %R~c:* +@read &x (+set ~t:*)"}},
		{"diff", []string{"diff", "--format", "json", "on ~a +get", "on ~a +get"}},
		{"diff", []string{"diff", "--format", "json", "-f", users, good}},
		{"synth", []string{"synth", "--from", "jsonl", "--format", "json", trace}},
		{"isolate", []string{"isolate", "--engine", "redis-7.0", "--format", "json", "--tenants", tenants, leaky}},
		{"isolate", []string{"isolate", "--engine", "redis-7.0", "--format", "json", leaky}},
		{"import", []string{"import", "--format", "json", "--service", "memorydb", "--engine", "valkey-7.2", acl}},
		{"replay", []string{"replay", "--format", "json", corpus}},
		{"who-can", []string{"who-can", "--engine", "redis-7.0", "--read", "app:1", "--format", "json", users}},
		{"who-can", []string{"who-can", "--engine", "redis-7.0", "--write", "zzz", "--format", "json", good}},
		// Bytes that are not UTF-8, with their base64.
		{"who-can", []string{"who-can", "--engine", "redis-7.0", "--read", "*", "--format", "json", notUTF8}},
		{"who-can", []string{"who-can", "--engine", "redis-7.0", "--channel", "*", "--format", "json", notUTF8}},
		{"isolate", []string{"isolate", "--engine", "redis-7.0", "--format", "json", notUTF8}},
		{"diff", []string{"diff", "--format", "json", "on ~k\xff +get", "on ~k\xff +get +set"}},
		{"diff", []string{"diff", "--format", "json", "-f", notUTF8, users}},
		{"check", []string{"check", "--format", "json", "on ~* +get", "--", "GET", "\xff"}},
	}
	sch := schemas(t)
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.args[0]] = true
		code, out, errs := runCLI("", c.args...)
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%s: exit %d, not JSON: %v\n%s%s", c.args, code, err, out, errs)
			continue
		}
		if err := sch[c.schema].Validate(v); err != nil {
			t.Errorf("%s: does not validate against docs/schema/%s.json: %#v\n%s", c.args, c.schema, err, out)
		}
		if m, _ := v.(map[string]any); m["version"] != "1" {
			t.Errorf("%s: version %v", c.args, m["version"])
		}
		checkKeys(t, strings.Join(c.args[:1], " "), v)
	}
	// Every subcommand with --format json is covered.
	p, err := kong.New(&cli{}, grammarVars)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			if f.Name == "format" && slices.Contains(strings.Split(f.Enum, ","), "json") && !covered[n.Name] {
				t.Errorf("aclcheck %s has --format json but no case here", n.Name)
			}
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(p.Model.Node)
}

// TestJSONSchemaRejects checks that the schemas are not vacuous: a lint
// document without its version, or with a Go field name, fails.
func TestJSONSchemaRejects(t *testing.T) {
	sch := schemas(t)
	for _, doc := range []string{
		`{"diagnostics": [], "errors": 0, "warnings": 0, "infos": 0}`,
		`{"version": "1", "diagnostics": [{"rule": "AC1002", "severity": "error", "file": "", "line": 1, "column": 1, "end_line": 1, "end_column": 2, "offset": 0, "end_offset": 1, "summary": "x",
		  "fixes": [{"message": "m", "edits": [{"range": {"Start": {"Filename": "", "Offset": 0, "Line": 1, "Column": 1}, "End": {"Offset": 1, "Line": 1, "Column": 2}}, "new_text": ""}]}]}], "errors": 1, "warnings": 0, "infos": 0}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		if err := sch["lint"].Validate(v); err == nil {
			t.Errorf("lint schema accepts %s", doc)
		}
	}
}

// TestBaseline writes a baseline, validates it against
// docs/schema/baseline.json, and lints again after inserting lines above
// the findings and adding a new one: only the new finding is reported.
func TestBaseline(t *testing.T) {
	sch := schemas(t)
	dir := t.TempDir()
	t.Chdir(dir)
	writeTestFile(t, dir, "users.acl", "user default off\nuser app on ~* +@all\nuser ops on ~* +@all\n")
	if code, out, errs := runLint(t, "", "-f", ".", "--write-baseline", "base.json"); code != exitOK || out != "" {
		t.Fatalf("--write-baseline: exit %d, stdout %q, stderr %s", code, out, errs)
	}
	data, err := os.ReadFile("base.json")
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if err := sch["baseline"].Validate(v); err != nil {
		t.Errorf("baseline does not validate: %#v\n%s", err, data)
	}
	if n := strings.Count(string(data), `"fingerprint"`); n != 2 {
		t.Errorf("baseline holds %d findings, want 2:\n%s", n, data)
	}
	writeTestFile(t, dir, "users.acl", "\n\nuser default off\nuser app on ~* +@all\nuser ops on ~* +@all\nuser new on ~* +@all\n")
	code, out, errs := runLint(t, "", "-f", "users.acl", "--baseline", "base.json", "--format", "json", "--fail-on", "warning")
	var doc struct {
		Diagnostics []struct {
			Rule string `json:"rule"`
			Line int    `json:"line"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if code != exitFindings || len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Line != 6 || !strings.Contains(errs, "2 findings in the baseline") {
		t.Errorf("--baseline: exit %d, %+v, stderr %s", code, doc.Diagnostics, errs)
	}
}
