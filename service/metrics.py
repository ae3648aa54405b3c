"""Prometheus metrics. Under gunicorn, PROMETHEUS_MULTIPROC_DIR makes them add up over workers."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("zitat_http_requests_total", "HTTP requests", ["method", "endpoint", "status"])
REQUEST_SECONDS = Histogram(
    "zitat_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "endpoint"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
CACHE_LOOKUPS = Counter("zitat_cache_lookups_total", "Result cache lookups", ["result"])
CACHE_ERRORS = Counter("zitat_cache_errors_total", "Redis errors and time-outs", ["operation"])
CACHE_UP = Gauge("zitat_cache_up", "1 when the last Redis operation succeeded", multiprocess_mode="liveall")
PIPELINE_SECONDS = Histogram(
    "zitat_pipeline_duration_seconds",
    "Time spent in the attribution pipeline per article (cache misses)",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30),
)
PIPELINE_FAILURES = Counter("zitat_pipeline_failures_total", "Articles the pipeline could not analyse", ["reason"])
QUOTES_FOUND = Counter("zitat_quotes_total", "Quotes returned (cache misses)", ["type"])


def render() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
