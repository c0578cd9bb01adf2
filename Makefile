# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Two workers (pytest-xdist), one per core of the CI machine; `PYTEST_ARGS="-n 0"` runs serially.
PYTEST_ARGS ?= -n 2

.PHONY: run test lint format bench clean lock

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# The lock: requirements.in / requirements-dev.in hold the ranges we accept; pip-compile
# writes the exact versions and every file's hash to requirements.txt / requirements-dev.txt.
# Existing pins are kept unless they leave the ranges; `make lock UPGRADE=1` takes the newest.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	$(if $(UPGRADE),--upgrade)

## Recompile the pinned, hashed requirements*.txt from requirements*.in (pip-tools).
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet "pip-tools>=7.4,<8"
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

## Start ipplan on 127.0.0.1:$(PORT) with SQLite, in-process Celery, the seed plans and demo users.
run: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed
	@echo "ipplan: http://127.0.0.1:$(PORT)/  (管理后台 http://127.0.0.1:$(PORT)/admin/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## Run the whole test suite (SQLite by default; PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set).
test: $(VENV)/.dev
	bash scripts/ensure-browser.sh
	bash scripts/ensure-npm.sh
	bash scripts/ensure-libreoffice.sh
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Benchmarks: median / p95 server time and SQL query counts per scenario, in their own
## database (bench.sqlite3 unless DATABASE_URL names one; never the db.sqlite3 of `make run`).
bench: $(VENV)/.dev
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* bench.sqlite3 staticfiles .pytest_cache
