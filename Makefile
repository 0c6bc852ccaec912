# make test installs what the tests need (redis-server, the live oracle) and
# runs go vet and the race-enabled test suite.
GO ?= go

.PHONY: test deps vet lint generate bench

test: deps vet
	$(GO) test -race ./...

deps:
	@command -v redis-server >/dev/null 2>&1 || { \
		echo "installing redis-server (the live oracle) with apt-get"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server >/dev/null; }
	@redis-server --version

vet:
	$(GO) vet ./...

generate:
	$(GO) generate ./...

bench:
	$(GO) test -bench . -benchmem -run '^$$' .
