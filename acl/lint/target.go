package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"
)

// Service is where access strings are used; see [input.Service].
type Service = input.Service

// Services.
const (
	ServiceInvalid        = input.ServiceInvalid
	Redis                 = input.Redis
	Valkey                = input.Valkey
	ElastiCache           = input.ElastiCache
	ElastiCacheServerless = input.ElastiCacheServerless
	MemoryDB              = input.MemoryDB
)

// ParseService parses a service name; see [input.ParseService].
func ParseService(name string) (Service, error) { return input.ParseService(name) }

// Target is the service and engine version an access string is checked
// for. The zero Target is invalid; use [ParseTarget] or [NewTarget].
type Target struct {
	Service Service
	// Engine is a name from category.Engines, e.g. "redis-6.2" or
	// "valkey-8.0".
	Engine string
}

// NewTarget returns the target for service and engine, or an error when the
// engine is unknown or the service does not run it (spec §5a): ElastiCache
// runs Redis OSS 6.0–7.1 and Valkey 7.2+, ElastiCache Serverless Redis OSS
// 7.0+ and Valkey 7.2+, MemoryDB Redis OSS 6.2–7.1 and Valkey 7.2.
func NewTarget(service, engine string) (Target, error) {
	s, err := ParseService(service)
	if err != nil {
		return Target{}, err
	}
	t := Target{Service: s, Engine: strings.ToLower(engine)}
	return t, t.Validate()
}

// ParseTarget parses "service/engine" or "service engine", e.g.
// "elasticache/redis-6.2".
func ParseTarget(s string) (Target, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ' ' })
	if len(f) != 2 {
		return Target{}, fmt.Errorf("lint: target %q is not service/engine", s)
	}
	return NewTarget(f[0], f[1])
}

// String returns "service/engine".
func (t Target) String() string { return t.Service.String() + "/" + t.Engine }

// Validate reports whether the engine is known and run by the service.
func (t Target) Validate() error {
	if t.Service == ServiceInvalid || t.Service.String() == "invalid" {
		return fmt.Errorf("lint: invalid service")
	}
	fam, ma, mi, ok := t.version()
	if !ok {
		return fmt.Errorf("lint: unknown engine %q (want one of %s)", t.Engine, strings.Join(category.Engines(), ", "))
	}
	known := false
	for _, e := range category.Engines() {
		known = known || e == t.Engine
	}
	if !known {
		return fmt.Errorf("lint: engine %q has no command table (want one of %s)", t.Engine, strings.Join(category.Engines(), ", "))
	}
	var okSvc bool
	switch t.Service {
	case Redis:
		okSvc = fam == "redis"
	case Valkey:
		okSvc = fam == "valkey"
	case ElastiCache:
		okSvc = fam == "valkey" || ver(ma, mi) <= ver(7, 1)
	case ElastiCacheServerless:
		okSvc = fam == "valkey" || ver(ma, mi) >= ver(7, 0) && ver(ma, mi) <= ver(7, 1)
	case MemoryDB:
		okSvc = fam == "redis" && ver(ma, mi) >= ver(6, 2) && ver(ma, mi) <= ver(7, 1) || fam == "valkey" && ver(ma, mi) == ver(7, 2)
	}
	if !okSvc {
		return fmt.Errorf("lint: %s does not run %s (%s)", t.Service, t.Engine, serviceEngines(t.Service))
	}
	return nil
}

// serviceEngines says which engines s runs, for messages.
func serviceEngines(s Service) string {
	switch s {
	case Redis:
		return "redis-6.0 … redis-7.2"
	case Valkey:
		return "valkey-7.2 and later"
	case ElastiCache:
		return "Redis OSS 6.0–7.1 and Valkey 7.2 and later"
	case ElastiCacheServerless:
		return "Redis OSS 7.0–7.1 and Valkey 7.2 and later"
	case MemoryDB:
		return "Redis OSS 6.2–7.1 and Valkey 7.2"
	}
	return ""
}

func ver(major, minor int) int { return major*100 + minor }

// version splits the engine name into family and version.
func (t Target) version() (family string, major, minor int, ok bool) {
	fam, v, found := strings.Cut(t.Engine, "-")
	if !found || fam != "redis" && fam != "valkey" {
		return "", 0, 0, false
	}
	a, b, found := strings.Cut(v, ".")
	if !found {
		return "", 0, 0, false
	}
	ma, err1 := strconv.Atoi(a)
	mi, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return "", 0, 0, false
	}
	return fam, ma, mi, true
}

// Family returns "redis" or "valkey".
func (t Target) Family() string { f, _, _, _ := t.version(); return f }

// RedisCompat returns the Redis OSS version whose ACL syntax the engine
// supports, as major*100+minor: Valkey 7.2 and later count as Redis 7.2.
func (t Target) RedisCompat() int {
	fam, ma, mi, _ := t.version()
	if fam == "valkey" {
		return ver(7, 2)
	}
	return ver(ma, mi)
}

// ValkeyAtLeast reports whether the engine is Valkey major.minor or later.
func (t Target) ValkeyAtLeast(major, minor int) bool {
	fam, ma, mi, _ := t.version()
	return fam == "valkey" && ver(ma, mi) >= ver(major, minor)
}

// HasJSON reports whether JSON.* commands and @json exist on the target:
// ElastiCache on Redis OSS 6.2 (6.2.6 and later) and Valkey 7.2 and later,
// MemoryDB on every engine, self-managed servers never (no module is
// assumed).
func (t Target) HasJSON() bool {
	switch {
	case t.Service.IsElastiCache():
		return t.RedisCompat() >= ver(6, 2)
	case t.Service == MemoryDB:
		return true
	}
	return false
}

// Search returns the FT.* command set of the target, or 0: valkey-search
// on ElastiCache for Valkey 8.2 and later, MemoryDB's vector search on
// MemoryDB Redis OSS 7.1 and Valkey 7.2.
func (t Target) Search() category.SearchVariant {
	switch {
	case t.Service.IsElastiCache() && t.ValkeyAtLeast(8, 2):
		return category.SearchValkey
	case t.Service == MemoryDB && t.RedisCompat() >= ver(7, 1):
		return category.SearchMemoryDB
	}
	return 0
}

// Table returns the command table of the target's engine with the module
// commands the target has.
func (t Target) Table() (*category.Table, error) {
	var opts []category.Option
	if v := t.Search(); v != 0 {
		opts = append(opts, category.WithSearch(v))
	}
	if t.HasJSON() {
		opts = append(opts, category.WithJSON())
	}
	return category.ForEngine(t.Engine, opts...)
}
