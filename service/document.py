"""Plain data types shared by every stage of the pipeline.

All offsets are Python string indices into the *normalised* text until the
pipeline maps them back to the submitted text at the very end.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


@dataclass(frozen=True)
class EntityMention:
    """A named-entity span found by the NER tagger."""

    start: int
    end: int
    label: str  # PER, LOC, ORG, OTH
    text: str
    score: float = 1.0


# Name particles the tagger sometimes takes into a name that stops before its next part
# ("Joe Stork von HRW" tagged "Joe Stork von"): a name never ends in one.
TRAILING_PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "vom", "und", "of", "the"})


def without_trailing_particles(mention: EntityMention) -> EntityMention | None:
    """The mention without trailing name particles, or None if nothing with a letter or digit is left."""
    words = mention.text.split(" ")
    while len(words) > 1 and words[-1].lower() in TRAILING_PARTICLES:
        words.pop()
    text = " ".join(words).rstrip()
    if not any(ch.isalnum() for ch in text):
        return None
    if text == mention.text:
        return mention
    return EntityMention(mention.start, mention.start + len(text), mention.label, text, mention.score)
