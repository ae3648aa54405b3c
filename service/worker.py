"""`zitat worker`: a pool of RQ workers forked from one process that holds the loaded model.

The parent loads the NER model and the pipeline, runs one warm-up analysis and freezes the
garbage collector, then RQ's WorkerPool forks `--processes` workers that share those pages
and respawns any that dies. Each worker analyses articles in its own process: forking a
work-horse per article (RQ's default) cost 100-400 ms per article here (fork of a ~700 MB
process, copy-on-write faults, kernels re-tuned in every short-lived child; see
docs/performance.md), so it is only an option (`--fork`).

Nothing is lost when a worker dies mid-article (kill -9, OOM): while it works, a thread
renews the article's heartbeat every JOB_HEARTBEAT_S seconds; once the heartbeats stop, RQ's
maintenance, run by any live worker every 2 x JOB_HEARTBEAT_S, finds the article abandoned
and queues it again. service/jobs.py bounds how often (JOB_MAX_ATTEMPTS).
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import threading
import time

import redis
from rq import SimpleWorker, Worker
from rq.worker import WorkerStatus
from rq.worker_pool import WorkerPool

from .jobs import JobSettings, install_analyzer, on_work_horse_killed

log = logging.getLogger(__name__)

WARM_UP_TEXT = "„Wir werden das Gesetz noch in diesem Jahr vorlegen“, sagte Bundeskanzlerin Angela Merkel am Montag in Berlin."
DEQUEUE_MARGIN_S = 15  # RQ blocks on the queue for worker_ttl - 15 s


class _ZitatWorkerDefaults:
    """Heartbeat, maintenance and queue wait derived from JOB_HEARTBEAT_S (RQ's defaults are minutes)."""

    def __init__(self, *args, **kwargs):
        from .app import set_torch_threads
        from .config import Settings

        set_torch_threads(Settings.from_env().torch_threads)  # runs in the forked worker process
        beat = JobSettings.from_env().heartbeat_s
        kwargs.setdefault("job_monitoring_interval", beat)
        kwargs.setdefault("maintenance_interval", 2 * beat)
        # The queue wait ends every maintenance interval, so an idle worker still recovers abandoned articles.
        kwargs.setdefault("worker_ttl", DEQUEUE_MARGIN_S + 2 * beat)
        kwargs.setdefault("work_horse_killed_handler", on_work_horse_killed)
        super().__init__(*args, **kwargs)

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:  # noqa: ARG002 - RQ signature
        return 4 * self.job_monitoring_interval


class ZitatWorker(_ZitatWorkerDefaults, SimpleWorker):
    """Analyses each article in this process, with a heartbeat thread while it works."""

    def execute_job(self, job, queue):
        execution = self.prepare_execution(job)
        done = threading.Event()
        beat = threading.Thread(target=self._keep_alive, args=(job, execution, done), name="heartbeat", daemon=True)
        beat.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            done.set()
            beat.join()
        self.set_state(WorkerStatus.IDLE)

    def _keep_alive(self, job, execution, done: threading.Event) -> None:
        while not done.wait(self.job_monitoring_interval):
            try:
                self.maintain_heartbeats(job, execution)
            except redis.RedisError as exc:
                log.warning("heartbeat failed", extra={"job": job.id, "error": str(exc)})


class ZitatForkWorker(_ZitatWorkerDefaults, Worker):
    """RQ's default: a forked work-horse per article (isolation, at a cost per article)."""


def load_analyzer():
    """The model and pipeline, loaded and warmed up once in the parent process."""
    from .analyzer import Analyzer
    from .app import build_pipeline
    from .cache import ResultCache
    from .config import Settings

    settings = Settings.from_env()
    started = time.monotonic()
    pipeline = build_pipeline(settings, before_fork=True)
    pipeline.analyze(WARM_UP_TEXT, deadline=time.monotonic() + 120)
    cache = ResultCache.from_url(settings.redis_url, settings.cache_ttl_s, settings.redis_timeout_s, settings.redis_retry_after_s)
    analyzer = Analyzer(pipeline, cache, max_text_chars=settings.max_text_chars, timeout_s=settings.pipeline_timeout_s)
    log.info("model loaded", extra={"seconds": round(time.monotonic() - started, 2), "model": analyzer.model_info})
    gc.collect()
    gc.freeze()  # keep the garbage collector from writing to (and so copying) the shared pages
    return analyzer


def cmd_worker(args: argparse.Namespace) -> int:
    from .config import Settings
    from .logs import configure_logging

    settings = Settings.from_env()
    configure_logging(settings.log_level)
    if not settings.redis_url:
        print("zitat worker: set REDIS_URL to the Redis that the API enqueues jobs on.", file=sys.stderr)
        return 2
    job_settings = JobSettings.from_env()
    install_analyzer(load_analyzer())
    connection = redis.Redis.from_url(settings.redis_url, health_check_interval=30)
    pool = WorkerPool(
        [job_settings.queue],
        connection=connection,
        num_workers=max(1, args.processes),
        worker_class=ZitatForkWorker if args.fork else ZitatWorker,
    )
    pool.start(burst=args.burst, logging_level=settings.log_level)
    return 0


def add_worker_parser(sub) -> None:
    worker = sub.add_parser("worker", help="process queued jobs (RQ workers sharing one loaded model)")
    worker.add_argument("--processes", type=int, default=1, help="worker processes forked after loading the model (default 1)")
    worker.add_argument("--fork", action="store_true", help="fork a work-horse per article (slower; isolates each article)")
    worker.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    worker.set_defaults(func=cmd_worker)
