"""Application factory: wires settings, model, cache, API and the request/response plumbing."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, current_app, g, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from . import __version__, metrics
from .analyzer import Analyzer
from .api import ops_blp, problem_from_http_error, quotes_blp
from .cache import ResultCache
from .config import Settings
from .jobs_api import jobs_blp
from .problems import Problem, problem_body, problem_response
from .schemas import ProblemSchema
from .security import install_security
from .web import web_blp

log = logging.getLogger("zitat.access")

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


class ProblemApi(Api):
    """flask-smorest Api whose errors are RFC 9457 problem details."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        body = problem_from_http_error(error.code or 500, error.description, data)
        if error.code == 413:
            limit = current_app.config["MAX_CONTENT_LENGTH"]
            body = problem_body(413, "body-too-large", f"The request body is larger than {limit} bytes (MAX_BODY_BYTES).")
        headers = dict(data.get("headers") or {})
        if error.code == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        return problem_response(body, headers)


def build_pipeline(settings: Settings, *, before_fork: bool = False):
    """Load the NER model (fails here, at start-up, when it is missing or broken) and the pipeline.

    before_fork: the caller forks worker processes afterwards (gunicorn preload, `zitat worker`).
    torch then stays single-threaded here, because GNU OpenMP's thread pool does not survive a
    fork (a forked child blocks in its first parallel op); each child calls set_torch_threads.
    """
    from .ner import load_tagger
    from .pipeline import Pipeline

    set_torch_threads(1 if before_fork else settings.torch_threads)
    _route_flair_logs_to_root()
    return Pipeline(load_tagger(settings.ner_model, settings.ner_quantize, settings.ner_precision))


def set_torch_threads(count: int) -> None:
    import torch

    torch.set_num_threads(max(1, count))


def _route_flair_logs_to_root() -> None:
    # Flair prints to stdout with its own handler, which would corrupt `zitat analyze` output.
    import flair  # noqa: F401 - creates the "flair" logger and its handler

    flair_logger = logging.getLogger("flair")
    flair_logger.handlers.clear()
    flair_logger.propagate = True


def build_app(settings: Settings) -> Flask:
    """Routes, schemas, hooks and error handlers, without loading a model (enough for the API document)."""
    app = Flask(__name__)
    app.config.update(
        ZITAT_SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE="zitat",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=None,
    )
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    api = ProblemApi(app, spec_kwargs={"info": {"description": API_DESCRIPTION}})
    api.register_blueprint(quotes_blp)
    api.register_blueprint(ops_blp)
    api.register_blueprint(jobs_blp)
    app.register_blueprint(web_blp)  # the inspection page: plain Flask, kept out of the API document
    app.extensions["zitat.api"] = api
    _install_request_hooks(app)
    install_security(app, settings)
    _install_error_handlers(app)
    return app


def create_app(settings: Settings | None = None, *, pipeline=None, cache: ResultCache | None = None) -> Flask:
    """The service: `pipeline` and `cache` are built from settings unless given (tests share one model)."""
    settings = settings or Settings.from_env()
    app = build_app(settings)
    cache = cache or ResultCache.from_url(
        settings.redis_url, settings.cache_ttl_s, settings.redis_timeout_s, settings.redis_retry_after_s
    )
    app.extensions["zitat.analyzer"] = Analyzer(
        pipeline or build_pipeline(settings),
        cache,
        max_text_chars=settings.max_text_chars,
        timeout_s=settings.pipeline_timeout_s,
    )
    return app


def _install_request_hooks(app: Flask) -> None:
    @app.before_request
    def start_request():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def finish_request(response):
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        metrics.REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
        metrics.REQUEST_SECONDS.labels(request.method, endpoint).observe(elapsed)
        response.headers["X-Request-ID"] = g.get("request_id", "")
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 2),
                "bytes_in": request.content_length,
            },
        )
        return response


def _install_error_handlers(app: Flask) -> None:
    @app.errorhandler(Problem)
    def handle_problem(problem: Problem):
        return problem_response(problem.to_dict(), problem.headers)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return app.extensions["zitat.api"].handle_http_exception(exc)
        log.exception("unhandled error")
        return problem_response(
            problem_body(500, "internal-error", f"Internal error; quote request id {g.get('request_id')} when reporting it.")
        )


API_DESCRIPTION = """\
zitat reads German news articles and returns who said what to whom: every quotation
(direct, indirect, mixed, reported), its speaker, cue and addressee, with exact character
offsets into the submitted text (Python string indices), and the entities behind them.
Every error is an RFC 9457 problem (`application/problem+json`).
"""
