# Audio Analysis Server — the two commands: `make run` and `make test` (README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := run
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c

# The repository carries its test fixtures (Tests/Fixtures/README.md), so a lone clone passes make test.
FIXTURES_DIR ?= $(CURDIR)/Tests/Fixtures
export FIXTURES_DIR
# Tests and benches build optimised: the DSP loops are 10-50x slower in debug.
CONFIG ?= release
BIN := .build/$(CONFIG)/audio-server

RUN_PACKAGES := pkg-config libsndfile1-dev libfftw3-dev libsoxr-dev libebur128-dev libpq-dev libsqlite3-dev libssl-dev \
	zlib1g-dev libcurl4-openssl-dev
TEST_PACKAGES := $(RUN_PACKAGES) postgresql postgresql-common ffmpeg chromium chromium-driver
BENCH_PACKAGES := $(TEST_PACKAGES) wrk hyperfine valgrind util-linux curl

.PHONY: bootstrap bootstrap-test bootstrap-bench build run test lint format bench hot-functions fuzz clean

# Installs the Debian packages in $(1) that are missing (apt-get update only when needed).
define apt_install
	missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done | xargs)
	if [ -n "$$missing" ]; then
	  echo "installing Debian packages: $$missing"
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo)
	  $$SUDO apt-get update -qq
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing
	fi
endef

bootstrap:
	$(call apt_install,$(RUN_PACKAGES))

bootstrap-test:
	$(call apt_install,$(TEST_PACKAGES))

bootstrap-bench:
	$(call apt_install,$(BENCH_PACKAGES))

# The release build that ships (the Dockerfile runs the same script).
build: bootstrap
	scripts/build-release.sh audio-server

# Serves on the embedded defaults: SQLite under data/, media in data/uploads, local chat router.
run: build
	exec .build/release/audio-server serve

# The Swift sources as .swift-format lays them out (the toolchain's swift-format).
SWIFT_SOURCES := Package.swift Sources Tests Fuzz/Package.swift Fuzz/Sources

lint:
	swift format lint --recursive --strict --parallel $(SWIFT_SOURCES)

format:
	swift format format --in-place --recursive --parallel $(SWIFT_SOURCES)

# Every test, against SQLite and a throwaway real Postgres; fails on a lint finding or any compiler warning in our code.
test: bootstrap-test lint
	mkdir -p .build
	swift build -c $(CONFIG) --build-tests -Xswiftc -enable-testing 2>&1 | tee .build/test-build.log
	if grep -E "^$(CURDIR)/(Sources|Tests)/.*: warning:" .build/test-build.log; then echo "compiler warnings in our code" >&2; exit 1; fi
	scripts/with-postgres.sh scripts/with-s3.sh swift test -c $(CONFIG) --skip-build
	scripts/check-fake-providers.sh
	scripts/check-runtime-libs.sh $(BIN)
	scripts/check-build-context.sh
	scripts/websocket-test.sh $(BIN)
	scripts/e2e-test.sh $(BIN)
	scripts/s3-test.sh $(BIN)
	scripts/scale-out-test.sh $(BIN)
	scripts/schemathesis-test.sh $(BIN) && scripts/mcp-test.sh $(BIN)
	scripts/browser-test.sh $(BIN)

bench: bootstrap-bench
	scripts/build-release.sh audio-server bench-analysis bench-database bench-events
	scripts/bench-http.sh
	scripts/bench-tracks.sh
	scripts/bench-metrics.sh
	scripts/bench-websocket.sh
	scripts/bench-analysis.sh
	scripts/bench-mcp.sh
	scripts/with-postgres.sh .build/release/bench-database
	scripts/with-postgres.sh .build/release/bench-events
	scripts/bench-scale-out.sh

# Re-profiles which functions run from start to idle (the linker places them together).
hot-functions: bootstrap-bench
	scripts/hot-functions.sh

# libFuzzer (with AddressSanitizer) over every parser that reads outside input: FUZZ_SECONDS
# (default 600) per target, each starting from its seed corpus in Fuzz/Corpus/<target>.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= http-request http-host multipart websocket sse provider-stream json-body database-url audio
fuzz: bootstrap
	swift build --package-path Fuzz -c debug --scratch-path .build-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
	  -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
	for target in $(FUZZ_TARGETS); do
	  mkdir -p .build-fuzz/corpus/$$target
	  if [ -d Fuzz/Corpus/$$target ]; then cp -n Fuzz/Corpus/$$target/* .build-fuzz/corpus/$$target/ 2>/dev/null || true; fi
	  echo "=== fuzz $$target for $(FUZZ_SECONDS) s"
	  FUZZ_TARGET=$$target .build-fuzz/debug/Fuzzer .build-fuzz/corpus/$$target -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=8192 -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true
	  if [ -n "$$(ls crash-* leak-* timeout-* 2>/dev/null)" ]; then echo "fuzz $$target: finding saved" >&2; exit 1; fi
	done

clean:
	rm -rf .build .build-fuzz
