package category

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

const (
	roAccess  = KeyRO | KeyAccess
	rwAccUpd  = KeyRW | KeyAccess | KeyUpdate
	rwAccDel  = KeyRW | KeyAccess | KeyDelete
	owUpdate  = KeyOW | KeyUpdate
	rmDelete  = KeyRM | KeyDelete
	rwInsert  = KeyRW | KeyInsert
	flagsNone = KeyFlag(0)
	rwUpdate  = KeyRW | KeyUpdate
	roOnly    = KeyRO
)

func k(pos int, f KeyFlag) Key { return Key{Pos: pos, Flags: f} }

func TestKeys(t *testing.T) {
	tests := []struct {
		engine string
		argv   string // words separated by '|'; "\x00" allowed
		want   []Key
	}{
		{"redis-7.2", "GET|k", []Key{k(1, roAccess)}},
		{"redis-7.2", "get", nil},     // arity
		{"redis-7.2", "get|a|b", nil}, // arity
		{"redis-7.2", "EXISTS|a|b", []Key{k(1, roOnly), k(2, roOnly)}},
		{"redis-7.2", "SET|k|v", []Key{k(1, owUpdate)}},
		{"redis-7.2", "SET|k|v|GET", []Key{k(1, rwAccUpd)}},
		{"redis-7.2", "SET|k|v|ex|1|gEt", []Key{k(1, rwAccUpd)}},
		{"redis-7.2", "SET|k|v|get\x00junk", []Key{k(1, rwAccUpd)}},
		{"redis-7.2", "SET|k|get", []Key{k(1, owUpdate)}},
		{"redis-7.2", "SET|k|v|gets", []Key{k(1, owUpdate)}},
		{"redis-7.2", "COPY|r1|w1", []Key{k(1, roAccess), k(2, owUpdate)}},
		{"redis-7.2", "LMOVE|a|b|left|right", []Key{k(1, rwAccDel), k(2, rwInsert)}},
		{"redis-7.2", "DEL|a|b|c", []Key{k(1, rmDelete), k(2, rmDelete), k(3, rmDelete)}},
		{"redis-7.2", "MSET|a|1|b|2", []Key{k(1, owUpdate), k(3, owUpdate)}},
		{"redis-7.2", "EVAL|s|1|k", []Key{k(3, rwAccUpd)}},
		{"redis-7.2", "EVAL|s|01|k", []Key{k(3, flagsNone)}},
		{"redis-7.2", "EVAL|s|+1|k", []Key{k(3, flagsNone)}},
		{"redis-7.2", "EVAL|s| 1|k", []Key{k(3, flagsNone)}},
		{"redis-7.2", "EVAL|s|1x|k", []Key{k(3, flagsNone)}},
		{"redis-7.2", "EVAL|s|\t+01x|k|j", []Key{k(3, flagsNone)}},
		{"redis-7.2", "EVAL|s|0", nil},
		{"redis-7.2", "EVAL|s|0|k", nil},
		{"redis-7.2", "EVAL|s|-1|k", nil},
		{"redis-7.2", "EVAL|s|3|rw|rw", nil},
		{"redis-7.2", "EVAL|s|4294967297|k", []Key{k(3, rwAccUpd)}},   // (int) truncation
		{"redis-7.2", "EVAL|s|-4294967295|k", []Key{k(3, flagsNone)}}, // atoi truncation
		{"redis-7.2", "EVAL|s|2147483647|k", nil},
		{"redis-7.2", "EVAL|s|99999999999|k", nil},
		{"redis-7.2", "EVAL|s|99999999999999999999999|k", nil},
		{"redis-7.2", "EVAL|s|9223372036854775807|k", nil},
		{"redis-7.2", "FCALL|f|1x|k", []Key{k(3, flagsNone)}},
		{"redis-7.2", "ZUNIONSTORE|d|0|x", nil},
		{"redis-7.2", "ZUNIONSTORE|d|2|a|b", []Key{k(1, owUpdate), k(3, roAccess), k(4, roAccess)}},
		{"redis-7.2", "ZUNIONSTORE|d|02|a|b", []Key{k(3, flagsNone), k(4, flagsNone), k(1, flagsNone)}},
		{"redis-7.2", "ZUNION|2|a|b|withscores", []Key{k(2, roAccess), k(3, roAccess)}},
		{"redis-7.2", "LMPOP|1x|w1|left", []Key{k(2, flagsNone)}},
		{"redis-7.2", "LMPOP|1|w1|left", []Key{k(2, rwAccDel)}},
		{"redis-7.2", "SINTERCARD|1x|w1", []Key{k(2, flagsNone)}},
		{"redis-7.2", "BLMPOP|0|2|a|b|left", []Key{k(3, rwAccDel), k(4, rwAccDel)}},
		{"redis-7.2", "BZMPOP|0|+1|a|min", []Key{k(3, flagsNone)}},
		{"redis-7.2", "SORT|k", []Key{k(1, roAccess)}},
		{"redis-7.2", "SORT|k|STORE|d", []Key{k(1, roAccess), k(3, owUpdate)}},
		{"redis-7.2", "SORT|k|store|d1|store|d2", []Key{k(1, roAccess), k(5, owUpdate)}},
		{"redis-7.2", "SORT|k|LIMIT|store|x|store", []Key{k(1, roAccess)}},
		{"redis-7.2", "SORT|k|by|store|get|store|store|d", []Key{k(1, roAccess), k(7, owUpdate)}},
		{"redis-7.2", "SORT|k|store|store|d", []Key{k(1, roAccess), k(4, owUpdate)}},
		{"redis-7.2", "SORT_RO|k|BY|x", []Key{k(1, roAccess)}},
		{"redis-7.2", "MIGRATE|h|p|k|0|0", []Key{k(3, rwAccDel)}},
		{"redis-7.2", "MIGRATE|h|p||0|0|KEYS|a|b", []Key{k(7, rwAccDel), k(8, rwAccDel)}},
		{"redis-7.2", "MIGRATE|h|p||0|0|auth|keys|keys|a", []Key{k(9, rwAccDel)}},
		{"redis-7.2", "MIGRATE|h|p||0|0|auth2|keys|123|keys|rw", []Key{k(10, rwAccDel)}},
		{"redis-7.2", "MIGRATE|h|p||0|0|auth2|user|keys|keys|rw", []Key{k(10, rwAccDel)}},
		{"redis-7.2", "MIGRATE|h|p|k|0|0|KEYS|a", nil},
		{"redis-7.2", "MIGRATE|h|p||0|0|KEYS", []Key{k(3, rwAccDel)}},
		{"redis-7.2", "MIGRATE|h|p||0|0|x|KEYS", []Key{k(3, rwAccDel)}},
		{"redis-7.2", "XREAD|STREAMS|a|b|0|0", []Key{k(2, roAccess), k(3, roAccess)}},
		{"redis-7.2", "XREAD|COUNT|1|STREAMS|a|0", []Key{k(4, roAccess)}},
		{"redis-7.2", "XREAD|STREAMS|a|b|0", []Key{k(2, roAccess)}},
		{"redis-7.2", "XREAD|COUNT|STREAMS|STREAMS|a", []Key{k(3, roAccess)}},
		{"redis-7.2", "XREAD|x|y|STREAMS", nil},
		{"redis-7.2", "XREADGROUP|GROUP|g|c|STREAMS|s|>", []Key{k(5, roAccess)}},
		{"redis-7.2", "GEORADIUS|k|0|0|1|m|STORE|a|STOREDIST|b", []Key{k(1, roAccess), k(7, owUpdate), k(9, owUpdate)}},
		{"redis-7.2", "GEORADIUS|k|0|0|1|m|STORE", []Key{k(1, roAccess)}},
		{"redis-7.2", "BITFIELD|k|GET|u8|0", []Key{k(1, roAccess)}},
		{"redis-7.2", "BITFIELD|k|GET|u8|0|OVERFLOW|wrap", []Key{k(1, roAccess)}},
		{"redis-7.2", "BITFIELD|k|GET|u8", []Key{k(1, rwAccUpd)}},
		{"redis-7.2", "BITFIELD|k|SET|u8|0|1", []Key{k(1, rwAccUpd)}},
		{"redis-7.2", "BITFIELD|k", []Key{k(1, roAccess)}},
		{"redis-7.2", "SPUBLISH|ch|msg", nil},
		{"redis-7.2", "OBJECT|ENCODING|k", []Key{k(2, roOnly)}},
		{"redis-7.2", "OBJECT|ENCODING", nil},
		{"redis-7.2", "MEMORY|USAGE|k|SAMPLES|0", []Key{k(2, roOnly)}},
		{"redis-7.2", "PING", nil},
		{"redis-7.2", "", nil},
		{"valkey-8.0", "SINTERSTORE|d|a|b", []Key{k(1, owUpdate), k(2, roAccess), k(3, roAccess)}},
		{"redis-7.2", "SINTERSTORE|d|a|b", []Key{k(1, rwUpdate), k(2, roAccess), k(3, roAccess)}},
	}
	for _, tt := range tests {
		tb := mustEngine(t, tt.engine)
		var argv []string
		if tt.argv != "" {
			argv = strings.Split(tt.argv, "|")
		}
		var c *Command
		if len(argv) > 0 {
			c = tb.Lookup(argv[0])
			if c.IsContainer() && len(argv) > 1 {
				c = tb.Lookup(argv[0] + "|" + argv[1])
			}
		} else {
			c = tb.Lookup("get")
		}
		got := c.Keys(argv, nil)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Keys(%q) = %v, want %v", tt.engine, argv, got, tt.want)
		}
		// Appending keeps what dst holds.
		pre := []Key{{Pos: 99, Flags: KeyNotKey}}
		got = c.Keys(argv, pre)
		if !slices.Equal(got, append([]Key{{Pos: 99, Flags: KeyNotKey}}, tt.want...)) {
			t.Errorf("%s: Keys(%q, dst) = %v", tt.engine, argv, got)
		}
	}
}

func TestKeysAllocs(t *testing.T) {
	tb := mustEngine(t, "redis-7.0")
	dst := make([]Key, 0, 16)
	for _, argv := range [][]string{
		{"get", "k"}, {"mset", "a", "1", "b", "2"}, {"eval", "s", "01", "k"}, {"sort", "k", "store", "d"},
		{"migrate", "h", "p", "", "0", "0", "keys", "a", "b"}, {"xread", "streams", "a", "b", "0", "0"},
		{"zunionstore", "d", "2", "a", "b"}, {"set", "k", "v", "get"}, {"object", "encoding", "k"},
	} {
		c, err := tb.Resolve(argv)
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { dst = c.Keys(argv, dst[:0]) }); n != 0 {
			t.Errorf("Keys(%q) allocates %v times", argv, n)
		}
	}
}

// TestKeysNoPanic runs Keys and Resolve on random command lines for every
// command of every table and checks that positions are in range.
func TestKeysNoPanic(t *testing.T) {
	words := []string{"", "0", "1", "2", "-1", "01", "+1", "1x", " 1", "4294967297", "2147483647", "2147483648",
		"99999999999", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
		"STORE", "STOREDIST", "KEYS", "STREAMS", "BY", "GET", "LIMIT", "AUTH", "AUTH2", "COPY", "REPLACE",
		"GROUP", "BLOCK", "COUNT", "NOACK", "SET", "INCRBY", "OVERFLOW", "k", "\x00", "get\x00", "|", "a|b"}
	rng := rand.New(rand.NewPCG(1, 2))
	var dst []Key
	n := 0
	for _, e := range Engines() {
		tb := mustEngine(t, e, WithSearch(SearchMemoryDB), WithJSON())
		for _, c := range slices.Collect(tb.All()) {
			for i := 0; i < 40; i++ {
				argv := make([]string, rng.IntN(14))
				for j := range argv {
					argv[j] = words[rng.IntN(len(words))]
				}
				if len(argv) > 0 && rng.IntN(2) == 0 {
					argv[0] = c.Name
				}
				dst = c.Keys(argv, dst[:0])
				for _, key := range dst {
					if key.Pos < 0 || key.Pos >= len(argv) {
						t.Fatalf("%s: Keys(%q) returned position %d", c.Name, argv, key.Pos)
					}
				}
				tb.Resolve(argv)
				n++
			}
		}
	}
	t.Logf("%d command lines", n)
}

func TestAtoi(t *testing.T) {
	tests := []struct {
		in   string
		want int32
	}{
		{"", 0}, {"0", 0}, {"1", 1}, {"01", 1}, {"+1", 1}, {"-1", -1}, {" 1", 1}, {"\t\n\v\f\r 7", 7},
		{"1x", 1}, {"x1", 0}, {"+-1", 0}, {"- 1", 0}, {"1 2", 1}, {"1\x002", 1}, {"\x001", 0},
		{"2147483647", 2147483647}, {"2147483648", -2147483648}, {"4294967297", 1}, {"-4294967295", 1},
		{"9223372036854775807", -1}, {"9223372036854775808", -1}, {"99999999999999999999999", -1},
		{"-9223372036854775808", 0}, {"-9223372036854775809", 0}, {"-99999999999999999999", 0},
		{"0x10", 0}, {"1e3", 1},
	}
	for _, tt := range tests {
		if got := atoi(tt.in); got != tt.want {
			t.Errorf("atoi(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestString2ll(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1", 1, true}, {"-1", -1, true}, {"123", 123, true},
		{"", 0, false}, {"-", 0, false}, {"-0", 0, false}, {"00", 0, false}, {"01", 0, false}, {"+1", 0, false},
		{" 1", 0, false}, {"1 ", 0, false}, {"1x", 0, false}, {"1\x00", 0, false},
		{"9223372036854775807", 9223372036854775807, true}, {"9223372036854775808", 0, false},
		{"-9223372036854775808", -9223372036854775808, true}, {"-9223372036854775809", 0, false},
		{"18446744073709551615", 0, false}, {"18446744073709551616", 0, false},
		{"123456789012345678901", 0, false},
	}
	for _, tt := range tests {
		got, ok := string2ll(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("string2ll(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFlagStrings(t *testing.T) {
	if got := (KeyRW | KeyAccess | KeyUpdate | KeyVariableFlags).String(); got != "RW access update variable_flags" {
		t.Errorf("KeyFlag.String() = %q", got)
	}
	if got := KeyFlag(0).String(); got != "" {
		t.Errorf("KeyFlag(0).String() = %q", got)
	}
	if got := (FlagWrite | FlagDenyOOM | FlagNoMulti).String(); got != "write denyoom no_multi" {
		t.Errorf("CommandFlag.String() = %q", got)
	}
	if got := Categories(0).With(Read).With(JSON).String(); got != "@read @json" {
		t.Errorf("Categories.String() = %q", got)
	}
}

func FuzzKeys(f *testing.F) {
	for _, s := range []string{"get k", "eval s 01 k", "migrate h p  0 0 auth keys keys a", "xread streams a b 0 0",
		"sort k limit 0 1 store d", "zunionstore d 4294967297 a", "config get x", "json.mset k p v"} {
		f.Add(s)
	}
	tb, err := ForEngine("valkey-8.0", WithJSON(), WithSearch(SearchMemoryDB))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		argv := strings.Split(line, " ")
		c, err := tb.Resolve(argv)
		if err != nil {
			return
		}
		for _, key := range c.Keys(argv, nil) {
			if key.Pos < 1 || key.Pos >= len(argv) {
				t.Fatalf("Keys(%q): position %d", argv, key.Pos)
			}
		}
	})
}
