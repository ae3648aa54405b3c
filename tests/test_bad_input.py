"""Whatever a client sends gets a clear problem+json or a correct answer: never a 500, a hang or a dead worker.

Most cases go through Flask's test client on the real model and a real Redis; the cases that
depend on the wire (chunked bodies, Content-Length decided before reading, the Server banner,
workers surviving) go through a real gunicorn with raw sockets.
"""

from __future__ import annotations

import codecs
import json
import time
import unicodedata

import pytest

from conftest import make_settings
from helpers import assert_offsets_valid, assert_problem
from live_service import LiveService, body_of, chunked, headers_of, raw_http, status_of

ARTICLE = "„Das ist gefährlich für unser Land“, sagte Kreml-Sprecher Dmitri Peskow der Agentur Interfax."


def post_json(client, body):
    return client.post("/v1/quotes", data=json.dumps(body, ensure_ascii=False).encode(), content_type="application/json")


def post_text(client, raw: bytes, content_type: str = "text/plain; charset=utf-8"):
    return client.post("/v1/quotes", data=raw, content_type=content_type)


def assert_answer(response, text: str) -> dict:
    """A correct answer: 200, the contract's fields, every span at its offsets."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert {"quotes", "entities", "model", "text_sha256", "cached"} <= set(body)
    assert_offsets_valid(body, text)
    return body


@pytest.fixture()
def sized_app(pipeline, redis_server, redis_client):
    """An app whose limits are small enough to hit exactly in a unit test."""
    from service.app import create_app

    def make(**overrides):
        return create_app(make_settings(redis_server.url, **overrides), pipeline=pipeline)

    return make


# --- size ----------------------------------------------------------------------------------------


def test_empty_text_is_422(client):
    assert_problem(post_json(client, {"text": ""}), 422, "validation-error")
    assert_problem(post_text(client, b""), 422, "validation-error")


def test_whitespace_only_text_is_422(client):
    for text in (" ", "\n\n\t ", "\u00a0\u2009\u3000"):
        problem = assert_problem(post_json(client, {"text": text}), 422, "validation-error")
        assert "text" in problem["errors"]


@pytest.mark.parametrize("text", ["a", "„", "\"", ".", "€", "👍"])
def test_one_character_text_is_answered(client, text):
    assert assert_answer(post_json(client, {"text": text}), text)["quotes"] == []


def test_text_of_exactly_the_maximal_size_is_answered_and_one_more_is_413(sized_app):
    limit = 6000
    client = sized_app(max_text_chars=limit, max_body_bytes=64 * 1024).test_client()
    text = (ARTICLE + " ") * (limit // (len(ARTICLE) + 1))
    text += "x" * (limit - len(text))
    assert len(text) == limit
    assert_answer(post_json(client, {"text": text}), text)
    assert_problem(post_json(client, {"text": text + "y"}), 413, "text-too-long")


def test_body_of_exactly_the_limit_passes_and_one_byte_more_is_413(sized_app):
    limit = 4096
    client = sized_app(max_body_bytes=limit).test_client()
    raw = (ARTICLE.encode() * 100)[:limit]
    raw = raw.decode("utf-8", "ignore").encode()
    raw += b"." * (limit - len(raw))
    assert len(raw) == limit
    assert_answer(post_text(client, raw), raw.decode())
    assert_problem(post_text(client, raw + b"."), 413, "body-too-large")


def test_two_megabyte_line_without_spaces_is_413_with_default_limits(sized_app):
    from service.config import Settings

    client = sized_app(max_body_bytes=Settings.max_body_bytes).test_client()
    assert_problem(post_text(client, b"x" * 2_000_000), 413, "body-too-large")


def test_one_long_word_cannot_hold_a_worker_past_the_time_budget(sized_app):
    """20,000 letters without a space: a correct answer or a 503 within the budget, not minutes of NER."""
    budget_s = 5
    client = sized_app(pipeline_timeout_s=budget_s).test_client()
    text = "Donaudampfschifffahrt" * 1000
    started = time.monotonic()
    response = post_text(client, text.encode())
    elapsed = time.monotonic() - started
    if response.status_code == 200:
        assert_offsets_valid(response.get_json(), text)
    else:
        assert_problem(response, 503, "pipeline-timeout")
    assert elapsed < budget_s + 10, f"{elapsed:.1f} s for one {len(text)}-character word"


# --- encodings and characters ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [b"Er sagte \xff\xfe ja", b"\xc3\x28", b"\xed\xa0\x80 Surrogat", b"\xf8\x88\x80\x80\x80", b"abc\xe2\x82"],
    ids=["ff-fe", "bad-continuation", "encoded-surrogate", "five-byte", "truncated"],
)
def test_invalid_utf8_is_400(client, raw):
    assert_problem(post_text(client, raw), 400, "invalid-encoding")
    assert_problem(client.post("/v1/quotes", data=b'{"text": "' + raw + b'"}', content_type="application/json"), 400, "invalid-encoding")


def test_unknown_charset_is_400(client):
    assert_problem(post_text(client, b"abc", "text/plain; charset=x-no-such-codec"), 400, "invalid-encoding")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(client, encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    raw = bom + ARTICLE.encode(encoding)
    body = assert_answer(post_text(client, raw, "text/plain"), ARTICLE)
    assert any("gefährlich" in quote["text"] for quote in body["quotes"])


def test_utf16_json_is_a_clear_400(client):
    raw = json.dumps({"text": ARTICLE}).encode("utf-16")
    assert_problem(client.post("/v1/quotes", data=raw, content_type="application/json"), 400, "invalid-encoding")


def test_utf8_bom_is_not_part_of_the_text(client):
    body = assert_answer(post_text(client, codecs.BOM_UTF8 + ARTICLE.encode()), ARTICLE)
    assert body["text_sha256"] == assert_answer(post_json(client, {"text": ARTICLE}), ARTICLE)["text_sha256"]


def test_nul_bytes_and_control_characters(client):
    text = "\x00Er sagte:\x00 „Das\x01 ist\x07 gut\x1b[31m“\x7f, so Merkel.\x0b\x0c\r\n\x85„Nein“\u2028, sagte er.\x00"
    assert_answer(post_json(client, {"text": text}), text)
    assert_answer(post_text(client, text.encode()), text)


def test_lone_surrogates_from_json_escapes(client):
    text = "„Das ist \ud800 gut“, sagte Merkel. \udfff"
    raw = json.dumps({"text": text}).encode()  # \ud800 escapes: valid JSON, not valid Unicode text
    response = client.post("/v1/quotes", data=raw, content_type="application/json")
    if response.status_code == 200:
        assert_offsets_valid(json.loads(response.get_data()), text)
    else:
        assert_problem(response, response.status_code)
        assert 400 <= response.status_code < 500


def test_emoji_and_combining_characters_keep_offsets(client):
    text = (
        "👩🏽‍💻 Die Entwickler\u0301in Zoe\u0308 Mu\u0308ller sagte: „Das 🇩🇪-Team schafft das 💪🏾.“ "
        "Ba\u0308rbel Ba\u0301s erkla\u0308rte, „e\u0301 ist kein 👍“, und Ca\u0327gri lachte. "
        "„Wir sind bereit“, sagte Friedrich Merz. Z\u0335a\u0336l\u0337g\u0338o\u0334 „ja“ 😀."
    )
    for variant in (text, unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)):
        body = assert_answer(post_json(client, {"text": variant}), variant)
        assert body["quotes"], "the quotes around emoji and combining marks must still be found"


def test_right_to_left_text(client):
    text = (
        "قال الرئيس: «هذا خطير على بلادنا». "
        "אמר הדובר: „זה מסוכן“. "
        "\u202e„Das ist gespiegelt“, sagte er.\u202c \u200f„Ja“\u200e, sagte Peskow. \u2067مرحبا\u2069"
    )
    assert_answer(post_json(client, {"text": text}), text)


def test_ten_thousand_quote_marks(client):
    for text in ('"' * 10_000, "„“" * 5_000, "»" * 10_000, "„" * 10_000, "'‚‘" * 3_334):
        started = time.monotonic()
        assert_answer(post_json(client, {"text": text}), text)
        assert time.monotonic() - started < 30, "quote marks must not make the pipeline quadratic"


@pytest.mark.parametrize(
    "text",
    ["„Das ist gut, sagte Merkel. Und dann ging sie.", "Das ist gut“, sagte Merkel.", "“verkehrt herum„ sagte er",
     "»Eins „zwei ‚drei«, sagte sie.", "„a „b „c „d „e", "Er sagte: \"Ja. Sie sagte: \"Nein\"."],
    ids=["open-only", "close-only", "reversed", "interleaved", "nested-opens", "odd-straight"],
)
def test_unbalanced_quotes(client, text):
    assert_answer(post_json(client, {"text": text}), text)


@pytest.mark.parametrize(
    "text",
    ["<html><head><title>x</title></head><body><p>Hallo</p></body></html>",
     "<script>alert('„x“, sagte er')</script><style>p{}</style>",
     "<p>„Das ist gut“, sagte Merkel.</p><br/><div>&#8222;Ja&#8220;, sagte er.</div>",
     "<" * 5000 + ">" * 5000],
    ids=["page", "script", "quotes-in-tags", "angle-brackets"],
)
def test_text_that_is_only_html(client, text):
    assert_answer(post_json(client, {"text": text}), text)


# --- JSON shape --------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [20_000, 900, 50])
def test_deeply_nested_json(client, depth):
    for raw in (b'{"text": ' + b"[" * depth + b"]" * depth + b"}", b'{"text": "a", "id": ' + b'{"a":' * (depth // 3) + b"1" + b"}" * (depth // 3) + b"}"):
        response = client.post("/v1/quotes", data=raw, content_type="application/json")
        assert response.status_code in (400, 422), response.status_code
        assert_problem(response, response.status_code)


@pytest.mark.parametrize(
    "body, field",
    [({"text": None}, "text"), ({"text": 1.5}, "text"), ({"text": True}, "text"), ({"text": ["a"]}, "text"),
     ({"text": {"t": "a"}}, "text"), ({"text": "ok", "id": 7}, "id"), ({"text": "ok", "title": ["t"]}, "title"),
     ({"text": "ok", "id": "x" * 10_000}, "id"), ("just a string", "_schema"), (None, "_schema"), (42, "_schema")],
    ids=["null", "float", "bool", "list", "object", "int-id", "list-title", "huge-id", "string", "null-body", "number-body"],
)
def test_wrong_types_are_422_with_the_field(client, body, field):
    problem = assert_problem(post_json(client, body), 422, "validation-error")
    assert field in problem["errors"], problem


@pytest.mark.parametrize(
    "raw",
    [b'{"text": "a", "text": "b"}', b'{"text": "a", "id": "1", "id": "1"}',
     b'{"articles": [{"text": "a", "text": "b"}]}'],
    ids=["text", "id", "nested-in-batch"],
)
def test_duplicate_keys_are_400(client, raw):
    path = "/v1/quotes/batch" if b"articles" in raw else "/v1/quotes"
    problem = assert_problem(client.post(path, data=raw, content_type="application/json"), 400, "duplicate-keys")
    assert "text" in problem["detail"] or "id" in problem["detail"]


def test_batch_with_too_many_items_is_422(client, app):
    limit = app.config["ZITAT_SETTINGS"].batch_max_items
    response = client.post("/v1/quotes/batch", data=json.dumps({"articles": [{"text": "Er sagte ja."}] * (limit + 1)}),
                           content_type="application/json")
    problem = assert_problem(response, 422, "validation-error")
    assert "articles" in problem["errors"]


@pytest.mark.parametrize(
    "body", [{"articles": []}, {"articles": {"text": "a"}}, {"articles": ["a"]}, {"articles": [{"text": ""}]}, {}],
    ids=["empty", "object", "strings", "empty-text", "missing"],
)
def test_malformed_batches_are_422(client, body):
    problem = assert_problem(client.post("/v1/quotes/batch", data=json.dumps(body), content_type="application/json"), 422)
    assert "articles" in problem["errors"], problem


def test_no_input_reaches_a_500(client):
    """A sweep of odd bodies and content types: 2xx or 4xx, never 5xx."""
    bodies = [b"", b"\x00", b"{}", b"[]", b"null", b'"text"', b"\xef\xbb\xbf{}", b"{" * 3, b"\r\n", b"\xff" * 10]
    types = ["application/json", "text/plain", "application/problem+json", "text/plain; charset=latin-1",
             "text/plain; charset=utf-16", "application/x-www-form-urlencoded", "", "text/html"]
    for raw in bodies:
        for content_type in types:
            for path in ("/v1/quotes", "/v1/quotes/batch"):
                response = client.post(path, data=raw, content_type=content_type or None)
                assert response.status_code < 500, (path, raw, content_type, response.get_data(as_text=True)[:300])


# --- on the wire, through gunicorn ---------------------------------------------------------------

WIRE_BODY_LIMIT = 64 * 1024
WIRE_JOB_BODY_LIMIT = 256 * 1024


@pytest.fixture(scope="module")
def wire():
    env = {"MAX_BODY_BYTES": str(WIRE_BODY_LIMIT), "JOB_MAX_BODY_BYTES": str(WIRE_JOB_BODY_LIMIT), "REDIS_RETRY_AFTER_S": "0.5"}
    with LiveService(env) as service:
        service.initial_workers = service.worker_pids()
        yield service
        assert service.worker_pids() == service.initial_workers, "a worker died on bad input"


def wire_post(service, headers: list[str], body: bytes = b"", timeout_s: float = 30, path: str = "/v1/quotes") -> bytes:
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{service.port}", "Connection: close", *headers]
    return raw_http(service.port, ("\r\n".join(head) + "\r\n\r\n").encode() + body, timeout_s=timeout_s)


def assert_wire_problem(raw: bytes, status: int, kind: str) -> None:
    assert status_of(raw) == status, raw[:500]
    assert headers_of(raw)["content-type"].startswith("application/problem+json")
    problem = json.loads(body_of(raw))
    assert problem["status"] == status and problem["type"].endswith(":" + kind)


@pytest.mark.slow
def test_wire_content_length_over_limit_is_413_before_the_body_is_sent(wire):
    # Only the headers go out: the server must answer from Content-Length alone.
    raw = wire_post(wire, ["Content-Type: text/plain", f"Content-Length: {WIRE_BODY_LIMIT + 1}"])
    assert_wire_problem(raw, 413, "body-too-large")


@pytest.mark.slow
def test_wire_chunked_body_over_limit_is_413(wire):
    raw = wire_post(wire, ["Content-Type: text/plain", "Transfer-Encoding: chunked"], chunked(b"a" * (WIRE_BODY_LIMIT + 1), 4096))
    assert_wire_problem(raw, 413, "body-too-large")


@pytest.mark.slow
def test_wire_chunked_json_over_limit_is_413(wire):
    payload = json.dumps({"text": "b" * WIRE_BODY_LIMIT}).encode()
    raw = wire_post(wire, ["Content-Type: application/json", "Transfer-Encoding: chunked"], chunked(payload, 1000))
    assert_wire_problem(raw, 413, "body-too-large")


@pytest.mark.slow
def test_wire_chunked_body_within_limit_is_answered(wire):
    raw = wire_post(wire, ["Content-Type: text/plain; charset=utf-8", "Transfer-Encoding: chunked"], chunked(ARTICLE.encode(), 7))
    assert status_of(raw) == 200, raw[:500]
    assert_offsets_valid(json.loads(body_of(raw)), ARTICLE)


@pytest.mark.slow
def test_wire_chunked_job_upload_has_its_own_larger_limit(wire):
    line = json.dumps({"text": ARTICLE}).encode() + b"\n"
    within = line * ((WIRE_BODY_LIMIT * 2) // len(line))  # over MAX_BODY_BYTES, under JOB_MAX_BODY_BYTES
    raw = wire_post(wire, ["Content-Type: application/x-ndjson", "Transfer-Encoding: chunked"], chunked(within, 8192), path="/v1/jobs")
    assert status_of(raw) == 202, raw[:500]
    assert json.loads(body_of(raw))["progress"]["total"] == within.count(b"\n")
    over = line * ((WIRE_JOB_BODY_LIMIT + len(line)) // len(line) + 1)
    raw = wire_post(wire, ["Content-Type: application/x-ndjson", "Transfer-Encoding: chunked"], chunked(over, 8192), path="/v1/jobs")
    assert_wire_problem(raw, 413, "body-too-large")


@pytest.mark.slow
def test_wire_has_no_server_banner_and_security_headers(wire):
    raw = raw_http(wire.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    headers = headers_of(raw)
    assert headers.get("server") == "zitat", headers
    assert "gunicorn" not in raw.decode("latin-1").lower() and "werkzeug" not in raw.decode("latin-1").lower()
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.slow
def test_wire_garbage_and_truncated_requests_leave_workers_alive(wire):
    import socket

    for garbage in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64, b"GET / HTTP/9.9\r\n\r\n",
                    b"POST /v1/quotes HTTP/1.1\r\nContent-Length: -5\r\n\r\n", b"A" * 20_000 + b"\r\n\r\n"):
        raw = raw_http(wire.port, garbage, timeout_s=10)
        assert raw == b"" or (400 <= status_of(raw) <= 505 and status_of(raw) != 500), raw[:300]
    # A client that promises a body and then hangs up half-way.
    with socket.create_connection(("127.0.0.1", wire.port), timeout=10) as sock:
        sock.sendall(b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nabc")
    healthy = raw_http(wire.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(healthy) == 200


@pytest.mark.slow
def test_two_megabyte_line_with_raised_limit_is_answered_in_bounded_time():
    """With the limits raised the answer is a result or a 503 time-out within the budget, never a hang."""
    budget_s = 10
    env = {"MAX_BODY_BYTES": str(3_000_000), "MAX_TEXT_CHARS": str(3_000_000), "PIPELINE_TIMEOUT_S": str(budget_s)}
    with LiveService(env, workers=1) as service:
        workers = service.worker_pids()
        started = time.monotonic()
        raw = wire_post(service, ["Content-Type: text/plain", "Content-Length: 2000000"], b"x" * 2_000_000, timeout_s=budget_s + 60)
        elapsed = time.monotonic() - started
        status = status_of(raw)
        assert status in (200, 503), raw[:500]
        if status == 503:
            assert json.loads(body_of(raw))["type"].endswith(":pipeline-timeout")
        # the time budget is checked between stages: allow one stage past it, far below gunicorn's timeout
        assert elapsed < budget_s + 45, f"took {elapsed:.1f} s"
        print(f"2 MB line: HTTP {status} after {elapsed:.1f} s")
        assert service.worker_pids() == workers, "the worker must survive"
