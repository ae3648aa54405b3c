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

    _local_analyzer = load_analyzer()
    failed = 0
    if workers <= 1:
        results = (analyze_line(index, line) for index, line in lines)
    else:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
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


def run_remote(lines: Iterator[tuple[int, bytes]], output, url: str, chunk: int, in_flight: int, progress: tqdm) -> int:
    """Submit the input as jobs of `chunk` articles, at most `in_flight` at a time; write results in order."""
    import requests

    session = requests.Session()
    base = url.rstrip("/")
    jobs: collections.deque[tuple[str, int]] = collections.deque()  # (job id, first input index)
    failed = 0
    reported = 0
    for first, body in _chunks(lines, chunk):
        jobs.append((_submit(session, base, body), first))
        while len(jobs) >= in_flight:
            failed, reported = _drain_oldest(session, base, jobs, output, progress, failed, reported)
    while jobs:
        failed, reported = _drain_oldest(session, base, jobs, output, progress, failed, reported)
    return failed


def _chunks(lines, size: int) -> Iterator[tuple[int, bytes]]:
    batch: list[bytes] = []
    first = 0
    for index, line in lines:
        if not batch:
            first = index
        batch.append(line if line.endswith(b"\n") else line + b"\n")
        if len(batch) >= size:
            yield first, b"".join(batch)
            batch = []
    if batch:
        yield first, b"".join(batch)


def _submit(session, base: str, body: bytes) -> str:
    response = session.post(f"{base}/v1/jobs", data=body, headers={"Content-Type": NDJSON_MIME}, timeout=300)
    if response.status_code != 202:
        raise BatchError(f"POST /v1/jobs answered {response.status_code}: {_detail(response)}")
    return response.json()["id"]


def _drain_oldest(session, base, jobs, output, progress, failed: int, reported: int) -> tuple[int, int]:
    """Wait for the oldest job, advancing the bar with its progress, then copy its results (re-indexed)."""
    job_id, first = jobs[0]
    while True:
        response = session.get(f"{base}/v1/jobs/{job_id}", timeout=60)
        if response.status_code != 200:
            raise BatchError(f"GET /v1/jobs/{job_id} answered {response.status_code}: {_detail(response)}")
        status = response.json()
        progress.update(first + status["progress"]["done"] - reported)
        reported = first + status["progress"]["done"]
        if status["status"] in ("finished", "cancelled"):
            break
        time.sleep(1.0)
    with session.get(f"{base}/v1/jobs/{job_id}/results", stream=True, timeout=300) as response:
        if response.status_code != 200:
            raise BatchError(f"GET /v1/jobs/{job_id}/results answered {response.status_code}: {_detail(response)}")
        for raw in response.iter_lines():
            if raw:
                item = json.loads(raw)
                item["index"] += first
                failed += item["error"] is not None
                output.write(json.dumps(item, ensure_ascii=False) + "\n")
    jobs.popleft()
    return failed, reported


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
