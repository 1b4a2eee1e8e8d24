# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step they use.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
SCALE ?= 0.05
COUNTRY ?= uganda
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/custodia
# Custodia runs hardened unless told otherwise (config/settings.py); the demo, the tests and the
# bench run on one machine, over plain HTTP, with a development key.
export CUSTODIA_ENV ?= development

.PHONY: demo test test-sqlite test-postgres bench loadtest load setup venv assets messages var lint clean

# The server and the worker of background jobs beside it (scripts/demo-serve.sh), stopped together.
demo: setup
	bash scripts/ensure-system-deps.sh
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py demo --country $(COUNTRY) --scale $(SCALE) --if-empty
	PYTHON=$(PYTHON) PORT=$(PORT) bash scripts/demo-serve.sh

# `make test` runs the two databases side by side, one pytest each, each run's output kept whole:
# that keeps both cores busy with the least start-up (measured against one database after the
# other, each over two xdist workers). It runs the browser tests once, on SQLite: they drive pages
# whose views the rest of the suite runs on both databases, and without them PostgreSQL's run, the
# longer, ends nearer SQLite's. Run alone, test-sqlite and test-postgres run every test, spread over
# WORKERS pytest-xdist workers, each with a database of its own. The 15 slowest tests are printed so
# that slow ones stay visible.
WORKERS ?= 2
PYTEST_RUN = $(BIN)/pytest -q -n $(WORKERS) --dist worksteal --durations=15

test: setup
	bash scripts/ensure-system-deps.sh
	$(MAKE) lint
	bash scripts/ensure-postgres.sh
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres WORKERS=0 PG_SELECT="not browser"

test-sqlite:
	$(PYTEST_RUN)

test-postgres:
	bash scripts/ensure-postgres.sh
	DATABASE_URL=$(PG_URL) $(PYTEST_RUN) $(if $(PG_SELECT),-m "$(PG_SELECT)")

# The main pages (bench/run.py), then the search of names over 100,000 people on SQLite and
# PostgreSQL (bench/name_search.py: recall@10, nomatch share in the top 10, p50 and p95).
bench: setup
	$(PYTHON) bench/run.py
	bash scripts/ensure-postgres.sh
	$(PYTHON) bench/name_search.py

# Many officers at once (bench/load.py), with Locust from a virtual environment of its own: fifty
# for five minutes on PostgreSQL, then a minute at each larger count to find how many hold p95
# 500 ms, then ten on the embedded SQLite file. Both runs go ahead; the exit status says if either missed.
LOAD_VENV := $(VENV)-load
LOAD_RUN := $(PYTHON) bench/load.py --locust $(LOAD_VENV)/bin/locust
loadtest: setup
	bash scripts/ensure-postgres.sh
	test -x $(LOAD_VENV)/bin/locust || ($(PY) -m venv $(LOAD_VENV) || python3 -m venv $(LOAD_VENV))
	test -x $(LOAD_VENV)/bin/locust || $(LOAD_VENV)/bin/pip install --quiet "$$(sed -n 's/^load = \["\(locust==[^"]*\)"\]/\1/p' pyproject.toml)"
	$(LOAD_RUN) --steps 20,30,40,50,75,100,150,200; postgres=$$?; $(LOAD_RUN) --sqlite --users 10; exit $$((postgres | $$?))

load: loadtest

setup: venv assets messages var

# The data directory (SQLite, backups, static files); the settings create nothing themselves.
var:
	mkdir -p var/static

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(PYTHON) || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $@

# The front-end packages, pinned in package-lock.json: Bootstrap, htmx and Chart.js, which WhiteNoise
# serves from node_modules (config/settings.py, STATICFILES_DIRS: nothing is copied), and axe-core,
# which the browser tests inject and nothing serves. npm ci runs again only when the lock changes, and
# takes from npm's cache what it already holds: once installed, set-up works offline.
assets: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --prefer-offline --no-audit --no-fund --loglevel=error

# Catalogues are compiled with Babel at set-up, so no gettext tools are needed to run Custodia.
messages: venv
	$(BIN)/pybabel -q compile -d custodia/locale -D django

# mypy checks everything afresh (pyproject.toml: incremental = false): django-stubs reads the
# settings when it runs, and mypy's cache would not see a change there.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(PYTHON) manage.py makemigrations --check --dry-run >/dev/null

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* var/static
