# zitat: `make run` sets everything up and serves on embedded defaults; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BIND ?= 127.0.0.1:8000
STAMP := $(VENV)/.installed

.PHONY: setup system-deps run test openapi eval clean

setup: $(STAMP)

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
system-deps:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	else echo "warning: chromium missing and no root: browser tests will be skipped" >&2; fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch is pinned in pyproject.toml to the CPU build (2.13.0); nothing pulls a CUDA build.
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: setup
	$(BIN)/zitat serve --bind $(BIND)

test: setup system-deps
	$(BIN)/python -m pytest

openapi: setup
	$(BIN)/zitat openapi -o openapi.yaml

eval: setup
	$(BIN)/zitat evaluate --split dev

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
