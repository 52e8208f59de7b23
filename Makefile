# The site and its generator. A fresh machine needs only Go (the modules come
# from the Go module proxy):
#   make serve   build the site and preview it at http://127.0.0.1:1313 with live reload
#   make build   build the site into public/
#   make test    run the tests (TESTFLAGS=-race: with the race detector)
#   make check   gofmt, go vet, staticcheck, make stress and the tests with -race
#   make stress  hostile and huge inputs built under a memory ceiling
#   make designsystemet  update the vendored Designsystemet CSS (needs npm)

GO          ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
TESTFLAGS   ?=
OUT         ?= public

.PHONY: serve build test check fmt vet staticcheck stress bench clean e2e designsystemet

serve:
	$(GO) run ./cmd/sats serve

build:
	$(GO) run ./cmd/sats build -o $(OUT)

test:
	$(GO) test $(TESTFLAGS) ./...

# The tests run once, with the race detector; CI (.ci/run) runs the same
# through `make test TESTFLAGS=-race`.
check: fmt vet staticcheck stress
	@$(MAKE) --no-print-directory test TESTFLAGS=-race

# make stress: cmd/sats TestStress builds the real command on a mix of bad
# inputs of up to 10 MB (a 30000×30000 PNG, a million nested lists, a billion
# laughs in YAML, a FIFO, a linked static/, -o at the site …) and fails on a
# crash, a hang, more than 10 s of CPU or 1 GB of memory, or a file written
# outside the output. The test binary is compiled first; then it and every
# build it starts run under a ceiling of 3 GB of address space (ulimit -v).
stress:
	$(GO) test -c -o bin/stress.test ./cmd/sats
	cd cmd/sats && ulimit -v 3000000 && SATS_STRESS=1 ../../bin/stress.test -test.run '^TestStress$$' -test.v

fmt:
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run $(STATICCHECK) ./...

HUGO_VERSION := v0.165.0
GOBIN_DIR   := $(shell $(GO) env GOPATH)/bin

# The Go benchmarks, then sats against Hugo on the synthetic site at 1,000,
# 10,000 and 50,000 posts (installs Hugo when it is missing); the results go
# into docs/performance.md.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@test -x $(GOBIN_DIR)/hugo || command -v hugo >/dev/null || $(GO) install github.com/gohugoio/hugo@$(HUGO_VERSION)
	$(GO) run ./internal/bench/compare -sizes 1000,10000,50000 -runs 3 -write

# make e2e: the built site served by Debian's nginx with its nginx-headers.conf
# and the headers of every kind of file checked (.ci/e2e/nginx.sh), then
# checked in headless Chromium — axe, html-validate, Lighthouse, keyboard,
# JavaScript off, screenshots (.ci/e2e/run.mjs). Installs what it needs:
# Debian's nginx and chromium when they are missing, and the npm packages
# pinned in .ci/e2e/package-lock.json (Node 20 or newer must be there).
CHROMIUM ?= /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
E2E      := .ci/e2e

e2e: $(E2E)/node_modules/.package-lock.json
	bash $(E2E)/nginx.sh
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	CHROMIUM=$(CHROMIUM) node $(E2E)/run.mjs

$(E2E)/node_modules/.package-lock.json: $(E2E)/package.json $(E2E)/package-lock.json
	cd $(E2E) && npm ci --no-audit --no-fund

# make designsystemet: the theme made from the programme's colours
# (.ci/designsystemet/designsystemet.config.json) and the CSS of the components
# the site uses, from the npm packages pinned in .ci/designsystemet/package-lock.json,
# written to static/css/designsystemet/ (vendor.mjs). The site's builds use the
# committed copy and need no npm; run this after changing the pinned versions,
# the colours or the list of components.
DS := .ci/designsystemet

designsystemet: $(DS)/node_modules/.package-lock.json
	node $(DS)/vendor.mjs

$(DS)/node_modules/.package-lock.json: $(DS)/package.json $(DS)/package-lock.json
	cd $(DS) && npm ci --no-audit --no-fund

clean:
	rm -rf $(OUT) .$(OUT).tmp-* .$(OUT).old-* .$(OUT).manifest* $(OUT).old
