# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step they use.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
SCALE ?= 0.05
COUNTRY ?= uganda
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/custodia

.PHONY: demo test test-sqlite test-postgres bench setup venv assets messages lint clean

demo: setup
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py demo --country $(COUNTRY) --scale $(SCALE) --if-empty
	$(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

# The two databases are tested side by side (each pytest uses one core), each run's output kept whole.
test: setup
	bash scripts/ensure-system-deps.sh
	$(MAKE) lint
	bash scripts/ensure-postgres.sh
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -q

test-postgres:
	bash scripts/ensure-postgres.sh
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

bench: setup
	$(PYTHON) bench/run.py

setup: venv assets messages

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(PYTHON) || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $@

assets: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Catalogues are compiled with Babel at set-up, so no gettext tools are needed to run Custodia.
messages: venv
	$(BIN)/pybabel -q compile -d custodia/locale -D django

lint: venv
	$(BIN)/ruff check .
	$(PYTHON) manage.py makemigrations --check --dry-run >/dev/null

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* var/static
