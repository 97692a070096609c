# The two commands of the README: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install clean plan bench bench-large

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

# The benchmark (bench/README.md): run by hand, never by the test suite.
SIZES ?= 50,200,1000
RUNS ?= 3
LARGE ?= 20000
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes $(SIZES) --runs $(RUNS)

bench-large: $(STAMP)
	$(BIN)/python bench/run.py --large $(LARGE)

clean:
	rm -rf build .pytest_cache
