# zitat: `make run` sets everything up and serves on embedded defaults; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BIND ?= 127.0.0.1:8000
STAMP := $(VENV)/.installed

.PHONY: setup system-deps run test security openapi eval clean

setup: $(STAMP)

# Debian packages the tests use: Chromium for the browser tests (Playwright never downloads a
# browser here), jq/curl/node for the integration guide's examples. Installed when missing.
SYSTEM_PACKAGES := chromium fonts-dejavu-core jq curl nodejs
system-deps:
	@missing=0; for tool in chromium jq curl node; do command -v $$tool >/dev/null 2>&1 || missing=1; done; \
	if [ $$missing = 0 ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "warning: $(SYSTEM_PACKAGES) not all installed and no root: those tests will be skipped" >&2; fi

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

# bandit over service/ and scripts/ (fails on medium/high findings) and pip-audit (fails on a known
# vulnerability; says so plainly, without failing, when the vulnerability data cannot be reached).
security: setup
	$(BIN)/python scripts/security_checks.py

openapi: setup
	$(BIN)/zitat openapi -o openapi.yaml

eval: setup
	$(BIN)/zitat evaluate --split dev

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
