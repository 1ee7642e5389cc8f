# igfbook — two commands: `make book` and `make test`.
# Both create .venv from requirements.lock when it is missing or older than the lock file.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: book test snapshots validate serve clean lock help bench dist student browser-deps spreadsheet-deps fuzz pdf

help:
	@echo "make book       validate data, execute changed chapters, build the site into _build/html"
	@echo "make test       run every test (unit, data, bibliography, build, nbval snapshots)"
	@echo "make validate   check every data table and the bibliography, report all problems"
	@echo "make snapshots  rebuild, then copy the executed chapters into tests/snapshots"
	@echo "make serve      preview _build/html on http://localhost:$(PORT)"
	@echo "make student    build the student edition (no solutions) into _build/student/html"
	@echo "make bench      time cold, no-op and incremental builds on a copy; print the ratios"
	@echo "make dist       archive _build/html with a checksum and a manifest of the data it was built from"
	@echo "make pdf        build both editions, then print each page and the whole book to _build/pdf/ (student/ too)"
	@echo "make clean      remove _build (keeps .venv)"
	@echo "make lock       re-resolve requirements.in into requirements.lock"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "igfbook needs Python >= 3.11 (found %s)" % sys.version.split()[0])'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# build matplotlib's font cache once, so that no two chapters build it at the same time
	$(BIN)/python -c "import matplotlib.font_manager"
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/python -m databook build

validate: $(STAMP)
	$(BIN)/python -m databook validate

test: $(STAMP) browser-deps spreadsheet-deps
	$(BIN)/python -m pytest

# The browser tests and PDFs drive whichever Chromium or Chrome the machine has (see
# `python -m databook browser`) and inject axe-core from npm. When none is found, Debian's chromium
# is installed if this runs as root (or with passwordless sudo); otherwise the command says what to
# install and stops: the browser tests are never skipped.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

browser-deps: $(STAMP) node_modules/.installed
	@$(BIN)/python -m databook browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then SUDO=""; \
	  elif command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else $(BIN)/python -m databook browser; exit 1; fi; \
	  echo "installing Debian's chromium for the browser tests and PDFs"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@echo "browser: $$($(BIN)/python -m databook browser)"

# The spreadsheet round-trip test opens every table in LibreOffice Calc (headless) and saves it
# again. When no LibreOffice is found, Debian's libreoffice-calc-nogui is installed if this runs as
# root (or with passwordless sudo); otherwise the command says what to install and stops.
spreadsheet-deps:
	@command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then SUDO=""; \
	  elif command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else echo "make test needs LibreOffice (soffice) for the spreadsheet round trip: install LibreOffice"; exit 1; fi; \
	  echo "installing Debian's libreoffice-calc-nogui for the spreadsheet round-trip test"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }

# Many more generated bad inputs than make test tries (a few minutes).
fuzz: $(STAMP)
	HYPOTHESIS_EXAMPLES=20000 $(BIN)/python -m pytest -o addopts="" tests/book/test_generated_input.py

snapshots: $(STAMP)
	$(BIN)/python -m databook build
	$(BIN)/python -m databook snapshots

serve: $(STAMP)
	@test -d _build/html || { echo "no site yet: run 'make book' first"; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

student: $(STAMP)
	$(BIN)/python -m databook build --student

bench: $(STAMP)
	$(BIN)/python bench/run.py

dist: book
	$(BIN)/python -m databook dist

pdf: book browser-deps
	$(BIN)/python -m databook build --student
	$(BIN)/python -m databook pdf
	$(BIN)/python -m databook pdf --student

clean:
	rm -rf _build

# Re-resolve requirements.in into requirements.lock with the hash of every file of each version
# (pip-tools), so an install refuses a file whose hash differs. Versions already locked are kept
# (a package added to requirements.in is resolved against them); `make lock UPGRADE=1` takes the
# newest of everything.
lock:
	rm -rf _build/lockvenv
	$(PYTHON) -m venv _build/lockvenv
	_build/lockvenv/bin/python -m pip install --quiet pip-tools
	$(if $(UPGRADE),rm -f _build/requirements.lock,cp requirements.lock _build/requirements.lock)
	_build/lockvenv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header \
	  --no-emit-index-url --no-emit-find-links \
	  -o _build/requirements.lock requirements.in
	{ echo "# Exact versions and their SHA-256 hashes, installed by 'make book' and 'make test' with --require-hashes"; \
	  echo "# (generated by 'make lock' from requirements.in with pip-tools). Python >= 3.11. Do not edit by hand."; \
	  cat _build/requirements.lock; } > requirements.lock
	rm -rf _build/lockvenv _build/requirements.lock
