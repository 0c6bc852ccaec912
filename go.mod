module github.com/aclcheck/aclcheck

go 1.26.8

require github.com/redis/go-redis/v9 v9.23.0

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
)
