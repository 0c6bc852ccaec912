package category_test

import (
	"errors"
	"fmt"

	"github.com/aclcheck/aclcheck/category"
)

func ExampleForEngine() {
	_, err := category.ForEngine("redis-5.0")
	fmt.Println(errors.Is(err, category.ErrUnknownEngine))

	t, err := category.ForEngine("valkey-7.2")
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Engine(), t.Profile(), t.Len())

	c, err := t.Resolve([]string{"CONFIG", "GET", "maxmemory"})
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Name, c.ID, c.Categories)

	_, err = t.Resolve([]string{"CONFIG", "NOSUCH"})
	fmt.Println(err, errors.Is(err, category.ErrUnknownSubcommand))
	// Output:
	// true
	// valkey-7.2 redis-7.2 370
	// config|get 89 @admin @slow @dangerous
	// unknown subcommand 'NOSUCH' of 'CONFIG' true
}

func ExampleCommand_Keys() {
	t, err := category.ForEngine("redis-7.0")
	if err != nil {
		panic(err)
	}
	for _, argv := range [][]string{
		{"SET", "k", "v"},
		{"SET", "k", "v", "GET"},
		{"LMOVE", "src", "dst", "LEFT", "RIGHT"},
		{"EVAL", "return 1", "1", "k"},
		{"EVAL", "return 1", "01", "k"}, // numkeys read by C atoi: flags 0
		{"SORT", "list", "BY", "w*", "STORE", "out"},
	} {
		c, err := t.Resolve(argv)
		if err != nil {
			panic(err)
		}
		fmt.Print(argv[0], ":")
		for _, k := range c.Keys(argv, nil) {
			fmt.Printf(" %s[%s]", argv[k.Pos], k.Flags)
		}
		fmt.Println()
	}
	// Output:
	// SET: k[OW update]
	// SET: k[RW access update]
	// LMOVE: src[RW access delete] dst[RW insert]
	// EVAL: k[RW access update]
	// EVAL: k[]
	// SORT: list[RO access] out[OW update]
}
