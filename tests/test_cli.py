"""The `zitat` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import assert_offsets_valid
from service import __version__
from service.cli import openapi_yaml
from service.config import REPO_ROOT

ZITAT = str(Path(sys.executable).with_name("zitat"))


def run_zitat(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([ZITAT, *args], input=stdin, capture_output=True, text=True, timeout=300)


def test_version():
    result = run_zitat("version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_evaluate_takes_its_own_options():
    result = run_zitat("evaluate", "--help")
    assert result.returncode == 0 and "--split" in result.stdout


def test_analyze_file_and_stdin():
    seed = sorted((REPO_ROOT / "seeds").glob("*.txt"))[3]
    text = seed.read_text(encoding="utf-8")
    from_file = run_zitat("analyze", str(seed), "--id", "seed-3")
    assert from_file.returncode == 0, from_file.stderr
    body = json.loads(from_file.stdout)
    assert body["id"] == "seed-3" and body["quotes"]
    assert_offsets_valid(body, text)
    from_stdin = run_zitat("analyze", "-", stdin="„Wir sind bereit“, sagte Merz.")
    assert from_stdin.returncode == 0, from_stdin.stderr
    quotes = json.loads(from_stdin.stdout)["quotes"]
    assert quotes and "Wir sind bereit" in quotes[0]["text"]


def test_analyze_rejects_empty_input_with_a_problem():
    result = run_zitat("analyze", "-", stdin="   ")
    assert result.returncode != 0
    problem = json.loads(result.stderr)
    assert problem["status"] == 422 and "text" in problem["errors"]


def test_committed_openapi_is_up_to_date():
    committed = (REPO_ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert openapi_yaml() == committed, "openapi.yaml is stale: run `make openapi`"
