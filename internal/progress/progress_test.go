package progress

import (
	"bytes"
	"os"
	"testing"
)

func TestNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	if b := New(&buf, "x", 10); b != nil {
		t.Fatalf("a bar on a buffer")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	if b := New(f, "x", 10); b != nil {
		t.Fatalf("a bar on a file")
	}
	var nilBar *Bar
	nilBar.Set(3) // a nil bar draws nothing and does not panic
	nilBar.Done()
}

func TestDraw(t *testing.T) {
	var buf bytes.Buffer
	b := &Bar{w: &buf, label: "fuzz", total: 4}
	b.Set(2)
	if got, want := buf.String(), "\rfuzz [===============               ] 2/4"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestColor(t *testing.T) {
	var buf bytes.Buffer
	if Color(&buf) {
		t.Fatalf("colours on a buffer")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) || Color(f) {
		t.Fatalf("a file taken for a terminal")
	}
	t.Setenv("NO_COLOR", "1")
	if Color(os.Stdout) {
		t.Fatalf("colours despite NO_COLOR")
	}
}
