"""Property-based tests of the real pipeline (shipped NER model): for any input string no exception,
every span inside the text and equal to text[start:end], a well-formed result, in bounded time."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers import assert_offsets_valid
from service.schemas import ENTITY_TYPES, QUOTE_TYPES, SPEAKER_KINDS

EXAMPLES = 150
SECONDS_PER_EXAMPLE = 20  # inputs stay below ~2,000 characters; a normal article takes well under a second

# Pieces that steer generated text into the pipeline's interesting paths: quote marks of every
# style, cue verbs, names, pronouns, abbreviations, HTML and entities, odd white space and marks.
PIECES = [
    "„", "“", "”", "‚", "‘", "»", "«", "\"", "'", "''", ",,", " ", "  ", "\n", "\n\n", "\r\n", "\t", ".", ",", ":", ";",
    "!", "?", "-", "–", "—", "(", ")", "sagte", "sagt", "erklärte", "betonte", "so", "laut", "zufolge", "meinte",
    "fügte hinzu", "habe", "sei", "werde", "Er", "er", "Sie", "sie", "Merkel", "Olaf Scholz", "Kreml-Sprecher",
    "Dmitri Peskow", "der Agentur Interfax", "dem Spiegel", "die Regierung", "Dr.", "z. B.", "5.", "2025",
    "<p>", "</p>", "<br/>", "&amp;", "&#8222;", "&quot;", "\u00ad", "\u200b", "\u00a0", "\u0301", "\u202e", "\u200f",
    "👍🏽", "🇩🇪", "ß", "ä", "Ö", "\x00", "\x1b", "\ud800", "\udc00", "ﬁ", "Ⅻ", "İ",
]

german_like = st.lists(st.sampled_from(PIECES), max_size=150).map(" ".join) | st.lists(
    st.sampled_from(PIECES), max_size=200
).map("".join)
any_text = st.text(max_size=600) | st.text(alphabet=st.characters(exclude_categories=()), max_size=300)  # surrogates too
inputs = german_like | any_text


def check_result(result: dict, text: str) -> None:
    assert set(result) >= {"quotes", "entities", "model"}
    assert_offsets_valid(result, text)
    entity_ids = [entity["id"] for entity in result["entities"]]
    assert len(entity_ids) == len(set(entity_ids))
    for entity in result["entities"]:
        assert entity["type"] in ENTITY_TYPES and entity["name"], entity
    quote_ids = [quote["id"] for quote in result["quotes"]]
    assert len(quote_ids) == len(set(quote_ids))
    for quote in result["quotes"]:
        assert quote["type"] in QUOTE_TYPES
        assert 0.0 <= quote["confidence"] <= 1.0
        assert quote["start"] < quote["end"], "a quote is never empty"
        speaker = quote.get("speaker")
        if speaker:
            assert speaker.get("kind") in SPEAKER_KINDS
            assert speaker.get("entity_id") in (None, *entity_ids)
    json.dumps(result, ensure_ascii=False).encode("utf-8", "surrogatepass")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=inputs)
@example(text="")
@example(text="„" * 500)
@example(text="„Das ist gut“, sagte Merkel.\u0301")
@example(text="e\u0301" * 300 + "„x“, sagte er.")
def test_pipeline_on_any_text(pipeline, text):
    started = time.monotonic()
    result = pipeline.analyze(text, deadline=None)
    elapsed = time.monotonic() - started
    check_result(result, text)
    assert elapsed < SECONDS_PER_EXAMPLE, f"{elapsed:.1f} s for {len(text)} characters"


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=inputs, title=st.none() | st.text(max_size=50), client_id=st.none() | st.text(max_size=20))
@example(text="„Ein \ud800 Surrogat“, sagte sie.", title=None, client_id=None)
def test_api_answers_any_text_without_server_error(client, text, title, client_id):
    body = json.dumps({"text": text, "title": title, "id": client_id}).encode()
    response = client.post("/v1/quotes", data=body, content_type="application/json")
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code == 200:
        result = json.loads(response.get_data())
        assert result["id"] == client_id and result["title"] == title
        check_result(result, text)
    else:
        assert response.mimetype == "application/problem+json"
