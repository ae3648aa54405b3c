"""Cache behaviour against a real Redis server that we stop and start again."""

from __future__ import annotations

import time

import pytest

from conftest import make_settings
from service.cache import cache_key
from service.redis_server import RedisServer

TEXT = "„Wir sind bereit“, sagte Bundeskanzler Friedrich Merz in Berlin."


@pytest.fixture()
def own_redis():
    server = RedisServer().start()
    yield server
    server.stop()


def test_key_changes_with_model_and_pipeline():
    base = cache_key(TEXT, "ner-a", "1")
    assert base != cache_key(TEXT, "ner-b", "1")
    assert base != cache_key(TEXT, "ner-a", "2")
    assert base != cache_key(TEXT + " ", "ner-a", "1")
    assert base == cache_key(TEXT, "ner-a", "1")


def test_results_expire_after_ttl(pipeline, own_redis):
    from service.app import create_app

    app = create_app(make_settings(own_redis.url, cache_ttl_s=60), pipeline=pipeline)
    app.test_client().post("/v1/quotes", data=TEXT.encode(), content_type="text/plain")
    client = app.extensions["zitat.analyzer"].cache.client
    keys = client.keys("zitat:result:*")
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= 60


def test_redis_down_degrades_and_recovers(pipeline, own_redis):
    from service.app import create_app

    app = create_app(make_settings(own_redis.url), pipeline=pipeline)
    client = app.test_client()

    def post():
        response = client.post("/v1/quotes", data=TEXT.encode(), content_type="text/plain")
        assert response.status_code == 200
        return response.get_json()

    assert post()["cached"] is False
    assert post()["cached"] is True

    own_redis.stop()
    started = time.monotonic()
    assert post()["cached"] is False  # answered from the pipeline
    assert time.monotonic() - started < 5
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "degraded" and ready["cache"] == "unavailable"
    metrics = client.get("/metrics").get_data(as_text=True)
    assert "zitat_cache_errors_total" in metrics

    own_redis.start()  # same port: redis-py reconnects by itself
    time.sleep(0.6)  # past redis_retry_after_s
    assert client.get("/readyz").get_json()["status"] == "ready"
    post()  # refills the (empty, restarted) cache
    assert post()["cached"] is True


def test_paused_redis_costs_one_short_timeout(pipeline, own_redis):
    import os
    import signal

    from service.app import create_app

    app = create_app(make_settings(own_redis.url), pipeline=pipeline)
    client = app.test_client()
    os.kill(own_redis.process.pid, signal.SIGSTOP)
    try:
        timings = []
        for _ in range(3):
            started = time.monotonic()
            assert client.post("/v1/quotes", data=TEXT.encode(), content_type="text/plain").status_code == 200
            timings.append(time.monotonic() - started)
        assert client.get("/readyz").get_json()["status"] == "degraded"
    finally:
        os.kill(own_redis.process.pid, signal.SIGCONT)
    # The first request pays the read time-out; the back-off spares the next ones.
    assert timings[1] < timings[0] + 0.2 and timings[2] < timings[0] + 0.2
