// Command gendoc is lint's documentation step: it writes docs/rules.md from
// the rule registry of acl/lint.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/aclcheck/aclcheck/acl/lint"
)

func main() {
	out := flag.String("o", "docs/rules.md", "output file")
	flag.Parse()
	if err := os.WriteFile(*out, []byte(lint.Markdown()), 0o644); err != nil {
		log.Fatal(err)
	}
}
