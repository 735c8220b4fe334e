# Partner Certification: the commands README shows.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV_INSTALLED := $(VENV)/.dev-installed
CATALOGS := $(wildcard quiz_app/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lock lint format serve-prod bench bench-data bench-micro bench-profile bench-spy bench-instructions translations extract-messages clean

LOCK := requirements/base.txt
DEV_LOCK := requirements/dev.txt
BENCH_LOCK := requirements/bench.txt
UV_VERSION := 0.13.9

# Every package comes at the version the lock files name, transitive ones and the build
# backend included; the project itself is then installed without resolving anything.
$(INSTALLED): $(LOCK) pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(DEV_INSTALLED): $(INSTALLED) $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet -r $(DEV_LOCK)
	touch $@

## lock: refresh the lock files from pyproject.toml (LOCK_ARGS=--upgrade moves every pin to the newest release)
lock: $(INSTALLED)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile --quiet --python-version 3.11 $(LOCK_ARGS) pyproject.toml requirements/build.in -o $(LOCK)
	$(BIN)/uv pip compile --quiet --python-version 3.11 $(LOCK_ARGS) pyproject.toml --extra dev -c $(LOCK) -o $(DEV_LOCK)
	$(BIN)/uv pip compile --quiet --python-version 3.11 $(LOCK_ARGS) pyproject.toml --extra bench -c $(LOCK) -o $(BENCH_LOCK)

%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(COMPILED)

## run: install, migrate the SQLite database, load the bank, create a first admin, serve on :5000
## (with the mail sender beside it: without MAIL_URL, messages land in instance/mail/)
run: $(INSTALLED) translations
	$(BIN)/flask --app quiz_app setup
	$(BIN)/flask --app quiz_app send-mail --loop --interval 2 > instance/send-mail.log 2>&1 & \
	sender=$$!; trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask --app quiz_app run --host $(HOST) --port $(PORT)

## test: install test dependencies and run the whole suite
test: $(DEV_INSTALLED) translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## serve-prod: gunicorn with gunicorn.conf.py (set SECRET_KEY, DATABASE_URL, REDIS_URL first)
serve-prod: $(INSTALLED) translations
	$(BIN)/flask --app quiz_app db upgrade heads
	$(BIN)/gunicorn -c gunicorn.conf.py quiz_app.wsgi:app

BENCH_INSTALLED := $(VENV)/.bench-installed

$(BENCH_INSTALLED): $(INSTALLED) $(BENCH_LOCK)
	$(BIN)/python -m pip install --quiet -r $(BENCH_LOCK)
	touch $@

## bench: load benchmark on SQLite and PostgreSQL (127.0.0.1:5432/bench) when reachable, ~30 min
bench: $(BENCH_INSTALLED) translations
	timeout 3000 $(BIN)/python -m bench.run $(BENCH_ARGS)

## bench-data: pages that read histories at x1, x10, x100 data on PostgreSQL (bench_x1/x10/x100), p50/p95 and growth
bench-data: $(BENCH_INSTALLED) translations
	timeout 14400 $(BIN)/python -m bench.data_scale $(BENCH_ARGS)

## bench-micro: micro-benchmarks (scoring, bank, question page, certificate PDF)
bench-micro: $(BENCH_INSTALLED) $(DEV_INSTALLED) translations
	$(BIN)/python -m pytest -p no:cacheprovider bench/micro --benchmark-columns=min,median,mean,rounds

## bench-profile: pyinstrument profiles of the answer save and the block page under load
bench-profile: $(BENCH_INSTALLED) translations
	timeout 600 $(BIN)/python -m bench.profile $(BENCH_ARGS)

## bench-instructions: instructions per request under valgrind (save, baseline, page, submission), ~5 min
bench-instructions: $(BENCH_INSTALLED) translations
	timeout 1800 $(BIN)/python -m bench.instructions $(BENCH_ARGS)

## bench-spy: py-spy over all gunicorn workers during an open loop of saves (BENCH_ARGS=--database-url URL)
bench-spy: $(BENCH_INSTALLED) translations
	timeout 600 $(BIN)/python -m bench.spy_workers $(BENCH_ARGS)

lint: $(DEV_INSTALLED)
	$(BIN)/ruff check quiz_app tests
	$(BIN)/ruff format --check quiz_app tests
	$(BIN)/bandit -q -r quiz_app

format: $(DEV_INSTALLED)
	$(BIN)/ruff format quiz_app tests
	$(BIN)/ruff check --fix quiz_app tests

## extract-messages: refresh the catalogs after changing UI strings
extract-messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o quiz_app/translations/messages.pot .
	$(BIN)/pybabel update -i quiz_app/translations/messages.pot -d quiz_app/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) instance/*.sqlite3* $(COMPILED)
