"""Request security: API keys, rate limits, CORS, security headers, and no server banner.

`install_security(app, settings)` wires it all into the Flask app; the order of the hooks
matters: CORS pre-flight first (browsers send it without credentials), then the API key
check, then the rate limit (so that the limit is counted per valid key, or per address).

Only the API under /v1/ is guarded by keys and rate limits. /healthz and /readyz stay
open for probes; /metrics is open unless METRICS_PUBLIC=false; /openapi.yaml and the
inspection page at / carry no data.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from limits import parse_many
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Settings
from .problems import Problem, problem_body, problem_response

log = logging.getLogger(__name__)

GUARDED_PREFIX = "/v1/"
METRICS_PATH = "/metrics"
OWN_BODY_LIMIT_PREFIXES = ("/v1/jobs",)  # job uploads: JOB_MAX_BODY_BYTES, not MAX_BODY_BYTES
RATE_LIMIT_KEY_PREFIX = "zitat:ratelimit"
SERVER_NAME = "zitat"  # what gunicorn sends as `Server:`; no product version

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # The inspection page at / loads its scripts and styles from this origin only.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
}

CORS_ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS"  # DELETE: cancelling a job
CORS_ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-ID"
CORS_EXPOSED_HEADERS = "X-Request-ID, Retry-After, Location"  # Location: a new job
CORS_MAX_AGE_S = "600"

UNAUTHORIZED_DETAIL = "A valid API key is required: send `Authorization: Bearer <key>`."


def install_security(app: Flask, settings: Settings) -> None:
    _check_settings(settings)
    hide_server_banner()
    keys = ApiKeys(settings.api_keys)
    app.extensions["zitat.api_keys"] = keys
    if settings.trusted_proxy_hops:
        # The client address (rate limits, logs) is then the one the trusted proxies saw.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxy_hops, x_proto=settings.trusted_proxy_hops)
    app.before_request(_answer_cors_preflight)
    app.before_request(_authenticate)
    app.after_request(_add_security_headers)
    app.after_request(_add_cors_headers)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
    app.extensions["zitat.limiter"] = _build_limiter(app, settings)
    app.before_request(_enforce_body_limit_without_content_length)  # after the rate limit: no reading for refused clients


def hide_server_banner() -> None:
    """`Server: zitat` instead of gunicorn's name or Werkzeug's and Python's versions (development server)."""
    import gunicorn.http.wsgi
    from werkzeug.serving import WSGIRequestHandler

    gunicorn.http.wsgi.SERVER = SERVER_NAME
    WSGIRequestHandler.version_string = lambda self: SERVER_NAME


def _check_settings(settings: Settings) -> None:
    if settings.rate_limit:
        try:
            parse_many(settings.rate_limit)
        except ValueError as exc:
            raise ValueError(f"RATE_LIMIT={settings.rate_limit!r} is not a rate limit such as '120/minute': {exc}") from None
    if not settings.metrics_public and not settings.api_keys:
        log.warning("METRICS_PUBLIC=false without API_KEYS: /metrics answers 401 to everyone")


class ApiKeys:
    """The configured keys, kept only as SHA-256 digests and compared in constant time."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        self._digests = [_digest(key) for key in keys]
        self._ids = [f"key:{digest.hex()[:12]}" for digest in self._digests]

    @property
    def required(self) -> bool:
        return bool(self._digests)

    def identify(self, authorization: str | None) -> str | None:
        """The id of the key sent in an `Authorization: Bearer` header, None when it matches none.

        Every configured key is compared, digest against digest, so that neither the time taken
        nor an early exit tells which key or how much of one was right.
        """
        token = _bearer_token(authorization)
        presented = _digest(token if token is not None else "")
        matched = None
        for digest, key_id in zip(self._digests, self._ids):
            if hmac.compare_digest(digest, presented) and token is not None:
                matched = key_id
        return matched


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8")).digest()


def _bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def _needs_key(path: str, settings: Settings) -> bool:
    if path.startswith(GUARDED_PREFIX):
        return True
    return path == METRICS_PATH and not settings.metrics_public


def _authenticate() -> None:
    settings: Settings = current_app.config["ZITAT_SETTINGS"]
    keys: ApiKeys = current_app.extensions["zitat.api_keys"]
    key_id = keys.identify(request.headers.get("Authorization")) if keys.required else None
    g.client_id = key_id or f"addr:{request.remote_addr or 'unknown'}"
    if request.method == "OPTIONS" or not _needs_key(request.path, settings):
        return
    if key_id is None and (keys.required or request.path == METRICS_PATH):
        raise Problem(401, "unauthorized", UNAUTHORIZED_DETAIL, headers={"WWW-Authenticate": 'Bearer realm="zitat"'})


def _enforce_body_limit_without_content_length() -> None:
    """413 for a chunked body over MAX_BODY_BYTES.

    With Content-Length, Werkzeug refuses an oversized body before reading it. Without one
    (Transfer-Encoding: chunked) it stops reading at the limit and hands the app a silently
    truncated body, so read up to the limit here and look for one byte more.
    """
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is None or request.content_length is not None or request.method not in ("POST", "PUT", "PATCH"):
        return
    if request.path.startswith(OWN_BODY_LIMIT_PREFIXES):
        return  # streams its body line by line under its own limit, where Werkzeug's 413 works
    if "wsgi.input_terminated" not in request.environ:
        return  # Werkzeug gives the app an empty stream then: nothing unbounded to read
    request.get_data(cache=True)  # at most `limit` bytes, kept for the body parser
    if request.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()


def _rate_limit_key() -> str:
    return g.get("client_id") or f"addr:{request.remote_addr or 'unknown'}"


def _rate_limit_exempt() -> bool:
    return request.method == "OPTIONS" or not request.path.startswith(GUARDED_PREFIX)


def _build_limiter(app: Flask, settings: Settings) -> Limiter | None:
    if not settings.rate_limit:
        return None
    storage_options = {"key_prefix": RATE_LIMIT_KEY_PREFIX}
    if settings.redis_url:
        storage_options.update(
            socket_connect_timeout=settings.redis_timeout_s,
            socket_timeout=settings.redis_timeout_s,
        )
    limiter = Limiter(
        key_func=_rate_limit_key,
        application_limits=[settings.rate_limit],
        application_limits_exempt_when=_rate_limit_exempt,
        storage_uri=settings.redis_url or "memory://",
        storage_options=storage_options,
        strategy="sliding-window-counter",
        headers_enabled=False,  # Retry-After is set on the 429 itself, see _rate_limited
        # A Redis outage must not fail requests: count in process memory until it is back
        # (the limiter re-checks Redis with a growing back-off), and never raise.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
    limiter.init_app(app)
    return limiter


def _rate_limited(error: RateLimitExceeded) -> Response:
    retry_after = _retry_after_s(error)
    body = problem_body(
        429,
        "rate-limited",
        f"Rate limit of {error.limit.limit} exceeded (RATE_LIMIT); retry after {retry_after} s.",
    )
    return problem_response(body, {"Retry-After": str(retry_after)})


def _retry_after_s(error: RateLimitExceeded) -> int:
    limiter: Limiter = current_app.extensions["zitat.limiter"]
    try:
        reset_at = limiter.current_limit.reset_at
        return max(1, math.ceil(reset_at - time.time()))
    except Exception:  # noqa: BLE001 - storage gone between the check and now: fall back to the window
        return max(1, error.limit.limit.get_expiry())


def _add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _allowed_origin(origin: str | None) -> str | None:
    if not origin:
        return None
    allowed = current_app.config["ZITAT_SETTINGS"].cors_origins
    if "*" in allowed:
        return "*"
    return origin if origin in allowed else None


def _answer_cors_preflight() -> Response | None:
    if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
        return None
    origin = _allowed_origin(request.headers.get("Origin"))
    if origin is None:
        return None  # Flask's own OPTIONS answer, without CORS headers: the browser refuses
    return Response(
        status=204,
        headers={
            "Access-Control-Allow-Methods": CORS_ALLOWED_METHODS,
            "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
            "Access-Control-Max-Age": CORS_MAX_AGE_S,
        },
    )


def _add_cors_headers(response: Response) -> Response:
    if not current_app.config["ZITAT_SETTINGS"].cors_origins:
        return response
    response.vary.add("Origin")
    origin = _allowed_origin(request.headers.get("Origin"))
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSED_HEADERS
    return response
