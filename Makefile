# Two commands on a fresh machine (README): `make demo` sets up and runs the pipeline on a built-in
# sample; `make test` runs the whole test suite. Installs are locked: constraints.txt holds the
# exact versions the suite passed with (`make lock` refreshes it; `make test-latest` tries today's).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo-out
LOCK := constraints.txt
# The lock applies to every pip call, build environments included (PIP_CONSTRAINT reaches them).
LOCKED := PIP_CONSTRAINT=$(abspath $(LOCK))
# torch 2.13.0 first: its CPU build lies on this machine's disk (a plain `torch` pulls CUDA).
TORCH := torch==2.13.0
TRAIN_TESTS := tests/test_train.py tests/test_train_past_eval.py tests/test_train_data.py tests/test_eval_end_to_end.py

.PHONY: setup demo test test-fast test-latest lock lint clean

$(BIN)/curate: pyproject.toml $(LOCK)
	$(PY) -m venv $(VENV)
	$(LOCKED) $(BIN)/pip install -q --upgrade pip
	$(LOCKED) $(BIN)/pip install -q "$(TORCH)"
	$(LOCKED) $(BIN)/pip install -q -e ".[train,dev]"
	touch $(BIN)/curate

setup: $(BIN)/curate

demo: setup
	$(BIN)/curate synth -n 2000 --seed 0 -o $(DEMO)/nariraksha.parquet
	$(BIN)/curate audit $(DEMO)/nariraksha.parquet -o $(DEMO)/audit --fail-on never
	$(BIN)/curate split $(DEMO)/nariraksha.parquet --audit $(DEMO)/audit --stratify risk_type,severity \
		--dedup near --reweight template --holdout-templates reasoning:0.1 --out $(DEMO)/split
	$(BIN)/curate tiny-model $(DEMO)/tiny-model --data $(DEMO)/split
	$(BIN)/curate train $(DEMO)/split --recipe tiny-cpu --model $(DEMO)/tiny-model --out $(DEMO)/run
	$(BIN)/curate eval $(DEMO)/run --split $(DEMO)/split --limit 100
	@echo "open $(DEMO)/audit/report.html"

test: setup
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow and not browser and not train"

# The newest releases pyproject.toml's ranges admit, in their own venv: reports, never gates.
test-latest:
	rm -rf .venv-latest && $(PY) -m venv .venv-latest
	.venv-latest/bin/pip install -q --upgrade pip
	.venv-latest/bin/pip install -q "$(TORCH)"
	.venv-latest/bin/pip install -q --upgrade --upgrade-strategy eager -e ".[train,dev]"
	.venv-latest/bin/pip freeze --exclude-editable | grep -iE '^(torch|transformers|peft|bitsandbytes|accelerate|safetensors|kernels|tokenizers)=='
	-.venv-latest/bin/python -m pytest -q $(TRAIN_TESTS) || echo "test-latest: the newest releases FAIL the train/eval tests (the lock still passes)"

# Refresh the lock: resolve the newest releases within pyproject.toml's ranges in a fresh venv, run
# the whole suite there, and write constraints.txt only if it passed.
lock:
	rm -rf .venv-lock && $(PY) -m venv .venv-lock
	.venv-lock/bin/pip install -q --upgrade pip
	.venv-lock/bin/pip install -q "$(TORCH)"
	.venv-lock/bin/pip install -q -e ".[train,dev]"
	.venv-lock/bin/python -m pytest -q
	{ echo "# The exact versions \`make test\` passed with (Python 3.11, Linux x86-64). Refresh: make lock."; \
	  echo "# torch is pinned without its +cpu tag so a CUDA build of the same release also satisfies it."; \
	  .venv-lock/bin/pip freeze --all --exclude-editable | sed 's/^torch==\([^+]*\)+.*/torch==\1/' | LC_ALL=C sort -f; } > $(LOCK).tmp
	mv $(LOCK).tmp $(LOCK)
	rm -rf .venv-lock

clean:
	rm -rf $(DEMO)
