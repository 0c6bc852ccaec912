package acl_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

// TestLoadFile checks LoadFile on the forms that matter, with the
// server's texts (as Redis 7.0.15, 7.2.6 and Valkey 8.0.1 log them; the
// live test below compares many more).
func TestLoadFile(t *testing.T) {
	tb := testutil.Table(t, "redis-7.2")
	for _, c := range []struct {
		content, want string
		line, col     int // of the first error
		crash         bool
		defaultUser   bool
	}{
		{content: "user default on nopass ~* +@all\nuser a on ~x +get\n", defaultUser: true},
		{content: "user a  on  ~*\r\n\r\n  \t\n", defaultUser: false},
		{content: "# comment\nuser a on\n", want: "f:1 should start with user keyword followed by the username. ", line: 1, col: 1},
		{content: "user a on\nuser a off\n", want: "WARNING: Duplicate user 'a' found on line 2. ", line: 2, col: 6},
		{content: "user a on ~x +nosuch +@bad %R~x resetchannels &a ~y allkeys ~z #abc\n",
			want: "f:1: Error in applying operation '+nosuch': Unknown command or category name in ACL. f:1: Error in applying operation '+@bad': Unknown command or category name in ACL. f:1: Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns. ",
			line: 1, col: 14},
		{content: "user a on\t~* +get\n", want: "f:1: Syntax error. ", line: 1, col: 8},
		{content: "user a on (+get\t~y) (+bad\t~z)\n", want: "f:1: Error in applying operation '(+bad\t~z)': Unknown command or category name in ACL. ", line: 1, col: 21},
		{content: "user a\tb on\n", want: "'f:1: username 'a\tb' contains invalid characters. ", line: 1, col: 6},
		{content: "user a on \\\n  +get\n", want: "f:1: Syntax error. f:2 should start with user keyword followed by the username. ", line: 1, col: 11},
		{content: "ACL SETUSER a on\n", want: "f:1 should start with user keyword followed by the username. ", line: 1, col: 1},
		{content: "user a on\x00 xx\nuser b on\n", want: "f:1: Syntax error. ", line: 1, col: 8},
		{content: "user a on (~x +get\n", line: 1, col: 1, crash: true},
		// The server repeats a selector as written: the password in it is masked.
		{content: "user a on (+nosuch >MySecretPass1)\n", want: "f:1: Error in applying operation '(+nosuch >***)': Unknown command or category name in ACL. ", line: 1, col: 11},
		// So is a name that may be a password rule.
		{content: "user >MySecretPass1 on\nuser >MySecretPass1 off\n", want: "WARNING: Duplicate user '>***' found on line 2. ", line: 2, col: 6},
		{content: "user \"<MySecretPass1\t on\n", want: "'f:1: username '<***' contains invalid characters. ", line: 1, col: 6},
	} {
		r := acl.LoadFile("f", c.content, tb)
		if r.Crash != c.crash || r.DefaultDefined != c.defaultUser {
			t.Errorf("%q: crash %v default %v, want %v %v", c.content, r.Crash, r.DefaultDefined, c.crash, c.defaultUser)
		}
		var got string
		for _, e := range r.Errors {
			got += e.Text
		}
		for _, e := range r.Errors {
			if strings.Contains(e.Text, "MySecret") || strings.Contains(r.Message(), "MySecret") || !r.Crash && !strings.Contains(r.UnredactedMessage(), e.UnredactedText) ||
				strings.Contains(c.content, "MySecret") != strings.Contains(e.UnredactedText, "MySecretPass1") {
				t.Errorf("%q: Text %q, Message %q, UnredactedMessage %q", c.content, e.Text, r.Message(), r.UnredactedMessage())
			}
		}
		if !c.crash && got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.content, got, c.want)
		}
		if len(r.Errors) > 0 && (r.Errors[0].Range.Start.Line != c.line || r.Errors[0].Range.Start.Column != c.col) {
			t.Errorf("%q: first error at %v, want %d:%d", c.content, r.Errors[0].Range.Start, c.line, c.col)
		}
		if (len(r.Errors) == 0) != (len(r.Users) > 0 || c.content == "") {
			t.Errorf("%q: %d errors and %d users: a file loads whole or not at all", c.content, len(r.Errors), len(r.Users))
		}
	}
}

// aclFileWords are rules for generated ACL files: valid ones, and the
// errors the server reports (unknown names, syntax errors, state errors).
// None is a rule that crashes Redis 7.2 or Valkey at ACL LIST.
var aclFileWords = []string{
	"on", "off", "nopass", "resetpass", "reset", "allkeys", "resetkeys", "allchannels", "resetchannels",
	"~app:*", "~*", "%R~r:*", "%W~w:*", "&chan:*", "&*", "+@all", "-@all", "+@read", "-@dangerous",
	"+get", "+set", "-flushall", "+config|get", "+client|setinfo", "+select|0", "+acl", ">s3cret-pw", "<s3cret-pw",
	"#" + strings.Repeat("ab", 32), "!" + strings.Repeat("ab", 32), "clearselectors", "(~x +get)", "(+set ~y:*)",
	"( ~z )", "(+get\t~t)", "+nosuchcmd", "+@nosuchcat", "-nosuch|x", "+get|", "bogus", "#abc", "%~x", "+get)",
	"((~x)", "(~x))", "on\t~*", "+get\tx", "~a\tb", "\"quoted\"", "~x~", "sanitize-payload", "skip-sanitize-payload",
}

// genACLFile returns a random ACL file: user lines with valid and invalid
// rules, and what people write into ACL files that the server refuses:
// comments, blank and whitespace lines, continuation lines, ACL SETUSER
// lines, duplicates, CRLF, tabs, NUL bytes, a missing default user, an
// unclosed selector (on which every engine crashes).
func genACLFile(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		return genCleanACLFile(r)
	}
	var lines []string
	names := []string{"default", "app", "admin", "ro", "Default", "svc-1", "a\xffb"}
	n := 1 + r.IntN(6)
	for range n {
		var l string
		switch k := r.IntN(100); {
		case k < 55:
			name := names[r.IntN(len(names))]
			words := []string{"user", name}
			for range r.IntN(7) {
				words = append(words, aclFileWords[r.IntN(len(aclFileWords))])
			}
			sep := " "
			if r.IntN(8) == 0 {
				sep = "  "
			}
			l = strings.Join(words, sep)
		case k < 63:
			l = []string{"# users of the app", "#", "# aclcheck:ignore AC5001 admin", "#" + strings.Repeat("ab", 32)}[r.IntN(4)]
		case k < 70:
			l = []string{"", "   ", "\t", " \t "}[r.IntN(4)]
		case k < 74:
			l = "user app on ~app:* \\"
			lines = append(lines, l)
			l = "  +get +set"
		case k < 78:
			l = []string{"ACL SETUSER app on ~* +get", "User app on", "user", "user\tapp on", "user app\tx on", "  user ro on ~r:* +get  "}[r.IntN(6)]
		case k < 80:
			l = "user app on\x00 ~x"
		case k < 81:
			l = "user app on (~x +get"
		default:
			l = "user " + names[r.IntN(3)] + " on ~k:* +@read"
		}
		lines = append(lines, l)
	}
	nl := "\n"
	if r.IntN(4) == 0 {
		nl = "\r\n"
	}
	s := strings.Join(lines, nl)
	if r.IntN(3) > 0 {
		s += nl
	}
	return s
}

// validFileWords are rules that load in any order.
var validFileWords = []string{"on", "off", "nopass", "~app:*", "%R~r:*", "&chan:*", "+@all", "-@all", "+@read",
	"-@dangerous", "+get", "+set", "-flushall", "+config|get", ">s3cret-pw", "#" + strings.Repeat("ab", 32),
	"(~x +get)", "(+set ~y:*)", "( ~z )", "(+get\t~t)", "resetchannels", "sanitize-payload"}

// genCleanACLFile returns an ACL file the servers load: distinct user
// names, valid rules, blank lines, CRLF or not, with or without a default
// user.
func genCleanACLFile(r *rand.Rand) string {
	names := []string{"default", "app", "admin", "ro", "Default", "svc-1"}
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	var lines []string
	for _, name := range names[:1+r.IntN(len(names))] {
		words := []string{"user", name}
		for range r.IntN(6) {
			words = append(words, validFileWords[r.IntN(len(validFileWords))])
		}
		lines = append(lines, strings.Join(words, " "))
		if r.IntN(5) == 0 {
			lines = append(lines, "")
		}
	}
	nl := "\n"
	if r.IntN(3) == 0 {
		nl = "\r\n"
	}
	return strings.Join(lines, nl) + nl
}

// TestLoadFileLive starts every engine with --aclfile on generated files
// and compares: the file loads, or the server exits with the same error
// message (every line and text), or it crashes. Each file is a throwaway
// server; two run at a time per engine.
func TestLoadFileLive(t *testing.T) {
	files := 500
	if testing.Short() {
		files = 60
	}
	redistest.EachEngine(t, func(t *testing.T, e redistest.Engine) {
		if _, err := e.Binary(); errors.Is(err, redistest.ErrNoServer) {
			if os.Getenv("CI") == "true" {
				t.Fatalf("oracle tests must run in CI: %v", err)
			}
			t.Skipf("skipping: %v", err)
		}
		tb := testutil.Table(t, e.Name)
		r := rand.New(rand.NewPCG(15, uint64(len(e.Name))))
		contents := make([]string, files)
		for i := range contents {
			contents[i] = genACLFile(r)
		}
		var mu sync.Mutex
		var agree, loaded, refused, crashed int
		var wg sync.WaitGroup
		next := make(chan int)
		for range 2 {
			wg.Go(func() {
				for i := range next {
					dir := t.TempDir()
					path := filepath.Join(dir, "users.acl")
					if err := os.WriteFile(path, []byte(contents[i]), 0o600); err != nil {
						t.Error(err)
						continue
					}
					got, err := e.LoadACLFile(dir, path)
					if err != nil {
						t.Errorf("file %d %q: %v", i, contents[i], err)
						continue
					}
					want := acl.LoadFile(path, contents[i], tb)
					ok := got.Crashed == want.Crash && got.Loaded == (len(want.Errors) == 0) && (got.Crashed || got.Errors == want.UnredactedMessage() ||
						got.Truncated && strings.HasPrefix(want.UnredactedMessage(), got.Errors))
					mu.Lock()
					switch {
					case !ok:
						t.Errorf("file %d %q:\nserver  loaded %v crashed %v %q\nLoadFile loaded %v crashed %v %q",
							i, contents[i], got.Loaded, got.Crashed, got.Errors, len(want.Errors) == 0, want.Crash, want.UnredactedMessage())
					case got.Loaded:
						agree++
						loaded++
					case got.Crashed:
						agree++
						crashed++
					default:
						agree++
						refused++
					}
					mu.Unlock()
				}
			})
		}
		for i := range contents {
			next <- i
		}
		close(next)
		wg.Wait()
		t.Logf("%s: %d/%d files agree (%d load, %d refused with the same message, %d crash the server)", e.Version, agree, files, loaded, refused, crashed)
		var comments, crlf, continued, noDefault, duplicates, blank int
		for _, c := range contents {
			res := acl.LoadFile("f", c, tb)
			for _, e := range res.Errors {
				if errors.Is(e.Err, acl.ErrDuplicateUser) {
					duplicates++
					break
				}
			}
			count := func(n *int, b bool) {
				if b {
					*n++
				}
			}
			count(&comments, strings.HasPrefix(c, "#") || strings.Contains(c, "\n#"))
			count(&crlf, strings.Contains(c, "\r\n"))
			count(&continued, strings.Contains(c, "\\\n") || strings.Contains(c, "\\\r\n"))
			count(&noDefault, !strings.HasPrefix(c, "user default ") && !strings.Contains(c, "\nuser default "))
			count(&blank, strings.Contains(c, "\n\n") || strings.Contains(c, "\r\n\r\n"))
		}
		t.Logf("%s: of the files, %d have comments, %d duplicate users, %d blank lines, %d continuation lines, %d CRLF, %d no default user",
			e.Version, comments, duplicates, blank, continued, crlf, noDefault)
	})
}
