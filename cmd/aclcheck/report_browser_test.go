package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromiumFlags are the flags headless Chromium needs in a sandboxed CI
// container, without network or profile side effects.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync"}

// chromium runs headless Chromium with args in its own process group and
// a fresh profile, for at most 30 seconds, and returns its standard
// output. Without Chromium the test skips, except with CI=true, where it
// fails (make test installs it).
func chromium(t *testing.T, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is not installed (make test installs it): %v", err)
		}
		t.Skipf("chromium is not installed (make test installs it): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(append(chromiumFlags, "--user-data-dir="+t.TempDir()), args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // helpers left behind
	}
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// TestReportBrowser writes the report of testdata/boundaries (plus a user
// whose name is markup), opens it in headless Chromium and checks the
// rendered DOM: the users, a witness, every link's target, no element the
// input smuggled in; then takes a screenshot and checks that it is a PNG of
// the window's size with content.
func TestReportBrowser(t *testing.T) {
	users, err := os.ReadFile("../../testdata/boundaries/users.acl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "users.acl")
	hostile := "user x<script>document.title='x'</script><img/src=x> on ~evil:* +get\n"
	if err := os.WriteFile(in, append(users, hostile...), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report", "--engine", "redis-7.0", "-o", page, in}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr.String())
	}
	start := time.Now()
	dom := string(chromium(t, "--dump-dom", "file://"+page))
	for _, want := range []string{"<title>aclcheck report: 8 users, redis-7.0</title>", ">alice-ro</a>", ">bob-jobs</a>",
		"<code>rpop tenant-b:jobs:</code>", "x&lt;script&gt;document.title='x'&lt;/script&gt;&lt;img/src=x&gt;"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM lacks %q", want)
		}
	}
	if n := strings.Count(dom, "<script") + strings.Count(dom, "<img"); n != 0 {
		t.Errorf("the DOM has %d elements from the input", n)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(dom, -1) {
		ids[m[1]] = true
	}
	links := regexp.MustCompile(` href="#([^"]+)"`).FindAllStringSubmatch(dom, -1)
	for _, m := range links {
		if !ids[m[1]] {
			t.Errorf("link #%s has no target", m[1])
		}
	}
	// bob-jobs's "writes keys" cell links to rpop, its witness.
	row := regexp.MustCompile(`<a href="#user-\d+">bob-jobs</a></th>(?:<td[^>]*>.*?</td>){4}<td class="yes" title="writes keys: rpop tenant-b:jobs:"><a href="#(e-\d+)">✓</a>`).FindStringSubmatch(dom)
	if row == nil {
		t.Error("the DOM lacks bob-jobs's writes-keys cell")
	} else if !regexp.MustCompile(`<tr id="` + row[1] + `" [^>]*><td>bob-jobs</td><td>writes keys</td><td><code>\(~tenant-b:jobs:\* \+lpush \+rpop\)</code></td><td><code>\+rpop ~tenant-b:jobs:\*</code></td><td><code>rpop tenant-b:jobs:</code>`).MatchString(dom) {
		t.Errorf("the target of bob-jobs's writes-keys cell (#%s) is not its witness", row[1])
	}
	shot := filepath.Join(dir, "report.png")
	chromium(t, "--screenshot="+shot, "--window-size=1280,800", "--hide-scrollbars", "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	colors := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colors[r>>8<<16|g>>8<<8|bl>>8] = true
		}
	}
	if b.Dx() != 1280 || b.Dy() != 800 || len(colors) < 20 {
		t.Errorf("screenshot: %dx%d with %d colours sampled, want 1280x800 with content", b.Dx(), b.Dy(), len(colors))
	}
	t.Logf("chromium: %d links resolved, %d ids, screenshot %dx%d with %d colours sampled, %v", len(links), len(ids), b.Dx(), b.Dy(), len(colors), time.Since(start).Round(time.Millisecond))
}
