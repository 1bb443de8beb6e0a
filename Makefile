# Ruche: `make demo` sets everything up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install migrate seed serve test lint format check-deploy bench-seed clean

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

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check ruche
	$(BIN)/ruff format --check ruche

format: install
	$(BIN)/ruff check --fix ruche
	$(BIN)/ruff format ruche

check-deploy: install
	RUCHE_ENV=production SECRET_KEY=check-only-$$(date +%s)-a-long-random-secret-value-for-the-check \
	ALLOWED_HOSTS=community.example.org $(BIN)/ruche check --deploy --fail-level WARNING

bench-seed: install
	$(BIN)/ruche migrate --noinput
	$(BIN)/ruche seed-demo --scale large

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
