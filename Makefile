# 青干通: the two commands a new user needs.
#   make run   install, migrate, load demo data, serve on http://127.0.0.1:8000
#   make test  install and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint install vendor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m cadre_portal.devserver

# Without DATABASE_URL/REDIS_URL the tests use their own embedded servers
# (in .local/test), stopped afterwards, so they never touch the demo's data.
# The suite runs on every core (pytest-xdist); PYTEST_ARGS= runs it in one process.
PYTEST_ARGS ?= -n auto

test: $(STAMP)
	@if [ -z "$$DATABASE_URL" ] || [ -z "$$REDIS_URL" ]; then \
	  export CADRE_EMBEDDED_DIR=$(CURDIR)/.local/test; \
	  $(PY) -m cadre_portal.embedded start && $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	  $(PY) -m cadre_portal.embedded stop; exit $$status; \
	else \
	  $(PY) -m pytest $(PYTEST_ARGS); \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	# duplicated helpers (pylint R0801); tests and migrations are left out
	$(VENV)/bin/pylint --disable=all --enable=duplicate-code --min-similarity-lines=8 \
	  --ignore-imports=yes --ignore-docstrings=yes --ignore-comments=yes \
	  --ignore=migrations,vendor cadre_portal pool training supervision staffing
	$(PY) manage.py makemigrations --check --dry-run

vendor:
	bash scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) .local staticfiles
