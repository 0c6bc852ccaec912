package acl_test

import (
	"errors"
	"fmt"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

func ExampleParse() {
	_, err := acl.Parse("on (~tmp:* +set")
	fmt.Println(err)

	a, err := acl.Parse("on ~app:* +@read -keys (~tmp:* +set)")
	if err != nil {
		panic(err)
	}
	for r := range a.All() {
		fmt.Printf("%-6s %T\n", r.Range().Start, r)
	}
	// Output:
	// 1:4: Unmatched parenthesis in acl selector in "(~tmp:*"
	// 1:1    *acl.Keyword
	// 1:4    *acl.KeyPattern
	// 1:11   *acl.CategoryRule
	// 1:18   *acl.CommandRule
	// 1:24   *acl.Selector
	// 1:25   *acl.KeyPattern
	// 1:32   *acl.CommandRule
}

// All visits a selector's rules after the selector; leaving the loop
// ends the walk.
func ExampleAccessString_All() {
	a, _ := acl.Parse("on ~app:* (~tmp:* +get) +set")
	for r := range a.All() {
		if _, ok := r.(*acl.CommandRule); ok {
			fmt.Println("first command rule:", r)
			break
		}
	}
	// Output: first command rule: +get
}

func ExampleCompile() {
	t, _ := category.ForEngine("redis-7.2")
	a, _ := acl.Parse("on ~app:* +get +nosuch")
	_, err := acl.Compile(a, t, "alice")
	fmt.Println(err.(*acl.Error).Reply())
	// Output:
	// ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL
}

func ExampleUser_Check() {
	t, _ := category.ForEngine("valkey-8.0")
	u, err := acl.NewUser("alice", t).SetUser("on ~app:* -@all +@read")
	if err != nil {
		panic(err)
	}
	for _, argv := range [][]string{
		{"GET", "app:1"},
		{"SET", "app:1", "x"},
		{"GET", "other"},
		{"NOSUCH"},
	} {
		d := u.Check(argv)
		fmt.Println(d.Allowed(), d.Reply())
	}
	// Output:
	// true OK
	// false User alice has no permissions to run the 'set' command
	// false User alice has no permissions to access the 'other' key
	// false ERR Command 'NOSUCH' not found
}

func ExampleUser_ACLList() {
	t, _ := category.ForEngine("redis-7.2")
	u, _ := acl.NewUser("bob", t).SetUser("on %R~ro:* %W~ro:* +@all -@dangerous +flushdb (+get ~x)")
	fmt.Println(u.ACLList())
	// Output:
	// user bob on sanitize-payload ~ro:* resetchannels +@all -@dangerous +flushdb (~x resetchannels -@all +get)
}

// DescribeWith leaves parts out of the ACL LIST form without editing its
// text: here the hash and the flag that AWS never shows.
func ExampleUser_DescribeWith() {
	t, _ := category.ForEngine("redis-7.2")
	u, _ := acl.NewUser("bob", t).SetUser("on >s3cret ~app:* &events:* +@read")
	fmt.Println(u.Describe(true))
	fmt.Println(u.DescribeWith(acl.DescribeOptions{NoHashes: true, NoSanitizePayload: true}))
	// Output:
	// on sanitize-payload #*** ~app:* resetchannels &events:* -@all +@read
	// on ~app:* resetchannels &events:* -@all +@read
}

func ExampleUser_Explain() {
	t, _ := category.ForEngine("valkey-8.0")
	u, _ := acl.NewUser("carol", t).SetUser("on %R~app:* +@all -@admin")
	fmt.Println(u.Explain([]string{"SET", "app:1", "v"}))
	// Output:
	// denied: User carol has no permissions to access the 'app:1' key
	//   root selector: key denied
	//     command set: allowed by +@all (at 1:13)
	//     key "app:1" (argv[1], needs W): matches %R~app:*, which does not grant W
}

// The grammar of access strings: one production per rule form, over the
// tokens of an argument (its leading syntax, its rest, and its end).
func ExampleGrammar() {
	fmt.Println(acl.Grammar())
	// Output:
	// Grammar = UserRule* .
	// UserRule = SelectorForm | UserFlagForm | PasswordForm | FlagForm | CommandForm | CategoryForm | KeyForm | PermKeyForm | ChannelForm | DbForm | BadHashForm | BadChannelForm | BadKeyForm | BadForm .
	// SelectorForm = <lparen> <broken>? SelectorRule* <rparen> .
	// SelectorRule = FlagForm | CommandForm | CategoryForm | KeyForm | PermKeyForm | ChannelForm | DbForm | BadChannelForm | BadKeyForm | BadForm .
	// FlagForm = <flag> <end> .
	// CommandForm = <sign> <text> (<pipe> <text>)? <end> .
	// CategoryForm = <atsign> <text> <end> .
	// KeyForm = <tilde> <text> <end> .
	// PermKeyForm = <percent> ((<r> <w>?) | (<w> <r>?)) (<tilde> <text>)? <end> .
	// ChannelForm = <amp> <text> <end> .
	// DbForm = <db> <text> <end> .
	// BadChannelForm = <amp> <spaced> <end> .
	// BadKeyForm = (<tilde> | <percent>) ~(<end> | <rparen>)* <end> .
	// BadForm = ~(<end> | <rparen>)* <end> .
	// UserFlagForm = <userflag> <end> .
	// PasswordForm = ((<passop> <text>) | (<hashop> <hash>)) <end> .
	// BadHashForm = <hashop> ~(<end> | <rparen>)* <end> .
}

// A first argument holding a quote crashes Redis 7.2 and Valkey 8.0 at the
// next ACL LIST; Redis 7.0 accepts and enforces it.
func ExampleCrashes() {
	a, _ := acl.Parse(`on +select|0 +select|a"b`)
	for _, engine := range []string{"redis-7.2", "redis-7.0"} {
		t, _ := category.ForEngine(engine)
		for _, r := range a.Rules {
			if acl.Crashes(r, t) {
				_, err := acl.Compile(a, t, "alice")
				fmt.Printf("%s: %s: %v\n", engine, r, errors.Is(err, acl.ErrCrash))
			}
		}
	}
	// Output:
	// redis-7.2: +select|a"b: true
	// redis-7.0: +select|a"b: false
}

// A proxy checks each command as RESP delivers it, without converting the
// arguments, and logs users in with Authenticate.
func ExampleUser_CheckBytes() {
	t, _ := category.ForEngine("valkey-8.0")
	u, _ := acl.NewUser("app", t).SetUser("on >s3cret ~app:* -@all +get +set")
	fmt.Println(u.Authenticate("s3cret"), u.Authenticate("guess"))
	for _, argv := range [][][]byte{
		{[]byte("SET"), []byte("app:1"), []byte("v")},
		{[]byte("GET"), []byte("other")},
	} {
		fmt.Println(u.CheckBytes(argv).Reply())
	}
	// Output:
	// true false
	// OK
	// User app has no permissions to access the 'other' key
}
