package input

import (
	"fmt"
	"strings"
)

// Service is where access strings are used: a self-managed engine or an AWS
// service.
type Service uint8

// Services.
const (
	// ServiceInvalid is the zero value.
	ServiceInvalid Service = iota
	// Redis is a self-managed Redis OSS server.
	Redis
	// Valkey is a self-managed Valkey server.
	Valkey
	// ElastiCache is node-based Amazon ElastiCache (Valkey or Redis OSS).
	ElastiCache
	// ElastiCacheServerless is Amazon ElastiCache Serverless.
	ElastiCacheServerless
	// MemoryDB is Amazon MemoryDB.
	MemoryDB
)

var serviceNames = [...]string{"invalid", "redis", "valkey", "elasticache", "elasticache-serverless", "memorydb"}

// String returns the service's name as the --service flag spells it.
func (s Service) String() string {
	if int(s) < len(serviceNames) {
		return serviceNames[s]
	}
	return "invalid"
}

// IsAWS reports whether s is ElastiCache (either kind) or MemoryDB.
func (s Service) IsAWS() bool { return s >= ElastiCache && s <= MemoryDB }

// IsElastiCache reports whether s is node-based or serverless ElastiCache.
func (s Service) IsElastiCache() bool { return s == ElastiCache || s == ElastiCacheServerless }

// ParseService parses a service name ("redis", "valkey", "elasticache",
// "elasticache-serverless", "memorydb"), ignoring case.
func ParseService(name string) (Service, error) {
	for i, n := range serviceNames[1:] {
		if strings.EqualFold(n, name) {
			return Service(i + 1), nil
		}
	}
	return ServiceInvalid, fmt.Errorf("lint: unknown service %q (want one of %s)", name, strings.Join(serviceNames[1:], ", "))
}
