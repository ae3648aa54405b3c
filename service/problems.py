"""RFC 9457 problem details: every error the service returns goes through here."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, json

PROBLEM_MIME = "application/problem+json"
PROBLEM_TYPE_BASE = "urn:zitat:problem:"


class Problem(Exception):
    """An error with a status and a stable problem type, raised anywhere in request handling."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        *,
        errors: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}

    def to_dict(self, instance: str | None = None) -> dict[str, Any]:
        return problem_body(self.status, self.kind, self.detail, errors=self.errors, instance=instance)


def problem_body(
    status: int,
    kind: str | None,
    detail: str,
    *,
    errors: dict[str, Any] | None = None,
    instance: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE_BASE}{kind}" if kind else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    return body


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(body), status=body["status"], mimetype=PROBLEM_MIME)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
