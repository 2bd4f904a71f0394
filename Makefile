# Two commands for a newcomer: `make run` (serve) and `make test` (whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint index install clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

# Stamps: reinstall when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[st,test]'
	@touch $@ $(VENV)/.installed-run $(VENV)/.installed-eval

$(VENV)/.installed-eval: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[eval]'
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

index: $(VENV)/.installed-run  ## build index/ if it is missing, corrupt or stale
	$(BIN)/qa build --if-stale

# The multi-document corpus: the bulletin plus the 23 government work reports, read from the
# shared folder beside the project (never copied into it). Rebuilt only when stale, and then
# only the documents that changed are embedded again.
REPORTS ?= ../shared/corpus/gov-reports-2026
MULTI_INDEX ?= index-multi
.PHONY: index-multi
index-multi: $(VENV)/.installed-run  ## build index-multi/ (bulletin + reports) if stale
	$(BIN)/qa build --if-stale --corpus data --corpus $(REPORTS) --out $(MULTI_INDEX)

run: index  ## serve the API and widget on http://$(HOST):$(PORT)
	$(BIN)/qa serve --host $(HOST) --port $(PORT)

test: lint index-multi  ## lint, then the whole suite, then the eval gates
	QA_MULTI_INDEX=$(MULTI_INDEX) $(BIN)/python -m pytest
	$(MAKE) --no-print-directory eval

# Quality gates: eval/thresholds*.toml (raise them as quality improves). The bulletin's own
# gold (all configurations), its blind dev split (printed) and test splits (gated); the
# multi-document blind splits on index-multi (dev printed, tests gated).
EVAL := $(BIN)/qa eval
.PHONY: eval
eval: $(VENV)/.installed-eval index index-multi  ## score the gold sets; exit 5 under a threshold
	$(EVAL) --gold eval/gold.jsonl --thresholds eval/thresholds.toml
	$(EVAL) --gold eval/dev.jsonl --config full dense --out eval/reports/dev
	$(EVAL) --gold eval/dev2.jsonl --config full dense --out eval/reports/dev2
	$(EVAL) --gold eval/dev3.jsonl --config full dense --out eval/reports/dev3
	$(EVAL) --gold eval/dev4.jsonl --config full dense --out eval/reports/dev4
	$(EVAL) --gold eval/test.jsonl --config full dense --out eval/reports/test \
	    --thresholds eval/thresholds-test.toml
	$(EVAL) --gold eval/test2.jsonl --config full dense --out eval/reports/test2 \
	    --thresholds eval/thresholds-test2.toml
	$(EVAL) --gold eval/test3.jsonl --config full dense --out eval/reports/test3 \
	    --thresholds eval/thresholds-test3.toml
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-dev.jsonl --config full dense bm25 \
	    --out eval/reports/multi-dev
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-dev2.jsonl --config full dense bm25 \
	    --out eval/reports/multi-dev2
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-dev3.jsonl --config full dense bm25 \
	    --out eval/reports/multi-dev3
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-dev4.jsonl --config full dense bm25 \
	    --out eval/reports/multi-dev4
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-dev5.jsonl --config full dense bm25 \
	    --out eval/reports/multi-dev5
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-dev6.jsonl --config full dense bm25 \
	    --out eval/reports/multi-dev6
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-test.jsonl --config full dense bm25 \
	    --out eval/reports/multi-test --thresholds eval/thresholds-multi.toml
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-test2.jsonl --config full dense bm25 \
	    --out eval/reports/multi-test2 --thresholds eval/thresholds-multi-test2.toml
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-test3.jsonl --config full dense bm25 \
	    --out eval/reports/multi-test3 --thresholds eval/thresholds-multi-test3.toml
	$(EVAL) --index $(MULTI_INDEX) --gold eval/multi-test4.jsonl --config full dense bm25 \
	    --out eval/reports/multi-test4 --thresholds eval/thresholds-multi-test4.toml
	$(EVAL) --dialogues eval/dialogues-dev.jsonl --out eval/reports/dialogues-dev
	$(EVAL) --dialogues eval/dialogues-dev2.jsonl --out eval/reports/dialogues-dev2
	$(EVAL) --dialogues eval/dialogues-dev3.jsonl --out eval/reports/dialogues-dev3
	$(EVAL) --dialogues eval/dialogues-dev4.jsonl --out eval/reports/dialogues-dev4
	$(EVAL) --dialogues eval/dialogues-test.jsonl --out eval/reports/dialogues-test \
	    --thresholds eval/thresholds-dialogues.toml
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-dev.jsonl \
	    --out eval/reports/dialogues-multi-dev
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-dev2.jsonl \
	    --out eval/reports/dialogues-multi-dev2
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-dev3.jsonl \
	    --out eval/reports/dialogues-multi-dev3
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-dev4.jsonl \
	    --out eval/reports/dialogues-multi-dev4
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-dev5.jsonl \
	    --out eval/reports/dialogues-multi-dev5
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-dev6.jsonl \
	    --out eval/reports/dialogues-multi-dev6
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-dev7.jsonl \
	    --out eval/reports/dialogues-multi-dev7
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-dev8.jsonl \
	    --out eval/reports/dialogues-multi-dev8
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-test.jsonl \
	    --out eval/reports/dialogues-multi-test --thresholds eval/thresholds-dialogues-multi.toml
	$(EVAL) --dialogues eval/dialogues-test2.jsonl --out eval/reports/dialogues-test2 \
	    --thresholds eval/thresholds-dialogues-test2.toml
	$(EVAL) --dialogues eval/dialogues-test3.jsonl --out eval/reports/dialogues-test3 \
	    --thresholds eval/thresholds-dialogues-test3.toml
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-test2.jsonl \
	    --out eval/reports/dialogues-multi-test2 \
	    --thresholds eval/thresholds-dialogues-multi-test2.toml
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-test3.jsonl \
	    --out eval/reports/dialogues-multi-test3 \
	    --thresholds eval/thresholds-dialogues-multi-test3.toml
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-test4.jsonl \
	    --out eval/reports/dialogues-multi-test4 \
	    --thresholds eval/thresholds-dialogues-multi-test4.toml
	$(EVAL) --index $(MULTI_INDEX) --dialogues eval/dialogues-multi-test5.jsonl \
	    --out eval/reports/dialogues-multi-test5 \
	    --thresholds eval/thresholds-dialogues-multi-test5.toml

# The widget's browser tests need Debian's chromium and CJK fonts (apt-get, only if missing).
.PHONY: browser
test: browser
browser:
	bash .ci/install-browser

lint: $(VENV)/.installed-test
	$(BIN)/ruff check qa api tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) index/builds index/current index/.tmp-* $(MULTI_INDEX) .pytest_cache \
	    .mypy_cache .ruff_cache

.PHONY: soak
soak: index $(VENV)/.installed-test  ## 32 clients, good/bad/slow/aborted requests, 60 s, /healthz within 100 ms (bench/soak.py)
	$(BIN)/python bench/soak.py --duration 60 --clients 32 --max-health-ms 100 $(SOAK_ARGS)

.PHONY: bench bench-quick
bench: $(VENV)/.installed-test index index-multi  ## all benchmarks (5-10 min; 1M-vector scale run): tables, bench/results/
	$(BIN)/python bench/run.py

bench-quick: $(VENV)/.installed-test index index-multi  ## the same with fewer requests, scale up to 100k vectors
	$(BIN)/python bench/run.py --quick
