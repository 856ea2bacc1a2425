# mashdb: two commands on a fresh machine — `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint sqllint bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

## demo: install, start the embedded PostgreSQL, migrate to head, print status
demo: $(STAMP)
	$(BIN)/mashdb server start
	$(BIN)/mashdb migrate
	$(BIN)/mashdb status

## test: install, lint (ruff, then mashdb lint: the one SQL gate, with mashdb.toml's [lint]
## severities and ignores), then the whole suite on real PostgreSQL (embedded or DATABASE_URL)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mashdb lint sql
	$(BIN)/pytest -n 2 --dist loadgroup -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/mashdb lint sql

bench: $(STAMP)
	$(BIN)/python -m bench --scale full

bench-quick: $(STAMP)
	$(BIN)/python -m bench --scale quick

clean:
	-$(BIN)/mashdb server stop
	rm -rf $(VENV) .mashdb
