# opsmanual — the two commands a newcomer needs are `make serve` and `make test`.
# Everything bootstraps itself: a .venv with the Python packages, node_modules with the
# JavaScript test tools (package-lock.json, npm ci), and the system packages (Graphviz, a
# CJK font, Chromium for browser tests, Node.js and npm) through apt-get when running as
# root; otherwise the exact command to run is printed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

APT_BASE := graphviz fonts-noto-cjk
APT_TEST := chromium
APT_NODE := nodejs npm

.PHONY: serve build test check bench clean bootstrap python-deps js-deps system-deps \
	system-deps-test schema fuzz

# serve, build, bench and schema need only the Python side; test and check need it all.
PORT ?= 8000
serve: python-deps system-deps
	OPSMANUAL_SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/opsmanual serve --dev-addr 127.0.0.1:$(PORT)

build: python-deps system-deps
	$(BIN)/opsmanual build

test: bootstrap system-deps system-deps-test
	$(BIN)/pytest -q

check: bootstrap
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy
	$(BIN)/opsmanual schema --check
	$(BIN)/opsmanual check --strict
	$(BIN)/opsmanual codeowners --check
	$(BIN)/pytest -q tests/test_review_workflows.py

# The fuzzer of tests/fuzz*.py over FUZZ_CASES mutated manuals (about half an hour for
# 5,000 on one core); prints the counts by mutation kind, exits 1 on any failed property.
FUZZ_CASES ?= 5000
fuzz: python-deps system-deps
	$(BIN)/python -m tests.fuzz_check --cases $(FUZZ_CASES)

bench: python-deps system-deps
	$(BIN)/python -m generator.cli.bench

schema: python-deps
	$(BIN)/opsmanual schema

bootstrap: python-deps js-deps

python-deps: $(STAMP)

js-deps: $(NODE_STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "opsmanual needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The JavaScript tools the tests drive (tests/jstools.py), exactly as locked. bpmnlint
# require()s ES modules: Node.js 20.19 or newer (Debian 12's nodejs is 18, too old).
NODE_20_19 := const [major, minor] = process.versions.node.split(".").map(Number); \
	process.exit(major * 100 + minor >= 2019 ? 0 : 1)
$(NODE_STAMP): package.json package-lock.json
	@bash .ci/system-deps.sh $(APT_NODE)
	@node -e '$(NODE_20_19)' || \
	  { echo "the JavaScript test tools need Node.js 20.19 or newer (found $$(node --version));" \
	    "Debian 12's nodejs package is 18.20, too old for bpmnlint"; exit 1; }
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

# Install what is missing, idempotently; quick when everything is there.
system-deps:
	@bash .ci/system-deps.sh $(APT_BASE)

system-deps-test:
	@bash .ci/system-deps.sh $(APT_TEST)

clean:
	rm -rf site public .cache .pytest_cache .mypy_cache .ruff_cache
