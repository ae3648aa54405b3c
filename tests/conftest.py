"""Shared fixtures: one real Redis server and one real (shipped) NER model per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import redis

from service.config import REPO_ROOT, Settings
from service.redis_server import RedisServer

SEEDS_DIR = REPO_ROOT / "seeds"


def shared_dir() -> Path:
    return Path(os.environ.get("ZITAT_SHARED_DIR", REPO_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))}


@pytest.fixture(scope="session")
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture()
def redis_client(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    yield client
    client.close()


@pytest.fixture(scope="session")
def pipeline():
    """The real pipeline on the shipped NER model, loaded once for the whole session."""
    from service.app import build_pipeline

    return build_pipeline(Settings())


def make_settings(redis_url: str | None, **overrides) -> Settings:
    values = {"redis_url": redis_url, "redis_timeout_s": 0.25, "redis_retry_after_s": 0.5}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture()
def app(pipeline, redis_server, redis_client):
    from service.app import create_app

    return create_app(make_settings(redis_server.url, max_body_bytes=64 * 1024, batch_max_items=4), pipeline=pipeline)


@pytest.fixture()
def client(app):
    return app.test_client()
