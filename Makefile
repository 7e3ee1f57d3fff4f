# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8501
STORE_PORT ?= 7878

.PHONY: run serve test lint format bench bench-network eval clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Create the venv, install, create the store from data/ on first run, serve the explorer
## (serve.py: app.py plus the login link it prints, security headers, no public metrics).
run: $(STAMP)
	$(BIN)/praxis init --if-empty
	$(BIN)/streamlit run serve.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## Serve a chapter: the store as a server on 127.0.0.1:$(STORE_PORT) and the explorer as its
## client, stopped together (Ctrl-C); while it runs every praxis command uses the same store.
## Beyond loopback (HOST=0.0.0.0) it needs the users file. PRAXIS_BACKUP_DIR=...: daily backups.
## Followed chapters are synced every PRAXIS_PEER_SYNC_HOURS hours (default 24).
serve: $(STAMP)
	$(BIN)/praxis init --if-empty
	$(BIN)/praxis serve --host $(HOST) --port $(PORT) --store-port $(STORE_PORT)

## Install, check lint and formatting, run every test.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmarks: ratios against raw pyoxigraph and rdflib, written to bench/results.json.
## make bench SIZES=1m BACKENDS=embedded: a million statements on the embedded store (about 8 minutes).
SIZES ?= 10k,100k
BACKENDS ?= embedded,memory,remote
bench: $(STAMP)
	$(BIN)/python -m bench.run --sizes $(SIZES) --backends $(BACKENDS)

## Other chapters at the scale issue 22 names (about 30 minutes on 2 cores): 100 chapters of 100k
## public statements synced from loopback, then the network's answers over 10M statements.
bench-network: $(STAMP)
	$(BIN)/python -m bench.peers --peers 100 --statements 100k --no-shapes
	$(BIN)/python -m bench.network --peers 100 --lessons 11300

## Readings for a campaign: nDCG@10, recall@10 and MRR against bench/judgments.csv.
eval: $(STAMP)
	$(BIN)/python -m bench.eval_suggest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
