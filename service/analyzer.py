"""Analyse one article: cache lookup, pipeline on a miss, cache fill. Shared by API, batch, CLI and jobs."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass

from . import metrics
from .cache import ResultCache, bytes_sha256, cache_key_of_encoded, encode_text
from .pipeline import PIPELINE_VERSION, Pipeline, PipelineTimeout
from .problems import Problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Article:
    text: str
    id: str | None = None
    title: str | None = None


class Analyzer:
    def __init__(self, pipeline: Pipeline, cache: ResultCache, *, max_text_chars: int, timeout_s: float) -> None:
        self.pipeline = pipeline
        self.cache = cache
        self.max_text_chars = max_text_chars
        self.timeout_s = timeout_s
        # One analysis at a time per process: the model runs its own torch threads, and threaded
        # gunicorn workers keep serving cache hits while a miss is being analysed.
        self._pipeline_lock = threading.Lock()

    @property
    def model_info(self) -> dict[str, str]:
        return {"ner": self.pipeline.tagger.model_id, "pipeline": PIPELINE_VERSION}

    def analyze_json_bytes(self, article: Article) -> bytes:
        """The complete response body for one article, as UTF-8 JSON.

        The cache stores the article-independent part (quotes, entities, model) as the JSON
        bytes it answers with, and the per-request fields are written around it, so a hit costs
        no JSON parsing, serialising or re-encoding.
        """
        self._check_size(article.text)
        encoded = encode_text(article.text)
        digest = bytes_sha256(encoded)
        key = cache_key_of_encoded(encoded, self.pipeline.tagger.model_id, PIPELINE_VERSION)
        stored = self.cache.get(key)
        cached = stored is not None
        if stored is None:
            stored = self._run_pipeline(article.text).encode("utf-8")
            self.cache.set(key, stored)
        # The hash, never the text: ties a log line to the response's text_sha256 and the cache entry.
        log.info("analysis", extra={"text_sha256": digest, "cached": cached, "text_chars": len(article.text)})
        head = json.dumps(
            {"id": article.id, "title": article.title, "text_sha256": digest, "cached": cached},
            ensure_ascii=False,
        ).encode("utf-8")
        return head[:-1] + b", " + stored[1:]

    def analyze_json(self, article: Article) -> str:
        """The complete response body for one article, as JSON text."""
        return self.analyze_json_bytes(article).decode("utf-8")

    def analyze(self, article: Article) -> dict:
        return json.loads(self.analyze_json(article))

    def _check_size(self, text: str) -> None:
        if len(text) > self.max_text_chars:
            raise Problem(
                413,
                "text-too-long",
                f"The text has {len(text)} characters; the limit is {self.max_text_chars} (MAX_TEXT_CHARS).",
            )

    def _run_pipeline(self, text: str) -> str:
        with self._pipeline_lock:
            started = time.monotonic()
            try:
                result = self.pipeline.analyze(text, deadline=started + self.timeout_s)
            except PipelineTimeout:
                metrics.PIPELINE_FAILURES.labels(reason="timeout").inc()
                raise Problem(
                    503,
                    "pipeline-timeout",
                    f"Analysis took longer than the time budget of {self.timeout_s:g} s (PIPELINE_TIMEOUT_S).",
                ) from None
        metrics.PIPELINE_SECONDS.observe(time.monotonic() - started)
        for quote in result["quotes"]:
            metrics.QUOTES_FOUND.labels(type=quote["type"]).inc()
        body = {"quotes": result["quotes"], "entities": result["entities"], "model": result["model"]}
        return json.dumps(body, ensure_ascii=False)
