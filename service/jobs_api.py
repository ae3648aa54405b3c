"""HTTP API of the asynchronous jobs: submit many articles, follow progress, stream results, cancel."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import marshmallow as ma
import redis
from flask import Response, current_app, request, stream_with_context
from flask.views import MethodView
from marshmallow import fields, validate
from werkzeug.exceptions import RequestEntityTooLarge

from .api import JSON_MIME, ApiBlueprint, PROBLEM_RESPONSES, parse_json_body, reject_lone_surrogates
from .jobs import JobSettings, JobStore
from .problems import Problem, problem_body, problem_response
from .schemas import AnalysisSchema, ArticleSchema, ProblemSchema

NDJSON_MIMES = ("application/x-ndjson", "application/jsonl", "application/json-seq")
NDJSON_MIME = NDJSON_MIMES[0]
REDIS_TIMEOUT_S = 5.0

jobs_blp = ApiBlueprint("jobs", __name__, url_prefix="/v1", description="Asynchronous jobs for many articles (archives)")


class JobRequestSchema(ma.Schema):
    articles = fields.List(
        fields.Nested(ArticleSchema),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "Articles to analyse; at most JOB_MAX_ARTICLES."},
    )


class JobProgressSchema(ma.Schema):
    done = fields.Integer(required=True, metadata={"description": "Articles with a result or an error."})
    total = fields.Integer(required=True)
    failed = fields.Integer(required=True, metadata={"description": "Articles that ended with an error."})


class JobFailureSchema(ma.Schema):
    index = fields.Integer(required=True)
    id = fields.String(allow_none=True)
    error = fields.Nested(ProblemSchema, required=True)


class JobSchema(ma.Schema):
    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("queued", "running", "finished", "cancelled")))
    progress = fields.Nested(JobProgressSchema, required=True)
    failures = fields.List(fields.Nested(JobFailureSchema), metadata={"description": "The first 100 per-article errors."})
    created_at = fields.String(allow_none=True)
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
    results = fields.String(required=True, metadata={"description": "Path of the NDJSON results."})


class JobResultLineSchema(ma.Schema):
    """One line of the results: the analysis of one article, or a problem for that article alone."""

    index = fields.Integer(required=True, metadata={"description": "Position of the article in the input."})
    id = fields.String(allow_none=True, metadata={"description": "The client id of the article."})
    result = fields.Nested(AnalysisSchema, allow_none=True)
    error = fields.Nested(ProblemSchema, allow_none=True)


def _problem_doc(*statuses: int) -> dict:
    descriptions = {
        **PROBLEM_RESPONSES,
        404: "No such job (unknown or expired)",
        409: "The job has not finished yet",
        413: "Body over JOB_MAX_BODY_BYTES or more than JOB_MAX_ARTICLES articles",
        503: "The job queue (Redis) is unavailable",
    }
    return {
        status: {
            "description": descriptions[status],
            "content": {"application/problem+json": {"schema": ProblemSchema}},
        }
        for status in statuses
    }


def _store() -> JobStore:
    store = current_app.extensions.get("zitat.jobs")
    if store is None:
        url = current_app.config["ZITAT_SETTINGS"].redis_url
        if not url:
            raise Problem(503, "jobs-unavailable", "Jobs need Redis; the service runs without REDIS_URL.")
        connection = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S)
        store = current_app.extensions["zitat.jobs"] = JobStore(connection, JobSettings.from_env())
    return store


@jobs_blp.errorhandler(redis.RedisError)
def _redis_down(exc: redis.RedisError):
    body = problem_body(503, "jobs-unavailable", f"The job queue (Redis) is unavailable: {type(exc).__name__}.")
    return problem_response(body, {"Retry-After": "5"})


def _validated(payload, where: str) -> dict:
    try:
        return ArticleSchema().load(payload)
    except ma.ValidationError as exc:
        raise Problem(422, "validation-error", f"{where.capitalize()} failed validation; see `errors`.", errors={where: exc.messages}) from None


def _json_articles(raw: bytes) -> list[dict]:
    payload = parse_json_body(raw)
    try:
        return JobRequestSchema().load(payload)["articles"]
    except ma.ValidationError as exc:
        raise Problem(422, "validation-error", "The request body failed validation; see `errors`.", errors=exc.messages) from None


def _ndjson_articles(stream) -> Iterator[dict]:
    """Articles from an NDJSON body, read line by line (the body is never held whole in memory)."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            payload = reject_lone_surrogates(json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8")), f"Line {number}")
        except UnicodeDecodeError as exc:
            raise Problem(400, "invalid-encoding", f"Line {number} is not valid UTF-8: {exc.reason}.") from None
        except json.JSONDecodeError as exc:
            raise Problem(400, "malformed-json", f"Line {number} is not valid JSON: {exc.msg} (column {exc.colno}).") from None
        yield _validated(payload, f"line {number}")


def _too_large(limit: int) -> Problem:
    return Problem(413, "body-too-large", f"The job body is larger than {limit} bytes (JOB_MAX_BODY_BYTES); split the input.")


def _body_stream(limit: int):
    # A chunked body may already have been read into the request's cache by a before_request
    # hook (service/security.py bounds chunked bodies that way); read it from there then.
    cached = getattr(request, "_cached_data", None)
    if cached is None:
        return request.stream  # werkzeug raises 413 once more than `limit` bytes are read
    if len(cached) > limit:
        raise RequestEntityTooLarge()
    return io.BytesIO(cached)


def _submitted_articles(limit: int):
    request.max_content_length = limit
    mimetype = request.mimetype
    if mimetype in NDJSON_MIMES:
        return _ndjson_articles(_body_stream(limit))
    if mimetype == JSON_MIME or mimetype.endswith("+json"):
        return _json_articles(request.get_data(cache=False))
    raise Problem(
        415,
        "unsupported-media-type",
        f"Content-Type {mimetype or '(none)'} is not supported; send application/json or {NDJSON_MIME}.",
    )


def _job_or_404(job: dict | None, job_id: str) -> dict:
    if job is None:
        raise Problem(404, "job-not-found", f"No job {job_id!r}: it never existed or its results expired (JOB_TTL_S).")
    return job


@jobs_blp.route("/jobs")
class Jobs(MethodView):
    @jobs_blp.doc(
        requestBody={
            "required": True,
            "description": f"`{JSON_MIME}` with an `articles` list, or `{NDJSON_MIME}` with one article object per line.",
            "content": {JSON_MIME: {"schema": JobRequestSchema}, NDJSON_MIME: {"schema": ArticleSchema}},
        },
        responses=_problem_doc(400, 413, 415, 422, 503),
    )
    @jobs_blp.response(
        202, JobSchema, headers={"Location": {"description": "URL of the job status", "schema": {"type": "string"}}}
    )
    def post(self):
        """Queue many articles for analysis; returns at once with the job id.

        Send `application/json` (`{"articles": [{"text": ..., "id": ..., "title": ...}, ...]}`) or
        `application/x-ndjson` (one such article object per line, streamed). Follow the job at
        `Location`; fetch the results, in input order, from `/v1/jobs/{id}/results`.
        """
        store = _store()
        limit = store.settings.max_body_bytes
        try:
            job_id = store.create(_submitted_articles(limit))
        except RequestEntityTooLarge:
            raise _too_large(limit) from None
        location = f"/v1/jobs/{job_id}"
        return store.status(job_id), 202, {"Location": location}


@jobs_blp.route("/jobs/<string:job_id>")
class JobResource(MethodView):
    @jobs_blp.response(200, JobSchema)
    @jobs_blp.doc(responses=_problem_doc(404, 503))
    def get(self, job_id: str):
        """Status and progress of a job, with the first per-article errors."""
        return _job_or_404(_store().status(job_id), job_id)

    @jobs_blp.response(200, JobSchema)
    @jobs_blp.doc(responses=_problem_doc(404, 503))
    def delete(self, job_id: str):
        """Cancel a job: queued articles are dropped, results so far are kept until they expire."""
        return _job_or_404(_store().cancel(job_id), job_id)


@jobs_blp.route("/jobs/<string:job_id>/results")
class JobResults(MethodView):
    @jobs_blp.doc(
        responses={
            200: {
                "description": "One JSON object per line, in input order (NDJSON)",
                "content": {NDJSON_MIME: {"schema": JobResultLineSchema}},
            },
            **_problem_doc(404, 409, 503),
        }
    )
    def get(self, job_id: str):
        """Stream the results of a finished (or cancelled) job as NDJSON, in input order."""
        store = _store()
        job = _job_or_404(store.status(job_id), job_id)
        if job["status"] not in ("finished", "cancelled"):
            done, total = job["progress"]["done"], job["progress"]["total"]
            raise Problem(
                409,
                "job-not-finished",
                f"The job is {job['status']} ({done} of {total} articles done); poll /v1/jobs/{job_id}.",
                headers={"Retry-After": "5"},
            )
        lines = store.iter_result_lines(job_id, job["progress"]["total"])
        return Response(stream_with_context(lines), mimetype=NDJSON_MIME)
