"""docs/integration.md runs: every ```bash, ```python and ```js block is executed against a real
HTTP server (the app on the shipped model, a real Redis, API keys and a rate limit on) with a real
`zitat worker` process for the job examples, so the guide cannot drift from the service.

Python blocks run in order in one interpreter (they build on each other, like a notebook);
bash and JavaScript blocks stand alone. All run in a scratch directory that has `seeds/`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
import yaml

from service.config import REPO_ROOT
from server_thread import serve

pytestmark = pytest.mark.slow

GUIDE = REPO_ROOT / "docs" / "integration.md"
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
API_KEY = "guide-test-key"
BLOCK_TIMEOUT_S = 300

# Runs the guide's Python blocks one after the other in one namespace; a failure names its line.
PYTHON_DRIVER = """
import json, sys
namespace = {"__name__": "__main__"}
for line, code in json.load(sys.stdin):
    print(f"--- docs/integration.md:{line}", flush=True)
    exec(compile(code, f"docs/integration.md:{line}", "exec"), namespace)
"""


def guide_blocks(language: str) -> list[tuple[int, str]]:
    text = GUIDE.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(2))
        for match in FENCE.finditer(text)
        if match.group(1) == language
    ]


def block_id(block: tuple[int, str]) -> str:
    return f"line{block[0]}"


@pytest.fixture(scope="module")
def service_url(pipeline, redis_server):
    worker = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "worker"],
        cwd=REPO_ROOT,
        env=dict(os.environ, REDIS_URL=redis_server.url, TORCH_THREADS="1", LOG_LEVEL="WARNING"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_until_registered(worker, redis_server.url)
        with serve(pipeline, redis_server.url, api_keys=(API_KEY,), rate_limit="1000/minute") as server:
            yield server.url
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        # Still running at the end means it was healthy; an early exit is worth a look.
        assert worker.returncode in (0, -signal.SIGTERM), worker.stderr.read().decode()[-3000:]


def wait_until_registered(worker: subprocess.Popen, redis_url: str, timeout_s: float = 300) -> None:
    """Block until the RQ worker has loaded the model and registered itself in Redis."""
    from rq import Worker

    connection = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout_s
    while not Worker.all(connection=connection):
        if worker.poll() is not None:
            raise AssertionError(f"zitat worker exited ({worker.returncode}): {worker.stderr.read().decode()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"zitat worker did not register within {timeout_s} s")
        time.sleep(0.5)
    connection.close()


@pytest.fixture()
def workdir(tmp_path) -> Path:
    (tmp_path / "seeds").symlink_to(REPO_ROOT / "seeds", target_is_directory=True)
    return tmp_path


def run_block(command: list[str], code: str, workdir: Path, url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ZITAT_URL=url, ZITAT_API_KEY=API_KEY)
    return subprocess.run(command, input=code, text=True, capture_output=True, cwd=workdir, env=env, timeout=BLOCK_TIMEOUT_S)


def assert_ran(result: subprocess.CompletedProcess, where: str) -> None:
    assert result.returncode == 0, f"{where} failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"


def test_the_guide_has_examples_of_every_kind():
    assert len(guide_blocks("bash")) >= 4
    assert len(guide_blocks("python")) >= 6
    assert guide_blocks("js")


@pytest.mark.parametrize("block", guide_blocks("bash"), ids=block_id)
def test_shell_example(block, service_url, workdir):
    for tool in ("curl", "jq"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed (apt-get install {tool})")
    line, code = block
    assert_ran(run_block(["bash", "-euo", "pipefail"], code, workdir, service_url), f"docs/integration.md:{line}")


def test_python_examples_in_order(service_url, workdir):
    blocks = guide_blocks("python")
    result = run_block([sys.executable, "-c", PYTHON_DRIVER], json.dumps(blocks), workdir, service_url)
    assert_ran(result, "the Python examples")
    print(result.stdout)  # what a reader sees (pytest -s)
    assert result.stdout.count("--- docs/integration.md:") == len(blocks)


@pytest.mark.parametrize("block", guide_blocks("js"), ids=block_id)
def test_javascript_example(block, service_url, workdir):
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        pytest.skip("Node.js is not installed (apt-get install nodejs) to run the guide's JavaScript example")
    line, code = block
    assert_ran(run_block([node, "--input-type=module"], code, workdir, service_url), f"docs/integration.md:{line}")


def test_sample_answer_has_the_shape_of_a_real_one(service_url):
    """The shortened ```json answer in the guide has the keys a real answer has, at every level."""
    (line, sample_text), = guide_blocks("json")
    sample = json.loads(sample_text)
    text = (REPO_ROOT / "seeds" / "001_edb1c1881d0c4549.txt").read_text(encoding="utf-8")
    response = requests.post(
        f"{service_url}/v1/quotes",
        json={"text": text, "id": sample["id"], "title": sample["title"]},
        headers={"Authorization": f"Bearer {API_KEY}"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert_same_keys(key_shape(sample), key_shape(response.json()), f"docs/integration.md:{line}")


def key_shape(value):
    """The nested keys of a JSON value: a list by the union of its items' keys, a null by None."""
    if isinstance(value, dict):
        return {key: key_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        merged = None
        for item in value:
            merged = merge_shapes(merged, key_shape(item))
        return [merged]
    return None


def merge_shapes(a, b):
    if a is None or b is None:
        return b if a is None else a
    if isinstance(a, dict) and isinstance(b, dict):
        return {key: merge_shapes(a.get(key), b.get(key)) for key in a.keys() | b.keys()}
    if isinstance(a, list) and isinstance(b, list):
        return [merge_shapes(a[0], b[0])]
    return a


def assert_same_keys(sample, real, where: str) -> None:
    """Equal key sets wherever both sides have an object (a null in either matches anything)."""
    if sample is None or real is None:
        return
    if isinstance(sample, dict) and isinstance(real, dict):
        assert sample.keys() == real.keys(), f"{where}: keys {sorted(sample)} != real {sorted(real)}"
        for key in sample:
            assert_same_keys(sample[key], real[key], f"{where} .{key}")
    elif isinstance(sample, list) and isinstance(real, list):
        assert_same_keys(sample[0], real[0], f"{where} []")


def test_endpoints_named_in_the_guide_are_in_the_api_document():
    spec = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    paths = {re.sub(r"\{[^}]*\}", "{}", path): methods for path, methods in spec["paths"].items()}
    named = re.findall(r"`(GET|POST|DELETE|PUT|PATCH) (/[^`\s]*)`", GUIDE.read_text(encoding="utf-8"))
    assert len(named) >= 8
    for method, path in named:
        path = re.sub(r"\{[^}]*\}", "{}", path)
        assert path in paths and method.lower() in paths[path], f"{method} {path} is not in openapi.yaml"
