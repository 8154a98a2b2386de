# Thin wrapper over CMake presets. `make demo` and `make test` work from a clean clone:
# they first install any missing Debian packages (scripts/install-deps, idempotent).
PRESETS ?= release asan
TRIALS ?= 200000
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 30
SCRISK := build/release/scrisk

.PHONY: deps build demo test bench clean regress regress-update check-layers lint format fuzz

deps:
	@./scripts/install-deps

build: deps
	cmake --preset release
	cmake --build --preset release

demo: build
	$(SCRISK) validate examples/minimal.textproto
	$(SCRISK) run examples/importer.textproto --trials $(TRIALS)

# The layer rule (docs/architecture.md): no include points up a layer.
check-layers:
	@./scripts/check-layers

# The formatting (.clang-format) and clang-tidy's checks (.clang-tidy: bugs, performance,
# functions of at most 80 lines), warnings as errors, on the release build's compile commands.
lint: build
	@./scripts/lint

format:
	@./scripts/lint --fix-format

# Every test under each preset (GoogleTest, pytest, the goldens and the doc test through
# ctest): release, then ASan+UBSan; first the layer rule and the lint, last the fuzz targets
# for TEST_FUZZ_SECONDS each.
test: deps check-layers lint
	@for preset in $(PRESETS); do \
	  echo "=== $$preset ==="; \
	  cmake --workflow --preset $$preset || exit 1; \
	done
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

# Golden regressions (tests/regression/run.py): every case's transcript byte for byte
# against the release build; `make test` runs them in every preset (ctest's regression).
REGRESS := /usr/bin/python3 tests/regression/run.py --scrisk $(SCRISK) --python-path build/release/bindings/python
regress: build
	$(REGRESS)

# Rewrites the goldens from this build: a commit that changes one says why.
regress-update: build
	$(REGRESS) --update

# The libFuzzer targets of fuzz/ (clang, ASan+UBSan), each for FUZZ_SECONDS.
fuzz: deps
	cmake --preset fuzz
	cmake --build --preset fuzz
	./fuzz/run-fuzzers $(FUZZ_SECONDS)

# Speed figures (docs/performance.md); long, so not part of `make test`.
bench: build
	./bench/run-benchmarks

clean:
	rm -rf build
