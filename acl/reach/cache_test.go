package reach

import (
	"bytes"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/aclcheck/aclcheck/category"
)

// TestCommandsOfReleasesTables checks that the cache of runnable commands
// does not keep a table from category.Load alive.
func TestCommandsOfReleasesTables(t *testing.T) {
	entries := func() (n int) {
		cmdCache.Range(func(any, any) bool { n++; return true })
		return n
	}
	before := entries()
	func() {
		dump, err := os.ReadFile("../../category/testdata/command-table-redis-7.0.15.json")
		if err != nil {
			t.Fatal(err)
		}
		tb, err := category.Load(bytes.NewReader(dump))
		if err != nil {
			t.Fatal(err)
		}
		if cmds := commandsOf(tb); len(cmds) == 0 || len(commandsOf(tb)) != len(cmds) {
			t.Fatalf("commandsOf: %d commands, then a different answer", len(cmds))
		}
		if got := entries(); got != before+1 {
			t.Fatalf("%d cache entries after one new table, want %d", got, before+1)
		}
	}()
	for i := 0; i < 200 && entries() > before; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if got := entries(); got != before {
		t.Errorf("%d cache entries after the table was dropped, want %d", got, before)
	}
}
