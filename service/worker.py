"""`zitat worker`: RQ workers that load the model once and fork a work-horse per article.

The parent loads the NER model and the pipeline, runs one warm-up analysis (lazy
initialisation happens once, not in every work-horse) and freezes the garbage collector so
that forked children keep sharing those pages. Each article then runs in a forked work-horse:
a horse killed by kill -9 or the OOM killer is noticed at once by its parent, and RQ retries
the article (see service/jobs.py for how retries are bounded).
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import time

import redis
from rq import SimpleWorker, Worker
from rq.worker_pool import WorkerPool

from .jobs import JobSettings, install_analyzer, on_work_horse_killed

log = logging.getLogger(__name__)

WARM_UP_TEXT = "„Wir werden das Gesetz noch in diesem Jahr vorlegen“, sagte Bundeskanzlerin Angela Merkel am Montag in Berlin."
MAINTENANCE_INTERVAL_S = 30
JOB_MONITORING_INTERVAL_S = 5


class _ZitatWorkerDefaults:
    # Abandoned articles (a whole worker machine gone) are found by whichever worker runs
    # maintenance next; RQ's 10-minute default would leave them waiting too long.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("maintenance_interval", MAINTENANCE_INTERVAL_S)
        kwargs.setdefault("job_monitoring_interval", JOB_MONITORING_INTERVAL_S)
        kwargs.setdefault("work_horse_killed_handler", on_work_horse_killed)
        super().__init__(*args, **kwargs)


class ZitatWorker(_ZitatWorkerDefaults, Worker):
    """Forks a work-horse per article from the process that holds the model."""


class ZitatSimpleWorker(_ZitatWorkerDefaults, SimpleWorker):
    """Runs articles in the worker process itself (no fork; a killed worker is recovered by maintenance)."""


def load_analyzer():
    """The model and pipeline, loaded and warmed up once in the parent process."""
    from .analyzer import Analyzer
    from .app import build_pipeline
    from .cache import ResultCache
    from .config import Settings

    settings = Settings.from_env()
    started = time.monotonic()
    pipeline = build_pipeline(settings)
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
    worker_class = ZitatSimpleWorker if args.simple else ZitatWorker
    if args.processes <= 1:
        worker = worker_class([job_settings.queue], connection=connection)
        worker.work(burst=args.burst, logging_level=settings.log_level, max_jobs=args.max_jobs)
        return 0
    pool = WorkerPool([job_settings.queue], connection=connection, num_workers=args.processes, worker_class=worker_class)
    pool.start(burst=args.burst, logging_level=settings.log_level)
    return 0


def add_worker_parser(sub) -> None:
    worker = sub.add_parser("worker", help="process queued jobs (RQ workers sharing one loaded model)")
    worker.add_argument("--processes", type=int, default=1, help="worker processes forked after loading the model (default 1)")
    worker.add_argument("--simple", action="store_true", help="run articles in the worker process instead of a forked work-horse")
    worker.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    worker.add_argument("--max-jobs", type=int, default=None, help="exit after this many articles (single process only)")
    worker.set_defaults(func=cmd_worker)
