# zitat: `make run` sets everything up and serves on embedded defaults; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BIND ?= 127.0.0.1:8000
STAMP := $(VENV)/.installed

.PHONY: setup run test openapi eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch is pinned in pyproject.toml to the CPU build (2.13.0); nothing pulls a CUDA build.
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: setup
	$(BIN)/zitat serve --bind $(BIND)

test: setup
	$(BIN)/python -m pytest

openapi: setup
	$(BIN)/zitat openapi -o openapi.yaml

eval: setup
	$(BIN)/zitat evaluate --split dev

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
