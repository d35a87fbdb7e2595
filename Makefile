# The README's two commands do not need make; these targets are shortcuts.
GO ?= go

.PHONY: build test eval check lint

build:
	$(GO) build -o bin/kronika ./cmd/kronika

test:
	$(GO) test ./...

# Score every shared evaluation set and check the floors (eval/floors.json).
eval: build
	python3 eval/eval.py --check

lint:
	test -z "$$(gofmt -l .)" || (gofmt -l . && false)
	$(GO) vet ./...
	staticcheck ./...
