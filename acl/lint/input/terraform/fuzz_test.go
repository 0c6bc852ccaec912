package terraform

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzRead reads arbitrary input as Terraform source and as a state file:
// no panic, positions inside the files, and no password text in any value,
// address or diagnostic.
func FuzzRead(f *testing.F) {
	for _, fx := range fixtures(f) {
		for _, file := range fx.ar.Files {
			if file.Name != "want" {
				f.Add(file.Data)
			}
		}
	}
	f.Add([]byte(`locals {
  a = "${local.b}${local.b}"
  b = "${local.a}"
}
resource "aws_elasticache_user" "x" {
  count = 100000000
  user_id = "x${count.index}"
  access_string = "${local.a} ${join(",", [for i in range(100) : i])}"
  passwords = ["secret-password-text"]
}`))
	f.Add([]byte(strings.Repeat("[", 5000)))
	f.Add([]byte(`{"version":4,"resources":[{"mode":"managed","type":"aws_memorydb_user","name":"u","instances":[{"attributes":{"user_name":"u","access_string":"on \u00e9 ~*","authentication_mode":[{"type":"password","passwords":["pw-in-state-123"]}]}}]}]}`))
	f.Add([]byte(`{"variable":{"p":{"default":"a","type":"set(string)"}},"locals":{"l":"\u00e9${var.p}"},"resource":{"aws_elasticache_user":{"u":{"for_each":"${toset([\"x\"])}","access_string":"on ~${local.l} $${x} \\ +get","passwords":["pw-in-json-123"],"dynamic":{"authentication_mode":{"for_each":[1],"content":{"type":"password"}}}}}},"module":{"m":{"source":"./m"}}}`))
	f.Add([]byte(`{"resource":[{"aws_memorydb_user":[{"u":{"user_name":["x"],"access_string":1}}]}],"locals":[1]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"main.tf", "terraform.tfstate", "main.tf.json", "terraform.tfvars.json"} {
			res := Read(nil, File{Name: name, Src: data})
			checkResult(t, res, data)
		}
	})
}

// checkResult asserts what must hold for any input.
func checkResult(t *testing.T, res *Result, data []byte) {
	t.Helper()
	var secrets []string
	for _, r := range res.Secrets {
		if r.Start.Offset < 0 || r.End.Offset > len(data) || r.Start.Offset > r.End.Offset {
			t.Fatalf("secret range %v outside the input", r)
		}
		s := data[r.Start.Offset:r.End.Offset]
		// only text that occurs once, in the password, can be looked for
		if len(s) >= 8 && bytes.Count(data, s) == 1 {
			secrets = append(secrets, string(s))
		}
	}
	var out strings.Builder
	for _, d := range res.Diagnostics {
		out.WriteString(d.Summary + "\n" + d.Detail + "\n")
	}
	check := func(v Value) {
		for _, p := range v.Parts {
			out.WriteString(p.Text + "\n" + p.Unknown + "\n")
			if p.Unknown == "" && len(p.Pos) != len(p.Text)+1 {
				t.Fatalf("%d positions for %d bytes", len(p.Pos), len(p.Text))
			}
			for _, pos := range p.Pos {
				if pos.Offset < 0 || pos.Offset > len(data) || pos.Line < 1 || pos.Column < 1 {
					t.Fatalf("position %v outside the input", pos)
				}
			}
		}
	}
	for _, r := range res.Resources {
		out.WriteString(r.Address + "\n")
		for _, v := range []Value{r.UserID, r.UserName, r.Access, r.GroupID, r.EngineAttr, r.EngineVersion, r.AuthType, r.NoPasswordRequired} {
			check(v)
		}
		for _, m := range append(append([]Member{}, r.Members...), r.Attached...) {
			check(m.Value)
		}
		for _, s := range append(append(append([]Secret{}, r.Passwords...), r.PasswordsWO...), r.AuthPasswords...) {
			out.WriteString(s.Reason + "\n")
		}
	}
	for _, s := range secrets {
		if strings.Contains(out.String(), s) {
			t.Fatalf("password text %q in the output", s)
		}
	}
}
