"""HTTP API: the /v1 quote endpoints plus health, readiness, metrics and the OpenAPI document."""

from __future__ import annotations

import codecs
import json
from typing import Any

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser

from . import metrics
from .analyzer import Analyzer, Article
from .problems import Problem, problem_body
from .schemas import (
    AnalysisSchema,
    ArticleSchema,
    BatchRequestSchema,
    BatchResponseSchema,
    HealthSchema,
    ProblemSchema,
    ReadySchema,
)

JSON_MIME = "application/json"
TEXT_MIME = "text/plain"


class _DuplicateKeyError(ValueError):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise _DuplicateKeyError(", ".join(duplicates))
    return dict(pairs)


def _decode_text_body(raw: bytes, charset: str | None) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    return raw.decode(charset or "utf-8")


def reject_lone_surrogates(value: Any, where: str = "The JSON body") -> Any:
    """JSON may escape half a surrogate pair (\\ud800): valid JSON, but not text we can analyse or answer in UTF-8."""
    pending = [value]
    while pending:  # iterative: the JSON may be nested as deep as json.loads allows
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise Problem(
                    400, "invalid-encoding", f"{where} contains an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF); send valid Unicode."
                ) from None
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return value


def parse_json_body(raw: bytes) -> Any:
    try:
        return reject_lone_surrogates(json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_reject_duplicate_keys))
    except UnicodeDecodeError as exc:
        raise Problem(400, "invalid-encoding", f"The JSON body is not valid UTF-8: {exc.reason} at byte {exc.start}.") from None
    except _DuplicateKeyError as exc:
        raise Problem(400, "duplicate-keys", f"The JSON body repeats the key(s): {exc}.") from None
    except RecursionError:
        raise Problem(400, "malformed-json", "The JSON body is nested too deeply.") from None
    except json.JSONDecodeError as exc:
        raise Problem(400, "malformed-json", f"The body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from None


class BodyParser(FlaskParser):
    """Reads the request body as JSON or, for text/plain, as the article text itself."""

    def load_body(self, req, schema):  # noqa: ARG002 - webargs loader signature
        mimetype = req.mimetype
        raw = req.get_data(cache=True)
        if mimetype == JSON_MIME or mimetype.endswith("+json"):
            return parse_json_body(raw)
        if mimetype == TEXT_MIME:
            try:
                return {"text": _decode_text_body(raw, req.mimetype_params.get("charset"))}
            except (UnicodeDecodeError, LookupError) as exc:
                raise Problem(400, "invalid-encoding", f"The text body could not be decoded: {exc}.") from None
        raise Problem(
            415,
            "unsupported-media-type",
            f"Content-Type {mimetype or '(none)'} is not supported; send application/json or text/plain.",
        )


BodyParser.__location_map__ = {**FlaskParser.__location_map__, "body": "load_body"}


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = BodyParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "body": JSON_MIME,
    }


quotes_blp = ApiBlueprint("quotes", __name__, url_prefix="/v1", description="Quote attribution")
ops_blp = ApiBlueprint("operations", __name__, description="Health, readiness, metrics, API document")

PROBLEM_RESPONSES = {
    400: "Malformed body (bad JSON, bad encoding, duplicate keys)",
    413: "Body or text over the configured limit",
    415: "Unsupported Content-Type",
    422: "Validation failed; `errors` names each field",
    503: "Analysis exceeded the time budget",
}

TEXT_BODY_DOC = {
    "requestBody": {
        "content": {
            TEXT_MIME: {
                "schema": {"type": "string", "minLength": 1},
                "example": "„Das ist gefährlich für unser Land“, sagte Kreml-Sprecher Dmitri Peskow.",
            }
        }
    }
}


def _analyzer() -> Analyzer:
    return current_app.extensions["zitat.analyzer"]


def _documentation_only(decorator) -> Any:
    """Apply a flask-smorest response/alt_response/doc decorator for the API document alone.

    Each of them wraps the view in a layer that, for a view that returns a Response (ours all
    do), only passes the call on, at the price of a context lookup and a coroutine check per
    layer and request; the document is built from the `_apidoc` they attach, kept here.
    """

    def apply(func):
        func._apidoc = decorator(func)._apidoc
        return func

    return apply


def _document_problems(blueprint: Blueprint, statuses) -> Any:
    def decorate(func):
        for status in statuses:
            func = _documentation_only(
                blueprint.alt_response(
                    status, schema=ProblemSchema, description=PROBLEM_RESPONSES[status], content_type="application/problem+json"
                )
            )(func)
        return func

    return decorate


def _json_response(body: str | bytes, status: int = 200) -> Response:
    return Response(body, status=status, mimetype=JSON_MIME)


# Schema instances, not classes: webargs would build a new schema (deep copies of its fields) per request.
ARTICLE_SCHEMA = ArticleSchema()
BATCH_REQUEST_SCHEMA = BatchRequestSchema()


@quotes_blp.route("/quotes")
class Quotes(MethodView):
    @quotes_blp.arguments(ARTICLE_SCHEMA, location="body")
    @_documentation_only(quotes_blp.doc(**TEXT_BODY_DOC))
    @_documentation_only(quotes_blp.response(200, AnalysisSchema))
    @_document_problems(quotes_blp, (400, 413, 415, 422, 503))
    def post(self, article: dict):
        """Find every quotation in one article, with speaker, cue and addressee.

        Send `application/json` (`{"text": ..., "id": ..., "title": ...}`) or the raw text as
        `text/plain`. Offsets are Python string indices into the submitted text.
        """
        return _json_response(_analyzer().analyze_json_bytes(Article(**article)))


@quotes_blp.route("/quotes/batch")
class QuotesBatch(MethodView):
    @quotes_blp.arguments(BATCH_REQUEST_SCHEMA, location="body")
    @_documentation_only(quotes_blp.response(200, BatchResponseSchema))
    @_document_problems(quotes_blp, (400, 413, 415, 422))
    def post(self, batch: dict):
        """Analyse several articles in one request; results come back in input order.

        An article that fails on its own (too long, over the time budget) gets an `error`
        problem in its slot; the other articles are still answered.
        """
        articles = batch["articles"]
        limit = current_app.config["ZITAT_SETTINGS"].batch_max_items
        if len(articles) > limit:
            raise Problem(
                422,
                "validation-error",
                f"A batch holds at most {limit} articles (BATCH_MAX_ITEMS); got {len(articles)}.",
                errors={"articles": [f"at most {limit} items"]},
            )
        return _json_response('{"results": [' + ", ".join(_batch_item(i, a) for i, a in enumerate(articles)) + "]}")


def _batch_item(index: int, article: dict) -> str:
    try:
        result = _analyzer().analyze_json(Article(**article))
    except Problem as problem:
        return json.dumps({"index": index, "result": None, "error": problem.to_dict()}, ensure_ascii=False)
    return f'{{"index": {index}, "result": {result}, "error": null}}'


@ops_blp.route("/healthz")
@ops_blp.response(200, HealthSchema)
def healthz():
    """Liveness: the process answers."""
    return {"status": "ok"}


@ops_blp.route("/readyz")
@ops_blp.response(200, ReadySchema)
@ops_blp.alt_response(503, schema=ReadySchema, description="Not ready")
def readyz():
    """Readiness: the model is loaded; Redis reachable (`ready`) or not (`degraded`, still serving)."""
    analyzer = _analyzer()
    cache_state, detail = analyzer.cache.status()
    body = {"status": "ready", "model": analyzer.model_info, "cache": cache_state}
    if cache_state == "unavailable":
        body["status"] = "degraded"
        body["detail"] = f"Redis unreachable, answering without cache ({detail})"
    return body


@ops_blp.route("/metrics")
@ops_blp.doc(responses={200: {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}}})
def prometheus_metrics():
    """Prometheus metrics: requests, latencies, cache hits/misses, pipeline time."""
    payload, content_type = metrics.render()
    return Response(payload, mimetype=content_type.split(";")[0], headers={"Content-Type": content_type})


@ops_blp.route("/openapi.yaml")
@ops_blp.doc(responses={200: {"description": "This API's OpenAPI 3 document", "content": {"application/yaml": {}}}})
def openapi_yaml():
    """The OpenAPI document of this service (the same as openapi.yaml in the repository)."""
    return Response(openapi_document(current_app.extensions["zitat.api"]), mimetype="application/yaml")


def openapi_document(api) -> str:
    return api.spec.to_yaml(yaml_dump_kwargs={"allow_unicode": True, "sort_keys": False})


def problem_from_http_error(status: int, description: str | None, data: dict | None) -> dict:
    """A problem body for a werkzeug HTTPException (404, 405, 413, webargs' 422, ...)."""
    errors = None
    kind = None
    if data and "messages" in data:
        kind = "validation-error"
        errors = _flatten_locations(data["messages"])
        description = "The request body failed validation; see `errors`."
    return problem_body(status, kind, description or "", errors=errors)


def _flatten_locations(messages: dict) -> dict:
    # webargs nests messages by location ({"body": {"text": [...]}}); clients want field -> messages.
    flat: dict = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            flat.update(location_messages)
        else:
            flat["_body"] = location_messages
    return flat
