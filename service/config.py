"""Configuration, read only from environment variables (see README, "Configuration")."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


def _env_list(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name, "")
    return tuple(item.strip() for item in raw.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Every knob of the service; `Settings.from_env()` is the only constructor used in production."""

    ner_model: str | None = None  # None: the shipped model (service.ner.default_model_path())
    ner_quantize: str = "none"  # int8: quantised encoder (faster on CPUs without bf16, lower F1)
    ner_precision: str = "auto"  # bf16 | fp32 | auto (bf16 where the CPU has native bf16)
    redis_url: str | None = None  # None: the CLI starts an embedded Redis; the app then runs without cache
    cache_ttl_s: int = 7 * 24 * 3600
    redis_timeout_s: float = 0.25
    redis_retry_after_s: float = 2.0
    max_body_bytes: int = 1024 * 1024
    max_text_chars: int = 200_000
    batch_max_items: int = 16
    pipeline_timeout_s: float = 30.0
    torch_threads: int = 1
    log_level: str = "INFO"
    api_keys: tuple[str, ...] = field(default_factory=tuple)
    metrics_public: bool = True
    rate_limit: str = ""  # e.g. "120/minute" per API key or client address; empty: off
    cors_origins: tuple[str, ...] = field(default_factory=tuple)  # empty: no CORS headers
    trusted_proxy_hops: int = 0  # reverse proxies in front whose X-Forwarded-For is believed

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            ner_model=os.environ.get("NER_MODEL") or None,
            ner_quantize=(os.environ.get("NER_QUANTIZE") or cls.ner_quantize).lower(),
            ner_precision=(os.environ.get("NER_PRECISION") or cls.ner_precision).lower(),
            redis_url=os.environ.get("REDIS_URL") or None,
            cache_ttl_s=env_int("CACHE_TTL_S", cls.cache_ttl_s),
            redis_timeout_s=_env_float("REDIS_TIMEOUT_S", cls.redis_timeout_s),
            redis_retry_after_s=_env_float("REDIS_RETRY_AFTER_S", cls.redis_retry_after_s),
            max_body_bytes=env_int("MAX_BODY_BYTES", cls.max_body_bytes),
            max_text_chars=env_int("MAX_TEXT_CHARS", cls.max_text_chars),
            batch_max_items=env_int("BATCH_MAX_ITEMS", cls.batch_max_items),
            pipeline_timeout_s=_env_float("PIPELINE_TIMEOUT_S", cls.pipeline_timeout_s),
            torch_threads=env_int("TORCH_THREADS", cls.torch_threads),
            log_level=os.environ.get("LOG_LEVEL", cls.log_level).upper(),
            api_keys=_env_list("API_KEYS"),
            metrics_public=_env_bool("METRICS_PUBLIC", cls.metrics_public),
            rate_limit=os.environ.get("RATE_LIMIT", "").strip(),
            cors_origins=_env_list("CORS_ORIGINS"),
            trusted_proxy_hops=env_int("TRUSTED_PROXY_HOPS", cls.trusted_proxy_hops),
        )
