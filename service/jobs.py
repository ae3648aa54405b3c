"""Asynchronous jobs for archives: many articles, queued with RQ, processed by `zitat worker`.

A job is a set of Redis keys that share the hash tag `{<job id>}` (one cluster slot):

    zitat:job:{ID}:meta      hash: total, done, failed, created_at, started_at, finished_at, cancelled_at
    zitat:job:{ID}:input     hash: index -> article JSON (deleted article by article as results arrive)
    zitat:job:{ID}:results   hash: index -> one NDJSON result line
    zitat:job:{ID}:attempts  hash: index -> how many times a worker started this article (kept for diagnosis)
    zitat:job:{ID}:failures  list: the first FAILURES_KEPT per-article errors (for the status)

Each article is one RQ job (`process_article(job_id, index)`) with RQ retries. Our own attempt
counter, incremented before the pipeline starts, is what bounds the work on a poison article:
a worker killed by kill -9 or the OOM killer never gets to say that it failed (RQ requeues the
article once its heartbeat expires, see service/worker.py), but the next attempt sees the counter and, past `max_attempts`, records a per-article error instead of
running the pipeline again. Results are written with HSETNX in a Lua script, so an article that
is (rarely) processed twice is counted once and the job always ends.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import redis
from rq import Queue, Retry
from rq.job import Callback, Job

from .config import env_int
from .problems import Problem, problem_body

log = logging.getLogger(__name__)

JOB_ID_LENGTH = 32
STAGE_CHUNK = 500
ENQUEUE_CHUNK = 1000
READ_CHUNK = 200
FAILURES_KEPT = 100


@dataclass(frozen=True)
class JobSettings:
    """Knobs of the job queue, from the environment (documented in README, "Configuration")."""

    ttl_s: int = 24 * 3600
    max_articles: int = 100_000
    max_body_bytes: int = 256 * 1024 * 1024
    max_attempts: int = 3
    article_timeout_s: int = 120
    heartbeat_s: int = 5
    queue: str = "zitat"

    @classmethod
    def from_env(cls) -> "JobSettings":
        return cls(
            ttl_s=env_int("JOB_TTL_S", cls.ttl_s),
            max_articles=env_int("JOB_MAX_ARTICLES", cls.max_articles),
            max_body_bytes=env_int("JOB_MAX_BODY_BYTES", cls.max_body_bytes),
            max_attempts=max(1, env_int("JOB_MAX_ATTEMPTS", cls.max_attempts)),
            article_timeout_s=env_int("JOB_ARTICLE_TIMEOUT_S", cls.article_timeout_s),
            heartbeat_s=max(1, env_int("JOB_HEARTBEAT_S", cls.heartbeat_s)),
            queue=os.environ.get("JOB_QUEUE", "").strip() or cls.queue,
        )


def job_key(job_id: str, part: str) -> str:
    return f"zitat:job:{{{job_id}}}:{part}"


def rq_job_id(job_id: str, index: int) -> str:
    return f"zitat-{job_id}-{index}"


def is_job_id(value: str) -> bool:
    return len(value) == JOB_ID_LENGTH and all(c in "0123456789abcdef" for c in value)


# Records one article's outcome exactly once and finishes the job with the last one.
# KEYS: meta, results, input, attempts, failures. ARGV: index, line, failed (0/1), failure summary, ttl, now.
RECORD_SCRIPT = """
local total = redis.call('HGET', KEYS[1], 'total')
if not total then return -1 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[2], ARGV[5])
redis.call('HDEL', KEYS[3], ARGV[1])
if ARGV[3] == '1' then
  redis.call('HINCRBY', KEYS[1], 'failed', 1)
  if redis.call('LLEN', KEYS[5]) < tonumber(ARGV[7]) then
    redis.call('RPUSH', KEYS[5], ARGV[4])
    redis.call('EXPIRE', KEYS[5], ARGV[5])
  end
end
local done = redis.call('HINCRBY', KEYS[1], 'done', 1)
if done >= tonumber(total) then
  redis.call('HSETNX', KEYS[1], 'finished_at', ARGV[6])
  for i = 1, #KEYS do
    if i ~= 3 then redis.call('EXPIRE', KEYS[i], ARGV[5]) end
  end
  redis.call('DEL', KEYS[3])
end
return 1
"""


def _now() -> str:
    return f"{time.time():.3f}"


def _iso(timestamp: bytes | str | None) -> str | None:
    if timestamp is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(float(timestamp)))


def result_line(index: int, client_id: str | None, analysis_json: str | None, error: dict | None) -> str:
    """One NDJSON line of a job's results; `analysis_json` is the API's response body, spliced in unparsed."""
    head = json.dumps({"index": index, "id": client_id}, ensure_ascii=False)[:-1]
    if analysis_json is not None:
        return f'{head}, "result": {analysis_json}, "error": null}}'
    return f"{head}, \"result\": null, \"error\": {json.dumps(error, ensure_ascii=False)}}}"


class JobStore:
    """Creates, reads, cancels and processes jobs on one Redis connection."""

    def __init__(self, connection: redis.Redis, settings: JobSettings) -> None:
        self.redis = connection
        self.settings = settings
        self.queue = Queue(settings.queue, connection=connection)
        self._record = connection.register_script(RECORD_SCRIPT)

    # -- submission -------------------------------------------------------------------------

    def create(self, articles: Iterable[dict]) -> str:
        """Stage the articles (validated dicts: text, id, title) and enqueue one RQ job per article.

        Nothing is enqueued until the whole input has been read, so a body that fails half-way
        (validation, size limit, client gone) leaves no half job behind.
        """
        job_id = uuid.uuid4().hex
        input_key = job_key(job_id, "input")
        try:
            total = self._stage(input_key, articles)
        except BaseException:
            self.redis.delete(input_key)
            raise
        if total == 0:
            raise Problem(422, "validation-error", "The job holds no articles.", errors={"articles": ["at least one article"]})
        meta = job_key(job_id, "meta")
        with self.redis.pipeline() as pipe:
            pipe.hset(meta, mapping={"total": total, "done": 0, "failed": 0, "created_at": _now()})
            pipe.expire(meta, self.settings.ttl_s)
            pipe.expire(input_key, self.settings.ttl_s)
            pipe.execute()
        self._enqueue(job_id, total)
        return job_id

    def _stage(self, input_key: str, articles: Iterable[dict]) -> int:
        total = 0
        batch: dict[str, str] = {}
        for article in articles:
            if total >= self.settings.max_articles:
                raise Problem(
                    413,
                    "too-many-articles",
                    f"A job holds at most {self.settings.max_articles} articles (JOB_MAX_ARTICLES); split the input.",
                )
            batch[str(total)] = json.dumps(
                {"text": article["text"], "id": article.get("id"), "title": article.get("title")}, ensure_ascii=False
            )
            total += 1
            if len(batch) >= STAGE_CHUNK:
                self.redis.hset(input_key, mapping=batch)
                batch = {}
        if batch:
            self.redis.hset(input_key, mapping=batch)
        return total

    def _enqueue(self, job_id: str, total: int) -> None:
        for start in range(0, total, ENQUEUE_CHUNK):
            datas = [
                Queue.prepare_data(
                    process_article,
                    args=(job_id, index),
                    job_id=rq_job_id(job_id, index),
                    timeout=self.settings.article_timeout_s,
                    result_ttl=0,
                    failure_ttl=self.settings.ttl_s,
                    ttl=self.settings.ttl_s,
                    retry=Retry(max=self.settings.max_attempts),
                    on_failure=Callback(on_rq_failure),
                    description=f"zitat job {job_id} article {index}",
                )
                for index in range(start, min(total, start + ENQUEUE_CHUNK))
            ]
            with self.redis.pipeline() as pipe:
                self.queue.enqueue_many(datas, pipeline=pipe)
                pipe.execute()

    # -- reading ----------------------------------------------------------------------------

    def status(self, job_id: str) -> dict | None:
        if not is_job_id(job_id):
            return None
        meta = {k.decode(): v.decode() for k, v in self.redis.hgetall(job_key(job_id, "meta")).items()}
        if not meta:
            return None
        total, done, failed = int(meta["total"]), int(meta.get("done", 0)), int(meta.get("failed", 0))
        if done >= total:
            state = "finished"
        elif meta.get("cancelled_at"):
            state = "cancelled"
        elif meta.get("started_at"):
            state = "running"
        else:
            state = "queued"
        failures = [json.loads(raw) for raw in self.redis.lrange(job_key(job_id, "failures"), 0, FAILURES_KEPT - 1)]
        return {
            "id": job_id,
            "status": state,
            "progress": {"done": done, "total": total, "failed": failed},
            "failures": failures,
            "created_at": _iso(meta.get("created_at")),
            "started_at": _iso(meta.get("started_at")),
            "finished_at": _iso(meta.get("finished_at") or meta.get("cancelled_at")),
            "results": f"/v1/jobs/{job_id}/results",
        }

    def iter_result_lines(self, job_id: str, total: int) -> Iterator[str]:
        """Every article's result line in input order; articles never processed (cancelled) get an error line."""
        results = job_key(job_id, "results")
        for start in range(0, total, READ_CHUNK):
            fields = [str(i) for i in range(start, min(total, start + READ_CHUNK))]
            lines = self.redis.hmget(results, fields)
            missing = [field for field, raw in zip(fields, lines) if raw is None]
            inputs = dict(zip(missing, self.redis.hmget(job_key(job_id, "input"), missing))) if missing else {}
            for field, raw in zip(fields, lines):
                if raw is not None:
                    yield raw.decode("utf-8") + "\n"
                    continue
                article = json.loads(inputs[field]) if inputs.get(field) else {}
                error = problem_body(409, "job-cancelled", "The job was cancelled before this article was analysed.")
                yield result_line(int(field), article.get("id"), None, error) + "\n"

    def cancel(self, job_id: str) -> dict | None:
        state = self.status(job_id)
        if state is None or state["status"] in ("finished", "cancelled"):
            return state
        meta = job_key(job_id, "meta")
        # Queued RQ jobs of a cancelled job see the mark and return at once; the input stays
        # (until JOB_TTL_S) so that the results can still name each article's client id.
        self.redis.hsetnx(meta, "cancelled_at", _now())
        return self.status(job_id)

    # -- processing (in the worker) ---------------------------------------------------------

    def process(self, job_id: str, index: int, analyzer) -> str:
        """Analyse one article of a job and record its line; returns what happened (for logs and tests)."""
        field = str(index)
        meta = job_key(job_id, "meta")
        with self.redis.pipeline() as pipe:
            pipe.hget(job_key(job_id, "input"), field)
            pipe.hget(meta, "cancelled_at")
            raw, cancelled = pipe.execute()
        if raw is None or cancelled:
            return "skipped"  # cancelled, expired, or already recorded by an earlier attempt
        attempts_key = job_key(job_id, "attempts")
        with self.redis.pipeline() as pipe:
            pipe.hincrby(attempts_key, field, 1)
            pipe.expire(attempts_key, self.settings.ttl_s)
            pipe.hsetnx(meta, "started_at", _now())
            attempt = pipe.execute()[0]
        article = json.loads(raw)
        if attempt > self.settings.max_attempts:
            self.record_error(job_id, index, article.get("id"), poison_problem(attempt - 1))
            return "poison"
        from .analyzer import Article

        try:
            analysis = analyzer.analyze_json(Article(**article))
        except Problem as problem:
            self.record_error(job_id, index, article.get("id"), problem.to_dict())
            return "error"
        except Exception as exc:
            if attempt < self.settings.max_attempts:
                raise  # RQ retries the article
            log.exception("article failed on its last attempt", extra={"job": job_id, "index": index})
            self.record_error(job_id, index, article.get("id"), failed_problem(attempt, exc))
            return "error"
        self._write(job_id, index, result_line(index, article.get("id"), analysis, None), None)
        return "done"

    def record_error(self, job_id: str, index: int, client_id: str | None, problem: dict) -> None:
        summary = json.dumps({"index": index, "id": client_id, "error": problem}, ensure_ascii=False)
        self._write(job_id, index, result_line(index, client_id, None, problem), summary)

    def record_abandoned(self, job_id: str, index: int) -> None:
        """The article's RQ job is out of retries without having recorded anything: close it with an error."""
        raw = self.redis.hget(job_key(job_id, "input"), str(index))
        if raw is None:
            return
        attempts = int(self.redis.hget(job_key(job_id, "attempts"), str(index)) or 0)
        self.record_error(job_id, index, json.loads(raw).get("id"), poison_problem(attempts))

    def _write(self, job_id: str, index: int, line: str, failure_summary: str | None) -> int:
        keys = [job_key(job_id, part) for part in ("meta", "results", "input", "attempts", "failures")]
        args = [index, line, 1 if failure_summary else 0, failure_summary or "", self.settings.ttl_s, _now(), FAILURES_KEPT]
        return int(self._record(keys=keys, args=args))


def poison_problem(attempts: int) -> dict:
    return problem_body(
        500,
        "article-failed",
        f"The article was abandoned after {attempts} attempt(s): the worker analysing it stopped each time "
        "(killed, out of memory or crashed).",
    )


def failed_problem(attempts: int, exc: Exception) -> dict:
    return problem_body(500, "article-failed", f"The article failed {attempts} time(s); last error: {type(exc).__name__}.")


# -- the RQ side: functions referenced by import path from the queued jobs ----------------------

_analyzer = None


def install_analyzer(analyzer) -> None:
    """Called by `zitat worker` before forking, so that every worker process shares the loaded model."""
    global _analyzer
    _analyzer = analyzer


def worker_analyzer():
    global _analyzer
    if _analyzer is None:  # a plain `rq worker`: load once per process (per article when it forks)
        from .analyzer import Analyzer
        from .app import build_pipeline
        from .cache import ResultCache
        from .config import Settings

        settings = Settings.from_env()
        cache = ResultCache.from_url(settings.redis_url, settings.cache_ttl_s, settings.redis_timeout_s, settings.redis_retry_after_s)
        _analyzer = Analyzer(build_pipeline(settings), cache, max_text_chars=settings.max_text_chars, timeout_s=settings.pipeline_timeout_s)
    return _analyzer


def _store_for(job: Job) -> JobStore:
    return JobStore(job.connection, JobSettings.from_env())


def process_article(job_id: str, index: int) -> str:
    from rq import get_current_job

    return _store_for(get_current_job()).process(job_id, index, worker_analyzer())


def on_rq_failure(job: Job, connection, exc_type, exc_value, traceback) -> None:  # noqa: ARG001 - RQ callback signature
    """RQ failure callback (also run for jobs abandoned by a dead worker): close the article when RQ gives up."""
    if not job.retries_left:
        job_id, index = job.args
        _store_for(job).record_abandoned(job_id, index)


def on_work_horse_killed(job: Job, retpid, ret_val, rusage) -> None:  # noqa: ARG001 - RQ handler signature
    """`zitat worker --fork`: a work-horse died; RQ retries the article unless it is out of retries."""
    on_rq_failure(job, job.connection, None, None, None)
