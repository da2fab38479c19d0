# initty — build, test, lint, demo and benchmarks.
# Everything is built static (CGO_ENABLED=0) so the same binary runs in any container.
GO       ?= go
BIN      := bin/initty
# The release version when HEAD is tagged vX.Y.Z; between tags initty says
# 0.0.0-dev+COMMIT, from the commit Go stamps into the binary (-buildvcs=auto: this
# machine's GOFLAGS may turn stamping off).
VERSION  ?= $(shell git describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null | sed 's/^v//')
# -E: initty's first instruction is relay.entry, which records fds 0-2 and the signal
# state before the Go runtime changes them (see relay/entry.go).
ENTRY    := github.com/initty/initty/relay.entry
LDFLAGS  := -s -w -X main.version=$(VERSION) -E=$(ENTRY)
SOURCES  := $(shell find cmd relay reap tty -name '*.go' -not -name '*_test.go' -o -name '*.s') cmd/initty/usage.txt go.mod go.sum
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
export CGO_ENABLED := 0

.PHONY: all test lint demo demo-container bench bench-quick fuzz stress release clean

# Release: one static binary per architecture Go and tini both support, the man page,
# an OCI image layout and .deb/.rpm/.apk packages, with their checksums. GOARM=7 for arm
# (armv7, hard float). -trimpath, Go's reproducible builds, and SOURCE_DATE_EPOCH (the
# commit's time) for every date the packages hold make two runs of the same commit
# byte-identical (tests/release_test.go). The tools (release/) are their own module so
# nfpm's and go-containerregistry's dependencies stay out of initty's go.mod.
DIST     ?= dist
ARCHES   := amd64 arm64 arm 386 ppc64le s390x riscv64
COMMIT   := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
PKG_VERSION := $(or $(VERSION),0.0.0-dev+$(COMMIT))
export SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
RELEASE_DATE := $(shell date -u -d @$(SOURCE_DATE_EPOCH) +%F 2>/dev/null)
PACKAGERS := deb rpm apk

all: $(BIN)

$(BIN): $(SOURCES)
	$(GO) build -trimpath -buildvcs=auto -ldflags='$(LDFLAGS)' -o $@ ./cmd/initty

# The README's test command: lint, unit tests and the black-box integration tests.
# Integration tests need root, a pty, bash, busybox-static and runc; with CI=true a
# skipped integration test is a failure.
test: $(BIN) lint
	$(GO) test -count=1 -timeout 30m ./...
	@echo "container and per-architecture smoke tests, three more times in a row (a flake fails the run):"
	$(GO) test -count=3 -timeout 15m -run '^(TestContainer|TestReleaseBinariesSmoke)' ./tests/
	./scripts/fuzz.sh 10s

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	 if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) -C release vet ./...
	$(GO) -C release run $(STATICCHECK) ./...

# An interactive shell under initty as PID 1 of a new PID namespace (root), or under
# initty in host mode otherwise. Try Ctrl-Z, `sleep 30 &`, `jobs`, `fg`, then `exit 3`.
demo: $(BIN)
	@status=0; if [ "$$(id -u)" = 0 ]; then \
	  echo "initty demo: bash under initty as PID 1 of a new PID namespace (exit to leave)"; \
	  unshare --pid --fork --mount-proc $(BIN) -v -- bash --norc --noprofile -i || status=$$?; \
	else \
	  echo "initty demo: not root, so bash under initty in host mode (exit to leave)"; \
	  $(BIN) -v -- bash --norc --noprofile -i || status=$$?; \
	fi; echo "initty demo: initty exited with status $$status"

demo-container: $(BIN)
	$(GO) run ./tests/democontainer -initty $(BIN)

bench: $(BIN)
	$(GO) run ./bench -initty $(BIN) -phases

bench-quick: $(BIN)
	$(GO) run ./bench -initty $(BIN) -quick -phases

fuzz:
	./scripts/fuzz.sh $${FUZZTIME:-60s}


stress: $(BIN)
	INITTY_STRESS=full $(GO) test -count=1 -timeout 60m -run 'Stress|Soak' ./tests/

release:
	@mkdir -p $(DIST)
	@for arch in $(ARCHES); do \
	  GOARCH=$$arch GOARM=7 $(GO) build -trimpath -buildvcs=auto -ldflags='$(LDFLAGS)' \
	    -o $(DIST)/initty-linux-$$arch ./cmd/initty || exit 1; \
	done
	$(GO) run -C release ./manpage -in $(abspath cmd/initty/usage.txt) \
	  -out $(abspath $(DIST))/initty.1.gz -version $(PKG_VERSION) -date $(RELEASE_DATE)
	$(GO) run -C release ./ociimage -dist $(abspath $(DIST)) -out $(abspath $(DIST))/oci \
	  -license $(abspath LICENSE) -version $(PKG_VERSION) -revision $(COMMIT) $(ARCHES)
	@rm -f $(DIST)/*.deb $(DIST)/*.rpm $(DIST)/*.apk
	@for arch in $(ARCHES); do \
	  case $$arch in arm) nfpm_arch=arm7;; *) nfpm_arch=$$arch;; esac; \
	  for p in $(PACKAGERS); do \
	    BIN_ARCH=$$arch NFPM_ARCH=$$nfpm_arch VERSION=$(PKG_VERSION) DIST=$(abspath $(DIST)) TOP=$(CURDIR) \
	      $(GO) -C release tool nfpm package --config nfpm.yaml --packager $$p \
	      --target $(abspath $(DIST))/ >/dev/null || exit 1; \
	  done; \
	done
	cd $(DIST) && sha256sum $(addprefix initty-linux-,$(ARCHES)) initty.1.gz *.deb *.rpm *.apk \
	  oci/index.json > SHA256SUMS
	@cat $(DIST)/SHA256SUMS

clean:
	rm -rf bin dist
