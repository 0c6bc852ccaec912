package category

import "testing"

func BenchmarkLookup(b *testing.B) {
	tb := mustEngine(b, "valkey-8.0")
	for b.Loop() {
		tb.Lookup("CONFIG|GET")
	}
}

func BenchmarkResolve(b *testing.B) {
	tb := mustEngine(b, "valkey-8.0")
	argv := []string{"CLIENT", "KILL", "ID", "1"}
	for b.Loop() {
		if _, err := tb.Resolve(argv); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKeys(b *testing.B) {
	tb := mustEngine(b, "valkey-8.0")
	argv := []string{"ZUNIONSTORE", "dst", "3", "a", "b", "c", "WEIGHTS", "1", "2", "3"}
	c, err := tb.Resolve(argv)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]Key, 0, 8)
	for b.Loop() {
		dst = c.Keys(argv, dst[:0])
	}
}
