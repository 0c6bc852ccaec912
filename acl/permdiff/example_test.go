package permdiff_test

import (
	"fmt"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/permdiff"
	"github.com/aclcheck/aclcheck/category"
)

func ExampleCompare() {
	t, err := category.ForEngine("valkey-8.0")
	if err != nil {
		panic(err)
	}
	user := func(access string) *acl.User {
		u, err := acl.NewUser("app", t).SetUser(access)
		if err != nil {
			panic(err)
		}
		return u
	}

	// ElastiCache's inserted -@all and a covered key pattern change nothing.
	d := permdiff.Compare(user("on ~app:* +@read"), user("on ~app:* ~app:1 -@all +@read"))
	fmt.Println(d.Relation())

	// Dropping a selector makes a user narrower.
	d = permdiff.Compare(user("on ~app:* +get (~tmp:* +set)"), user("on ~app:* +get"))
	fmt.Println(d.Relation())

	// SET is gained but needs W, which no key pattern grants any more: the
	// user is narrower, and a command line shows what it lost.
	d = permdiff.Compare(user("on ~app:* +@read"), user("on %R~app:* +@read -keys +set"))
	fmt.Println(d.Relation(), d.Lost)
	for _, line := range d.Lines() {
		fmt.Println(" ", line)
	}
	// The differences are typed: a command of the table, a pattern and its
	// permissions.
	root := d.Selectors[0]
	gained, lost := root.GainedCommands[0].Command, root.LostKeys[0]
	fmt.Println(gained.Name, gained.Arity, gained.Categories.Has(category.Write))
	fmt.Printf("%q %v, now %v\n", lost.Key.Pattern, lost.Key.Perm, lost.Other.Perm)
	// Output:
	// equivalent
	// narrower
	// narrower [keys 1]
	//   root: gains 1 command: set
	//   root: loses 1 command: keys
	//   root: no longer allows all of @read
	//   root: loses keys: ~app:* (now %R~app:*)
	// set -3 true
	// "app:*" RW, now R
}
