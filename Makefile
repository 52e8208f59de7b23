# The site and its generator. A fresh machine needs only Go (the modules come
# from the Go module proxy):
#   make serve   build the site and preview it at http://127.0.0.1:1313 with live reload
#   make build   build the site into public/
#   make test    run the tests
#   make check   gofmt, go vet, staticcheck and the tests with -race

GO          ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
OUT         ?= public

.PHONY: serve build test check fmt vet staticcheck bench clean

serve:
	$(GO) run ./cmd/sats serve

build:
	$(GO) run ./cmd/sats build -o $(OUT)

test:
	$(GO) test ./...

check: fmt vet staticcheck
	$(GO) test -race ./...

fmt:
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run $(STATICCHECK) ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(OUT) .$(OUT).tmp-* $(OUT).old
