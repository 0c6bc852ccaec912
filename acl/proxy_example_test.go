package acl_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// A minimal RESP proxy loop: users come from an ACL file loaded as the
// server loads it, AUTH is answered with FileResult.Authenticate, and every
// other command is checked with CheckBytes on the bytes RESP delivers;
// denied commands get the server's error, allowed ones go upstream (here,
// a stub that replies +OK).
func Example_proxy() {
	t, _ := category.ForEngine("valkey-8.0")
	users := acl.LoadFile("users.acl", "user default off\nuser app on >s3cret ~app:* -@all +get +set\n", t)
	if len(users.Errors) > 0 {
		fmt.Print(users.Message())
		return
	}
	client := "*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$5\r\nguess\r\n" +
		"*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$6\r\ns3cret\r\n" +
		"*3\r\n$3\r\nSET\r\n$5\r\napp:1\r\n$1\r\nv\r\n" +
		"*2\r\n$3\r\nGET\r\n$7\r\nother:1\r\n" +
		"*1\r\n$8\r\nFLUSHALL\r\n"
	var out bytes.Buffer
	proxy(bufio.NewReader(strings.NewReader(client)), &out, users)
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n"))
	// Output:
	// -WRONGPASS invalid username-password pair or user is disabled.
	// +OK
	// +OK
	// -NOPERM No permissions to access a key
	// -NOPERM User app has no permissions to run the 'flushall' command
}

func proxy(r *bufio.Reader, w io.Writer, users *acl.FileResult) {
	user := users.Lookup("default") // off here: every command is refused until AUTH
	var argv [][]byte
	for {
		var err error
		if argv, err = readRESP(r, argv[:0]); err != nil {
			return
		}
		if len(argv) == 3 && strings.EqualFold(string(argv[0]), "auth") {
			u, err := users.Authenticate(string(argv[1]), string(argv[2]))
			if err != nil {
				fmt.Fprintf(w, "-WRONGPASS %v\r\n", err)
				continue
			}
			user = u
			fmt.Fprint(w, "+OK\r\n")
			continue
		}
		if user == nil || !user.Enabled() {
			fmt.Fprint(w, "-NOAUTH Authentication required.\r\n")
			continue
		}
		if reply := user.CheckBytes(argv).ExecReply(); reply != "" {
			fmt.Fprintf(w, "-%s\r\n", reply)
			continue
		}
		fmt.Fprint(w, "+OK\r\n") // forward argv upstream and relay its reply
	}
}

// readRESP reads one command: an array of bulk strings.
func readRESP(r *bufio.Reader, argv [][]byte) ([][]byte, error) {
	n, err := respLen(r, '*')
	for i := 0; err == nil && i < n; i++ {
		var size int
		if size, err = respLen(r, '$'); err == nil {
			b := make([]byte, size+2)
			_, err = io.ReadFull(r, b)
			argv = append(argv, b[:size])
		}
	}
	return argv, err
}

// respLen reads a line "<kind><n>\r\n" and returns n.
func respLen(r *bufio.Reader, kind byte) (int, error) {
	line, err := r.ReadSlice('\n')
	if err != nil || len(line) < 3 || line[0] != kind {
		return 0, errors.New("protocol error")
	}
	n, err := strconv.Atoi(string(bytes.TrimSuffix(line[1:], []byte("\r\n"))))
	if err != nil || n < 0 || n > 512<<20 { // the server's proto-max-bulk-len
		return 0, errors.New("protocol error")
	}
	return n, nil
}
