#!/usr/bin/env python3
"""Bounded soak test on loopback: mixed cache hits, misses and bad requests at fixed concurrency.

Starts `zitat serve` (gunicorn, preloaded model, embedded Redis) unless --url is given, drives it
with closed-loop clients for --seconds, and reports

* the error rate of valid requests (target 0) and whether bad requests got their expected 4xx,
* latency percentiles per time window, for hits, misses and bad requests,
* memory over time: RSS and PSS of the gunicorn master and workers (growth after warm-up <= 10 %).

Writes a Markdown report (default docs/soak.md) and exits 1 when a target is missed.

    .venv/bin/python scripts/soak.py                 # 10 minutes, concurrency 32
    .venv/bin/python scripts/soak.py --seconds 60    # the CI variant (tests/test_soak.py)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
MEMORY_GROWTH_LIMIT = 0.10


@dataclass(frozen=True)
class Outcome:
    at: float  # seconds since the start
    kind: str  # hit | miss | bad
    latency_s: float
    ok: bool  # valid: 200; bad: the expected 4xx problem
    detail: str


@dataclass
class MemorySample:
    at: float
    rss: dict[int, int] = field(default_factory=dict)
    pss: dict[int, int] = field(default_factory=dict)

    @property
    def rss_total(self) -> int:
        return sum(self.rss.values())

    @property
    def pss_total(self) -> int:
        return sum(self.pss.values())


# --- requests ------------------------------------------------------------------------------------


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 200]
    if not paragraphs:
        raise SystemExit(f"no seed articles in {SEEDS_DIR}")
    return paragraphs


def hit_texts(paragraphs: list[str], count: int = 8) -> list[str]:
    return paragraphs[:count]


BAD_REQUESTS = [
    # (name, content type, body, expected status)
    ("malformed-json", "application/json", b'{"text": "abc"', 400),
    ("empty-text", "application/json", b'{"text": ""}', 422),
    ("wrong-type", "application/json", b'{"text": 42}', 422),
    ("duplicate-keys", "application/json", b'{"text": "a", "text": "b"}', 400),
    ("bad-utf8", "text/plain", b"Er sagte \xff\xfe ja", 400),
    ("unsupported-type", "application/xml", b"<text/>", 415),
]


class Driver:
    def __init__(self, base: str, paragraphs: list[str], mix: tuple[float, float], body_limit: int, seed: int) -> None:
        self.base = base
        self.paragraphs = paragraphs
        self.hits = hit_texts(paragraphs)
        self.hit_share, self.miss_share = mix
        self.oversize = b"x" * (body_limit + 1)
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.counter = 0
        self.outcomes: list[Outcome] = []
        self.started = time.monotonic()
        self.stop = threading.Event()

    def warm(self) -> None:
        for text in self.hits:
            requests.post(f"{self.base}/v1/quotes", json={"text": text}, timeout=300).raise_for_status()

    def _choose(self) -> tuple[str, str, str, bytes, int]:
        """(kind, name, content type, body, expected status); name tells the bad requests apart."""
        with self.lock:
            self.counter += 1
            n = self.counter
            roll = self.random.random()
            paragraph = self.random.choice(self.paragraphs)
            hit = self.random.choice(self.hits)
            bad = self.random.choice(BAD_REQUESTS + [("too-large", "text/plain", self.oversize, 413)])
        if roll < self.hit_share:
            return "hit", "hit", "application/json", json.dumps({"text": hit}, ensure_ascii=False).encode(), 200
        if roll < self.hit_share + self.miss_share:
            text = f"{paragraph}\n(Soak {n} {time.time_ns()})"
            return "miss", "miss", "text/plain; charset=utf-8", text.encode(), 200
        name, content_type, body, status = bad
        return "bad", name, content_type, body, status

    def client(self) -> None:
        session = requests.Session()
        previous = "none"  # the request before this one in the session: a failure may be the previous one's doing
        while not self.stop.is_set():
            kind, name, content_type, body, expected = self._choose()
            sent = time.monotonic()
            try:
                response = session.post(
                    f"{self.base}/v1/quotes", data=body, headers={"Content-Type": content_type}, timeout=300
                )
                ok = response.status_code == expected and (
                    expected == 200 or response.headers.get("Content-Type", "").startswith("application/problem+json")
                )
                detail = f"{response.status_code} ({name})"
            except requests.RequestException as exc:
                ok, detail = False, f"{failure_detail(exc)} ({name} request after a {previous} one)"
            previous = name
            done = time.monotonic()
            with self.lock:
                self.outcomes.append(Outcome(done - self.started, kind, done - sent, ok, detail))


def failure_detail(exc: BaseException) -> str:
    """The exception's type and its innermost cause ('ConnectionError <- RemoteDisconnected'): which side closed what."""
    names = [type(exc).__name__]
    seen = {id(exc)}
    cause = exc.__cause__ or exc.__context__ or (exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None)
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        names.append(type(cause).__name__)
        reason = getattr(cause, "reason", None)
        nested = cause.__cause__ or cause.__context__ or (reason if isinstance(reason, BaseException) else None)
        if nested is None and cause.args and isinstance(cause.args[0], BaseException):
            nested = cause.args[0]
        cause = nested
    return " <- ".join(names)


# --- memory --------------------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return [p for p in pids if "redis" not in _cmdline(p)]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode(errors="replace")
    except OSError:
        return ""


def _kib_field(path: Path, name: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def sample_memory(master_pid: int, at: float) -> MemorySample:
    sample = MemorySample(at)
    for pid in process_tree(master_pid):
        sample.rss[pid] = _kib_field(Path(f"/proc/{pid}/status"), "VmRSS:")
        sample.pss[pid] = _kib_field(Path(f"/proc/{pid}/smaps_rollup"), "Pss:")
    return sample


# --- the service ---------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_service(workers: int, env_overrides: dict[str, str]) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PROMETHEUS_MULTIPROC_DIR"}}
    env.update(env_overrides)
    log_path = Path(tempfile.mkstemp(prefix="zitat-soak-", suffix=".log")[1])
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"zitat serve exited: {log_path.read_text()[-3000:]}")
        try:
            if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process, base, log_path
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit("zitat serve did not become ready")


def stop_service(process: subprocess.Popen) -> int:
    import signal

    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait()


# --- report --------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def ms(value: float) -> str:
    return "–" if value != value else f"{value * 1000:.0f}"


def mib(value: float) -> str:
    return f"{value / 2**20:.0f}"


def windows(outcomes: list[Outcome], seconds: float, width: float) -> list[tuple[float, list[Outcome]]]:
    grouped: dict[int, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        grouped[min(int(outcome.at // width), int(max(0, seconds - 1e-9) // width))].append(outcome)
    return [(index * width, grouped[index]) for index in sorted(grouped)]


def summarize(outcomes: list[Outcome], memory: list[MemorySample], args, warmup_s: float) -> dict:
    valid = [o for o in outcomes if o.kind != "bad"]
    bad = [o for o in outcomes if o.kind == "bad"]
    valid_errors = [o for o in valid if not o.ok]
    bad_wrong = [o for o in bad if not o.ok]
    after_warmup = [m for m in memory if m.at >= warmup_s]
    first, last = (after_warmup[0], after_warmup[-1]) if len(after_warmup) >= 2 else (None, None)
    head = after_warmup[: max(1, len(after_warmup) // 10)]
    tail = after_warmup[-max(1, len(after_warmup) // 10):]
    rss_start = statistics.mean(m.rss_total for m in head) if head else 0
    rss_end = statistics.mean(m.rss_total for m in tail) if tail else 0
    pss_start = statistics.mean(m.pss_total for m in head) if head else 0
    pss_end = statistics.mean(m.pss_total for m in tail) if tail else 0
    growth_rss = (rss_end - rss_start) / rss_start if rss_start else 0.0
    growth_pss = (pss_end - pss_start) / pss_start if pss_start else 0.0
    return {
        "seconds": args.seconds,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "requests": len(outcomes),
        "throughput_rps": round(len(outcomes) / args.seconds, 2),
        "valid_requests": len(valid),
        "valid_errors": len(valid_errors),
        "valid_error_rate": len(valid_errors) / len(valid) if valid else 0.0,
        "valid_error_details": sorted({o.detail for o in valid_errors}),
        "bad_requests": len(bad),
        "bad_unexpected": len(bad_wrong),
        "bad_unexpected_details": sorted({o.detail for o in bad_wrong}),
        "latency_ms": {
            kind: {f"p{q}": round(percentile([o.latency_s for o in outcomes if o.kind == kind], q) * 1000, 1)
                   for q in (50, 90, 99)}
            | {"max": round(max((o.latency_s for o in outcomes if o.kind == kind), default=float("nan")) * 1000, 1),
               "count": sum(1 for o in outcomes if o.kind == kind)}
            for kind in ("hit", "miss", "bad")
        },
        "memory": {
            "warmup_s": warmup_s,
            "rss_start_mib": round(rss_start / 2**20, 1),
            "rss_end_mib": round(rss_end / 2**20, 1),
            "rss_growth": round(growth_rss, 4),
            "pss_start_mib": round(pss_start / 2**20, 1),
            "pss_end_mib": round(pss_end / 2**20, 1),
            "pss_growth": round(growth_pss, 4),
            "processes_start": len(first.rss) if first else 0,
            "processes_end": len(last.rss) if last else 0,
        },
        "passed": not valid_errors and not bad_wrong and growth_rss <= MEMORY_GROWTH_LIMIT,
    }


def markdown(summary: dict, outcomes: list[Outcome], memory: list[MemorySample], args) -> str:
    lat = summary["latency_ms"]
    mem = summary["memory"]
    lines = [
        "# Soak test",
        "",
        f"`scripts/soak.py --seconds {args.seconds:g} --concurrency {args.concurrency} --workers {args.workers}` "
        f"on loopback, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPU cores"
        f" (shared with other work while it ran; load average at the end {os.getloadavg()[1]:.1f}). Mix: {args.hits:.0%} cache hits (8 seed paragraphs), "
        f"{args.misses:.0%} misses (a seed paragraph made unique), {1 - args.hits - args.misses:.0%} bad requests "
        "(malformed JSON, empty text, wrong type, duplicate keys, bad UTF-8, wrong content type, body over the limit).",
        "",
        "## Result",
        "",
        f"- **{'PASSED' if summary['passed'] else 'FAILED'}**: {summary['requests']} requests, "
        f"{summary['throughput_rps']} req/s.",
        f"- Valid requests: {summary['valid_requests']}, errors: {summary['valid_errors']} "
        f"(rate {summary['valid_error_rate']:.4%}; target 0){' — ' + ', '.join(summary['valid_error_details']) if summary['valid_errors'] else ''}.",
        f"- Bad requests: {summary['bad_requests']}, answered with other than the expected 4xx problem: {summary['bad_unexpected']}.",
        f"- Memory after {mem['warmup_s']:.0f} s warm-up (first vs last tenth of the samples, master + workers): "
        f"RSS {mem['rss_start_mib']} → {mem['rss_end_mib']} MiB ({mem['rss_growth']:+.1%}), "
        f"PSS {mem['pss_start_mib']} → {mem['pss_end_mib']} MiB ({mem['pss_growth']:+.1%}); limit +10 %.",
        "",
        "| kind | count | p50 ms | p90 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in ("hit", "miss", "bad"):
        k = lat[kind]
        lines.append(f"| {kind} | {k['count']} | {k['p50']} | {k['p90']} | {k['p99']} | {k['max']} |")
    width = max(10.0, args.seconds / 10)
    lines += [
        "",
        f"## Over time ({width:g} s windows)",
        "",
        "| from s | requests | valid errors | hit p50 / p99 ms | miss p50 / p99 ms | bad p50 ms | RSS MiB | PSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for start, group in windows(outcomes, args.seconds, width):
        in_window = [m for m in memory if start <= m.at < start + width]
        rss = statistics.mean(m.rss_total for m in in_window) if in_window else 0
        pss = statistics.mean(m.pss_total for m in in_window) if in_window else 0
        by_kind = {kind: [o.latency_s for o in group if o.kind == kind] for kind in ("hit", "miss", "bad")}
        errors = sum(1 for o in group if o.kind != "bad" and not o.ok)
        lines.append(
            f"| {start:.0f} | {len(group)} | {errors} | {ms(percentile(by_kind['hit'], 50))} / {ms(percentile(by_kind['hit'], 99))} "
            f"| {ms(percentile(by_kind['miss'], 50))} / {ms(percentile(by_kind['miss'], 99))} | {ms(percentile(by_kind['bad'], 50))} "
            f"| {mib(rss)} | {mib(pss)} |"
        )
    lines += [
        "",
        "Latency is client-side (closed loop: each of the clients sends its next request when the last one is answered),",
        "so with more clients than gunicorn workers it includes the wait in the listen backlog. RSS counts the pages",
        "the preloaded model shares between master and workers once per process; PSS divides them fairly.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of the started service")
    parser.add_argument("--url", default=None, help="soak a running service instead (memory is not measured)")
    parser.add_argument("--hits", type=float, default=0.6, help="share of cache hits")
    parser.add_argument("--misses", type=float, default=0.25, help="share of cache misses; the rest are bad requests")
    parser.add_argument("--body-limit", type=int, default=1024 * 1024, help="MAX_BODY_BYTES of the service")
    parser.add_argument("--sample-every", type=float, default=2.0, help="memory sampling interval, seconds")
    parser.add_argument("--warmup", type=float, default=None, help="seconds before memory counts (default 20 %% of the run)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", default=str(REPO_ROOT / "docs" / "soak.md"))
    parser.add_argument("--json", default=None, help="also write the summary as JSON here")
    args = parser.parse_args(argv)
    warmup_s = args.warmup if args.warmup is not None else 0.2 * args.seconds

    process = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        process, base, log_path = start_service(args.workers, {"MAX_BODY_BYTES": str(args.body_limit)})
    try:
        driver = Driver(base, seed_paragraphs(), (args.hits, args.misses), args.body_limit, args.seed)
        driver.warm()
        memory: list[MemorySample] = []
        driver.started = time.monotonic()
        threads = [threading.Thread(target=driver.client, daemon=True) for _ in range(args.concurrency)]
        for thread in threads:
            thread.start()
        end = driver.started + args.seconds
        while time.monotonic() < end:
            if process is not None:
                memory.append(sample_memory(process.pid, time.monotonic() - driver.started))
            time.sleep(min(args.sample_every, max(0.0, end - time.monotonic())))
        driver.stop.set()
        for thread in threads:
            thread.join(timeout=300)
        outcomes = [o for o in driver.outcomes if o.at <= args.seconds + 300]
    finally:
        if process is not None:
            stop_service(process)
            log_path.unlink(missing_ok=True)
    summary = summarize(outcomes, memory, args, warmup_s)
    report = markdown(summary, outcomes, memory, args)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(report, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(json.dumps(summary, indent=2))
    print(f"report: {args.output}")
    return 0 if summary["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
