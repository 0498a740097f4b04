# kb — common tasks. `make test` is what CI runs (.ci/run).
GO      ?= go
BIN     ?= bin/kb
ARGS    ?= search 쿠버네티스
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/kb-cli/kb/internal/cli.version=$(VERSION)

.PHONY: all build install run test test-short bench bench-100k eval cards-report reliability lint fmt fuzz man clean

all: lint test build

# kb is pure Go: built without cgo it starts without the dynamic loader and
# libc, about 1 ms sooner on every command.
build:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/kb

install:
	CGO_ENABLED=0 $(GO) install -ldflags "$(LDFLAGS)" ./cmd/kb

# Runs kb on the shipped starter notes: make run ARGS="search 도커 네트워크"
run:
	$(GO) run ./cmd/kb --dir notes $(ARGS)

# Unit tests, end-to-end scripts (cmd/kb/testdata/script) and the search
# evaluation, all under the race detector. Tests that need ../shared skip
# cleanly without it.
test: lint
	$(GO) test -race -count=1 ./...

test-short:
	$(GO) test -count=1 ./...

# Performance targets on 10k generated notes (needs ../shared and python3;
# ripgrep for the comparison: apt-get install ripgrep), and fitting FSRS
# parameters to 12.5k real and 100k simulated reviews.
bench:
	$(GO) test ./internal/bench -run '^$$' -bench 'IndexBuild$$' -benchtime 1x
	$(GO) test ./internal/bench -run '^$$' -bench 'IndexFull' -benchtime 3x
	$(GO) test ./internal/bench -run '^$$' -bench 'RefreshNoop|SearchProcess|Ripgrep|Backlinks' -benchtime 40x
	$(GO) test ./internal/bench -run '^$$' -bench 'SearchVsRipgrep|SearchInProcess' -benchtime 1x
	$(GO) test ./internal/bench -run '^$$' -bench 'CardsDue|QuizStart|StatsProcess10k' -benchtime 20x
	$(GO) test ./internal/bench -run '^$$' -bench 'CardsStatsProcess' -benchtime 1x
	$(GO) test ./internal/bench -run '^$$' -bench 'CatalogProcess10k' -benchtime 1x
	$(GO) test ./internal/bench -run '^$$' -bench 'CatalogInProcess10k' -benchtime 20x
	$(GO) test ./internal/bench -run '^$$' -bench 'PickerKeystroke' -benchtime 3x
	$(GO) test ./internal/bench -run '^$$' -bench 'VersionProcess|SearchProcess' -benchtime 40x
	$(GO) test ./internal/bench -run '^$$' -bench 'Fit|Optimize' -benchtime 3x
	$(GO) test ./internal/bench -run '^$$' -bench 'UpdateProcess' -benchtime 1x

# The same on 100k generated notes, where they are about the notes' number
# (the first run generates them and builds the index: many minutes; each full
# build takes minutes and GBs under $$TMPDIR). Each benchmark times its fixed
# rounds (hence 1x). KB_BENCH_OLD=path/to/kb adds another build to the update
# benchmark, KB_BENCH_BASE=path/to/kb to the index build and to the cards
# --due, stats and quiz one.
bench-100k:
	KB_BENCH_NOTES=100000 $(GO) test ./internal/bench -run '^$$' -bench 'IndexBuild$$' -benchtime 1x -timeout 90m
	KB_BENCH_NOTES=100000 $(GO) test ./internal/bench -run '^$$' -bench 'UpdateProcess' -benchtime 1x -timeout 60m
	KB_BENCH_NOTES=100000 $(GO) test ./internal/bench -run '^$$' -bench 'SearchVsRipgrep|SearchInProcess' -benchtime 1x -timeout 60m
	KB_BENCH_NOTES=100000 $(GO) test ./internal/bench -run '^$$' -bench 'CardsStatsProcess' -benchtime 1x -timeout 60m
	$(GO) test ./internal/bench -run '^$$' -bench 'CatalogProcess100k' -benchtime 1x -timeout 60m

# Card quality over ../shared/corpora: non-questions, long answers, raw HTML,
# shared identities, and 20 sampled cards to read.
cards-report:
	$(GO) test ./internal/cards -run '^TestCardsReport$$' -count=1 -v | grep -v '^=== RUN'

# Faults kb must survive, at full strength: 500 kills, 30 s of 4 processes,
# 20 parallel taggers, 30 s of taggers racing an appender, writers against
# search loops on 5,000 notes, 60 s of reviews and readers (snapshot = full
# replay), bad input, full and read-only disks (as root), git sync, and
# indexing time per byte (linear). make test runs the same tests at reduced
# strength (60 kills, a few seconds each) and no timing.
reliability:
	KB_KILL_RUNS=500 KB_CONCURRENCY_SECONDS=30 KB_FLAT_FILES=100000 KB_TAGGERS=20 KB_RACE_SECONDS=30 \
	KB_SEARCH_NOTES=5000 KB_SEARCH_WRITERS=20 KB_SEARCH_LOCK_TIMEOUT=1s KB_SNAPSHOT_SECONDS=60 KB_LINEAR_CHECK=1 \
	$(GO) test -count=1 -v ./internal/reliability | grep -E '^(=== RUN|--- |ok|FAIL)|runs:|operations|lost|busy,|equals|ns/byte'
	$(GO) test -count=1 ./cmd/kb -run 'TestScripts/(sync|damage)'

# Search quality: MRR@10 on the judged queries over ../shared/corpora
# (queries.tsv, with floors, and natural.tsv, reported only), per class, for
# kb, kb without its dictionary and a grep baseline. Verbose output lists
# every query kb does not rank first, with kb's top hit.
eval:
	$(GO) test ./internal/search -run '^TestEval(Natural)?$$' -count=1 -v | grep -v '^=== RUN'

# staticcheck from PATH, else the pinned version through the module proxy;
# a machine with neither skips it with a note rather than failing make test.
STATICCHECK_VERSION ?= v0.8.2
STATICCHECK_MOD := honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
lint:
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@out=$$(gofmt -r 'interface{} -> any' -l cmd internal); if [ -n "$$out" ]; then echo "any, not interface{}:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@if command -v staticcheck >/dev/null 2>&1; then \
		echo staticcheck ./...; staticcheck ./...; \
	elif $(GO) run $(STATICCHECK_MOD) -version >/dev/null 2>&1; then \
		echo "$(GO) run $(STATICCHECK_MOD) ./..."; $(GO) run $(STATICCHECK_MOD) ./...; \
	else \
		echo "staticcheck: not on PATH and $(STATICCHECK_MOD) cannot be fetched; skipped"; \
	fi

fmt:
	gofmt -w cmd internal

# Fuzz the query parser, the note parser, the tag editor, link extraction,
# the review-log reader and the importers' Notion property and Anki header
# parsers for a while each.
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./internal/search -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/notes -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/notes -run '^$$' -fuzz '^FuzzEditTags$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/notes -run '^$$' -fuzz '^FuzzLinks$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/reviews -run '^$$' -fuzz '^FuzzParseEvent$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/cards -run '^$$' -fuzz '^FuzzExtract$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/importer -run '^$$' -fuzz '^FuzzProperties$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/importer -run '^$$' -fuzz '^FuzzAnkiHeader$$' -fuzztime $(FUZZTIME)

# Man pages for every command, into bin/man.
man:
	$(GO) run ./cmd/kb-man bin/man

clean:
	rm -rf bin
