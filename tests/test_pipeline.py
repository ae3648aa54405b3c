"""The whole pipeline on the real shipped NER model: output contract, offsets, seeds, deadline."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from service.pipeline import PIPELINE_VERSION, Pipeline, PipelineTimeout

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
QUOTE_TYPES = {"direct", "indirect", "mixed", "reported"}
SPEAKER_KINDS = {"PER", "ORG", "LOC", "PRON", "NOUN"}


@pytest.fixture(scope="module")
def pipeline():
    from service.ner import ModelLoadError, load_tagger

    try:
        tagger = load_tagger()
    except ModelLoadError as error:
        pytest.skip(f"the shipped NER model is not available here: {error}")
    return Pipeline(tagger)


def seed(prefix: str) -> str:
    return next(SEEDS_DIR.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def check_span(text: str, span: dict) -> None:
    assert set(span) >= {"text", "start", "end"}
    assert text[span["start"]:span["end"]] == span["text"]


def check_contract(text: str, output: dict, pipeline: Pipeline) -> None:
    assert set(output) == {"quotes", "entities", "model"}
    assert output["model"] == {"ner": pipeline.tagger.model_id, "pipeline": PIPELINE_VERSION}
    entity_ids = {entity["id"] for entity in output["entities"]}
    for entity in output["entities"]:
        assert entity["type"] in {"PER", "ORG", "LOC", "OTH"} and entity["mentions"]
        for mention in entity["mentions"]:
            check_span(text, mention)
    starts = [quote["start"] for quote in output["quotes"]]
    assert starts == sorted(starts)
    for number, quote in enumerate(output["quotes"], 1):
        assert quote["id"] == f"q{number}"
        assert quote["type"] in QUOTE_TYPES
        assert 0.0 <= quote["confidence"] <= 1.0
        check_span(text, quote)
        for role in ("cue", "addressee"):
            if quote[role] is not None:
                check_span(text, quote[role])
        speaker = quote["speaker"]
        if speaker is not None:
            check_span(text, speaker)
            assert speaker["kind"] in SPEAKER_KINDS and speaker["name"]
            assert speaker["entity_id"] is None or speaker["entity_id"] in entity_ids


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_output_follows_the_contract(pipeline, prefix):
    text = seed(prefix)
    check_contract(text, pipeline.analyze(text), pipeline)


def test_markup_entities_and_odd_characters_keep_exact_offsets(pipeline):
    text = ("Kreml-Sprecher Dmitri Peskow sagte:<BR \\/>„Das ist ge\u00adfährlich&nbsp;für unser Land 😀.“<BR \\/>"
            "Er fügte hinzu, Russland se\u0301i &quot;bereit&quot; zu Gesprächen.")
    output = pipeline.analyze(text)
    check_contract(text, output, pipeline)
    assert any("gefährlich" in q["text"].replace("\u00ad", "") for q in output["quotes"])


def test_seed_001_speakers(pipeline):
    output = pipeline.analyze(seed("001"))

    def speaker_of(fragment: str) -> str:
        quote = next(q for q in output["quotes"] if fragment in q["text"])
        return quote["speaker"]["name"]

    assert "Putin" in speaker_of("Wenn dort irgendwelche Truppen auftauchen")
    assert "Peskow" in speaker_of("Das ist gefährlich für unser Land.")
    assert "Pistorius" in speaker_of("Man legt seine Karten nicht auf den Tisch")


def test_entities_cluster_putin(pipeline):
    output = pipeline.analyze(seed("000"))
    putin = [e for e in output["entities"] if e["type"] == "PER" and "Putin" in e["name"]]
    assert len(putin) == 1 and len(putin[0]["mentions"]) >= 3


def test_empty_text(pipeline):
    assert pipeline.analyze("")["quotes"] == []


def test_deadline_in_the_past_raises(pipeline):
    with pytest.raises(PipelineTimeout):
        pipeline.analyze(seed("001"), deadline=time.monotonic() - 1)
