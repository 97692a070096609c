# The two commands of the README: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install clean plan bench-dedup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/dossier build

plan: $(STAMP)
	$(BIN)/dossier plan

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench-dedup: $(STAMP)
	$(BIN)/python bench/dedup_bench.py

clean:
	rm -rf build .pytest_cache
