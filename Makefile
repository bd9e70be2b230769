# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE ?= ../shared/examples/putin-nato-sachkhabrain.txt
DATA ?= ../shared/data

.PHONY: run test bench lint eval clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reportage analyze $(EXAMPLE)

test: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check reportage tests benchmarks

eval: $(STAMP)
	$(BIN)/reportage eval polnear --data $(DATA)/polnear/dev --baseline quotes
	$(BIN)/reportage eval polnear --data $(DATA)/polnear/dev
	$(BIN)/reportage eval polnear --data $(DATA)/polnear/train --baseline quotes
	$(BIN)/reportage eval polnear --data $(DATA)/polnear/train
	$(BIN)/reportage eval plover-actors --data $(DATA)/plover/plover_gsr_dev.json
	$(BIN)/reportage eval plover --data $(DATA)/plover/plover_gsr_dev.json

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
