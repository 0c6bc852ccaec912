package terraform_test

import (
	"fmt"

	"github.com/aclcheck/aclcheck/acl/lint/input/terraform"
)

func ExampleRead() {
	src := `variable "prefix" {
  default = "app"
}

resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  engine        = "redis"
  access_string = "on ~${var.prefix}:* +@read ${var.extra}"
}
`
	res := terraform.Read(nil, terraform.File{Name: "main.tf", Src: []byte(src)})
	for _, r := range res.Resources {
		fmt.Println(r.Address, r.Service, r.Engine.Family)
		for _, p := range r.Access.Parts {
			if p.Unknown != "" {
				fmt.Printf("  not checked: %s (at %s)\n", p.Unknown, p.Range.Start)
				continue
			}
			fmt.Printf("  %q starts at %s; byte 4 is at %s\n", p.Text, p.Pos[0], p.Pos[4])
		}
	}
	// Output:
	// aws_elasticache_user.app elasticache redis
	//   "on ~app:* +@read " starts at main.tf:9:20; byte 4 is at main.tf:2:14
	//   not checked: depends on var.extra (at main.tf:9:49)
}
