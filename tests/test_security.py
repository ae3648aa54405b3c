"""API keys, rate limits, CORS, security headers and logs, through the real app and a real Redis."""

from __future__ import annotations

import hmac
import json
import logging
import time

import pytest
import redis

from conftest import make_settings
from helpers import assert_problem
from service.app import build_app, create_app
from service.redis_server import RedisServer
from service.security import RATE_LIMIT_KEY_PREFIX, ApiKeys

KEYS = ("k-alpha-0123456789", "k-beta-9876543210")
EMPTY_ARTICLE = {"text": ""}  # fails validation (422) after auth and rate limit, without the model


def api_app(redis_url: str | None = None, **overrides):
    """The routes, hooks and security of the service without a model: enough for auth and limits."""
    return build_app(make_settings(redis_url, **overrides))


def post(client, body=EMPTY_ARTICLE, key: str | None = None, **kwargs):
    headers = kwargs.pop("headers", {})
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    return client.post("/v1/quotes", data=json.dumps(body), content_type="application/json", headers=headers, **kwargs)


@pytest.fixture()
def own_redis():
    with RedisServer() as server:
        yield server


# --- API keys ---------------------------------------------------------------------------------


def test_without_configured_keys_the_api_is_open():
    assert_problem(post(api_app().test_client()), 422, "validation-error")


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Basic " + KEYS[0], KEYS[0], "Bearer wrong-key", "Bearer " + KEYS[0][:-1],
     "Bearer " + KEYS[0] + "x", "Bearer " + KEYS[0].upper()],
    ids=["missing", "empty", "no-token", "blank-token", "basic", "no-scheme", "wrong", "prefix", "longer", "case"],
)
def test_every_wrong_credential_gets_the_same_401(authorization):
    client = api_app(api_keys=KEYS).test_client()
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = post(client, headers=headers)
    body = assert_problem(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="zitat"'
    reference = post(client)
    assert body == reference.get_json(force=True), "the answer must not tell which part was wrong"
    assert KEYS[0] not in response.get_data(as_text=True)


@pytest.mark.parametrize("key", KEYS)
def test_each_configured_key_is_accepted(key):
    client = api_app(api_keys=KEYS).test_client()
    assert_problem(post(client, key=key), 422, "validation-error")
    assert_problem(post(client, key=key, headers={"Authorization": f"bearer   {key}  "}), 422)


def test_keys_are_compared_in_constant_time_over_all_keys(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def counting(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", counting)
    keys = ApiKeys(KEYS + ("k3",))
    for header in (f"Bearer {KEYS[0]}", "Bearer nope", "Bearer k3", None):
        calls.clear()
        keys.identify(header)
        # every key is compared, always as two equal-length digests: no early exit, no length leak
        assert calls == [(32, 32)] * 3


def test_health_readiness_openapi_and_page_stay_open(pipeline, redis_server, redis_client):
    client = create_app(make_settings(redis_server.url, api_keys=KEYS, metrics_public=False), pipeline=pipeline).test_client()
    for path in ("/healthz", "/readyz", "/openapi.yaml", "/"):
        assert client.get(path).status_code == 200, path
    assert_problem(client.get("/metrics"), 401, "unauthorized")
    assert client.get("/metrics", headers={"Authorization": f"Bearer {KEYS[1]}"}).status_code == 200


def test_metrics_are_public_by_default_even_with_keys():
    assert api_app(api_keys=KEYS).test_client().get("/metrics").status_code == 200


def test_private_metrics_without_keys_are_closed_to_everyone():
    assert_problem(api_app(metrics_public=False).test_client().get("/metrics"), 401)


def test_unknown_route_under_v1_needs_a_key_before_it_says_404():
    client = api_app(api_keys=KEYS).test_client()
    assert_problem(client.get("/v1/secret-route"), 401)
    assert_problem(client.get("/v1/secret-route", headers={"Authorization": f"Bearer {KEYS[0]}"}), 404)


# --- rate limits --------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after_and_counts_in_redis(own_redis):
    client = api_app(own_redis.url, rate_limit="3/minute").test_client()
    for _ in range(3):
        assert post(client).status_code == 422
    response = post(client)
    body = assert_problem(response, 429, "rate-limited")
    assert 1 <= int(response.headers["Retry-After"]) <= 61
    assert "3 per 1 minute" in body["detail"]
    stored = redis.Redis.from_url(own_redis.url).keys(f"{RATE_LIMIT_KEY_PREFIX}*")
    assert stored, "the limiter must count in the shared Redis"


def test_rate_limit_is_shared_by_workers_through_redis(own_redis):
    # Two app instances stand for two gunicorn workers: the budget is one, not one each.
    first, second = (api_app(own_redis.url, rate_limit="4/minute").test_client() for _ in range(2))
    statuses = [post(client).status_code for client in (first, second, first, second, first, second)]
    assert statuses == [422, 422, 422, 422, 429, 429]


def test_rate_limit_is_per_key_and_per_address(own_redis):
    client = api_app(own_redis.url, rate_limit="2/minute", api_keys=KEYS).test_client()
    for _ in range(2):
        assert post(client, key=KEYS[0]).status_code == 422
    assert post(client, key=KEYS[0]).status_code == 429
    assert post(client, key=KEYS[1]).status_code == 422, "another key has its own budget"
    open_client = api_app(own_redis.url, rate_limit="2/minute").test_client()
    for _ in range(2):
        assert post(open_client).status_code == 422
    assert post(open_client).status_code == 429
    assert post(open_client, environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 422


def test_rate_limit_spares_probes_and_metrics(own_redis):
    client = api_app(own_redis.url, rate_limit="1/minute").test_client()
    post(client)
    assert post(client).status_code == 429
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
        assert client.get("/metrics").status_code == 200


def test_rate_limit_keeps_answering_and_limiting_when_redis_is_down(own_redis):
    client = api_app(own_redis.url, rate_limit="3/minute").test_client()
    assert post(client).status_code == 422
    own_redis.stop()
    started = time.monotonic()
    statuses = [post(client).status_code for _ in range(5)]
    assert time.monotonic() - started < 3, "a dead Redis must cost at most one short time-out"
    assert statuses[:3] == [422] * 3 and statuses[3:] == [429, 429], "limited in memory meanwhile"


def test_rate_limit_survives_a_paused_redis(own_redis):
    import os
    import signal

    client = api_app(own_redis.url, rate_limit="100/minute", redis_timeout_s=0.25).test_client()
    assert post(client).status_code == 422
    os.kill(own_redis.process.pid, signal.SIGSTOP)
    try:
        timings = []
        for _ in range(4):
            started = time.monotonic()
            assert post(client).status_code == 422
            timings.append(time.monotonic() - started)
    finally:
        os.kill(own_redis.process.pid, signal.SIGCONT)
    assert timings[0] < 2 and max(timings[1:]) < 0.2, timings


def test_rate_limit_off_when_unset(own_redis):
    client = api_app(own_redis.url, rate_limit="").test_client()
    assert {post(client).status_code for _ in range(30)} == {422}


def test_invalid_rate_limit_fails_at_start():
    with pytest.raises(ValueError, match="RATE_LIMIT"):
        api_app(rate_limit="lots")


# --- headers and CORS ---------------------------------------------------------------------------


@pytest.mark.parametrize("path, method", [("/v1/quotes", "post"), ("/healthz", "get"), ("/v1/missing", "get")])
def test_security_headers_on_every_response(path, method):
    response = getattr(api_app().test_client(), method)(path)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "Server" not in headers and "Access-Control-Allow-Origin" not in headers


def test_inspection_page_loads_only_same_origin_assets():
    client = api_app().test_client()
    page = client.get("/")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["Content-Security-Policy"]
    html = page.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html, "inline code would be blocked by the CSP"
    assert "http://" not in html and "https://" not in html.replace("https://www.w3.org", "")


def test_cors_is_off_by_default():
    client = api_app().test_client()
    response = post(client, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options("/v1/quotes", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Methods" not in preflight.headers


def test_cors_allows_only_configured_origins_and_preflight_needs_no_key():
    client = api_app(cors_origins=("https://newsroom.example",), api_keys=KEYS).test_client()
    preflight = client.options(
        "/v1/quotes",
        headers={"Origin": "https://newsroom.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://newsroom.example"
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    allowed = post(client, key=KEYS[0], headers={"Origin": "https://newsroom.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://newsroom.example"
    assert "Origin" in allowed.headers["Vary"]
    assert "Retry-After" in allowed.headers["Access-Control-Expose-Headers"]
    other = post(client, key=KEYS[0], headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    denied = client.options("/v1/quotes", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in denied.headers


# --- logs ---------------------------------------------------------------------------------------


def test_logs_carry_neither_article_text_nor_keys(pipeline, redis_server, redis_client, caplog):
    marker = "Geheimnisvolle-Quelle-4711"
    text = f"„{marker} ist vertraulich“, sagte die Sprecherin der Redaktion."
    app = create_app(make_settings(redis_server.url, api_keys=KEYS, rate_limit="100/minute"), pipeline=pipeline)
    client = app.test_client()
    caplog.set_level(logging.DEBUG)
    for body in ({"text": text}, {"text": text, "id": 5}):
        client.post("/v1/quotes", data=json.dumps(body), content_type="application/json",
                    headers={"Authorization": f"Bearer {KEYS[0]}"})
    client.post("/v1/quotes", data=text.encode(), content_type="text/plain", headers={"Authorization": "Bearer " + marker})
    client.post("/v1/quotes", data=b"\xff" + text.encode(), content_type="text/plain",
                headers={"Authorization": f"Bearer {KEYS[1]}"})
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert caplog.records, "the requests must have been logged"
    assert marker not in logged
    assert KEYS[0] not in logged and KEYS[1] not in logged


def test_logs_carry_the_text_hash_to_correlate_requests(pipeline, redis_server, redis_client, caplog):
    import hashlib

    text = "„Der Hash statt des Textes“, sagte die Datenschützerin."
    client = create_app(make_settings(redis_server.url), pipeline=pipeline).test_client()
    caplog.set_level(logging.INFO)
    assert client.post("/v1/quotes", json={"text": text}).status_code == 200
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert any(getattr(record, "text_sha256", None) == digest for record in caplog.records), (
        "one log line per analysed article should carry text_sha256 (the response's text_sha256)"
    )


def test_rate_limit_counts_the_forwarded_address_only_behind_trusted_proxies(own_redis):
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    direct = api_app(own_redis.url, rate_limit="1/minute").test_client()
    assert post(direct, headers=dict(forwarded)).status_code == 422
    assert post(direct, headers={"X-Forwarded-For": "203.0.113.8"}).status_code == 429, "a spoofed header must not buy a new budget"
    proxied = api_app(own_redis.url, rate_limit="1/minute", trusted_proxy_hops=1).test_client()
    assert post(proxied, headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 422
    assert post(proxied, headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 422
    assert post(proxied, headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429


def test_no_werkzeug_or_python_version_banner_on_a_development_server():
    import threading

    import requests
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, api_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        response = requests.get(f"http://127.0.0.1:{server.server_port}/healthz", timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert response.headers["Server"] == "zitat"
    assert "Werkzeug" not in str(response.headers) and "Python" not in str(response.headers)


def test_security_settings_come_from_the_environment(monkeypatch):
    from service.config import Settings

    monkeypatch.setenv("API_KEYS", " k1 , k2,,")
    monkeypatch.setenv("METRICS_PUBLIC", "false")
    monkeypatch.setenv("RATE_LIMIT", " 120/minute ")
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "1")
    settings = Settings.from_env()
    assert settings.api_keys == ("k1", "k2") and settings.metrics_public is False
    assert settings.rate_limit == "120/minute" and settings.trusted_proxy_hops == 1
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    for name in ("API_KEYS", "METRICS_PUBLIC", "RATE_LIMIT", "CORS_ORIGINS", "TRUSTED_PROXY_HOPS"):
        monkeypatch.delenv(name)
    defaults = Settings.from_env()
    assert (defaults.api_keys, defaults.rate_limit, defaults.cors_origins, defaults.metrics_public) == ((), "", (), True)
