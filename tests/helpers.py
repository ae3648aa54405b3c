"""Assertions shared by API, CLI and pipeline tests."""

from __future__ import annotations


def iter_spans(result: dict):
    """Every (kind, span dict) in an analysis result that carries offsets."""
    for quote in result["quotes"]:
        yield "quote", quote
        for role in ("speaker", "cue", "addressee"):
            if quote.get(role):
                yield role, quote[role]
    for entity in result["entities"]:
        for mention in entity["mentions"]:
            yield "mention", mention


def assert_offsets_valid(result: dict, text: str) -> None:
    for kind, span in iter_spans(result):
        assert 0 <= span["start"] <= span["end"] <= len(text), (kind, span)
        assert text[span["start"]:span["end"]] == span["text"], (kind, span)


def assert_problem(response, status: int, kind: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["title"] and "detail" in body
    assert "Traceback" not in response.get_data(as_text=True)
    if kind:
        assert body["type"].endswith(":" + kind), body["type"]
    return body
