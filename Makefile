# telemed-portfolio: the commands a fresh Debian 12 machine runs.
#   make run    install (once), create the store, load the demo data, serve the app on $(PORT)
#   make test   install what the tests need (Chromium, PostgreSQL, dev requirements), run the whole suite
#   make lint   ruff check .
#   make bench  the performance benchmarks of issue #8 (SQLite and PostgreSQL), into benchmarks/results.json
# Installation is idempotent: a stamp file in .venv, keyed on the requirements files, skips it when done.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
PYTEST_ARGS ?=
# The suite runs in parallel (pytest-xdist): one worker per core of the 2-core CI machine, a test file per worker at a
# time (module-scoped app servers are started once). Each worker has its own PostgreSQL server, app-server ports and
# tmp dirs. `make test PYTEST_ARGS="-n 0"` runs it in one process.
PYTEST_WORKERS ?= 2
SYSTEM_TEST_PACKAGES ?= chromium postgresql libreoffice-impress libreoffice-writer nginx openssl
# The app runs without these; they enable the PDF export of snapshots.
SYSTEM_RUN_PACKAGES ?= libreoffice-impress libreoffice-writer

VENV_PY := $(VENV)/bin/python
PIP := $(VENV_PY) -m pip --disable-pip-version-check --no-input
REQ_HASH := $(shell cat requirements.txt requirements-dev.txt pyproject.toml 2>/dev/null | sha256sum | cut -c1-16)
STAMP_RUN := $(VENV)/.installed-run-$(REQ_HASH)
STAMP_DEV := $(VENV)/.installed-dev-$(REQ_HASH)

export DEBIAN_FRONTEND := noninteractive
export PIP_NO_INPUT := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help run install install-dev system-deps test lint bench

help:
	@echo "make run    install, init the store, load demo data, serve the app (PORT=$(PORT))"
	@echo "make test   install test dependencies and run the whole test suite"
	@echo "make lint   ruff check ."
	@echo "make bench  run the benchmarks (BENCH_ARGS=...), write benchmarks/results.json"

# --- installation -----------------------------------------------------------

# A working venv: python3 and its venv module come from Debian when missing.
$(VENV_PY):
	@if ! command -v $(PYTHON) >/dev/null 2>&1 || ! $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1; then \
	  bash scripts/install-system-deps.sh python3 python3-venv; \
	fi
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); bash scripts/install-system-deps.sh python3-venv; $(PYTHON) -m venv $(VENV); }

$(STAMP_RUN): | $(VENV_PY)
	@echo "Installing runtime requirements into $(VENV) ..."
	$(PIP) install -q -r requirements.txt
	$(PIP) install -q -e . --no-deps
	@rm -f $(VENV)/.installed-run-*
	@touch $@

$(STAMP_DEV): | $(VENV_PY)
	@echo "Installing development requirements into $(VENV) ..."
	$(PIP) install -q -r requirements-dev.txt
	$(PIP) install -q -e . --no-deps
	@rm -f $(VENV)/.installed-run-* $(VENV)/.installed-dev-*
	@touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

system-deps:
	@bash scripts/install-system-deps.sh $(SYSTEM_TEST_PACKAGES)

# --- the two commands ---------------------------------------------------------

run: install
	@bash scripts/install-system-deps.sh $(SYSTEM_RUN_PACKAGES) || echo "LibreOffice could not be installed: the app runs, PDF export is unavailable."
	$(VENV)/bin/portfolio init
	@# demo is refused (and says so) when the store holds real data: the app starts all the same
	-$(VENV)/bin/portfolio demo
	exec $(VENV_PY) -m streamlit run serve.py --server.headless true --browser.gatherUsageStats false --server.port $(PORT)

test: system-deps install-dev
	$(VENV_PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

BENCH_ARGS ?=
bench: system-deps install-dev
	$(VENV_PY) -m benchmarks $(BENCH_ARGS)
