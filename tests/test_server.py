"""The real thing: `zitat serve` (gunicorn, preloaded model, embedded Redis) over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from helpers import assert_offsets_valid
from service.redis_server import RedisServer, free_port

pytestmark = pytest.mark.slow

ZITAT = str(Path(sys.executable).with_name("zitat"))


def start_service(port: int, env_overrides: dict[str, str], workers: int = 2) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PROMETHEUS_MULTIPROC_DIR"}}
    env.update(env_overrides)
    process = subprocess.Popen(
        [ZITAT, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"zitat serve exited: {process.stderr.read().decode()[-3000:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.5)
    process.kill()
    raise AssertionError("zitat serve did not become ready")


def stop_service(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_serve_with_embedded_redis(seed_texts):
    port = free_port()
    process = start_service(port, {})
    base = f"http://127.0.0.1:{port}"
    try:
        name, text = next(iter(seed_texts.items()))
        first = requests.post(f"{base}/v1/quotes", data=text.encode(), headers={"Content-Type": "text/plain"}, timeout=60)
        second = requests.post(f"{base}/v1/quotes", data=text.encode(), headers={"Content-Type": "text/plain"}, timeout=60)
        assert first.status_code == second.status_code == 200
        assert first.json()["cached"] is False and second.json()["cached"] is True
        assert first.json()["quotes"], f"no quotes in {name}"
        assert_offsets_valid(first.json(), text)
        assert requests.get(f"{base}/readyz", timeout=5).json()["cache"] == "ok"
        metrics = requests.get(f"{base}/metrics", timeout=5).text
        assert 'zitat_cache_lookups_total{result="hit"}' in metrics
        bad = requests.post(f"{base}/v1/quotes", data=b"{", headers={"Content-Type": "application/json"}, timeout=5)
        assert bad.status_code == 400 and bad.headers["Content-Type"].startswith("application/problem+json")
    finally:
        assert stop_service(process) == 0


def test_serve_survives_redis_outage(seed_texts):
    redis_server = RedisServer().start()
    port = free_port()
    process = start_service(port, {"REDIS_URL": redis_server.url, "REDIS_RETRY_AFTER_S": "0.5"})
    base = f"http://127.0.0.1:{port}"
    text = list(seed_texts.values())[1]

    def post():
        response = requests.post(f"{base}/v1/quotes", json={"text": text}, timeout=60)
        assert response.status_code == 200
        return response.json()

    try:
        post()
        redis_server.stop()
        assert post()["cached"] is False
        assert requests.get(f"{base}/readyz", timeout=5).json()["status"] == "degraded"
        redis_server.start()
        deadline = time.monotonic() + 10
        while requests.get(f"{base}/readyz", timeout=5).json()["status"] != "ready":
            assert time.monotonic() < deadline, "service did not reconnect to Redis"
            time.sleep(0.2)
        post()
        # Both workers may need one request each to see Redis again; the cache then serves.
        assert any(post()["cached"] for _ in range(4))
    finally:
        stop_service(process)
        redis_server.stop()


def test_forked_worker_with_several_torch_threads_answers(seed_texts):
    """The model is loaded before the fork; a worker with 2 torch threads must not block in OpenMP."""
    port = free_port()
    process = start_service(port, {"TORCH_THREADS": "2"}, workers=1)
    try:
        text = list(seed_texts.values())[0]
        response = requests.post(f"http://127.0.0.1:{port}/v1/quotes", json={"text": text}, timeout=90)
        assert response.status_code == 200 and response.json()["quotes"]
    finally:
        stop_service(process)
