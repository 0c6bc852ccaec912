package glob_test

import (
	"fmt"

	"github.com/aclcheck/aclcheck/glob"
)

func ExampleMatch() {
	fmt.Println(glob.Match("user:*:profile", "user:42:profile"))
	fmt.Println(glob.Match("*", ""))        // '*' needs a nonempty subject
	fmt.Println(glob.Match("[!a]", "!"))    // '!' is literal; negation is [^a]
	fmt.Println(glob.Match("?", "é"))       // '?' is one byte; "é" has two
	fmt.Println(glob.Match("{a,b}", "a"))   // no alternation
	fmt.Println(glob.Match(`log\`, `log\`)) // a trailing backslash is literal
	// Output:
	// true
	// false
	// true
	// false
	// false
	// true
}

func ExampleCompile() {
	p := glob.Compile("cache:[0-9]*")
	for _, key := range []string{"cache:7", "cache:42:meta", "cache:x", "cache:"} {
		fmt.Printf("%s %v\n", key, p.Match(key))
	}
	fmt.Printf("pattern %s, literal prefix %q\n", p, p.LiteralPrefix())
	// Output:
	// cache:7 true
	// cache:42:meta true
	// cache:x false
	// cache: false
	// pattern cache:[0-9]*, literal prefix "cache:"
}
