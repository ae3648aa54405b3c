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
