package category

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// Family is an engine family.
type Family uint8

// Families. The zero value is no family: the zero [Engine].
const (
	// Redis is Redis OSS (and AWS's builds of it).
	Redis Family = iota + 1
	// Valkey is Valkey, the fork of Redis 7.2.4.
	Valkey
)

var familyNames = [...]string{"", "redis", "valkey"}

// String returns "redis" or "valkey" ("" for no family).
func (f Family) String() string {
	if int(f) < len(familyNames) {
		return familyNames[f]
	}
	return ""
}

// Engine is an engine family and version: Redis OSS 7.0, Valkey 8.0. Its
// methods answer every question whose answer depends on the engine (which
// ACL forms exist, how ACL LIST and denials read), so that nothing guesses
// from engine names. A [Table] carries its engine ([Table.Engine]).
type Engine struct {
	Family       Family
	Major, Minor int
}

// ParseEngine parses "redis-7.1", "valkey-8.0" or a server version with a
// patch level such as "redis-7.0.15" (the patch level is dropped), ignoring
// ASCII case. It does not check that a table exists for the engine
// ([ForEngine] does).
func ParseEngine(s string) (Engine, error) {
	fam, v, _ := strings.Cut(s, "-")
	var e Engine
	for i, n := range familyNames[1:] {
		if ascii.EqualFold(fam, n) {
			e.Family = Family(i + 1)
		}
	}
	if e.Family == 0 {
		return Engine{}, fmt.Errorf("category: engine %q is not redis-X.Y or valkey-X.Y", s)
	}
	parts := strings.Split(v, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Engine{}, fmt.Errorf("category: engine %q is not redis-X.Y or valkey-X.Y", s)
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 999 || p == "" || p[0] == '+' {
			return Engine{}, fmt.Errorf("category: engine %q is not redis-X.Y or valkey-X.Y", s)
		}
		nums[i] = n
	}
	e.Major, e.Minor = nums[0], nums[1]
	return e, nil
}

// String returns "redis-7.1" or "valkey-8.0"; "" for the zero Engine.
func (e Engine) String() string {
	if e.Family == 0 {
		return ""
	}
	return e.Family.String() + "-" + strconv.Itoa(e.Major) + "." + strconv.Itoa(e.Minor)
}

// IsZero reports whether e is the zero Engine (no engine).
func (e Engine) IsZero() bool { return e == Engine{} }

// AtLeast reports whether the engine's own version is major.minor or later
// (Valkey versions count as Valkey's).
func (e Engine) AtLeast(major, minor int) bool {
	return e.Major > major || e.Major == major && e.Minor >= minor
}

// RedisAtLeast reports whether the engine has the ACL features of Redis OSS
// major.minor: a Redis engine of that version or later, or Valkey, which
// counts as Redis 7.2 (its fork point).
func (e Engine) RedisAtLeast(major, minor int) bool {
	switch e.Family {
	case Redis:
		return e.AtLeast(major, minor)
	case Valkey:
		return Engine{Redis, 7, 2}.AtLeast(major, minor)
	}
	return false
}

// ValkeyAtLeast reports whether the engine is Valkey major.minor or later.
func (e Engine) ValkeyAtLeast(major, minor int) bool {
	return e.Family == Valkey && e.AtLeast(major, minor)
}

// ListsRuleHistory reports how ACL LIST prints a selector's commands: true
// (Redis 7.2 and Valkey) when it replays the command rules as given, with
// the ones a later rule cancels dropped; false (Redis 7.0 and earlier, and
// AWS's Redis OSS 7.1, a build of 7.0) when it re-derives categories and
// commands from the command bitmap.
//
// The engines that re-derive from the bitmap also merge selectors spread
// over several words differently, print no sanitize-payload flag for a new
// user, and word denials "This user has no permissions ..." where the
// others say "User <name> has no permissions ..."; those are the same
// lineage and follow this answer.
func (e Engine) ListsRuleHistory() bool { return e.IsZero() || e.RedisAtLeast(7, 2) }

// HasChannelRules reports whether the engine has Pub/Sub channel rules
// (&pattern, allchannels, resetchannels) and the sanitize-payload flags:
// Redis 6.2 and later.
func (e Engine) HasChannelRules() bool { return e.RedisAtLeast(6, 2) }

// HasSelectors reports whether the engine has the Redis 7.0 rule forms:
// selectors ( … ), clearselectors, %R~/%W~ key permissions and removing a
// subcommand (-cmd|sub).
func (e Engine) HasSelectors() bool { return e.RedisAtLeast(7, 0) }

// HasDBRules reports whether the engine has database rules (db=0,1,
// alldbs, resetdbs): Valkey 9.1 and later.
func (e Engine) HasDBRules() bool { return e.ValkeyAtLeast(9, 1) }

// HasCommand reports whether a command whose COMMAND DOCS since is since
// ("6.2.0") exists on the engine: since is at most the engine's Redis
// version (Valkey's own version for a Valkey engine). An empty or
// unparsable since counts as present.
func (e Engine) HasCommand(since string) bool {
	ma, mi, ok := parseVersion(since)
	return !ok || e.Major > ma || e.Major == ma && e.Minor >= mi
}
