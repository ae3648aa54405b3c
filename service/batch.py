"""`zitat batch INPUT.ndjson -o OUTPUT.ndjson`: run an archive through the pipeline.

Input: one JSON article per line (`{"text": ..., "id": ..., "title": ...}`). Output: one line
per input line, in input order, exactly the lines of `GET /v1/jobs/{id}/results`
(`{"index", "id", "result", "error"}`); a bad line becomes an error line, it does not stop the run.

Two ways to run: in this process, with `--workers` local processes forked after the model is
loaded (they share it), or with `--url` through a running service's job API, which spreads the
work over every `zitat worker` attached to its Redis.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_context

import marshmallow as ma
from tqdm import tqdm

from .jobs import result_line
from .problems import Problem, problem_body

NDJSON_MIME = "application/x-ndjson"


class BatchError(RuntimeError):
    pass


def read_lines(stream) -> Iterator[tuple[int, bytes]]:
    index = 0
    for line in stream:
        if line.strip():
            yield index, line
            index += 1


def parse_article(line: bytes) -> dict:
    """A validated article dict, or a Problem for this line alone."""
    from .schemas import ArticleSchema

    try:
        payload = json.loads(line.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Problem(400, "malformed-json", f"The line is not valid JSON: {exc}.") from None
    try:
        return ArticleSchema().load(payload)
    except ma.ValidationError as exc:
        raise Problem(422, "validation-error", "The line failed validation; see `errors`.", errors=exc.messages) from None


# -- in-process -------------------------------------------------------------------------------

_local_analyzer = None


def analyze_line(index: int, line: bytes) -> tuple[str, bool]:
    """(result line, failed) for one input line; runs in a forked worker process."""
    from .analyzer import Article

    client_id = None
    try:
        article = parse_article(line)
        client_id = article.get("id")
        return result_line(index, client_id, _local_analyzer.analyze_json(Article(**article)), None), False
    except Problem as problem:
        return result_line(index, client_id, None, problem.to_dict()), True
    except Exception as exc:  # one bad article must not end an archive run
        error = problem_body(500, "article-failed", f"The article failed: {type(exc).__name__}: {exc}")
        return result_line(index, client_id, None, error), True


def run_local(lines: Iterator[tuple[int, bytes]], output, workers: int, progress: tqdm) -> int:
    global _local_analyzer
    from .worker import load_analyzer

    from .app import set_torch_threads
    from .config import Settings

    _local_analyzer = load_analyzer()  # single-threaded torch: GNU OpenMP's pool does not survive fork
    threads = Settings.from_env().torch_threads
    failed = 0
    if workers <= 1:
        set_torch_threads(threads)
        results = (analyze_line(index, line) for index, line in lines)
    else:
        executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("fork"), initializer=set_torch_threads, initargs=(threads,)
        )
        results = _ordered(executor, lines, window=workers * 4)
    for text, is_error in results:
        output.write(text + "\n")
        failed += is_error
        progress.update(1)
    if workers > 1:
        executor.shutdown()
    return failed


def _ordered(executor: ProcessPoolExecutor, lines, window: int) -> Iterator[tuple[str, bool]]:
    """Results in input order with at most `window` articles in flight (memory stays flat)."""
    pending: collections.deque[Future] = collections.deque()
    for index, line in lines:
        pending.append(executor.submit(analyze_line, index, line))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# -- through the job API ------------------------------------------------------------------------


@dataclass
class RemoteChunk:
    """Consecutive input lines sent as one job; bad lines stay here as ready-made error lines."""

    entries: list[tuple[int, str | None]] = field(default_factory=list)  # (input index, error line or None)
    body: list[bytes] = field(default_factory=list)
    job_id: str | None = None
    reported: int = 0


def run_remote(lines: Iterator[tuple[int, bytes]], output, url: str, chunk: int, in_flight: int, progress: tqdm) -> int:
    """Submit the input as jobs of `chunk` articles, at most `in_flight` at a time; write results in order."""
    import requests

    session = requests.Session()
    base = url.rstrip("/")
    pending: collections.deque[RemoteChunk] = collections.deque()
    failed = 0
    for current in _remote_chunks(lines, chunk):
        if current.body:
            current.job_id = _submit(session, base, b"".join(current.body))
        pending.append(current)
        while len(pending) >= in_flight:
            failed += _drain(session, base, pending.popleft(), output, progress)
    while pending:
        failed += _drain(session, base, pending.popleft(), output, progress)
    return failed


def _remote_chunks(lines, size: int) -> Iterator[RemoteChunk]:
    current = RemoteChunk()
    for index, line in lines:
        try:
            article = parse_article(line)
        except Problem as problem:
            current.entries.append((index, result_line(index, None, None, problem.to_dict())))
            continue
        current.entries.append((index, None))
        current.body.append(json.dumps(article, ensure_ascii=False).encode("utf-8") + b"\n")
        if len(current.body) >= size:
            yield current
            current = RemoteChunk()
    if current.entries:
        yield current


def _submit(session, base: str, body: bytes) -> str:
    response = session.post(f"{base}/v1/jobs", data=body, headers={"Content-Type": NDJSON_MIME}, timeout=300)
    if response.status_code != 202:
        raise BatchError(f"POST /v1/jobs answered {response.status_code}: {_detail(response)}")
    return response.json()["id"]


def _drain(session, base: str, chunk: RemoteChunk, output, progress: tqdm) -> int:
    """Wait for the chunk's job (advancing the bar), then write its lines in input order; returns the errors."""
    results: Iterator[dict] = iter(())
    if chunk.job_id:
        _wait_for_job(session, base, chunk, progress)
        response = session.get(f"{base}/v1/jobs/{chunk.job_id}/results", stream=True, timeout=300)
        if response.status_code != 200:
            raise BatchError(f"GET /v1/jobs/{chunk.job_id}/results answered {response.status_code}: {_detail(response)}")
        results = (json.loads(raw) for raw in response.iter_lines() if raw)
    failed = 0
    for index, error_line in chunk.entries:
        if error_line is not None:
            output.write(error_line + "\n")
            failed += 1
            progress.update(1)
            continue
        item = next(results)
        item["index"] = index
        failed += item["error"] is not None
        output.write(json.dumps(item, ensure_ascii=False) + "\n")
    progress.update(len(chunk.body) - chunk.reported)
    return failed


def _wait_for_job(session, base: str, chunk: RemoteChunk, progress: tqdm) -> None:
    while True:
        response = session.get(f"{base}/v1/jobs/{chunk.job_id}", timeout=60)
        if response.status_code != 200:
            raise BatchError(f"GET /v1/jobs/{chunk.job_id} answered {response.status_code}: {_detail(response)}")
        status = response.json()
        done = status["progress"]["done"]
        progress.update(done - chunk.reported)
        chunk.reported = done
        if status["status"] in ("finished", "cancelled"):
            return
        time.sleep(1.0)


def _detail(response) -> str:
    try:
        return response.json().get("detail", response.text[:300])
    except ValueError:
        return response.text[:300]


# -- command ------------------------------------------------------------------------------------


def count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def cmd_batch(args: argparse.Namespace) -> int:
    with ExitStack() as stack:
        source = sys.stdin.buffer if args.input == "-" else stack.enter_context(open(args.input, "rb"))
        output = sys.stdout if args.output == "-" else stack.enter_context(open(args.output, "w", encoding="utf-8"))
        progress = stack.enter_context(
            tqdm(total=count_lines(args.input), unit="article", disable=args.quiet, file=sys.stderr, dynamic_ncols=True)
        )
        started = time.monotonic()
        lines = read_lines(source)
        try:
            if args.url:
                failed = run_remote(lines, output, args.url, args.chunk, args.in_flight, progress)
            else:
                failed = run_local(lines, output, args.workers, progress)
        except BatchError as exc:
            print(f"zitat batch: {exc}", file=sys.stderr)
            return 1
        elapsed = time.monotonic() - started
    print(f"zitat batch: {progress.n} articles in {elapsed:.1f} s, {failed} with errors", file=sys.stderr)
    return 0


def add_batch_parser(sub) -> None:
    batch = sub.add_parser("batch", help="analyse an NDJSON archive (in-process or through the job API)")
    batch.add_argument("input", help="NDJSON file, one article object per line, or - for standard input")
    batch.add_argument("-o", "--output", default="-", help="NDJSON results file (default: standard output)")
    batch.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local worker processes (default: CPU count)")
    batch.add_argument("--url", default=None, help="base URL of a running service: use its job API instead of local workers")
    batch.add_argument("--chunk", type=int, default=500, help="articles per submitted job with --url (default 500)")
    batch.add_argument("--in-flight", type=int, default=4, help="jobs submitted ahead with --url (default 4)")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    batch.set_defaults(func=cmd_batch)
