"""The HTTP contract through Flask's test client, on the real model and a real Redis."""

from __future__ import annotations

import json

import pytest

from helpers import assert_offsets_valid, assert_problem

ARTICLE = (
    "Kreml-Sprecher Dmitri Peskow warnte die Nato. „Das ist gefährlich für unser Land“, "
    "sagte Peskow der Agentur Interfax. Er fügte hinzu, Russland werde das nicht hinnehmen."
)


def post_json(client, body, **kwargs):
    return client.post("/v1/quotes", data=json.dumps(body), content_type="application/json", **kwargs)


def test_json_request_returns_contract(client):
    response = post_json(client, {"text": ARTICLE, "id": "a-1", "title": "Peskow warnt"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "a-1" and body["title"] == "Peskow warnt"
    assert body["cached"] is False
    assert len(body["text_sha256"]) == 64
    assert set(body["model"]) == {"ner", "pipeline"}
    assert_offsets_valid(body, ARTICLE)
    direct = [q for q in body["quotes"] if "gefährlich" in q["text"]]
    assert direct and direct[0]["type"] == "direct"
    assert direct[0]["speaker"] and "Peskow" in direct[0]["speaker"]["name"]
    assert [q["id"] for q in body["quotes"]] == [f"q{i}" for i in range(1, len(body["quotes"]) + 1)]


def test_plain_text_request_and_cache_hit(client):
    first = client.post("/v1/quotes", data=ARTICLE.encode("utf-8"), content_type="text/plain; charset=utf-8")
    second = client.post("/v1/quotes", data=ARTICLE.encode("utf-8"), content_type="text/plain")
    assert first.status_code == second.status_code == 200
    assert first.get_json()["cached"] is False
    assert second.get_json()["cached"] is True
    strip = lambda body: {k: v for k, v in body.items() if k != "cached"}  # noqa: E731
    assert strip(first.get_json()) == strip(second.get_json())


def test_cache_key_depends_on_exact_text(client):
    post_json(client, {"text": ARTICLE})
    shifted = "  " + ARTICLE
    body = post_json(client, {"text": shifted}).get_json()
    assert body["cached"] is False
    assert_offsets_valid(body, shifted)


def test_utf16_text_with_bom(client):
    response = client.post("/v1/quotes", data=ARTICLE.encode("utf-16"), content_type="text/plain")
    assert response.status_code == 200
    assert_offsets_valid(response.get_json(), ARTICLE)


def test_batch_keeps_order(client):
    texts = [ARTICLE, "Merz sagte: „Wir sind bereit.“"]
    response = client.post(
        "/v1/quotes/batch",
        data=json.dumps({"articles": [{"text": t, "id": str(i)} for i, t in enumerate(texts)]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["index"] for r in results] == [0, 1]
    assert [r["result"]["id"] for r in results] == ["0", "1"]
    for result, text in zip(results, texts):
        assert_offsets_valid(result["result"], text)


def test_batch_item_over_text_limit_gets_its_own_problem(pipeline, redis_server, redis_client):
    from service.app import create_app

    from conftest import make_settings

    app = create_app(make_settings(redis_server.url, max_text_chars=200), pipeline=pipeline)
    response = app.test_client().post(
        "/v1/quotes/batch",
        data=json.dumps({"articles": [{"text": "Er sagte: „Ja.“"}, {"text": "Wort " * 100}]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    first, second = response.get_json()["results"]
    assert first["error"] is None and first["result"] is not None
    assert second["result"] is None and second["error"]["status"] == 413


def test_batch_with_too_many_items_is_422(client):
    response = client.post(
        "/v1/quotes/batch",
        data=json.dumps({"articles": [{"text": "Er sagte ja."}] * 5}),
        content_type="application/json",
    )
    body = assert_problem(response, 422, "validation-error")
    assert "articles" in body["errors"]


@pytest.mark.parametrize("content_type", ["application/xml", "multipart/form-data", None])
def test_wrong_content_type_is_415(client, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    assert_problem(client.post("/v1/quotes", data=b"<text/>", **kwargs), 415, "unsupported-media-type")


@pytest.mark.parametrize(
    "raw",
    [b'{"text": "abc"', b"not json", b'{"text": "a", "text": "b"}', b"[" * 20_000 + b"]" * 20_000, b"\xff\xfe{"],
    ids=["truncated", "garbage", "duplicate-keys", "deeply-nested", "bad-utf8"],
)
def test_malformed_json_is_400(client, raw):
    assert_problem(client.post("/v1/quotes", data=raw, content_type="application/json"), 400)


def test_invalid_utf8_text_is_400(client):
    assert_problem(client.post("/v1/quotes", data=b"Er sagte \xff\xfe ja", content_type="text/plain"), 400, "invalid-encoding")


@pytest.mark.parametrize(
    "body, field",
    [({}, "text"), ({"text": ""}, "text"), ({"text": "   \n"}, "text"), ({"text": 42}, "text"),
     ({"text": "ok", "id": ["x"]}, "id"), ({"text": "ok", "extra": 1}, "extra"), ([], "_schema")],
    ids=["missing", "empty", "blank", "number", "id-list", "unknown-field", "not-an-object"],
)
def test_invalid_fields_are_422_with_field_errors(client, body, field):
    response = post_json(client, body)
    problem = assert_problem(response, 422, "validation-error")
    assert field in problem["errors"], problem


def test_empty_plain_text_is_422(client):
    assert_problem(client.post("/v1/quotes", data=b"", content_type="text/plain"), 422)


def test_body_over_limit_is_413_before_reading(client, app):
    limit = app.config["ZITAT_SETTINGS"].max_body_bytes
    assert_problem(client.post("/v1/quotes", data=b"a" * (limit + 1), content_type="text/plain"), 413)


def test_text_over_char_limit_is_413(pipeline, redis_server, redis_client):
    from service.app import create_app

    from conftest import make_settings

    app = create_app(make_settings(redis_server.url, max_text_chars=50), pipeline=pipeline)
    body = assert_problem(app.test_client().post("/v1/quotes", data=b"a" * 51, content_type="text/plain"), 413, "text-too-long")
    assert "50" in body["detail"]


def test_unknown_route_is_404(client):
    assert_problem(client.get("/v1/nothing-here"), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.get("/v1/quotes")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_internal_error_is_500_without_stack_trace(app, client, monkeypatch):
    analyzer = app.extensions["zitat.analyzer"]

    def explode(text, deadline=None):  # fault injection: the pipeline cannot be made to crash for real
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(analyzer.pipeline, "analyze", explode)
    response = post_json(client, {"text": "Ein Text, der nicht im Cache ist."})
    body = assert_problem(response, 500, "internal-error")
    assert "secret internal detail" not in json.dumps(body)


def test_pipeline_timeout_is_503(pipeline, redis_server, redis_client):
    from service.app import create_app

    from conftest import make_settings

    app = create_app(make_settings(redis_server.url, pipeline_timeout_s=0.0), pipeline=pipeline)
    response = app.test_client().post("/v1/quotes", data=ARTICLE.encode(), content_type="text/plain")
    assert_problem(response, 503, "pipeline-timeout")


def test_request_id_is_echoed_or_generated(client):
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["X-Request-ID"] == "abc-123"
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert generated.headers["X-Request-ID"] and generated.headers["X-Request-ID"] != "bad id with spaces"


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "ready" and ready["cache"] == "ok"
    assert ready["model"]["ner"]


def test_metrics_count_requests_and_cache(client):
    post_json(client, {"text": ARTICLE})
    post_json(client, {"text": ARTICLE})
    text = client.get("/metrics").get_data(as_text=True)
    assert "zitat_http_requests_total" in text
    assert 'zitat_cache_lookups_total{result="hit"}' in text
    assert "zitat_pipeline_duration_seconds_bucket" in text


def test_openapi_endpoint_serves_the_committed_document(client):
    from service.config import REPO_ROOT

    served = client.get("/openapi.yaml").get_data(as_text=True)
    committed = (REPO_ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert served == committed, "openapi.yaml is stale: run `zitat openapi -o openapi.yaml`"
    assert "/v1/quotes/batch" in served and "application/problem+json" in served and "text/plain" in served
