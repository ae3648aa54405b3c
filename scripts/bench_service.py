#!/usr/bin/env python
"""Service benchmark: cache hits, cache misses by article length, memory per worker, job throughput.

    .venv/bin/python scripts/bench_service.py            # full run, a few minutes
    .venv/bin/python scripts/bench_service.py --quick    # shorter phases, for a smoke check

Everything runs on this machine against real processes: `zitat serve` (gunicorn, preloaded
model) on loopback, a private Redis, `zitat worker` processes. Load comes from `wrk` when it is
installed (apt-get install wrk), otherwise from a Python thread pool (which then competes with
the server for the same cores and understates it). Prints the numbers and writes
docs/performance.md with PNG plots in docs/perf/. The load average at the start is recorded:
numbers taken while other work loads the CPU are labelled so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import redis
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from service.redis_server import RedisServer, free_port  # noqa: E402

DOCS = REPO_ROOT / "docs"
PLOTS = DOCS / "perf"
SEEDS = sorted((REPO_ROOT / "seeds").glob("*.txt"))
TARGETS = {"hit_rps": 1500, "hit_p99_ms": 20, "miss_600_p50_s": 1.5, "rss_ratio": 1.5}
WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
local f = io.open(os.getenv("BENCH_BODY"), "rb"); wrk.body = f:read("*a"); f:close()
done = function(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "non2xx": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d}',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
  out:close()
end
"""


def shared_dir() -> Path:
    return Path(os.environ.get("ZITAT_SHARED_DIR", REPO_ROOT.parent / "shared"))


# -- processes ----------------------------------------------------------------------------------


def zitat_env(redis_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PROMETHEUS_MULTIPROC_DIR"}}
    env.update({"REDIS_URL": redis_url, "LOG_LEVEL": "WARNING", "TORCH_THREADS": "1"}, **extra)
    return env


@dataclass
class Server:
    redis_url: str
    workers: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)],
            cwd=REPO_ROOT, env=zitat_env(self.redis_url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("zitat serve exited during start-up")
            try:
                if requests.get(f"{self.base}/readyz", timeout=2).status_code == 200 and len(self.worker_pids()) == self.workers:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError("zitat serve did not become ready")

    def worker_pids(self) -> list[int]:
        return children(self.process.pid) if self.process else []

    def stop(self) -> None:
        stop_group(self.process)


def start_workers(redis_url: str, processes: int, fork: bool = False) -> subprocess.Popen:
    args = [sys.executable, "-m", "service.cli", "worker", "--processes", str(processes)] + (["--fork"] if fork else [])
    return subprocess.Popen(args, cwd=REPO_ROOT, env=zitat_env(redis_url), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def stop_group(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(found))


def tree_pids(pid: int) -> list[int]:
    pids = [pid]
    for child in children(pid):
        pids += tree_pids(child)
    return pids


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes and of their reaped children (exited ones count as 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, and of reaped children (work-horses)
    return total / CLOCK_TICKS


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def memory_kib(pid: int) -> dict[str, int]:
    """RSS and PSS (shared pages divided among the processes sharing them) of one process."""
    values: dict[str, int] = {}
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # the process has just exited
        return values
    for line in rollup.splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name.lower()] = int(rest.split()[0])
    return values


# -- phases -------------------------------------------------------------------------------------


def measure_memory(redis_url: str, worker_counts: list[int]) -> list[dict]:
    """Start `zitat serve` with n workers, after one request per worker (model touched), read RSS/PSS."""
    rows = []
    body = SEEDS[0].read_bytes()
    for n in worker_counts:
        server = Server(redis_url, n).start()
        try:
            for _ in range(4 * n):  # every worker runs the pipeline at least once, most likely
                redis.Redis.from_url(redis_url).flushdb()
                requests.post(f"{server.base}/v1/quotes", data=body, headers={"Content-Type": "text/plain"}, timeout=120)
            master = memory_kib(server.process.pid)
            workers = [memory_kib(pid) for pid in server.worker_pids()]
            rows.append({
                "workers": n,
                "master_rss_mib": master["rss"] / 1024,
                "worker_rss_mib": [w["rss"] / 1024 for w in workers],
                "total_rss_mib": (master["rss"] + sum(w["rss"] for w in workers)) / 1024,
                "total_pss_mib": (master["pss"] + sum(w["pss"] for w in workers)) / 1024,
            })
            print(f"memory  workers={n}: master RSS {rows[-1]['master_rss_mib']:.0f} MiB, workers RSS "
                  f"{', '.join(f'{w:.0f}' for w in rows[-1]['worker_rss_mib'])} MiB, total PSS {rows[-1]['total_pss_mib']:.0f} MiB")
        finally:
            server.stop()
    return rows


CPU_SAMPLE_SECONDS = 5.0
BUSY_CPU_SHARE = 0.25


def _cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all cores from /proc/stat; None where there is no /proc."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def cpu_busy_share(seconds: float) -> float | None:
    """Share of all cores' time that was busy over the next `seconds` (before anything of ours runs)."""
    before = _cpu_times()
    time.sleep(seconds)
    after = _cpu_times()
    if before is None or after is None or after[1] == before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def cache_hit_load(server: Server, concurrency: list[int], seconds: float, use_wrk: bool, redis_pid: int) -> list[dict]:
    body_path = Path(tempfile.mkstemp(suffix=".txt")[1])
    body_path.write_bytes(SEEDS[0].read_bytes())
    first = requests.post(f"{server.base}/v1/quotes", data=body_path.read_bytes(), headers={"Content-Type": "text/plain"}, timeout=120)
    second = requests.post(f"{server.base}/v1/quotes", data=body_path.read_bytes(), headers={"Content-Type": "text/plain"}, timeout=120)
    assert second.json()["cached"] is True, "the second identical request must be a cache hit"
    rows = []
    for c in concurrency:
        server_pids = tree_pids(server.process.pid)
        before = (cpu_seconds(server_pids), cpu_seconds([redis_pid]), children_cpu_seconds())
        run = _wrk(server, body_path, c, seconds) if use_wrk else _python_load(server, body_path.read_bytes(), c, seconds)
        requests_done = run["rps"] * seconds
        run["server_cpu_ms"] = (cpu_seconds(server_pids) - before[0]) * 1000 / requests_done
        run["redis_cpu_ms"] = (cpu_seconds([redis_pid]) - before[1]) * 1000 / requests_done
        run["client_cpu_ms"] = (children_cpu_seconds() - before[2]) * 1000 / requests_done if use_wrk else float("nan")
        run["concurrency"] = c
        rows.append(run)
        print(f"cache hit  c={c:>2}: {run['rps']:.0f} req/s, p50 {run['p50_ms']:.1f} ms, p95 {run['p95_ms']:.1f} ms, "
              f"p99 {run['p99_ms']:.1f} ms, errors {run['errors']}; CPU per request: gunicorn {run['server_cpu_ms']:.2f} ms, "
              f"redis {run['redis_cpu_ms']:.3f} ms, load generator {run['client_cpu_ms']:.2f} ms")
    body_path.unlink()
    del first
    time.sleep(3)  # let requests still queued in gunicorn's backlog drain before anything flushes the cache
    return rows


def _wrk(server: Server, body_path: Path, connections: int, seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        script, out = Path(tmp) / "post.lua", Path(tmp) / "out.json"
        script.write_text(WRK_SCRIPT)
        env = dict(os.environ, BENCH_BODY=str(body_path), BENCH_OUT=str(out))
        threads = min(2, connections)
        subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "10s", "-s", str(script),
                        f"{server.base}/v1/quotes"], env=env, check=True, stdout=subprocess.DEVNULL)
        stats = json.loads(out.read_text())
    return {"rps": stats["requests"] / stats["seconds"], "p50_ms": stats["p50"] / 1000, "p95_ms": stats["p95"] / 1000,
            "p99_ms": stats["p99"] / 1000, "errors": stats["errors"] + stats["non2xx"], "tool": "wrk"}


def _python_load(server: Server, body: bytes, concurrency: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()

    def loop():
        session = requests.Session()
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            response = session.post(f"{server.base}/v1/quotes", data=body, headers={"Content-Type": "text/plain"}, timeout=10)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors[0] += response.status_code != 200

    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(loop)
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / seconds, "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000, "p99_ms": q[98] * 1000,
            "errors": errors[0], "tool": "python threads"}


def sync_hits(redis_server: RedisServer, seconds: float, use_wrk: bool) -> dict:
    """The same cache hits at concurrency 32 with sync workers (GUNICORN_WORKER_CLASS=sync), for comparison."""
    os.environ["GUNICORN_WORKER_CLASS"] = "sync"
    try:
        server = Server(redis_server.url, 2).start()
    finally:
        del os.environ["GUNICORN_WORKER_CLASS"]
    try:
        print("sync workers (for comparison):", end=" ")
        return cache_hit_load(server, [32], seconds, use_wrk, redis_server.process.pid)[0]
    finally:
        server.stop()


def default_worker_description() -> str:
    """The gunicorn worker setting `zitat serve` runs with here (deploy/gunicorn.conf.py and the environment)."""
    worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
    threads = os.environ.get("GUNICORN_THREADS", "4" if worker_class == "gthread" else "1")
    return f"{worker_class}, {threads} threads" if worker_class == "gthread" else worker_class


def spkatt_articles(limit: int) -> list[tuple[str, str, int]]:
    """(name, text, tokens) for SpkAtt documents spread evenly over the length range."""
    folder = shared_dir() / "data" / "spkatt-news" / "train"
    if not folder.is_dir():
        print(f"SpkAtt data not found at {folder}: skipping the by-length measurement")
        return []
    from service.evaluation import load_spkatt_document

    docs = []
    for path in sorted(folder.glob("*.json")):
        document, _ = load_spkatt_document(path)
        docs.append((path.stem[:40], document.text, len(document.token_texts)))
    docs.sort(key=lambda d: d[2])
    step = max(1, len(docs) // limit)
    return docs[::step][:limit]


def cache_miss_latency(server: Server, redis_url: str, repeats: int, spkatt_limit: int) -> tuple[list[dict], list[dict]]:
    from service.tokens import tokenize

    client = redis.Redis.from_url(redis_url)

    server_pids = tree_pids(server.process.pid)

    def timed(text: str) -> tuple[float, float]:
        """(wall seconds, server CPU seconds) of one cache-missing request."""
        client.flushdb()
        cpu = cpu_seconds(server_pids)
        started = time.perf_counter()
        response = requests.post(f"{server.base}/v1/quotes", data=text.encode(), headers={"Content-Type": "text/plain"}, timeout=120)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200 and response.json()["cached"] is False, response.text[:300]
        return elapsed, cpu_seconds(server_pids) - cpu

    seeds = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        runs = [timed(text) for _ in range(repeats)]
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        seeds.append({"name": path.name, "chars": len(text), "tokens": len(tokenize(text)), "p50_s": statistics.median(walls),
                      "cpu_p50_s": statistics.median(cpus), "runs": walls})
        print(f"cache miss seed {path.name}: {len(tokenize(text))} tokens, p50 {statistics.median(walls) * 1000:.0f} ms "
              f"(server CPU {statistics.median(cpus) * 1000:.0f} ms)")
    spkatt = []
    for name, text, tokens in spkatt_articles(spkatt_limit):
        wall, cpu = timed(text)
        spkatt.append({"name": name, "tokens": tokens, "chars": len(text), "seconds": wall, "cpu_s": cpu})
    if spkatt:
        print(f"cache miss SpkAtt: {len(spkatt)} articles, {spkatt[0]['tokens']}-{spkatt[-1]['tokens']} tokens")
    return seeds, spkatt


def job_throughput(server: Server, redis_url: str, articles: list[str], processes: int, fork: bool = False, pools: int = 1) -> dict:
    """Articles/s of `pools` x `zitat worker --processes n` on one job of cache-missing articles (start-up excluded).

    Each pool runs in its own session, like a separate machine. That matters here: with Linux's
    autogroup scheduling a session gets one fair share of a busy CPU however many processes it runs.
    """
    from rq import Worker

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    all_pools = [start_workers(redis_url, processes, fork) for _ in range(pools)]
    try:
        deadline = time.monotonic() + 300
        while Worker.count(connection=client) < processes * pools:
            if any(p.poll() is not None for p in all_pools) or time.monotonic() > deadline:
                raise RuntimeError("zitat worker did not start")
            time.sleep(0.5)
        submitted = time.monotonic()
        pool_pids = [pid for p in all_pools for pid in tree_pids(p.pid)]
        cpu = cpu_seconds(pool_pids)
        body = b"".join(json.dumps({"text": t, "id": str(i)}, ensure_ascii=False).encode() + b"\n" for i, t in enumerate(articles))
        job = requests.post(f"{server.base}/v1/jobs", data=body, headers={"Content-Type": "application/x-ndjson"}, timeout=60).json()
        while True:
            status = requests.get(f"{server.base}/v1/jobs/{job['id']}", timeout=10).json()
            if status["status"] == "finished":
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"job did not finish: {status}")
            time.sleep(0.2)
        elapsed = time.monotonic() - submitted
        worker_cpu = cpu_seconds(pool_pids) - cpu
        pss_mib = sum(memory_kib(pid).get("pss", 0) for p in all_pools for pid in tree_pids(p.pid)) / 1024
    finally:
        for pool in all_pools:
            stop_group(pool)
    row = {"processes": processes, "pools": pools, "fork": fork, "articles": len(articles), "seconds": elapsed,
           "articles_per_s": len(articles) / elapsed, "failed": status["progress"]["failed"], "worker_cpu_s": worker_cpu,
           "pss_mib": pss_mib}
    print(f"jobs  {'fork per article' if fork else 'in-process'} pools={pools} x processes={processes}: {len(articles)} articles in {elapsed:.1f} s = "
          f"{row['articles_per_s']:.2f} articles/s, worker CPU {worker_cpu:.1f} s, PSS {pss_mib:.0f} MiB")
    return row


# -- report -------------------------------------------------------------------------------------


def fit_line(points: list[tuple[float, float]]) -> tuple[float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    slope, intercept = statistics.linear_regression(xs, ys)
    return slope, intercept


def plots(results: dict) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    PLOTS.mkdir(parents=True, exist_ok=True)
    written = []
    if results["spkatt"]:
        fig, ax = plt.subplots(figsize=(6.4, 4))
        xs = [r["tokens"] for r in results["spkatt"]]
        ax.scatter(xs, [r["seconds"] * 1000 for r in results["spkatt"]], s=14, label="SpkAtt articles")
        ax.scatter([s["tokens"] for s in results["seeds"]], [s["p50_s"] * 1000 for s in results["seeds"]], marker="x", label="seeds (p50)")
        if all("cpu_s" in r for r in results["spkatt"]):
            ax.scatter(xs, [r["cpu_s"] * 1000 for r in results["spkatt"]], s=10, marker="^", color="tab:green",
                       label="server CPU time (≈ latency on an idle core)")
        slope, intercept = results["miss_fit"]
        ax.plot([0, max(xs)], [intercept * 1000, (intercept + slope * max(xs)) * 1000], "k--", lw=1, label="linear fit")
        ax.axhline(TARGETS["miss_600_p50_s"] * 1000, color="r", lw=0.8, label="target at 600 tokens")
        ax.set_xlabel("article length (tokens)")
        ax.set_ylabel("cache-miss latency (ms)")
        ax.legend()
        ax.set_title("Cache-miss latency by length, 1 request at a time")
        fig.tight_layout()
        fig.savefig(PLOTS / "miss_latency_by_length.png", dpi=110)
        written.append("perf/miss_latency_by_length.png")
    fig, ax = plt.subplots(figsize=(6.4, 4))
    cs = [r["concurrency"] for r in results["hits"]]
    ax.bar([str(c) for c in cs], [r["rps"] for r in results["hits"]], color="tab:blue")
    ax.axhline(TARGETS["hit_rps"], color="r", lw=0.8)
    ax.set_xlabel("concurrent connections")
    ax.set_ylabel("requests/s (cache hits)")
    ax2 = ax.twinx()
    ax2.plot([str(c) for c in cs], [r["p99_ms"] for r in results["hits"]], "o-", color="tab:orange", label="p99 ms")
    ax2.set_ylabel("p99 latency (ms)")
    ax.set_title("Cache hits through gunicorn (2 workers)")
    fig.tight_layout()
    fig.savefig(PLOTS / "cache_hits.png", dpi=110)
    written.append("perf/cache_hits.png")
    if results["memory"]:
        fig, ax = plt.subplots(figsize=(6.4, 4))
        ns = [r["workers"] for r in results["memory"]]
        ax.plot(ns, [r["total_rss_mib"] for r in results["memory"]], "o-", label="sum of RSS (shared pages counted per process)")
        ax.plot(ns, [r["total_pss_mib"] for r in results["memory"]], "o-", label="sum of PSS (physical memory)")
        ax.set_xlabel("gunicorn workers")
        ax.set_ylabel("MiB (master + workers)")
        ax.set_xticks(ns)
        ax.legend()
        ax.set_title("Memory by worker count (model preloaded, shared)")
        fig.tight_layout()
        fig.savefig(PLOTS / "memory_by_workers.png", dpi=110)
        written.append("perf/memory_by_workers.png")
    return written


# Profiles taken on 2026-11-22 and 2026-12-07 with the commands named below (not re-run by this script).
PROFILE_SECTION = [
    "## Hot spots (profiles) and what was done",
    "",
    "- **Cache miss** (cProfile with CPU time, `Pipeline.analyze` on the five seeds, TORCH_THREADS=1): 95 % of the",
    "  CPU is the e5 encoder of the NER model (`torch._C._nn.linear` alone 72 %, attention 7 %, GELU 4 %); the quote",
    "  heuristics are ~4 %. Cost ≈ 1.75 ms CPU per token, so a 600-token article needs ~1.0-1.1 s of one idle core.",
    "  Applied on 2026-12-07: the tagger runs under torch's CPU bf16 autocast where the CPU has native bf16",
    "  (`NER_PRECISION=auto`; AVX512-BF16 here): the same F1 (held-out 0.791 vs 0.790 in fp32), the encoder 2.5x",
    "  faster (612 tokens: 0.98-1.02 s -> 0.38-0.43 s, `models/bench_ner.py --variants`), and a 600-token cache miss",
    "  1.41 s -> 0.56-0.59 s p50 here. int8 quantisation (`NER_QUANTIZE=int8`) is faster still but costs 6 F1 points.",
    "- **Cache hit p99 at concurrency 32** (2026-12-07, idle machine: 30.9 and 33.5 ms in two full runs with the",
    "  default gthread workers; sync workers in the same runs 25.5 and 59.3 ms): the target is 20 ms. With 32 requests in flight on 2 cores that",
    "  also run wrk and Redis, the mean alone is 32 x ~0.85 ms CPU / 2 cores = 13-15 ms, and the kept-alive",
    "  connections are split unevenly between the two workers (by SO_REUSEPORT's address hash), so the requests of",
    "  the worker with more connections wait longer. Tried without gain (hits phase only): GUNICORN_THREADS=1 (p99",
    "  32.0 ms, 2,097 req/s), a 0.5 ms GIL switch interval (36.8 ms). A p99 of 20 ms needs about 2,600 req/s at c=32 here, i.e.",
    "  ~25 % less CPU per hit than the 0.74-0.83 ms measured, or the load generator on another machine.",
    "- **Cache hit** (cProfile and py-spy of the Flask app in-process: a WSGI call per request, real Redis; py-spy on",
    "  gunicorn workers under wrk). Before: ~0.31-0.35 ms CPU per hit in the app, spread over Flask/werkzeug/webargs,",
    "  the request hooks and one Redis GET; gunicorn's own work (HTTP parsing, thread hand-offs, sockets) about as much",
    "  again. Removed: webargs built a new marshmallow schema (deep copies of its fields) per request (schema instances",
    "  now); flask-smorest's response/alt_response/doc decorators wrapped the quote views in 7 pass-through layers",
    "  (applied for the API document only now, openapi.yaml unchanged); the cached result is answered as the stored",
    "  JSON bytes (no decode/re-encode), the text encoded once for both SHA-256. App: 0.31-0.35 -> 0.23-0.26 ms per hit.",
    "  gunicorn: gthread workers (4 threads, keep-alive) are the default now; sync workers closed the connection after",
    "  every request. All together 0.72-0.97 -> 0.50-0.63 ms gunicorn CPU per hit at concurrency 32 (same machine, NER",
    "  training running). gthread's ConnectionErrors in the soak were the request after a refused 1 MiB body on the same",
    "  kept-alive connection (gthread announced keep-alive, could not drain the body, closed the connection under the",
    "  next request); deploy/gunicorn.conf.py now answers such a request with `Connection: close`. With one shared",
    "  listening socket the 32 kept-alive connections were often split 30/2 or 31/1 between the two workers (the busy",
    "  worker wins the accept race), so half the requests queued behind one worker: each worker now has its own",
    "  SO_REUSEPORT socket (REUSE_PORT, splits of 12-20 of 32 seen). A closing connection no longer stalls a gthread",
    "  worker's event loop while it waits for the client's FIN (done in the request's thread first). Measured, not",
    "  installed: gunicorn's C HTTP parser and hiredis (`gunicorn[fast]`, `redis[hiredis]`) save another ~5 %",
    "  (0.56 -> 0.53 ms, 5 interleaved runs).",
    "- **Jobs**: RQ's default forks a work-horse per article. A/B in one process (fork + analyse + exit vs analyse",
    "  in-process, same articles, interleaved): +100-150 ms per article for the fork of the ~700 MB process, and the",
    "  analysis itself 15-40 % slower in the short-lived child (copy-on-write faults, cold caches); on 8 short",
    "  articles (quick run) the in-process worker did 5.4 articles/s against 1.9 with a fork per article; in the",
    "  table above the fork mode needs 16 % more CPU per article on longer ones. Fixed: `zitat worker` now forks",
    "  long-lived worker processes once, after the model is loaded, and analyses articles in-process, with a heartbeat",
    "  thread so that a killed worker's article is still requeued within seconds; `--fork` keeps RQ's mode.",
    "- **Memory**: the model is loaded before gunicorn and the job pool fork (preload), so each extra worker adds",
    "  ~60-120 MiB PSS, not the ~650 MiB of a model; the job pool also calls `gc.freeze()` after loading, which keeps",
    "  the collector from touching (and so copying) the shared objects. Threaded (gthread) workers analyse in several",
    "  threads, and glibc gave each its own malloc arena: RSS grew 8 % in a 60 s soak and kept growing; the gunicorn",
    "  config limits the arenas to 2 (mallopt M_ARENA_MAX), after which it stayed flat.",
    "",
]


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_report(results: dict, images: list[str]) -> None:
    cores = os.cpu_count() or 1
    hits = {r["concurrency"]: r for r in results["hits"]}
    top = hits[max(hits)]
    hit_cpu = top["server_cpu_ms"] + top["redis_cpu_ms"]
    idle_rps_local = cores * 1000 / (hit_cpu + (top["client_cpu_ms"] if top["client_cpu_ms"] == top["client_cpu_ms"] else 0))
    idle_rps_remote = cores * 1000 / hit_cpu
    hit_cpu_all = cores * 1000 / idle_rps_local
    slope, intercept = results["miss_fit"]
    # Every measured article of 500-700 tokens, seeds (their p50) and SpkAtt alike.
    near_600 = [r for r in results["spkatt"] if 500 <= r["tokens"] <= 700] + [
        {"tokens": s["tokens"], "seconds": s["p50_s"], "cpu_s": s["cpu_p50_s"]} for s in results["seeds"] if 500 <= s["tokens"] <= 700
    ]
    miss_600 = statistics.median(r["seconds"] for r in near_600) if near_600 else intercept + slope * 600
    cpu_points = [(r["tokens"], r["cpu_s"]) for r in results["spkatt"]] or [(s["tokens"], s["cpu_p50_s"]) for s in results["seeds"]]
    cpu_slope, cpu_intercept = fit_line(cpu_points)
    miss_600_cpu = statistics.median(r["cpu_s"] for r in near_600) if near_600 else cpu_intercept + cpu_slope * 600
    memory = {r["workers"]: r for r in results["memory"]}
    pss_ratio = memory[2]["total_pss_mib"] / memory[1]["total_pss_mib"]
    rss_ratio = memory[2]["total_rss_mib"] / memory[1]["total_rss_mib"]
    jobs = {(r.get("pools", 1), r["processes"], r["fork"]): r for r in results["jobs"]}
    one, two = jobs[(1, 1, False)], jobs.get((2, 1, False), jobs[(1, 2, False)])
    job_ratio = two["articles_per_s"] / one["articles_per_s"]
    cpu_per_article = [r["worker_cpu_s"] / r["articles"] for r in (one, two)]
    load = results["load_before"]
    # The 1-minute load average still carries the job that ran before the benchmark; the CPU use
    # sampled right before the run says whether anything else is running now.
    busy = results["cpu_busy_before"] > BUSY_CPU_SHARE if "cpu_busy_before" in results else load[0] > 0.5
    lines = [
        "# Performance",
        "",
        f"Measured by `scripts/bench_service.py` on {results['when']} UTC, {results['machine']}. Model: `{results['model']}`.",
        f"Load average before the run: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}, after: "
        f"{results['load_after'][0]:.2f} (1/5/15 min) on {cores} cores"
        + (f"; CPU in use by other processes in the {CPU_SAMPLE_SECONDS:.0f} s before the run: "
           f"{results['cpu_busy_before']:.0%}" if "cpu_busy_before" in results else "")
        + (" — **other work (other agents, an NER training run) was using the CPU during this run: wall-clock"
           " numbers understate an idle machine.** Each phase therefore also records the CPU time the server"
           " processes used, from which the last column estimates an idle machine." if busy else "."),
        f"Cache-hit load generator: {top['tool']} on the same machine (it takes CPU from the server).",
        "",
        "## Targets",
        "",
        "| target | measured (wall clock, this run) | from CPU time: idle machine | verdict (measured) |",
        "|---|---|---|---|",
        f"| cache hit ≥ {TARGETS['hit_rps']} req/s at concurrency {max(hits)} | {top['rps']:.0f} req/s | "
        f"≤ {idle_rps_local:.0f} req/s with the load generator on the same {cores} cores, ≤ {idle_rps_remote:.0f} with it elsewhere "
        f"({top['server_cpu_ms']:.2f} ms gunicorn + {top['redis_cpu_ms']:.3f} ms Redis CPU per request) | {verdict(top['rps'] >= TARGETS['hit_rps'])} |",
        f"| cache hit p99 ≤ {TARGETS['hit_p99_ms']} ms at concurrency {max(hits)} | {top['p99_ms']:.1f} ms | "
        f"mean ≥ {max(hits) * hit_cpu_all / cores:.1f} ms: {max(hits)} requests in flight share {cores} cores at {hit_cpu_all:.2f} ms CPU "
        f"each (gunicorn, Redis, load generator), p99 above that | {verdict(top['p99_ms'] <= TARGETS['hit_p99_ms'])} |",
        f"| cache miss, 600-token article, p50 ≤ {TARGETS['miss_600_p50_s']} s on one worker | {miss_600:.2f} s "
        f"({'median of the ' + str(len(near_600)) + ' seed and SpkAtt articles of 500–700 tokens' if near_600 else 'linear fit'}) | "
        f"{miss_600_cpu:.2f} s CPU (single-threaded: the latency on an idle core) | {verdict(miss_600 <= TARGETS['miss_600_p50_s'])} |",
        f"| total memory, 2 workers ≤ {TARGETS['rss_ratio']}× 1 worker | {pss_ratio:.2f}× (sum of PSS); sum of RSS {rss_ratio:.2f}× | – | {verdict(pss_ratio <= TARGETS['rss_ratio'])} |",
        f"| job throughput 1 → 2 workers (2 pools × 1), ~linear | {job_ratio:.2f}× | CPU per article {cpu_per_article[0]:.2f} s with 1 worker, "
        f"{cpu_per_article[1]:.2f} s with 2: the work per article does not grow, so throughput should scale with free cores (not measurable here) | "
        f"{'met' if job_ratio >= 1.7 else '**missed** (no free core: ' + str(cores) + ' cores shared with other work)'} |",
        *([f"| (proposal) cache hit with gthread workers, concurrency {max(hits)} | {results['hits_gthread']['rps']:.0f} req/s, "
           f"p99 {results['hits_gthread']['p99_ms']:.1f} ms | {results['hits_gthread']['server_cpu_ms']:.2f} ms gunicorn CPU per request | "
           f"see Hot spots |"] if results.get("hits_gthread") else []),
        *([f"| (comparison) cache hit with sync workers, concurrency {max(hits)} | {results['hits_sync']['rps']:.0f} req/s, "
           f"p99 {results['hits_sync']['p99_ms']:.1f} ms | {results['hits_sync']['server_cpu_ms']:.2f} ms gunicorn CPU per request | "
           f"– |"] if results.get("hits_sync") else []),
        "",
        f"## Cache hits (`POST /v1/quotes`, seed 000 as text/plain, gunicorn 2 workers: {results.get('hits_worker', 'sync')})",
        "",
        "| connections | requests/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/request: gunicorn | Redis | load generator |",
        "|---|---|---|---|---|---|---|---|---|",
        *[f"| {c} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} | "
          f"{r['server_cpu_ms']:.2f} | {r['redis_cpu_ms']:.3f} | {r['client_cpu_ms']:.2f} |" for c, r in sorted(hits.items())],
        "",
        "## Cache misses (one request at a time, Redis flushed before each)",
        "",
        "| seed | characters | tokens | p50 ms (wall) | server CPU ms |",
        "|---|---|---|---|---|",
        *[f"| {s['name']} | {s['chars']} | {s['tokens']} | {s['p50_s'] * 1000:.0f} | {s['cpu_p50_s'] * 1000:.0f} |" for s in results["seeds"]],
        "",
    ]
    if results["spkatt"]:
        lines += [
            f"SpkAtt articles ({len(results['spkatt'])}, {results['spkatt'][0]['tokens']}–{results['spkatt'][-1]['tokens']} tokens, "
            f"evenly spread over the length range): wall ≈ {intercept * 1000:.0f} ms + {slope * 1e3:.2f} ms × tokens, "
            f"CPU ≈ {cpu_intercept * 1000:.0f} ms + {cpu_slope * 1e3:.2f} ms × tokens (least squares); "
            f"time grows linearly with length. One worker: {len(results['spkatt']) / sum(r['seconds'] for r in results['spkatt']):.2f} articles/s "
            f"(wall), {len(results['spkatt']) / sum(r['cpu_s'] for r in results['spkatt']):.2f} per CPU-second.",
            "",
        ]
    lines += [
        "## Memory (`zitat serve`, model preloaded in the master, after each worker analysed articles)",
        "",
        "| workers | master RSS MiB | worker RSS MiB | sum of RSS MiB | sum of PSS MiB |",
        "|---|---|---|---|---|",
        *[f"| {r['workers']} | {r['master_rss_mib']:.0f} | {', '.join(f'{w:.0f}' for w in r['worker_rss_mib'])} | {r['total_rss_mib']:.0f} | {r['total_pss_mib']:.0f} |"
          for r in results["memory"]],
        "",
        "RSS counts every shared page once per process, so the sum of RSS overstates what a pod uses; PSS",
        "divides each shared page among the processes that map it, and its sum is the physical memory",
        "(what the kernel and a Kubernetes memory limit see). The target is judged on PSS.",
        "",
        "## Jobs (`POST /v1/jobs` of cache-missing SpkAtt articles, `zitat worker`, start-up excluded)",
        "",
        "| worker | pools × processes | articles | seconds | articles/s | worker CPU s | CPU s per article | PSS of the pools MiB |",
        "|---|---|---|---|---|---|---|---|",
        *[f"| {'fork per article (--fork)' if r['fork'] else 'in-process (default)'} | {r.get('pools', 1)} × {r['processes']} | {r['articles']} | "
          f"{r['seconds']:.1f} | {r['articles_per_s']:.2f} | {r['worker_cpu_s']:.1f} | {r['worker_cpu_s'] / r['articles']:.2f} | {r['pss_mib']:.0f} |"
          for r in results["jobs"]],
        "",
        "One pool with 2 processes shares one scheduler group: Linux autogroup (enabled here) gives each session",
        "one fair share of a busy CPU, however many processes it runs, so on this shared machine it cannot get",
        "more CPU than one process. Two pools (each its own session, as on two machines) can; the target ratio is",
        "judged on 2 pools × 1 process against 1 × 1.",
        "",
        *[f"![{Path(image).stem}]({image})" for image in images],
        "",
    ]
    lines += PROFILE_SECTION
    notes = results.get("notes")
    if notes:
        lines += ["## Notes", "", *notes, ""]
    (DOCS / "performance.md").write_text("\n".join(lines), encoding="utf-8")
    (PLOTS / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short phases (smoke check of the script)")
    parser.add_argument("--seconds", type=float, default=None, help="seconds per cache-hit run (default 10, quick 3)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    parser.add_argument("--report-only", action="store_true", help="rewrite docs/performance.md and the plots from docs/perf/results.json")
    parser.add_argument("--phases", default="memory,hits,misses,jobs",
                        help="comma-separated subset to measure again; the others are taken from docs/perf/results.json")
    args = parser.parse_args()
    if args.report_only:
        results = json.loads((PLOTS / "results.json").read_text())
        write_report(results, plots(results))
        print(f"wrote {DOCS / 'performance.md'}")
        return 0
    seconds = args.seconds or (3 if args.quick else 10)
    use_wrk = shutil.which("wrk") is not None
    load_before = os.getloadavg()
    cpu_busy = cpu_busy_share(CPU_SAMPLE_SECONDS)
    results: dict = {"when": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "load_before": load_before,
                     "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    if cpu_busy is not None:
        results["cpu_busy_before"] = cpu_busy
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; "
          f"CPU busy in the last {CPU_SAMPLE_SECONDS:.0f} s: {'n/a' if cpu_busy is None else f'{cpu_busy:.0%}'}")
    phases = set(args.phases.split(","))
    previous_file = PLOTS / "results.json"
    if phases != {"memory", "hits", "misses", "jobs"} and previous_file.exists():
        previous = json.loads(previous_file.read_text())
        results.update({key: previous[key] for key in ("memory", "hits", "hits_worker", "hits_sync", "hits_gthread", "seeds", "spkatt", "miss_fit", "jobs", "model")
                        if key in previous})
        results["notes"] = [f"Phases measured again on {results['when']} UTC: {', '.join(sorted(phases))}; the others are from "
                            f"{previous['when']} UTC (load average then {previous['load_before'][0]:.2f})."]
    with RedisServer() as redis_server:
        if "memory" in phases:
            results["memory"] = measure_memory(redis_server.url, [1, 2] if args.quick else [1, 2, 3])
        server = Server(redis_server.url, 2).start()
        try:
            results["model"] = requests.get(f"{server.base}/readyz", timeout=5).json()["model"]["ner"]
            if "hits" in phases:
                results["hits"] = cache_hit_load(server, [1, 8, 32], seconds, use_wrk, redis_server.process.pid)
                results["hits_worker"] = default_worker_description()
                results["hits_sync"] = sync_hits(redis_server, seconds, use_wrk)
            if "misses" in phases:
                results["seeds"], results["spkatt"] = cache_miss_latency(server, redis_server.url, 1 if args.quick else 3, 8 if args.quick else 40)
                points = [(r["tokens"], r["seconds"]) for r in results["spkatt"]] or [(s["tokens"], s["p50_s"]) for s in results["seeds"]]
                results["miss_fit"] = fit_line(points)
            if "jobs" in phases:
                # Articles from the longer half of SpkAtt (about 250-600 tokens), so per-article overhead does not dominate.
                job_articles = [text for _, text, _ in spkatt_articles(48)][24:24 + (8 if args.quick else 24)]
                job_articles = job_articles or [p.read_text(encoding="utf-8") for p in SEEDS]
                results["jobs"] = [
                    job_throughput(server, redis_server.url, job_articles, 1),
                    job_throughput(server, redis_server.url, job_articles, 2),
                    job_throughput(server, redis_server.url, job_articles, 1, pools=2),
                    job_throughput(server, redis_server.url, job_articles, 1, fork=True),
                ]
        finally:
            server.stop()
    results["load_after"] = os.getloadavg()
    if not args.no_write:
        write_report(results, plots(results))
        print(f"wrote {DOCS / 'performance.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
