"""A real `zitat serve` (gunicorn, preloaded model) as a child process, for fault, load and wire tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from service.redis_server import free_port

ZITAT_SERVE = [sys.executable, "-m", "service.cli", "serve"]  # works without the console script installed
START_TIMEOUT_S = 300


def child_pids(pid: int) -> list[int]:
    """Direct children of a process (gunicorn's workers), read from /proc."""
    pids: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    for task in task_dir.glob("*") if task_dir.is_dir() else []:
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(pids))


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@dataclass
class LiveService:
    env_overrides: dict[str, str] = field(default_factory=dict)
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: str = ""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def master_pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        # `zitat serve` is the gunicorn master itself (WSGIApplication runs in-process); its
        # children are the workers plus, without REDIS_URL, the embedded redis-server.
        return [pid for pid in child_pids(self.master_pid) if "redis" not in _cmdline(pid)]

    def start(self) -> "LiveService":
        env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PROMETHEUS_MULTIPROC_DIR"}}
        env.update(self.env_overrides)
        log = tempfile.NamedTemporaryFile(prefix="zitat-live-", suffix=".log", delete=False)
        self.log_path = log.name
        self.process = subprocess.Popen(
            [*ZITAT_SERVE, "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.wait_ready()
        return self

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"zitat serve exited ({self.process.returncode}): {self.log_tail()}")
            try:
                if requests.get(f"{self.base}/readyz", timeout=2).status_code == 200 and len(self.worker_pids()) >= self.workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.kill()
        raise AssertionError(f"zitat serve did not become ready: {self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return Path(self.log_path).read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def terminate(self, timeout_s: float = 60) -> int:
        if self.process is None:
            return 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout_s)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> "LiveService":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.terminate()
        Path(self.log_path).unlink(missing_ok=True)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode(errors="replace")
    except OSError:
        return ""


def raw_http(port: int, request: bytes, timeout_s: float = 30) -> bytes:
    """Send raw bytes and read the whole answer (the server closes or we time out)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered early (e.g. 413) and closed; read what it sent
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
            if _complete(b"".join(chunks)):
                break
        return b"".join(chunks)


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def status_of(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/") else 0


def headers_of(raw: bytes) -> dict[str, str]:
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1")
    pairs = [line.partition(":") for line in head.split("\r\n")[1:]]
    return {name.strip().lower(): value.strip() for name, _, value in pairs}


def body_of(raw: bytes) -> bytes:
    return raw.partition(b"\r\n\r\n")[2]


def chunked(payload: bytes, chunk_size: int = 65536) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(payload[i:i + chunk_size]), payload[i:i + chunk_size]) for i in range(0, len(payload), chunk_size)]
    return b"".join(parts) + b"0\r\n\r\n"
