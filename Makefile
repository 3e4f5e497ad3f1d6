# One command sets up and does each job. With no virtual environment active, an isolated one is
# made in .venv inside the checkout; with one active (venv or conda), that one is used.
PYTHON ?= python3
VENV ?= .venv
# uv (the PyPI package `uv`) makes the environment and installs the same pins as pip, many times
# faster: make uses the uv on PATH, else installs the pinned uv into the environment with pip, and
# falls back to pip alone if that fails. `make setup UV=` forces pip.
# Both write the bytecode at install time (pip does by default, uv with --compile-bytecode), and
# the kit's own sources are compiled too: a grading sandbox mounts the environment read-only and
# PYTHONDONTWRITEBYTECODE may be set, so a module not compiled now would be compiled again by
# every process that imports it (pandas, nbgrader and ipykernel: about 4 s a process).
UV ?= $(shell command -v uv 2>/dev/null)

ifdef VIRTUAL_ENV
  PY := $(VIRTUAL_ENV)/bin/python
else ifdef CONDA_PREFIX
  PY := $(CONDA_PREFIX)/bin/python
else
  PY := $(VENV)/bin/python
endif

STAMP := $(dir $(PY)).installed-medlab-teach

.PHONY: help setup lab test check lint lock bench data translations book clean

help:  ## list the commands
	@grep -E '^[a-z]+:.*## ' Makefile | sed 's/:.*## /\t/'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "medlab-teach needs Python 3.10 or newer; this is " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	@if [ -n "$(UV)" ]; then $(UV) venv --seed --python $(PYTHON) $(VENV); \
	else $(PYTHON) -m venv --without-pip $(VENV); fi

# Without a uv on PATH, the pinned uv goes into the environment with the interpreter's own pip
# (`pip --python`, no 3 s ensurepip), or with the environment's pip made by ensurepip; uv then
# installs the kit and pip itself. The environment has pip in every case.
$(STAMP): pyproject.toml constraints.txt | $(PY)
	@uv='$(UV)'; \
	if [ -z "$$uv" ] && [ "$(origin UV)" != "command line" ] \
	   && { $(PYTHON) -m pip --python $(PY) install -q -c constraints.txt uv 2>/dev/null \
	        || { { $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null; } \
	             && $(PY) -m pip install -q -c constraints.txt uv 2>/dev/null; }; }; then \
	  uv='$(PY) -m uv'; fi; \
	if [ -n "$$uv" ]; then \
	  echo "installing with uv ($$uv)"; \
	  $$uv pip install --compile-bytecode --python $(PY) -c constraints.txt -e '.[test]' pip; \
	else \
	  echo "installing with pip"; \
	  { $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null; } && \
	  $(PY) -m pip install --upgrade pip && \
	  $(PY) -m pip install -c constraints.txt -e '.[test]'; \
	fi
	@$(PY) -m compileall -q src
	@touch $@

# Test tools from npm (axe-core for the website's accessibility check), pinned in package-lock.json.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the website's accessibility test needs Node.js and npm"; fi

setup: $(STAMP)  ## create the environment and install the kit with its pinned dependencies

lab: setup  ## set up, then open JupyterLab on lesson 00 (MEDLAB_LANG=es: the Spanish edition, menus too)
	$(PY) -m medlab_teach.cli lab $(if $(MEDLAB_LANG),--lang $(MEDLAB_LANG))

test: setup node_modules/.package-lock.json  ## set up, then run every test (browser tests need Chromium: see README)
	$(PY) -m pytest

check: setup  ## validate notebooks and assignments
	$(PY) -m medlab_teach.cli check

lint: setup  ## ruff on all the code: package, tests, scripts, benchmarks, lessons and assignments
	$(PY) -m ruff check .

bench: setup  ## run the benchmarks and print their figures
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

data: setup  ## rebuild src/medlab_teach/datasets/ from the raw sources (RAW=path/to/shared/data/raw)
	$(PY) scripts/build_data.py $(or $(RAW),../shared/data/raw)

book: setup  ## build the course website (both editions, executed lessons, offline zip) into build/book/site
	$(PY) scripts/build_book.py

translations: setup  ## bring the gettext catalogs in step with the code, compile them, report gaps
	$(PY) scripts/translations.py update
	$(PY) scripts/translations.py check

lock:  ## regenerate constraints.txt from a fresh resolve of pyproject.toml
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --upgrade pip
	.lock-venv/bin/python -m pip install -e '.[test]' uv
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^medlab-teach' > constraints.txt
	rm -rf .lock-venv

clean:  ## remove generated nbgrader folders and caches (never the data or your notebooks)
	rm -rf release submitted autograded feedback .pytest_cache .ruff_cache test-artifacts build/book
