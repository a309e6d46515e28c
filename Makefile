# Bastion — developer commands. `make help` lists them.
# `make run` and `make test` set up everything they need on a fresh Debian/Ubuntu machine:
# system packages (scripts/ensure-system-deps.sh), the .venv, the project, compiled catalogs.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# The tus server the sync tests and benchmark start (npm packages pinned by the lock file).
SERVERS := tests/servers/node_modules/.installed-stamp
# The frozen build's tools, in the .venv only when `make build` first needs them, and there
# sqlcipher3 rebuilt against the system's OpenSSL (scripts/sqlcipher-shared-openssl.sh).
PYINSTALLER := $(VENV)/.pyinstaller-stamp
PYINSTALLER_PINS := pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.10 altgraph==0.17.5
POT    := translations/messages.pot
PO     := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO     := $(patsubst translations/%/LC_MESSAGES/messages.po,desktop/locale/%/LC_MESSAGES/messages.mo,$(PO))

.DEFAULT_GOAL := help
.PHONY: help run test test-long lint check-strings extract catalogs bench screenshots build build-test system-deps-run system-deps-test system-deps-build clean

help: ## List the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

$(SERVERS): tests/servers/package.json tests/servers/package-lock.json
	cd tests/servers && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(PYINSTALLER): $(STAMP) scripts/sqlcipher-shared-openssl.sh
	$(PY) -m pip install --quiet -c constraints.txt $(PYINSTALLER_PINS)
	scripts/sqlcipher-shared-openssl.sh $(PY)
	@touch $@

system-deps-run:
	@scripts/ensure-system-deps.sh run

system-deps-test:
	@scripts/ensure-system-deps.sh test

system-deps-build:
	@scripts/ensure-system-deps.sh build

desktop/locale/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po
	@mkdir -p $(dir $@)
	msgfmt --check --output-file=$@ $<

catalogs: $(MO) ## Compile translation catalogs (msgfmt --check is the gate)

run: system-deps-run $(STAMP) catalogs ## Open Bastion (creates .venv on first use)
	$(VENV)/bin/bastion $(ARGS)

extract: $(STAMP) ## Re-extract translatable strings into translations/messages.pot
	$(PY) -m desktop.i18n.extract $(POT)

check-strings: $(STAMP) ## Fail when translations/messages.pot is stale
	$(PY) -m desktop.i18n.extract --check $(POT)

lint: $(STAMP) ## ruff (lint + format check), mypy, import contract
	$(VENV)/bin/ruff check desktop tests bench scripts packaging
	$(VENV)/bin/ruff format --check desktop tests bench scripts packaging
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: system-deps-test $(STAMP) $(SERVERS) catalogs lint check-strings ## Lint, then the whole test suite
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

test-long: system-deps-test $(STAMP) $(SERVERS) catalogs ## The gate tests at large sizes (thousands of kills, more hostile inputs)
	BASTION_LONG=1 QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS) tests/reliability tests/hostile tests/test_traces.py

bench: system-deps-test system-deps-build $(STAMP) $(SERVERS) $(PYINSTALLER) catalogs ## Benchmarks (ratios against anchors measured in the same run)
	$(PY) bench/startup.py
	$(PY) bench/unlock.py
	$(PY) bench/journal.py
	$(PY) bench/export.py
	$(PY) bench/sync.py
	$(PY) bench/bundle_size.py

screenshots: system-deps-test $(STAMP) catalogs ## Render the main screens to build/screenshots/ and the contact sheet
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py build/screenshots
	QT_QPA_PLATFORM=offscreen $(PY) scripts/contact_sheet.py build/screenshots docs/screenshots/contact-sheet.png

build: system-deps-build $(STAMP) $(PYINSTALLER) catalogs ## Frozen build: dist/bastion/, its .tar.gz and .deb (docs/packaging.md)
	scripts/build.sh $(PY)

build-test: system-deps-test $(STAMP) $(SERVERS) ## Run the frozen build (not the source): self-test, a scripted session, the .deb
	QT_QPA_PLATFORM=offscreen $(PY) scripts/build_test.py

clean: ## Remove the venv, caches and build output
	rm -rf $(VENV) build dist desktop/locale .pytest_cache .mypy_cache .ruff_cache tests/servers/node_modules
