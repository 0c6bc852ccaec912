package synth

import (
	"maps"
	"slices"
)

// Addition is a command a client library needs beyond what the
// application traced, and why.
type Addition struct {
	Command string `json:"command"`
	Reason  string `json:"reason"`
}

// clients is what each client library sends on its own to connect and stay
// healthy (HELLO and AUTH need no rule: every user may run them).
var clients = map[string][]Addition{
	"go-redis": {
		{"client|setinfo", "go-redis v9 sends CLIENT SETINFO LIB-NAME and LIB-VER on every new connection (Options.DisableIdentity turns it off)"},
		{"ping", "go-redis PubSub, Ring and health checks send PING"},
		{"cluster|slots", "go-redis ClusterClient loads the slot map with CLUSTER SLOTS"},
	},
	"redis-py": {
		{"client|setinfo", "redis-py 5 sends CLIENT SETINFO LIB-NAME and LIB-VER on connect"},
		{"ping", "redis-py sends PING for health_check_interval"},
		{"cluster|slots", "redis-py RedisCluster loads the slot map with CLUSTER SLOTS"},
		{"command", "redis-py RedisCluster reads COMMAND to find the keys of commands"},
	},
	"ioredis": {
		{"info", "ioredis runs INFO after connecting (enableReadyCheck) to wait until the server has loaded"},
		{"client|setinfo", "ioredis 5.4 sends CLIENT SETINFO LIB-NAME and LIB-VER on connect"},
		{"cluster|slots", "ioredis Cluster loads the slot map with CLUSTER SLOTS"},
	},
	"lettuce": {
		{"client|setinfo", "Lettuce 6.3 sends CLIENT SETINFO LIB-NAME and LIB-VER on connect"},
		{"ping", "Lettuce sends PING before activating a connection (pingBeforeActivateConnection)"},
		{"cluster|nodes", "Lettuce RedisClusterClient refreshes its topology with CLUSTER NODES"},
	},
	"jedis": {
		{"client|setinfo", "Jedis 5 sends CLIENT SETINFO LIB-NAME and LIB-VER on connect"},
		{"ping", "JedisPool validates connections with PING (testOnBorrow, testWhileIdle)"},
		{"cluster|slots", "JedisCluster loads the slot map with CLUSTER SLOTS"},
	},
}

// Clients returns the client libraries [Options.Client] knows, sorted.
func Clients() []string { return slices.Sorted(maps.Keys(clients)) }
