# Two commands for a newcomer on a fresh Debian machine: `make demo` and `make test`.
# Both set everything up first: system libraries (tools/ensure-sysdeps.sh), .venv, the project.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out
# The example states its facts as of 30 May 2023 (examples/cases/khamroev.yaml, as_of): the
# demo's documents are dated two days later, as a campaigner would have sent them then, so they
# state those facts as current. Dated today, they would say "as of 30 May 2023" and warn that
# the facts are old, as they do for a user's stale case. Set DEMO_DATE= to date them today.
DEMO_DATE ?= 2023-06-01

# Under CI nothing skips: the programs that open our Word documents (LibreOffice, pandoc) too.
ifneq ($(filter true 1 yes,$(CI)),)
SYSDEPS_GROUPS := office browser
endif

.PHONY: all setup sysdeps demo test test-hostile lint typecheck translations docs unit bench wheel clean studio

all: test

sysdeps:
	@bash tools/ensure-sysdeps.sh $(SYSDEPS_GROUPS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	@touch $(STAMP)

setup: sysdeps $(STAMP)

demo: setup
	$(BIN)/advocacy-docs demo -o $(OUT) $(if $(DEMO_DATE),--date $(DEMO_DATE))
	$(BIN)/advocacy-docs campaign examples/campaigns/khamroev-embassies.yaml -o $(OUT)/campaign --quiet

lint: setup
	$(BIN)/ruff check advocacy_docs tests tools bench
	$(BIN)/ruff format --check advocacy_docs tests tools bench

typecheck: setup
	$(BIN)/mypy --strict advocacy_docs

# The studio over the examples: the address to open is the first line it prints.
studio: setup
	$(BIN)/python -m pip install --quiet -e '.[studio]'
	$(BIN)/advocacy-docs studio examples

# Every shipped locale complete, and no catalog mistake that would break a document.
translations: setup
	$(BIN)/advocacy-docs i18n extract --check
	$(BIN)/advocacy-docs i18n status --strict
	$(BIN)/advocacy-docs i18n check

# The API reference (from the docstrings) and the guides, into site/; a warning fails the build.
docs: setup
	$(BIN)/mkdocs build --strict --quiet

unit: setup
	$(BIN)/pytest -n auto -q

test: lint typecheck translations docs unit

# The suite once more where nothing is as on a developer's machine: a clock that says the machine
# booted 5 s ago, TZ=Pacific/Kiritimati, LANG=C, a read-only $$HOME, another current folder.
test-hostile: setup
	cd "$$(mktemp -d)" && $(CURDIR)/tools/hostile-surroundings.sh \
		$(CURDIR)/$(BIN)/pytest -n auto -q -p no:cacheprovider --rootdir=$(CURDIR) $(CURDIR)/tests

bench: setup
	$(BIN)/python bench/run.py

wheel: setup
	$(BIN)/python -m build --wheel --outdir dist .

clean:
	rm -rf $(OUT) dist build site .pytest_cache .mypy_cache .ruff_cache
