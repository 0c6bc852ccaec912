package category

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aclcheck/aclcheck/internal/ascii"
	"github.com/aclcheck/aclcheck/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// oracleNumbers are numkeys candidates: C atoi and string2ll disagree on
// most of them. Values whose 32-bit truncation is a large positive number
// (2147483647, 99999999999) are left out: Redis 7.0 sizes its key buffer
// from them before the bounds check and may abort; the unit tests cover
// them.
var oracleNumbers = []string{
	"0", "1", "2", "3", "4", "01", "+1", "1x", "-1", " 1", "\t2", "2 ", "00", "-0",
	"", "x", "1\x00", "4294967296", "4294967297", "4294967298", "2147483648",
	"9223372036854775807", "9223372036854775808", "-9223372036854775808",
	"18446744073709551617", "0x1", "1e1",
}

// oracleKeywords are option words of the commands with key specs or
// fallback extractors.
var oracleKeywords = []string{
	"STORE", "STOREDIST", "KEYS", "STREAMS", "BY", "GET", "LIMIT", "AUTH", "AUTH2",
	"COPY", "REPLACE", "BLOCK", "COUNT", "GROUP", "NOACK", "SET", "INCRBY",
	"OVERFLOW", "WITHSCORES", "LEFT", "RIGHT", "MIN", "MAX", "EX", "NX",
	"get\x00", "STORE\x00x", "keys", "",
}

type argvGen struct {
	rng *rand.Rand
	n   int // counter for unique words
}

func (g *argvGen) randCase(s string) string {
	b := []byte(s)
	for i := range b {
		if g.rng.IntN(2) == 0 {
			b[i] = ascii.Lower(b[i])
		} else if 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

func (g *argvGen) unique() string {
	g.n++
	return "k" + strconv.Itoa(g.n)
}

// word returns a random argument: mostly unique words, else keywords (of
// the command's specs or the common list) and numbers.
func (g *argvGen) word(kws []string) string {
	switch r := g.rng.IntN(100); {
	case r < 55:
		return g.unique()
	case r < 70 && len(kws) > 0:
		return g.randCase(kws[g.rng.IntN(len(kws))])
	case r < 85:
		return g.randCase(oracleKeywords[g.rng.IntN(len(oracleKeywords))])
	default:
		return oracleNumbers[g.rng.IntN(len(oracleNumbers))]
	}
}

// commandKeywords returns the words that matter to c's key finding.
func commandKeywords(c *Command) []string {
	var kws []string
	for _, ks := range c.KeySpecs {
		if ks.BeginSearch.Kind == SearchKeyword {
			kws = append(kws, ks.BeginSearch.Keyword)
		}
	}
	switch c.Extractor {
	case exSet:
		kws = append(kws, "GET")
	case exBitfield:
		kws = append(kws, "GET", "SET", "INCRBY", "OVERFLOW")
	case exSort:
		kws = append(kws, "STORE", "LIMIT", "GET", "BY")
	case exMigrate:
		kws = append(kws, "KEYS", "COPY", "REPLACE", "AUTH", "AUTH2")
	case exGeoradius:
		kws = append(kws, "STORE", "STOREDIST")
	case exXread:
		kws = append(kws, "STREAMS", "BLOCK", "COUNT", "GROUP", "NOACK")
	}
	return kws
}

// numkeysPositions returns the argv indexes that hold a numkeys for c.
func numkeysPositions(c *Command) []int {
	var pos []int
	for _, ks := range c.KeySpecs {
		if ks.FindKeys.Kind == FindKeynum && ks.BeginSearch.Kind == SearchIndex {
			pos = append(pos, ks.BeginSearch.Index+ks.FindKeys.KeyNumIdx)
		}
	}
	switch c.Extractor {
	case exEval, exFunction, exBlmpop, exZunionInterDiffStore:
		pos = append(pos, 2)
	case exZunionInterDiff, exLmpop, exZmpop, exSintercard:
		pos = append(pos, 1)
	}
	return pos
}

// gen returns a random command line for c.
// special puts a NUL, CR or LF byte into an argument after the command
// (and subcommand) name: into keys, numkeys and keywords, which the servers
// compare with strcasecmp (up to a NUL) or parse with their length.
func (g *argvGen) special(c *Command, argv []string) []string {
	first := 1
	if c.Parent != nil {
		first = 2
	}
	if len(argv) <= first {
		return argv
	}
	argv = append([]string(nil), argv...)
	i := first + g.rng.IntN(len(argv)-first)
	b := []string{"\x00", "\x00", "\r", "\n", "\x00x"}[g.rng.IntN(5)]
	p := len(argv[i])
	if g.rng.IntN(3) == 0 {
		p = g.rng.IntN(len(argv[i]) + 1)
	}
	argv[i] = argv[i][:p] + b + argv[i][p:]
	return argv
}

func (g *argvGen) gen(c *Command) []string {
	var argv []string
	if c.Parent != nil {
		argv = append(argv, g.randCase(c.Parent.Name), g.randCase(c.Name[len(c.Parent.Name)+1:]))
	} else {
		argv = append(argv, g.randCase(c.Name))
	}
	n := c.Arity
	if n < 0 {
		n = -n + g.rng.IntN(8)
		if g.rng.IntN(20) == 0 {
			n = -c.Arity - 1 // arity violation
		}
	} else if g.rng.IntN(20) == 0 {
		n += g.rng.IntN(3) - 1 // arity violation (or not)
	}
	n = max(n, len(argv), 2)
	kws := commandKeywords(c)
	for len(argv) < n {
		argv = append(argv, g.word(kws))
	}
	// Structure: numkeys values that often fit, keywords at useful places,
	// MIGRATE's empty key.
	for _, p := range numkeysPositions(c) {
		if p < len(argv) && g.rng.IntN(4) != 0 {
			k := strconv.Itoa(g.rng.IntN(max(len(argv)-p, 1) + 1))
			switch g.rng.IntN(6) {
			case 0, 1:
				argv[p] = k
			case 2:
				argv[p] = oracleNumbers[g.rng.IntN(len(oracleNumbers))]
			default:
				// Forms only C atoi accepts.
				forms := []string{"0" + k, "+" + k, " " + k, k + "x", "\t" + k, k + "\x00", "+0" + k, k + " "}
				argv[p] = forms[g.rng.IntN(len(forms))]
			}
		}
	}
	for _, kw := range kws {
		if len(argv) > 2 && g.rng.IntN(3) == 0 {
			argv[1+g.rng.IntN(len(argv)-1)] = g.randCase(kw)
		}
	}
	if c.Extractor == exMigrate && len(argv) > 3 && g.rng.IntN(2) == 0 {
		argv[3] = ""
	}
	return argv
}

// oracleKey is one key as COMMAND GETKEYSANDFLAGS reports it.
type oracleKey struct {
	name  string
	flags string // sorted, space-separated
}

func sortedFlags(names []string) string {
	names = slices.Clone(names)
	slices.Sort(names)
	return strings.Join(names, " ")
}

// parseGetKeys turns a GETKEYSANDFLAGS reply into keys; a server error
// means no keys.
func parseGetKeys(cmd *redis.Cmd) ([]oracleKey, string, error) {
	v, err := cmd.Result()
	if err != nil {
		var rerr redis.Error
		if errors.As(err, &rerr) {
			return nil, rerr.Error(), nil
		}
		return nil, "", err
	}
	items, ok := v.([]any)
	if !ok {
		return nil, "", fmt.Errorf("unexpected reply %#v", v)
	}
	keys := make([]oracleKey, 0, len(items))
	for _, it := range items {
		pair, ok := it.([]any)
		if !ok || len(pair) != 2 {
			return nil, "", fmt.Errorf("unexpected item %#v", it)
		}
		name, _ := pair[0].(string)
		raw, _ := pair[1].([]any)
		flags := make([]string, 0, len(raw))
		for _, f := range raw {
			flags = append(flags, fmt.Sprint(f))
		}
		keys = append(keys, oracleKey{name, sortedFlags(flags)})
	}
	return keys, "", nil
}

func ourKeys(c *Command, argv []string) []oracleKey {
	keys := c.Keys(argv, nil)
	out := make([]oracleKey, 0, len(keys))
	for _, k := range keys {
		var flags []string
		if s := k.Flags.String(); s != "" {
			flags = strings.Split(s, " ")
		}
		out = append(out, oracleKey{argv[k.Pos], sortedFlags(flags)})
	}
	return out
}

func quoteArgv(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = strconv.Quote(a)
	}
	return strings.Join(q, " ")
}

// eachOracleEngine runs fn on each live engine, except with -short.
func eachOracleEngine(t *testing.T, fn func(*testing.T, redistest.Engine)) {
	if testing.Short() {
		t.Skip("oracle test skipped in -short mode")
	}
	redistest.EachEngine(t, fn)
}

// TestKeysOracleDifferential compares Command.Keys with COMMAND
// GETKEYSANDFLAGS of each live engine for random command lines of every
// command and subcommand of the engine's table that can take keys.
func TestKeysOracleDifferential(t *testing.T) {
	eachOracleEngine(t, keysOracleDifferential)
}

func keysOracleDifferential(t *testing.T, e redistest.Engine) {
	s := redistest.StartEngine(t, e)
	ctx := context.Background()
	version := s.Client.Info(ctx, "server").Val()
	if _, v, _ := strings.Cut(e.Version, "-"); !strings.Contains(version, "_version:"+v+"\r") {
		t.Fatalf("the oracle must be %s, got:\n%s", e.Version, version)
	}
	tb, err := ForEngine(e.Name)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Client.Do(ctx, "command", "count").Int(); err != nil || n != topLevel(tb) {
		t.Fatalf("COMMAND COUNT = %d, %v; the %s table has %d commands", n, err, e.Name, topLevel(tb))
	}
	// The seed is fixed; ACLCHECK_ORACLE_SEED explores others.
	seed := uint64(20240611)
	if v := os.Getenv("ACLCHECK_ORACLE_SEED"); v != "" {
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("ACLCHECK_ORACLE_SEED: %v", err)
		}
	}
	g := &argvGen{rng: rand.New(rand.NewPCG(seed, 7))}
	type probe struct {
		c    *Command
		argv []string
	}
	var probes []probe
	perCommand := map[string]int{}
	for _, c := range slices.Collect(tb.All()) {
		if len(c.KeySpecs) == 0 && c.Extractor == "" {
			continue
		}
		n := 24
		if c.Extractor != "" || len(numkeysPositions(c)) > 0 || len(commandKeywords(c)) > 0 {
			n = 80
		}
		for i := 0; i < n; i++ {
			argv := g.gen(c)
			if i%3 == 0 {
				argv = g.special(c, argv)
			}
			probes = append(probes, probe{c, argv})
		}
		perCommand[c.Name] = n
	}
	// Hand-picked lines from the specification and edge cases.
	for _, argv := range [][]string{
		{"eval", "s", "01", "w1"}, {"eval", "s", "+1", "w1"}, {"eval", "s", " 1", "w1"},
		{"eval", "s", "1x", "w1"}, {"eval", "s", "4294967297", "w1"}, {"eval", "", "0"},
		{"lmpop", "1x", "w1", "left"}, {"sintercard", "1x", "w1"}, {"zunionstore", "r1", "0", "r2"},
		{"set", "k", "v", "get"}, {"set", "k", "v", "ex", "1", "GeT"}, {"set", "k", "get"},
		{"set", "k", "v", "get\x00junk"}, {"bitfield", "k", "get", "u8", "0", "overflow", "wrap"},
		{"bitfield", "k", "get", "u8"}, {"bitfield", "k", "incrby", "u8", "0", "1"},
		{"sort", "k", "store", "d1", "store", "d2"}, {"sort", "k", "limit", "store", "x", "store"},
		{"sort", "k", "by", "store", "get", "store", "store", "d"},
		{"migrate", "h", "p", "", "0", "0", "auth", "keys", "keys", "a", "b"},
		{"migrate", "h", "p", "", "0", "0", "auth2", "keys", "123", "keys", "rw"},
		{"migrate", "h", "p", "", "0", "0", "auth2", "user", "keys", "keys", "rw"},
		{"migrate", "h", "p", "k", "0", "0", "keys", "a"}, {"migrate", "h", "p", "", "0", "0", "keys"},
		{"migrate", "h", "p", "", "0", "0", "copy", "replace", "KEYS", "a", "b", "c"},
		{"georadius", "k", "0", "0", "1", "m", "store", "a", "storedist", "b"},
		{"georadius", "k", "0", "0", "1", "m", "storedist", "b", "store"},
		{"georadiusbymember", "k", "m", "1", "m", "store", "x", "store", "y"},
		{"xread", "streams", "a", "b", "0", "0"}, {"xread", "count", "1", "streams", "a", "0"},
		{"xread", "streams", "a", "b", "0"}, {"xread", "block", "streams", "streams", "a", "0"},
		{"xreadgroup", "group", "g", "c", "noack", "streams", "s", ">"},
		{"xreadgroup", "group", "streams", "streams", "streams", "s", ">"},
		{"object", "encoding", "k"}, {"memory", "usage", "k", "samples", "0"},
		{"zinterstore", "d", "2", "a", "b", "weights", "1", "2"}, {"zinterstore", "d", "02", "a", "b"},
		{"fcall", "f", "1x", "k"}, {"blmpop", "0", "2", "a", "b", "left"}, {"bzmpop", "0", "+1", "a", "min"},
		{"zmpop", "01", "a", "min"}, {"zintercard", "2", "a", "b", "limit", "1"},
	} {
		c, err := tb.Resolve(argv)
		if err != nil {
			t.Fatalf("Resolve(%s): %v", quoteArgv(argv), err)
		}
		probes = append(probes, probe{c, argv})
	}

	const batch = 500
	compared, mismatches, withKeys, fallback, special := 0, 0, 0, 0, 0
	var first []string
	serverErrors := map[string]int{}
	for start := 0; start < len(probes); start += batch {
		end := min(start+batch, len(probes))
		pipe := s.Client.Pipeline()
		cmds := make([]*redis.Cmd, 0, end-start)
		for _, p := range probes[start:end] {
			args := []any{"command", "getkeysandflags"}
			for _, a := range p.argv {
				args = append(args, a)
			}
			cmds = append(cmds, pipe.Do(ctx, args...))
		}
		_, _ = pipe.Exec(ctx) // per-command errors are read below
		for i, cmd := range cmds {
			p := probes[start+i]
			want, serverErr, err := parseGetKeys(cmd)
			if err != nil {
				t.Fatalf("%s: %v", quoteArgv(p.argv), err)
			}
			if serverErr != "" {
				serverErrors[serverErr]++
			}
			got := ourKeys(p.c, p.argv)
			compared++
			if slices.ContainsFunc(p.argv, func(a string) bool { return strings.ContainsAny(a, "\x00\r\n") }) {
				special++
			}
			if len(want) > 0 {
				withKeys++
				for _, k := range want {
					if k.flags == "" {
						fallback++
						break
					}
				}
			}
			if !slices.Equal(got, want) {
				mismatches++
				if len(first) < 20 {
					first = append(first, fmt.Sprintf("%s (%s): ours %q, server %q %s", quoteArgv(p.argv), p.c.Name, got, want, serverErr))
				}
			}
		}
	}
	t.Logf("seed %d: compared %d command lines (%d with NUL, CR or LF bytes) of %d commands with COMMAND GETKEYSANDFLAGS of %s: %d mismatches",
		seed, compared, special, len(perCommand), e.Name, mismatches)
	t.Logf("%d lines had keys, %d of them keys with flags 0 (fallback extractors)", withKeys, fallback)
	for e, n := range serverErrors {
		t.Logf("server error %q: %d", e, n)
	}
	if compared < 5000 {
		t.Errorf("only %d command lines compared, want at least 5000", compared)
	}
	if mismatches > 0 {
		t.Errorf("%d mismatches; first ones:\n%s", mismatches, strings.Join(first, "\n"))
	}
}

// TestLoadOracle loads the RESP2 COMMAND INFO reply of the live
// redis-server (key specs as flat arrays) and compares it with the
// embedded table of each engine.
func TestLoadOracle(t *testing.T) {
	eachOracleEngine(t, loadOracle)
}

func loadOracle(t *testing.T, e redistest.Engine) {
	s := redistest.StartEngine(t, e)
	v, err := s.Client.Do(context.Background(), "command", "info").Result()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	equalTables(t, "live COMMAND INFO", got, mustEngine(t, e.Name))
}
