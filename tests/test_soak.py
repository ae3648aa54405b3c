"""The CI variant of the soak test: 60 s of mixed hits, misses and bad requests at concurrency 32."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from service.config import REPO_ROOT

pytestmark = pytest.mark.slow


def test_soak_one_minute(tmp_path):
    summary_path = tmp_path / "soak.json"
    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "soak.py"), "--seconds", "60", "--warmup", "20",
         "--output", str(tmp_path / "soak.md"), "--json", str(summary_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900,
    )
    print(completed.stdout[-4000:])
    summary = json.loads(summary_path.read_text())
    assert summary["valid_requests"] > 0 and summary["bad_requests"] > 0
    assert summary["valid_errors"] == 0, summary["valid_error_details"]
    assert summary["bad_unexpected"] == 0
    assert summary["memory"]["rss_growth"] <= 0.10, summary["memory"]
    assert completed.returncode == 0, completed.stderr[-3000:]
