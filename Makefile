# opsmanual — the two commands a newcomer needs are `make serve` and `make test`.
# Everything bootstraps itself: a .venv with the Python packages, and the system
# packages (Graphviz, a CJK font, Chromium for browser tests) through apt-get when
# running as root; otherwise the exact command to run is printed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

APT_BASE := graphviz fonts-noto-cjk
APT_TEST := chromium

.PHONY: serve build test check bench clean bootstrap system-deps system-deps-test schema

serve: bootstrap system-deps
	$(BIN)/opsmanual serve --dev-addr 127.0.0.1:8000

build: bootstrap system-deps
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

bench: bootstrap system-deps
	$(BIN)/python -m generator.cli.bench

schema: bootstrap
	$(BIN)/opsmanual schema

bootstrap: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "opsmanual needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Install what is missing, idempotently; quick when everything is there.
system-deps:
	@bash .ci/system-deps.sh $(APT_BASE)

system-deps-test:
	@bash .ci/system-deps.sh $(APT_TEST)

clean:
	rm -rf site public .cache .pytest_cache .mypy_cache .ruff_cache
