# The two commands of the quickstart: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed
VNU_VERSION := 26.9.27
AXE_VERSION := 4.14.1
LIGHTHOUSE_VERSION := 12.2.3
NODE_STAMP := node_modules/.vnu-$(VNU_VERSION)-axe-$(AXE_VERSION)-lighthouse-$(LIGHTHOUSE_VERSION)-installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: build test lint serve bench clean golden unit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

build: $(STAMP)
	$(BIN)/sitegen build .

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The Nu Html Checker (vnu-jar from npm; its install script would fetch a Java runtime,
# so it is skipped and the machine's own Java runs the jar), axe-core (the accessibility
# engine the browser tests inject into Chromium) and Lighthouse (run with Debian's Chromium
# through CHROME_PATH). One command: a second `npm install --no-save` would remove the first
# one's packages.
$(NODE_STAMP):
	npm install --no-save --no-audit --no-fund --ignore-scripts -E vnu-jar@$(VNU_VERSION) axe-core@$(AXE_VERSION) lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Lint and types first, so a mistake fails in seconds rather than after the browser tests.
lint: $(TEST_STAMP)
	$(BIN)/ruff check sitegen tests benchmarks
	$(BIN)/mypy

test: lint $(NODE_STAMP) $(CHROMIUM)
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)
	$(BIN)/python -m pytest -q

unit: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -m "not e2e"

# Regenerate the golden output of tests/fixtures/golden-site and bilingual-site; review with `git diff tests/golden`.
golden: $(TEST_STAMP)
	SITEGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py tests/test_golden_bilingual.py

serve: $(STAMP)
	$(BIN)/sitegen serve .

bench: $(TEST_STAMP) $(CHROMIUM)
	bash benchmarks/bench.sh
	$(BIN)/python benchmarks/images.py
	$(BIN)/python benchmarks/images_heavy.py
	$(BIN)/python benchmarks/multilingual.py --results benchmarks/RESULTS-multilingual.md
	$(BIN)/python benchmarks/serve_latency.py --results benchmarks/RESULTS.md
	$(BIN)/python benchmarks/search_index.py --service-batch 64

clean:
	rm -rf output .sitegen-cache build *.egg-info
