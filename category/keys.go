package category

import (
	"math"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Keys appends to dst the key arguments of the command line argv (argv[0] is
// the command name, argv[1] the subcommand name of a subcommand) and returns
// the extended slice. It finds exactly the keys, in the same order and with
// the same flags, that Redis's getKeysFromCommandWithSpecs finds with default
// flags, which is what ACL checks and COMMAND GETKEYSANDFLAGS use:
//
//   - if c has a key spec not marked not_key and no spec marked
//     variable_flags, the key-spec interpreter runs; if it succeeds (even
//     with no keys) its result is the answer;
//   - otherwise, or when the interpreter fails (unknown begin_search or
//     find_keys, keys out of range, a bad keynum, an incomplete spec), the
//     fallback extractor named by c.Extractor runs, if any (see the package
//     documentation for the list and their quirks).
//
// When len(argv) does not satisfy c.Arity no keys are returned, as the
// server rejects such a line before looking for keys. Key positions index
// argv. Keys never panics, whatever argv holds, and does not allocate when
// dst has enough capacity. It does not check that argv names c.
func (c *Command) Keys(argv []string, dst []Key) []Key {
	if !arityOK(c.Arity, len(argv)) {
		return dst
	}
	usable, varFlags := false, false
	for i := range c.KeySpecs {
		f := c.KeySpecs[i].Flags
		if f&KeyNotKey == 0 {
			usable = true
		}
		if f&KeyVariableFlags != 0 {
			varFlags = true
		}
	}
	// Redis: the key spec a module command gets from its legacy range is
	// marked variable_flags; without a getkeys callback it is used anyway.
	if c.Module != "" && c.Extractor == "" {
		varFlags = false
	}
	if usable && !varFlags {
		if out, ok := c.specKeys(argv, dst); ok {
			return out
		}
	}
	return extract(c.Extractor, argv, dst)
}

// arityOK reports whether argc arguments satisfy arity as processCommand
// checks it.
func arityOK(arity, argc int) bool {
	return !((arity > 0 && arity != argc) || argc < -arity)
}

// specKeys runs the key-spec interpreter (getKeysUsingKeySpecs). On failure
// it returns dst truncated to its original length and false.
func (c *Command) specKeys(argv []string, dst []Key) ([]Key, bool) {
	start := len(dst)
	argc := len(argv)
	for i := range c.KeySpecs {
		spec := &c.KeySpecs[i]
		if spec.Flags&KeyNotKey != 0 {
			continue
		}
		first := 0
		switch spec.BeginSearch.Kind {
		case SearchIndex:
			first = spec.BeginSearch.Index
		case SearchKeyword:
			sf := spec.BeginSearch.StartFrom
			startIdx, endIdx := argc+sf, 1
			if sf > 0 {
				startIdx, endIdx = sf, argc-1
			}
			for j := startIdx; j != endIdx; {
				if j >= argc || j < 1 {
					break
				}
				if ascii.EqualFoldC(argv[j], spec.BeginSearch.Keyword) {
					first = j + 1
					break
				}
				if startIdx <= endIdx {
					j++
				} else {
					j--
				}
			}
			if first == 0 {
				continue // keyword not found: this spec has no keys
			}
		default:
			return dst[:start], false
		}

		var last, step int
		fk := &spec.FindKeys
		switch fk.Kind {
		case FindRange:
			step = fk.KeyStep
			switch {
			case fk.LastKey >= 0:
				last = first + fk.LastKey
			case fk.Limit == 0:
				last = argc + fk.LastKey
			default:
				last = first + ((argc-first)/fk.Limit + fk.LastKey)
			}
		case FindKeynum:
			step = fk.KeyStep
			idx := first + fk.KeyNumIdx
			if fk.KeyNumIdx >= argc || idx < 0 || idx >= argc {
				return dst[:start], false
			}
			n, ok := string2ll(argv[idx])
			if !ok || n < 0 {
				return dst[:start], false
			}
			first += fk.FirstKey
			last = first + int(int32(n)) - 1 // C: (int)numkeys
		default:
			return dst[:start], false
		}
		if last >= argc || last < first || first >= argc || first < 0 || step < 1 {
			return dst[:start], false
		}
		for j := first; j <= last; j += step {
			dst = append(dst, Key{Pos: j, Flags: spec.Flags})
		}
		if spec.Flags&KeyIncomplete != 0 {
			return dst[:start], false
		}
	}
	return dst, true
}

// Fallback extractor names (Command.Extractor), one per get_keys_function
// of the Redis sources, without the "GetKeys" suffix.
const (
	exSet                  = "set"
	exBitfield             = "bitfield"
	exSort                 = "sort"
	exSortRO               = "sortRO"
	exMigrate              = "migrate"
	exEval                 = "eval"
	exFunction             = "function"
	exZunionInterDiff      = "zunionInterDiff"
	exZunionInterDiffStore = "zunionInterDiffStore"
	exLmpop                = "lmpop"
	exBlmpop               = "blmpop"
	exZmpop                = "zmpop"
	exSintercard           = "sintercard"
	exGeoradius            = "georadius"
	exXread                = "xread"
)

// extractorByFunc maps the get_keys_function names of src/commands/*.json
// to extractor names.
var extractorByFunc = map[string]string{
	"setGetKeys":                  exSet,
	"bitfieldGetKeys":             exBitfield,
	"sortGetKeys":                 exSort,
	"sortROGetKeys":               exSortRO,
	"migrateGetKeys":              exMigrate,
	"evalGetKeys":                 exEval,
	"functionGetKeys":             exFunction,
	"zunionInterDiffGetKeys":      exZunionInterDiff,
	"zunionInterDiffStoreGetKeys": exZunionInterDiffStore,
	"lmpopGetKeys":                exLmpop,
	"blmpopGetKeys":               exBlmpop,
	"bzmpopGetKeys":               exBlmpop,
	"zmpopGetKeys":                exZmpop,
	"sintercardGetKeys":           exSintercard,
	"georadiusGetKeys":            exGeoradius,
	"xreadGetKeys":                exXread,
}

// extractorByName is the built-in knowledge of which commands have a
// fallback extractor; COMMAND INFO does not say it.
var extractorByName = map[string]string{
	"set":               exSet,
	"bitfield":          exBitfield,
	"sort":              exSort,
	"sort_ro":           exSortRO,
	"migrate":           exMigrate,
	"eval":              exEval,
	"evalsha":           exEval,
	"eval_ro":           exEval,
	"evalsha_ro":        exEval,
	"fcall":             exFunction,
	"fcall_ro":          exFunction,
	"zunion":            exZunionInterDiff,
	"zinter":            exZunionInterDiff,
	"zdiff":             exZunionInterDiff,
	"zintercard":        exZunionInterDiff,
	"zunionstore":       exZunionInterDiffStore,
	"zinterstore":       exZunionInterDiffStore,
	"zdiffstore":        exZunionInterDiffStore,
	"lmpop":             exLmpop,
	"blmpop":            exBlmpop,
	"bzmpop":            exBlmpop,
	"zmpop":             exZmpop,
	"sintercard":        exSintercard,
	"georadius":         exGeoradius,
	"georadiusbymember": exGeoradius,
	"xread":             exXread,
	"xreadgroup":        exXread,
}

// extract runs the fallback extractor name.
func extract(name string, argv []string, dst []Key) []Key {
	argc := len(argv)
	switch name {
	case exSet:
		if argc < 2 {
			return dst
		}
		flags := KeyOW | KeyUpdate
		for i := 3; i < argc; i++ {
			if ascii.EqualFoldC(argv[i], "get") {
				flags = KeyRW | KeyAccess | KeyUpdate
				break
			}
		}
		return append(dst, Key{Pos: 1, Flags: flags})
	case exBitfield:
		if argc < 2 {
			return dst
		}
		readonly := true
		for i := 2; i < argc; i++ {
			rem := argc - i - 1
			a := argv[i]
			switch {
			case ascii.EqualFoldC(a, "get") && rem >= 2:
				i += 2
			case (ascii.EqualFoldC(a, "set") || ascii.EqualFoldC(a, "incrby")) && rem >= 3:
				readonly = false
			case ascii.EqualFoldC(a, "overflow") && rem >= 1:
				i++
			default:
				readonly = false
			}
			if !readonly {
				break
			}
		}
		if readonly {
			return append(dst, Key{Pos: 1, Flags: KeyRO | KeyAccess})
		}
		return append(dst, Key{Pos: 1, Flags: KeyRW | KeyAccess | KeyUpdate})
	case exSort:
		if argc < 2 {
			return dst
		}
		store := -1
		for i := 2; i < argc; i++ {
			a := argv[i]
			switch {
			case ascii.EqualFoldC(a, "limit"):
				i += 2
			case ascii.EqualFoldC(a, "store") && i+1 < argc:
				store = i + 1 // the last STORE wins; its argument is not skipped
			case ascii.EqualFoldC(a, "get"), ascii.EqualFoldC(a, "by"):
				i++
			}
		}
		dst = append(dst, Key{Pos: 1, Flags: KeyRO | KeyAccess})
		if store >= 0 {
			dst = append(dst, Key{Pos: store, Flags: KeyOW | KeyUpdate})
		}
		return dst
	case exSortRO:
		if argc < 2 {
			return dst
		}
		return append(dst, Key{Pos: 1, Flags: KeyRO | KeyAccess})
	case exMigrate:
		return migrateKeys(argv, dst)
	case exEval, exFunction, exBlmpop:
		return genericKeys(argv, dst, 0, 2, 3, 1)
	case exZunionInterDiff, exLmpop, exZmpop, exSintercard:
		return genericKeys(argv, dst, 0, 1, 2, 1)
	case exZunionInterDiffStore:
		return genericKeys(argv, dst, 1, 2, 3, 1)
	case exGeoradius:
		if argc < 2 {
			return dst
		}
		stored := -1
		for i := 5; i < argc; i++ {
			if (ascii.EqualFoldC(argv[i], "store") || ascii.EqualFoldC(argv[i], "storedist")) && i+1 < argc {
				stored = i + 1
				i++
			}
		}
		dst = append(dst, Key{Pos: 1})
		if stored >= 0 {
			dst = append(dst, Key{Pos: stored})
		}
		return dst
	case exXread:
		return xreadKeys(argv, dst)
	}
	return dst
}

// genericKeys is Redis's genericGetKeys: numkeys at countIdx read with C
// atoi, keys from firstIdx every step, then the store key (if store > 0);
// all with flags 0. A numkeys below 1 or above the arguments left gives no
// keys.
func genericKeys(argv []string, dst []Key, store, countIdx, firstIdx, step int) []Key {
	argc := len(argv)
	if countIdx >= argc {
		return dst
	}
	num := int(atoi(argv[countIdx]))
	if num < 1 || num > (argc-firstIdx)/step {
		return dst
	}
	for i := 0; i < num; i++ {
		dst = append(dst, Key{Pos: firstIdx + i*step})
	}
	if store > 0 {
		dst = append(dst, Key{Pos: store})
	}
	return dst
}

// migrateKeys is Redis's migrateGetKeys.
func migrateKeys(argv []string, dst []Key) []Key {
	argc := len(argv)
	if argc < 4 {
		return dst
	}
	first, num := 3, 1
	if argc > 6 {
	scan:
		for i := 6; i < argc; i++ {
			a := argv[i]
			switch {
			case ascii.EqualFoldC(a, "keys"):
				if len(argv[3]) > 0 {
					return dst // "Cannot use MIGRATE KEYS option when key name is not empty"
				}
				first = i + 1
				num = argc - first
				break scan
			case ascii.EqualFoldC(a, "auth"):
				i++
			case ascii.EqualFoldC(a, "auth2"):
				i += 2
			}
		}
	}
	for i := 0; i < num; i++ {
		dst = append(dst, Key{Pos: first + i, Flags: KeyRW | KeyAccess | KeyDelete})
	}
	return dst
}

// xreadKeys is Redis's xreadGetKeys.
func xreadKeys(argv []string, dst []Key) []Key {
	argc := len(argv)
	streams := -1
loop:
	for i := 1; i < argc; i++ {
		a := argv[i]
		switch {
		case ascii.EqualFoldC(a, "block"), ascii.EqualFoldC(a, "count"):
			i++
		case ascii.EqualFoldC(a, "group"):
			i += 2
		case ascii.EqualFoldC(a, "noack"):
		case ascii.EqualFoldC(a, "streams"):
			streams = i
			break loop
		default:
			break loop
		}
	}
	num := argc - streams - 1
	if streams == -1 || num == 0 || num%2 != 0 {
		return dst
	}
	num /= 2
	for i := streams + 1; i < argc-num; i++ {
		dst = append(dst, Key{Pos: i})
	}
	return dst
}

// atoi is glibc's atoi: (int)strtol(s, NULL, 10). Leading isspace bytes and
// one sign are skipped, digits are read up to the first non-digit (trailing
// junk is ignored), an out-of-range value saturates to LONG_MIN/LONG_MAX,
// and the result is truncated to 32 bits.
func atoi(s string) int32 {
	i := 0
	for i < len(s) && (s[i] == ' ' || ('\t' <= s[i] && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	const limit = uint64(1) << 63 // magnitude of LONG_MIN
	var v uint64
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		if v > (limit+1)/10 {
			v = limit + 1
			continue
		}
		v = v*10 + uint64(s[i]-'0')
		if v > limit+1 {
			v = limit + 1
		}
	}
	var r int64
	switch {
	case neg && v >= limit:
		r = math.MinInt64
	case neg:
		r = -int64(v)
	case v >= limit:
		r = math.MaxInt64
	default:
		r = int64(v)
	}
	return int32(r)
}

// string2ll is Redis's strict integer parser: an optional '-', no '+', no
// spaces, no leading zeros (except "0" itself), at most 20 bytes, no
// overflow.
func string2ll(s string) (int64, bool) {
	if len(s) == 0 || len(s) >= 21 {
		return 0, false
	}
	if s == "0" {
		return 0, true
	}
	p := 0
	neg := false
	if s[0] == '-' {
		neg = true
		p++
		if p == len(s) {
			return 0, false
		}
	}
	if s[p] < '1' || s[p] > '9' {
		return 0, false
	}
	v := uint64(s[p] - '0')
	p++
	for ; p < len(s); p++ {
		d := s[p]
		if d < '0' || d > '9' {
			return 0, false
		}
		if v > math.MaxUint64/10 {
			return 0, false
		}
		v *= 10
		if v > math.MaxUint64-uint64(d-'0') {
			return 0, false
		}
		v += uint64(d - '0')
	}
	if neg {
		if v > uint64(math.MaxInt64)+1 {
			return 0, false
		}
		return -int64(v), true // v == 1<<63 wraps to MinInt64
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}
