# The two commands of the README: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install clean plan system-deps bench-dedup bench bench-large

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

# What the tests need from the system: Java for EPUBCheck (present on our machines),
# Debian's chromium for the live-preview browser test, qpdf and poppler's pdfinfo for
# the joined PDF's structure checks, and libharfbuzz-subset0 for fast font subsetting in
# WeasyPrint (all installed here when missing and possible).
system-deps:
	@ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0 >/dev/null; fi; }
	@command -v java >/dev/null 2>&1 || echo "warning: java not found: EPUBCheck tests will fail"
	@{ command -v qpdf >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing qpdf and poppler-utils (Debian) for the PDF structure tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qpdf poppler-utils >/dev/null; \
	  else echo "warning: qpdf or pdfinfo not found and cannot be installed: PDF structure tests will fail"; fi; }
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (Debian) for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "warning: chromium not found and cannot be installed: the browser test will be skipped"; fi; }

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -n auto

bench-dedup: $(STAMP)
	$(BIN)/python bench/dedup_bench.py

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
