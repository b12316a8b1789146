# journalfeed — the two commands of the README, plus helpers for developers.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1

.PHONY: run test install install-dev lint format check-migrations bench clean

# The venv is rebuilt when pyproject.toml changes; uv makes installs ~5x faster than pip.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip uv
	$(VENV)/bin/uv pip install -q --python $(PY) -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The whole site on the embedded defaults: SQLite, eager Celery, in-process wake-ups.
run: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py ensure_admin
	DEBUG=$${DEBUG:-1} $(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --workers $(WORKERS)

# The whole test suite (on whatever DATABASE_URL / REDIS_URL the environment gives).
test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
