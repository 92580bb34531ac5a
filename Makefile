# Two entry points on a fresh machine: `make chat` (console conversation, no Discord token
# needed) and `make test`. Each creates the virtual environment on first use, with the
# runtime and the `model` extra (torch, to export the encoder). `make runtime` builds the
# lean, torch-free install in .venv-runtime (what the Docker image runs).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_VENV := .venv-runtime
RUNTIME_STAMP := $(RUNTIME_VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: chat test run lint bench export runtime clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: anything else pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[model,dev]'
	touch $(STAMP)

# The runtime alone: `pip install .`, no torch. It needs an export (`make export`, or
# ENCODER_DIR pointing at one) and says so in one line when there is none. Not an editable
# install, so it is made again whenever a source file changes.
PACKAGE_FILES := $(shell find knowledge embeddings moderation community storage bot -type f \
                   -not -path '*/__pycache__/*' 2>/dev/null)
$(RUNTIME_STAMP): pyproject.toml $(PACKAGE_FILES)
	test -d $(RUNTIME_VENV) || $(PYTHON) -m venv $(RUNTIME_VENV)
	$(RUNTIME_VENV)/bin/pip install --quiet --upgrade pip
	$(RUNTIME_VENV)/bin/pip install --quiet .
	touch $(RUNTIME_STAMP)

runtime: $(RUNTIME_STAMP)

# The ONNX encoder, into ENCODER_DIR (else DATA_DIR/encoder); remade only when stale.
export: $(STAMP)
	$(BIN)/llc-bot model export

chat: $(STAMP)
	$(BIN)/llc-bot chat

run: $(STAMP)
	$(BIN)/python -m bot

# Two workers, one a core: the suite is twice as fast, and every test is independent. The
# encoder is exported first (once per environment, where tests/conftest.py looks for it),
# so no test spends its time limit waiting for the export.
test: export ENCODER_DIR ?= $(abspath $(VENV))/llc-bot-encoder
test: $(STAMP)
	$(BIN)/llc-bot model export
	$(BIN)/python -m pytest -q -rs -n 2

# ruff on everything; mypy as configured in pyproject.toml (strict below the Discord layer).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(RUNTIME_VENV)
