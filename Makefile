# Thin wrapper over CMake presets. `make demo` and `make test` work from a clean clone:
# they first install any missing Debian packages (scripts/install-deps, idempotent).
PRESETS ?= release asan
TRIALS ?= 200000
SCRISK := build/release/scrisk

.PHONY: deps build demo test bench clean regress regress-update check-layers

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

# Every test (GoogleTest, pytest, the goldens through ctest) under each preset: release,
# then ASan+UBSan; first the layer rule.
test: deps check-layers
	@for preset in $(PRESETS); do \
	  echo "=== $$preset ==="; \
	  cmake --workflow --preset $$preset || exit 1; \
	done

# Golden regressions (tests/regression/run.py): every case's transcript byte for byte
# against the release build; `make test` runs them in every preset (ctest's regression).
REGRESS := /usr/bin/python3 tests/regression/run.py --scrisk $(SCRISK) --python-path build/release/bindings/python
regress: build
	$(REGRESS)

# Rewrites the goldens from this build: a commit that changes one says why.
regress-update: build
	$(REGRESS) --update

# Speed figures (docs/performance.md); long, so not part of `make test`.
bench: build
	./bench/run-benchmarks

clean:
	rm -rf build
