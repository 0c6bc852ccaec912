package lint

import (
	"fmt"
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
	// Engine is one of the engines category.ForEngine has a table for,
	// e.g. redis-6.2 or valkey-8.0.
	Engine category.Engine
}

// NewTarget returns the target for service and engine, or an error when the
// engine is unknown or the service does not run it: ElastiCache
// runs Redis OSS 6.0–7.1 and Valkey 7.2+, ElastiCache Serverless Redis OSS
// 7.0+ and Valkey 7.2+, MemoryDB Redis OSS 6.2–7.1 and Valkey 7.2.
func NewTarget(service, engine string) (Target, error) {
	s, err := ParseService(service)
	if err != nil {
		return Target{}, err
	}
	e, err := category.ParseEngine(engine)
	if err != nil || !strings.EqualFold(e.String(), engine) {
		return Target{}, fmt.Errorf("lint: unknown engine %q (want one of %s)", engine, strings.Join(category.Engines(), ", "))
	}
	t := Target{Service: s, Engine: e}
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

// DefaultEngine is the engine checked for a service when none is given:
// redis-7.2 for Redis, valkey-7.2 for MemoryDB, valkey-8.0 otherwise.
func DefaultEngine(s Service) string {
	switch s {
	case Redis:
		return "redis-7.2"
	case MemoryDB:
		return "valkey-7.2"
	}
	return "valkey-8.0"
}

// InputEngine returns the engine that the first user of a Terraform input
// is for (its engine, and the version of the cluster it is attached to),
// or "" when the input does not say.
func InputEngine(in *input.Input, svc Service) string {
	if in.Format != input.TerraformSource && in.Format != input.TerraformState || len(in.Users) == 0 {
		return ""
	}
	u := in.Users[0]
	if !u.Engine.Literal {
		return ""
	}
	family := strings.ToLower(u.Engine.Value)
	major, _, _ := strings.Cut(u.Version, ".")
	candidates := []string{family + "-" + u.Version}
	switch family + "-" + major {
	case "redis-7", "redis-":
		candidates = append(candidates, "redis-7.1") // the last Redis OSS on AWS
	case "redis-6":
		candidates = append(candidates, "redis-6.2")
	case "valkey-7":
		candidates = append(candidates, "valkey-7.2")
	case "valkey-8", "valkey-":
		candidates = append(candidates, DefaultEngine(svc))
	}
	for _, e := range candidates {
		if _, err := NewTarget(svc.String(), e); err == nil {
			return e
		}
	}
	return ""
}

// String returns "service/engine".
func (t Target) String() string { return t.Service.String() + "/" + t.Engine.String() }

// Validate reports whether the engine is known and run by the service.
func (t Target) Validate() error {
	if t.Service == ServiceInvalid || t.Service.String() == "invalid" {
		return fmt.Errorf("lint: invalid service")
	}
	e := t.Engine
	if !e.Known() {
		return fmt.Errorf("lint: engine %q has no command table (want one of %s)", e, strings.Join(category.Engines(), ", "))
	}
	redis := e.Family == category.Redis
	var okSvc bool
	switch t.Service {
	case Redis:
		okSvc = redis
	case Valkey:
		okSvc = !redis
	case ElastiCache:
		okSvc = !redis || !e.AtLeast(7, 2)
	case ElastiCacheServerless:
		okSvc = !redis || e.AtLeast(7, 0) && !e.AtLeast(7, 2)
	case MemoryDB:
		okSvc = redis && e.AtLeast(6, 2) && !e.AtLeast(7, 2) || e == category.Engine{Family: category.Valkey, Major: 7, Minor: 2}
	}
	if !okSvc {
		return fmt.Errorf("lint: %s does not run %s (%s)", t.Service, e, serviceEngines(t.Service))
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

// HasJSON reports whether JSON.* commands and @json exist on the target:
// ElastiCache on Redis OSS 6.2 (6.2.6 and later) and Valkey 7.2 and later,
// MemoryDB on every engine, self-managed servers never (no module is
// assumed).
func (t Target) HasJSON() bool {
	switch {
	case t.Service.IsElastiCache():
		return t.Engine.RedisAtLeast(6, 2)
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
	case t.Service.IsElastiCache() && t.Engine.ValkeyAtLeast(8, 2):
		return category.SearchValkey
	case t.Service == MemoryDB && t.Engine.RedisAtLeast(7, 1):
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
	return category.ForEngine(t.Engine.String(), opts...)
}
