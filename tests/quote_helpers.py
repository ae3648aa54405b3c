"""Helpers for the quote-engine tests: run the heuristics on hand-made entity lists (no model)."""

from __future__ import annotations

from service.document import EntityMention
from service.normalize import normalize
from service.pipeline import analyze_normalized
from service.tokens import split_sentences


def mentions_for(text: str, entities: dict[str, str]) -> list[EntityMention]:
    """EntityMention for every occurrence of each surface string (label given per string)."""
    found: list[EntityMention] = []
    for surface, label in sorted(entities.items(), key=lambda item: -len(item[0])):
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            if not any(m.start < end and start < m.end for m in found):  # longest match wins
                found.append(EntityMention(start, end, label, surface))
            start = text.find(surface, start + 1)
    return sorted(found, key=lambda m: m.start)


def analyze(text: str, entities: dict[str, str] | None = None) -> dict:
    """The pipeline output for ``text`` with the given entities standing in for the NER tagger's."""
    normalized = normalize(text)
    sentences = split_sentences(normalized.text)
    mentions = mentions_for(normalized.text, entities or {})
    return analyze_normalized(normalized, sentences, mentions, "hand-made-entities")


def quote_containing(output: dict, fragment: str) -> dict:
    matches = [q for q in output["quotes"] if fragment in q["text"]]
    assert matches, f"no quote contains {fragment!r}: {[q['text'] for q in output['quotes']]}"
    return matches[0]


def assert_offsets(text: str, output: dict) -> None:
    """Every returned span is exactly the submitted text at its offsets."""
    for quote in output["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        for role in ("speaker", "cue", "addressee"):
            span = quote[role]
            if span is not None:
                assert text[span["start"]:span["end"]] == span["text"], (role, span)
    for entity in output["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
