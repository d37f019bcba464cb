# Trygg: `make demo` runs it, `make test` checks it. The logic lives in scripts/.
# Variables: VENV (virtual environment, default .venv), PYTHON (a Python 3.11 interpreter),
# HOST and PORT (where `make demo` serves, default 127.0.0.1:8000), PYTEST_ARGS (extra pytest arguments).

VENV ?= .venv
export VENV
PY := $(VENV)/bin/python

.DEFAULT_GOAL := help
.PHONY: help demo demo-data test bench-people bench-cases bench-tracing lint messages check-messages compilemessages venv lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

demo: ## Set up the embedded demo (venv, database in ./data, demo data) and serve it on 127.0.0.1:8000
	@scripts/demo.sh

demo-data: ## The same preparation as `make demo`, without starting the server
	@scripts/demo.sh --prepare-only

test: ## Install what the tests need, then ruff, migrations, catalogues, checks, pytest (SQLite, PostgreSQL)
	@scripts/test.sh

bench-people: venv-dev ## Benchmark person search and the person page at 10,000 and 100,000 persons (PostgreSQL)
	$(PY) bench/people_search.py --sizes 10000 100000

bench-cases: venv-dev ## Benchmark case list, filters, name search and case page at 10,000 and 1,000,000 cases (PostgreSQL)
	$(PY) bench/cases.py --sizes 10000 1000000

bench-tracing: venv-dev ## Matching engine vs Splink (FEBRL4, two tracing sets); one request vs 10,000 and 1,000,000 children (PostgreSQL)
	$(PY) -m pip install --quiet -r requirements/bench.txt
	$(PY) bench/tracing.py
	$(PY) bench/tracing_scale.py --sizes 10000 1000000

lint: venv-dev ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: venv-dev ## Update the Norwegian catalogue (trygg/locale/nb) with the strings in the code, for translators
	$(PY) scripts/check_messages.py --update

check-messages: venv-dev ## Fail when the catalogue is stale, untranslated or fuzzy (part of `make test`)
	$(PY) scripts/check_messages.py

compilemessages: venv-dev ## Compile the .po catalogues into .mo files (build output, not in git)
	@bash -c 'source scripts/lib.sh && PY="$$(cd "$(VENV)" && pwd)/bin/python" && compile_messages'

venv: ## Create the virtual environment with requirements/base.txt
	@bash -c 'source scripts/lib.sh && ensure_system_packages && ensure_venv base'

venv-dev:
	@bash -c 'source scripts/lib.sh && ensure_system_packages && ensure_venv dev'

lock: ## Re-pin requirements/*.txt from requirements/*.in in a scratch environment
	@scripts/lock.sh

clean: ## Remove build output (compiled catalogues, collected static files); keeps ./data and the venv
	rm -rf staticfiles test-results
	find trygg -name '*.mo' -delete
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
