# The two commands of the README:
#   make run    install, migrate, deploy bpmn/, demo data, then API (gunicorn :8000) + worker + emulators
#   make test   install what the tests need (PostgreSQL, Chromium) and run the suite on SQLite and PostgreSQL
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PGPORT ?= 55432
PG_TEST_URL := postgresql+psycopg://postgres@127.0.0.1:$(PGPORT)/reglament_test
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres check bench lint clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	bash scripts/system-deps.sh
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

run: install
	bash scripts/run.sh

test: install
	bash scripts/test-services.sh start
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(PY) scripts/check_module_size.py
	$(BIN)/reglament lint bpmn/

test-sqlite: install
	@echo "== test suite on SQLite =="
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	@echo "== test suite on PostgreSQL =="
	TEST_DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest $(PYTEST_ARGS)

bench: install
	bash scripts/test-services.sh start
	BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$(PGPORT)/reglament_bench $(PY) -m bench

clean:
	rm -rf var build *.egg-info
