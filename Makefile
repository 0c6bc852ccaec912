# make test installs what the tests need (redis-server, the live oracle;
# chromium, for the report's browser test; pre-commit; tflint, built once into the user's cache) and runs go vet,
# the race-enabled test suite of the module and of the tflint plugin (a
# module of its own in tflint-ruleset-aclcheck, outside ./...) and the whole
# secret sweep.
GO ?= go

# tflint for the plugin's end-to-end tests, built with go install into the
# cache (the first build takes minutes; later runs reuse it).
TFLINT_VERSION ?= v0.64.0
CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)
TFLINT ?= $(CACHE)/aclcheck/tflint-$(TFLINT_VERSION)/tflint
PLUGIN = tflint-ruleset-aclcheck

.PHONY: test deps vet lint generate bench sweep screenshot

test: deps vet
	$(GO) test -race ./...
	cd $(PLUGIN) && ACLCHECK_TFLINT=$(TFLINT) $(GO) test -race ./...
	$(MAKE) sweep

# sweep runs the whole secret sweep (the race-enabled run above takes a
# sample): every subcommand, output format and input kind on access strings
# with a secret in every position; no piece of it may reach the output.
sweep:
	$(GO) test -count=1 -run '^TestSecretSweep$$' -v ./cmd/aclcheck

deps: $(TFLINT)
	@command -v redis-server >/dev/null 2>&1 && command -v pre-commit >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1 || { \
		echo "installing redis-server (the live oracle), chromium (the report's browser test) and pre-commit with apt-get"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server chromium pre-commit >/dev/null; }
	@redis-server --version
	@chromium --version
	@pre-commit --version

$(TFLINT):
	GOBIN=$(dir $@) $(GO) install github.com/terraform-linters/tflint@$(TFLINT_VERSION)

vet:
	$(GO) vet ./...
	cd $(PLUGIN) && $(GO) vet ./...

generate:
	$(GO) generate ./...

bench:
	$(GO) test -bench . -benchmem -run '^$$' .

# screenshot regenerates docs/report.png, the README's picture of
# aclcheck report on testdata/boundaries, with headless Chromium.
CHROMIUM_FLAGS = --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars
screenshot:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GO) run ./cmd/aclcheck report --engine redis-7.0 -o "$$tmp/report.html" testdata/boundaries/users.acl && \
	timeout 60 chromium $(CHROMIUM_FLAGS) --user-data-dir="$$tmp/profile" --window-size=1280,800 \
		--screenshot="$(CURDIR)/docs/report.png" "file://$$tmp/report.html" 2>/dev/null
	@ls -l docs/report.png
