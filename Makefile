# The portal's two everyday commands are `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test check lint messages install clean

install: $(STAMP)

# Re-install only when the dependency list changes.
$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

## Set up and serve the portal on SQLite with Celery eager and the demo data.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (DATABASE_URL / REDIS_URL when set, SQLite and memory otherwise),
## in TEST_WORKERS processes (pytest-xdist; each has its own test database and, from REDIS_URL's
## number on, its own Redis database). TEST_WORKERS=0 runs it in this process. Each process
## takes the tests in pytest-django's order (--dist load, not worksteal): the tests that commit
## (the browser's) come last, since they end by emptying the tables, migrations' rows included.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

## Static checks CI runs beside the tests.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=renovation.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/compile_messages.py --check
	DJANGO_SETTINGS_MODULE=renovation.settings.production \
	  SECRET_KEY="ci-throwaway-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
	  ALLOWED_HOSTS=portal.example.org DATABASE_URL=sqlite:///:memory: \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

## Extract the translatable strings (needs GNU gettext) and recompile the catalogues; new and
## changed strings are listed and left empty for a translator (make check fails until done).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'scripts/*'
	$(BIN)/python scripts/compile_messages.py --drop-fuzzy

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
