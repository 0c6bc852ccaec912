# make test installs what the tests need (redis-server, the live oracle) and
# runs go vet, the race-enabled test suite and the whole secret sweep.
GO ?= go

.PHONY: test deps vet lint generate bench sweep

test: deps vet
	$(GO) test -race ./...
	$(MAKE) sweep

# sweep runs the whole secret sweep (the race-enabled run above takes a
# sample): every subcommand, output format and input kind on access strings
# with a secret in every position; no piece of it may reach the output.
sweep:
	$(GO) test -count=1 -run '^TestSecretSweep$$' -v ./cmd/aclcheck

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
