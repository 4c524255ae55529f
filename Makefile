# RunCoach — `make run` starts the service on the embedded default; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Reinstall when the dependency list changes.
DEPS_STAMP := $(VENV)/.deps-$(shell cksum pyproject.toml | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-$(shell cksum pyproject.toml | cut -d' ' -f1)

# Cached bytecode makes every `runcoach` start (and the tests' many subprocesses) much faster.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint typecheck imports pytest install install-dev system-deps clean

run: $(DEPS_STAMP)
	$(BIN)/runcoach serve $(ARGS)

test: $(DEV_STAMP) system-deps lint typecheck imports pytest

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "RunCoach needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip setuptools wheel

$(DEPS_STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install -qq -e .
	@rm -f $(VENV)/.deps-* && touch $@

$(DEV_STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install -qq -e '.[dev]'
	@rm -f $(VENV)/.dev-* $(VENV)/.deps-* && touch $@ $(DEPS_STAMP)

install: $(DEPS_STAMP)
install-dev: $(DEV_STAMP)

system-deps:
	@bash scripts/system-deps.sh

lint:
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

imports:
	$(BIN)/lint-imports

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
