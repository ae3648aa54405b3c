"""Result cache in Redis that never makes a request fail.

Redis errors and time-outs are counted and turn the cache off for a short back-off
(`redis_retry_after_s`) so that a dead or paused Redis costs at most one short time-out
every few seconds, not one per request. redis-py reconnects by itself on the next try.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time

import redis

from . import metrics

log = logging.getLogger(__name__)

KEY_PREFIX = "zitat:result:"


def encode_text(text: str) -> bytes:
    """The bytes that text_sha256 and cache_key hash (encode once, hash twice)."""
    return text.encode("utf-8", "surrogatepass")


def text_sha256(text: str) -> str:
    return bytes_sha256(encode_text(text))


def bytes_sha256(encoded: bytes) -> str:
    return hashlib.sha256(encoded).hexdigest()


def cache_key(text: str, ner_model_id: str, pipeline_version: str) -> str:
    return cache_key_of_encoded(encode_text(text), ner_model_id, pipeline_version)


def cache_key_of_encoded(encoded_text: bytes, ner_model_id: str, pipeline_version: str) -> str:
    # Offsets point into the submitted text, so the key covers the exact text, not a
    # normalised copy: two texts that differ only in white space have different offsets.
    digest = hashlib.sha256()
    for part in (encode_text(ner_model_id), encode_text(pipeline_version), encoded_text):
        digest.update(part)
        digest.update(b"\x00")
    return KEY_PREFIX + digest.hexdigest()


class ResultCache:
    def __init__(self, client: redis.Redis | None, ttl_s: int, retry_after_s: float) -> None:
        self._client = client
        self._ttl_s = ttl_s
        self._retry_after_s = retry_after_s
        self._down_until = 0.0
        self._last_error: str | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str | None, ttl_s: int, timeout_s: float, retry_after_s: float) -> "ResultCache":
        if not url:
            return cls(None, ttl_s, retry_after_s)
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=timeout_s,
            socket_timeout=timeout_s,
            health_check_interval=30,
        )
        return cls(client, ttl_s, retry_after_s)

    @property
    def enabled(self) -> bool:
        return self._client is not None

    @property
    def client(self) -> redis.Redis | None:
        return self._client

    def get(self, key: str) -> bytes | None:
        if not self._usable():
            if self._client is not None:
                metrics.CACHE_LOOKUPS.labels(result="skipped").inc()
            return None
        try:
            value = self._client.get(key)
        except redis.RedisError as exc:
            self._mark_down("get", exc)
            return None
        self._mark_up()
        metrics.CACHE_LOOKUPS.labels(result="hit" if value is not None else "miss").inc()
        return value

    def set(self, key: str, value: bytes) -> None:
        if not self._usable():
            return
        try:
            self._client.set(key, value, ex=self._ttl_s)
        except redis.RedisError as exc:
            self._mark_down("set", exc)
            return
        self._mark_up()

    def status(self) -> tuple[str, str | None]:
        """('ok' | 'unavailable' | 'disabled', detail). Pings Redis, ignoring the back-off."""
        if self._client is None:
            return "disabled", "no REDIS_URL configured"
        try:
            self._client.ping()
        except redis.RedisError as exc:
            self._mark_down("ping", exc)
            return "unavailable", self._last_error
        self._mark_up()
        return "ok", None

    def _usable(self) -> bool:
        if self._client is None:
            return False
        return time.monotonic() >= self._down_until

    def _mark_down(self, operation: str, exc: Exception) -> None:
        with self._lock:
            self._down_until = time.monotonic() + self._retry_after_s
            self._last_error = f"{operation}: {type(exc).__name__}: {exc}"
        metrics.CACHE_ERRORS.labels(operation=operation).inc()
        metrics.CACHE_UP.set(0)
        log.warning("redis unavailable, serving without cache", extra={"error": self._last_error})

    def _mark_up(self) -> None:
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
                self._last_error = None
            log.info("redis reachable again")
        metrics.CACHE_UP.set(1)
