package lint

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// wantAt is a want for a diagnostic of rule id starting at line:col.
func wantAt(id string, line, col int, s Severity) want {
	return want{id: id, line: line, col: col, severity: s}
}

// TestValidateAcceptance is the acceptance example of the lint issue.
func TestValidateAcceptance(t *testing.T) {
	target, err := NewTarget("elasticache", "redis-6.2")
	if err != nil {
		t.Fatal(err)
	}
	const s = "on ~* >secretpassword123456 reset %R~x (+get)"
	ds, err := Validate(s, target)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "", ds,
		wantAt("AC2001", 1, 7, Error), wantAt("AC2002", 1, 29, Error),
		wantAt("AC1004", 1, 35, Error), wantAt("AC1004", 1, 40, Error)) // the service rejects it: the errors stand alone
	for _, d := range ds {
		for _, text := range []string{d.Summary, d.Detail, d.Message()} {
			if strings.Contains(text, "secretpassword") {
				t.Errorf("%s leaks the password: %q", d.RuleID, text)
			}
		}
	}
	if !ds.HasErrors() || ds.Err() == nil {
		t.Error("HasErrors/Err: want errors")
	}
}

func TestValidateSelfManaged(t *testing.T) {
	target, _ := NewTarget("valkey", "valkey-8.0")
	ds, _ := Validate("on >a-password-that-is-fine ~app:* +get", target)
	expect(t, "", ds) // passwords are fine in a self-managed access string
	ds, _ = Validate("on ~app:* -@all +get", target)
	expect(t, "", ds)
}

func TestValidateTargets(t *testing.T) {
	for _, bad := range []string{"memorydb/redis-6.0", "elasticache-serverless/redis-6.2", "valkey/redis-7.0", "redis/valkey-8.0", "elasticache/valkey-9.9", "nosuch/valkey-8.0"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q): want error", bad)
		}
	}
	for _, good := range []string{"memorydb/redis-7.1", "memorydb/valkey-7.2", "elasticache/redis-6.0", "elasticache-serverless/valkey-8.2", "redis/redis-6.2"} {
		if _, err := ParseTarget(good); err != nil {
			t.Errorf("ParseTarget(%q): %v", good, err)
		}
	}
	if Severity(0).IsValid() || Severity(0).String() != "invalid" || Error.String() != "error" {
		t.Error("Severity zero value must be invalid")
	}
}

// TestValidateJSONPositions checks that positions inside JSON strings with
// escapes and YAML scalars after multi-byte characters are exact.
func TestValidateJSONPositions(t *testing.T) {
	const js = `{"Users": [{"UserName": "r", "AuthenticationMode": {"Type": "iam"},
 "AccessString": "on ~\"q\" \u0041 +nosuch"}]}`
	in, err := input.Read("u.json", js, input.Auto, MemoryDB)
	if err != nil {
		t.Fatal(err)
	}
	target, _ := NewTarget("memorydb", "redis-7.1")
	l, _ := New(Config{Target: target})
	ds := l.Lint(in)
	// "A" (decoded from \u0041) is at column 29, +nosuch at 36 of line 2.
	expect(t, "", ds, wantAt("AC1001", 2, 29, Error), wantAt("AC1002", 2, 36, Error))

	const ym = "Users:\n  - UserName: r  # é\n    AuthenticationMode: {Type: iam}\n    AccessString: 'on ~''x'' +nosuch' # é\n"
	in, err = input.Read("u.yaml", "# ééé\n"+ym, input.API, MemoryDB)
	if err != nil {
		t.Fatal(err)
	}
	ds = l.Lint(in)
	expect(t, "", ds, wantAt("AC1002", 5, 30, Error))
}

func TestValidateSuppression(t *testing.T) {
	target, _ := NewTarget("valkey", "valkey-8.0")
	l, _ := New(Config{Target: target})
	in := input.ReadText("strings.txt", "# aclcheck:ignore AC5001 break-glass admin\non #"+strings.Repeat("a", 64)+" ~* +@all\n# aclcheck:ignore AC5005 reason\non ~a +get\n")
	ds := l.Lint(in)
	expect(t, "", ds, wantAt("AC9001", 3, 1, Warning))
	if len(in.Secrets) != 1 || in.Secrets[0].Range.Start.Line != 2 || in.Secrets[0].Range.Start.Column != 4 {
		t.Errorf("secrets: %+v", in.Secrets)
	}
}

// TestValidateSuppressionACLFile checks suppressions given beside an ACL
// file (the server refuses comments in it): by user name.
func TestValidateSuppressionACLFile(t *testing.T) {
	target, _ := NewTarget("valkey", "valkey-8.0")
	l, _ := New(Config{Target: target})
	in := input.ReadText("users.acl", "user default off\nuser admin on #"+strings.Repeat("a", 64)+" ~* +@all\nuser x on ~a +get\n")
	if !in.IgnoreUser("admin", []string{"ac5001"}, "break-glass admin") || !in.IgnoreUser("x", []string{"AC5005"}, "reason") || in.IgnoreUser("nobody", []string{"AC5005"}, "reason") {
		t.Fatal("IgnoreUser: want true, true, false")
	}
	expect(t, "", l.Lint(in), wantAt("AC9001", 3, 8, Warning))
}

func TestValidateConfig(t *testing.T) {
	target, _ := NewTarget("valkey", "valkey-8.0")
	l, err := New(Config{Target: target, Disabled: map[string]bool{"AC5001": true}, Severity: map[string]Severity{"AC6001": Error}})
	if err != nil {
		t.Fatal(err)
	}
	ds := l.Validate("on ~* +@all +get")
	expect(t, "", ds, wantAt("AC6001", 1, 13, Error))
	if _, err := New(Config{Target: target, Disabled: map[string]bool{"XX0000": true}}); err == nil {
		t.Error("unknown rule: want error")
	}
}

func TestValidatePlainFile(t *testing.T) {
	in := input.ReadText("strings.txt", "# comment\n#\n#"+strings.Repeat("b", 64)+" on ~a +get\n  on ~b +set\n")
	if len(in.Strings) != 2 || in.Strings[0].Start.Line != 3 || in.Strings[1].Start.Column != 3 {
		t.Fatalf("got %d strings: %+v", len(in.Strings), in.Strings)
	}
	in = input.ReadText("acl-list.txt", `1) "user default on nopass ~* &* +@all"`+"\n")
	if in.Format != input.Text || len(in.Strings) != 1 || in.Strings[0].UserName != "default" || in.Strings[0].Start.Column != 18 {
		t.Fatalf("ACL LIST line: %+v", in.Strings[0])
	}
}

var secretText = regexp.MustCompile(`secret\d+password`)

// TestLintManyStrings checks that a large input, linted on all cores, gives
// exactly the diagnostics and secrets of its lines linted one by one.
func TestLintManyStrings(t *testing.T) {
	target, _ := ParseTarget("elasticache/valkey-8.0")
	l, _ := New(Config{Target: target})
	shapes := []string{
		"on ~app:%d:* -@all +get +get",
		"on >secret%dpassword ~a:* +@all",
		"off ~x:%d (~y +nosuch)",
		"on ~* +@all -flushall",
	}
	var lines []string
	for i := 0; i < 4*parallelMin+3; i++ {
		lines = append(lines, strings.ReplaceAll(shapes[i%len(shapes)], "%d", fmt.Sprint(i)))
	}
	in := input.ReadText("many.txt", strings.Join(lines, "\n")+"\n")
	got := l.Lint(in)
	var want Diagnostics
	secrets := 0
	prefix := "" // the lines before, as comments of the same length
	for _, line := range lines {
		one := input.ReadText("many.txt", prefix+line+"\n")
		prefix += "#" + strings.Repeat(" ", len(line)-1) + "\n"
		want = append(want, l.Lint(one)...)
		secrets += len(one.Secrets)
	}
	want.Sort()
	if len(got) != len(want) || len(got) < len(lines) {
		t.Fatalf("got %d diagnostics, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].RuleID != want[i].RuleID || got[i].Summary != want[i].Summary || got[i].Subject != want[i].Subject {
			t.Fatalf("diagnostic %d: got %s %v %q, want %s %v %q", i, got[i].RuleID, got[i].Subject.Start, got[i].Summary,
				want[i].RuleID, want[i].Subject.Start, want[i].Summary)
		}
		if secretText.MatchString(got[i].Summary + got[i].Detail) {
			t.Fatalf("diagnostic %d shows a password: %s", i, got[i].Summary+got[i].Detail)
		}
	}
	if len(in.Secrets) != secrets || secrets != len(lines)/4+1 {
		t.Fatalf("%d secret ranges, want %d", len(in.Secrets), secrets)
	}
}

// TestMessagesMaskByPosition checks that messages are built from masked
// words, not by replacing a password's text: a key pattern that happens to
// spell a password is shown as written, the password rule never. The
// target is self-managed: on AWS the password is an error (AC2001), which
// stands alone, so no other rule would quote the key pattern.
func TestMessagesMaskByPosition(t *testing.T) {
	target, _ := ParseTarget("valkey/valkey-8.0")
	l, _ := New(Config{Target: target})
	for _, n := range []int{1, 12} {
		var lines []string
		for i := 0; i < n; i++ {
			lines = append(lines, fmt.Sprintf("on >hunter%dpassword ~hunter%dpassword ~hunter%dpassword +get", i, i, i))
		}
		in := input.ReadText("pw.txt", strings.Join(lines, "\n")+"\n")
		dup := 0
		for _, d := range l.Lint(in) {
			if strings.Contains(d.Summary+d.Detail, ">hunter") || strings.Contains(d.Summary+d.Detail, "redacted") {
				t.Errorf("%d strings: %s: %s %s", n, d.RuleID, d.Summary, d.Detail)
			}
			if d.RuleID == "AC2001" && d.Summary != "password rule `>***` in access string" {
				t.Errorf("%d strings: AC2001 %q", n, d.Summary)
			}
			if strings.HasPrefix(d.Summary, "`~hunter") && strings.Contains(d.Summary, "password` repeats `~hunter") {
				dup++
			}
		}
		if dup != n {
			t.Errorf("%d strings: %d duplicates, want %d", n, dup, n)
		}
	}
}
