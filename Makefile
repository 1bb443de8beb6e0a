# Ruche: `make demo` sets everything up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install migrate seed serve test lint format check-deploy bench-seed bench clean

$(BIN)/ruche: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/ruche

migrate: install
	$(BIN)/ruche migrate --noinput

seed: migrate
	$(BIN)/ruche seed-demo

serve: install
	@echo "Serving the demo on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	$(BIN)/ruche runserver $(HOST):$(PORT)

demo: seed serve

# In parallel (pytest-xdist): one worker per core, at most 4; each worker has its own test
# database (SQLite or PostgreSQL) and its own live server for the browser tests.
# TEST_ARGS="-p no:xdist" runs them in one process; TEST_ARGS="-n 2 ruche/forum" a part.
TEST_ARGS ?= -n auto --maxprocesses 4
test: install
	$(BIN)/pytest $(TEST_ARGS)

# ruff, then the layers between apps (import-linter's contracts in pyproject.toml).
lint: install
	$(BIN)/ruff check ruche
	$(BIN)/ruff format --check ruche
	$(BIN)/lint-imports --no-logo

format: install
	$(BIN)/ruff check --fix ruche
	$(BIN)/ruff format ruche

check-deploy: install
	RUCHE_ENV=production SECRET_KEY=check-only-$$(date +%s)-a-long-random-secret-value-for-the-check \
	ALLOWED_HOSTS=community.example.org $(BIN)/ruche check --deploy --fail-level WARNING

bench-seed: install
	$(BIN)/ruche migrate --noinput
	$(BIN)/ruche seed-demo --scale large

# The forum and ideas benchmarks, on PostgreSQL only (SQLite figures say nothing about production):
#   make bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/ruche_bench
# seed-demo adds the large volumes once (it says so and skips them when they are there).
bench: install
	@case "$$DATABASE_URL" in \
	  postgres://*|postgresql://*|pgsql://*) ;; \
	  *) echo "make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/dbname" \
	       "(currently: $${DATABASE_URL:-unset, which means SQLite})." >&2; exit 2 ;; \
	esac
	$(BIN)/ruche migrate --noinput
	$(BIN)/ruche seed-demo --scale large
	$(BIN)/ruche bench forum
	$(BIN)/ruche bench recognition
	$(BIN)/ruche bench ideas

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
