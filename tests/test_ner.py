"""The shipped NER model on German sentences written for these tests, and how loading fails."""

from __future__ import annotations

import pytest
import torch

from service.document import EntityMention, Sentence, Token, without_trailing_particles
from service.ner import (
    ModelLoadError,
    NerTagger,
    canonical_label,
    cpu_has_native_bf16,
    default_model_path,
    load_tagger,
)
from service.tokens import split_sentences


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    torch.set_num_threads(1)
    # No skip: the model ships with the repository, so a missing file is a failure.
    return load_tagger(str(default_model_path()))


def tag(tagger: NerTagger, text: str) -> list[tuple[str, str]]:
    mentions = tagger.tag(text, split_sentences(text))
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, m.label) for m in mentions]


def test_shipped_model_is_small_enough_for_git():
    path = default_model_path()
    assert path.is_file(), f"shipped NER model missing: {path}"
    assert path.stat().st_size <= 150 * 2**20


def test_model_id_names_the_shipped_model(tagger):
    assert tagger.model_id.startswith("zitat-ner-de-")


def test_compound_descriptor_genitive_and_city(tagger):
    found = tag(tagger, "Kreml-Sprecher Dmitri Peskow sagte am Montag in Moskau, Putins Angebot gelte weiter.")
    assert ("Dmitri Peskow", "PER") in found
    assert ("Moskau", "LOC") in found
    assert ("Putins", "PER") in found
    # A compound with an entity inside is a descriptor, not a mention of the organisation.
    assert not [text for text, _ in found if "Sprecher" in text]


def test_people_places_and_organisations(tagger):
    text = (
        "Bundeskanzler Friedrich Merz traf am Dienstag in Paris den französischen Präsidenten "
        "Emmanuel Macron. Die Europäische Union und die Vereinten Nationen begrüßten das Treffen, "
        "wie die Deutsche Presse-Agentur berichtet."
    )
    found = tag(tagger, text)
    assert ("Friedrich Merz", "PER") in found
    assert ("Emmanuel Macron", "PER") in found
    assert ("Paris", "LOC") in found
    assert ("Europäische Union", "ORG") in found
    assert ("Vereinten Nationen", "ORG") in found
    assert ("Deutsche Presse-Agentur", "ORG") in found
    # Derived adjectives ("französischen") are not entity mentions (GermEval ...deriv -> O).
    assert not [t for t, _ in found if t.startswith("französisch")]


def test_bundesregierung_is_a_common_noun_not_a_name(tagger):
    # GermEval annotates "Bundesregierung" as O (13 of 13 times); speakers like this are found
    # as noun phrases by the quote engine, not as named entities.
    found = tag(tagger, "Die Bundesregierung in Berlin lehnte den Vorschlag von Olaf Scholz ab.")
    assert ("Berlin", "LOC") in found
    assert ("Olaf Scholz", "PER") in found
    assert not [t for t, _ in found if "Bundesregierung" in t]


def test_mentions_sorted_with_exact_offsets_and_known_labels(tagger):
    text = "  Angela Merkel sprach in Hamburg.\n\nDer Siemens-Konzern aus München meldete Gewinne.  "
    mentions = tagger.tag(text, split_sentences(text))
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert {m.label for m in mentions} <= {"PER", "LOC", "ORG", "OTH"}
    assert all(text[m.start : m.end] == m.text and 0.0 <= m.score <= 1.0 for m in mentions)
    assert ("Angela Merkel", "PER") in [(m.text, m.label) for m in mentions]
    assert ("München", "LOC") in [(m.text, m.label) for m in mentions]


def test_empty_input(tagger):
    assert tagger.tag("", []) == []
    assert tagger.tag("   \n ", split_sentences("   \n ")) == []
    assert tagger.tag("x", [Sentence(0, 0, [])]) == []


def test_odd_unicode_keeps_offsets(tagger):
    text = "Olaf\u00adScholz 😀 traf \u200b in Köln ﬁnanz \u0007 Ｍｏｓｋａｕ und Bill Gates \U0001F1E9\U0001F1EA."
    mentions = tagger.tag(text, split_sentences(text))
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert ("Bill Gates", "PER") in [(m.text, m.label) for m in mentions]


def test_whitespace_only_tokens_do_not_break_tagging(tagger):
    text = "Angela Merkel \u200b\u200b sagte \ufeff in Berlin etwas."
    tokens = [Token(w, i, i + len(w)) for w, i in _words(text)]
    mentions = tagger.tag(text, [Sentence(0, len(text), tokens)])
    assert ("Angela Merkel", "PER") in [(m.text, m.label) for m in mentions]


def test_very_long_sentence_is_chunked(tagger):
    filler = "und dann ging es weiter " * 300  # 1,500 tokens, far beyond 512 subword pieces
    text = filler + "bis Angela Merkel in Berlin ankam"
    tokens = [Token(w, i, i + len(w)) for w, i in _words(text)]
    mentions = tagger.tag(text, [Sentence(0, len(text), tokens)])
    assert ("Angela Merkel", "PER") in [(m.text, m.label) for m in mentions]
    assert ("Berlin", "LOC") in [(m.text, m.label) for m in mentions]


def _words(text: str) -> list[tuple[str, int]]:
    words, position = [], 0
    for word in text.split(" "):
        if word:
            words.append((word, position))
        position += len(word) + 1
    return words


def test_missing_model_file_fails_clearly(tmp_path):
    missing = tmp_path / "nowhere" / "model.pt"
    with pytest.raises(ModelLoadError, match="not found") as info:
        load_tagger(str(missing))
    assert str(missing) in str(info.value)


@pytest.mark.parametrize("content", [b"", b"this is not a model", b"PK\x03\x04" + b"\x00" * 64])
def test_corrupt_model_file_fails_clearly(tmp_path, content):
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(content)
    with pytest.raises(ModelLoadError, match="corrupt") as info:
        load_tagger(str(corrupt))
    assert str(corrupt) in str(info.value)


def test_torch_file_that_is_not_a_tagger_fails_clearly(tmp_path):
    other = tmp_path / "other.pt"
    torch.save({"weights": torch.zeros(3)}, other)
    with pytest.raises(ModelLoadError, match="not a Flair SequenceTagger"):
        load_tagger(str(other))


def test_ner_model_environment_variable_selects_the_model(tmp_path, monkeypatch):
    missing = tmp_path / "from-env.pt"
    monkeypatch.setenv("NER_MODEL", str(missing))
    with pytest.raises(ModelLoadError, match="from-env.pt"):
        load_tagger()


def test_hub_id_goes_to_the_hub_and_fails_offline(monkeypatch):
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelLoadError, match="flair/ner-german.*Hugging Face hub") as info:
        load_tagger("flair/ner-german")
    assert "HF_HUB_OFFLINE" in str(info.value)


def test_hub_labels_map_to_the_four_service_labels():
    assert canonical_label("MISC") == "OTH"
    assert canonical_label("PER") == "PER"
    assert canonical_label("ORG") == "ORG"
    assert canonical_label("LOCderiv") is None
    assert canonical_label("ORGpart") is None
    assert canonical_label("DATE") is None


@pytest.mark.parametrize("mode", ["int8", "none"])
def test_both_quantisation_modes_tag_people_and_places(mode):
    torch.set_num_threads(1)
    tagger = load_tagger(str(default_model_path()), mode)
    assert tagger.model_id.endswith("+int8") == (mode == "int8")
    quantized = [m for m in tagger._tagger.embeddings.model.modules() if "quantized" in type(m).__module__]
    assert bool(quantized) == (mode == "int8")
    found = tag(tagger, "Die Außenministerin Annalena Baerbock reiste am Freitag nach Kiew und traf dort Präsident Selenskyj.")
    assert ("Annalena Baerbock", "PER") in found
    assert ("Kiew", "LOC") in found


def test_unknown_quantisation_mode_fails_clearly(monkeypatch):
    monkeypatch.setenv("NER_QUANTIZE", "int4")
    with pytest.raises(ModelLoadError, match="NER_QUANTIZE='int4'"):
        load_tagger(str(default_model_path()))


@pytest.mark.parametrize("precision", ["bf16", "fp32"])
def test_both_precisions_tag_people_places_and_organisations(precision):
    torch.set_num_threads(1)
    tagger = load_tagger(str(default_model_path()), "none", precision)
    assert tagger.bf16 == (precision == "bf16")
    assert tagger.model_id.endswith("+bf16") == (precision == "bf16")
    found = tag(tagger, "Bundeskanzler Friedrich Merz sprach in Brüssel mit Vertretern der Europäischen Kommission.")
    assert ("Friedrich Merz", "PER") in found
    assert ("Brüssel", "LOC") in found
    assert ("Europäischen Kommission", "ORG") in found


def test_auto_precision_follows_the_cpu(monkeypatch):
    monkeypatch.delenv("NER_PRECISION", raising=False)
    tagger = load_tagger(str(default_model_path()), "none")
    assert tagger.bf16 == cpu_has_native_bf16()


def test_native_bf16_is_read_from_the_cpu_flags(tmp_path):
    with_bf16 = tmp_path / "with"
    with_bf16.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16\n")
    without = tmp_path / "without"
    without.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f\n")
    assert cpu_has_native_bf16(with_bf16)
    assert not cpu_has_native_bf16(without)
    assert not cpu_has_native_bf16(tmp_path / "missing")


def test_int8_ignores_bf16():
    tagger = load_tagger(str(default_model_path()), "int8", "bf16")
    assert not tagger.bf16
    assert tagger.model_id.endswith("+int8")


def test_unknown_precision_fails_clearly(monkeypatch):
    monkeypatch.setenv("NER_PRECISION", "fp8")
    with pytest.raises(ModelLoadError, match="NER_PRECISION='fp8'"):
        load_tagger(str(default_model_path()))


@pytest.mark.parametrize("text, expected", [
    ("Joe Stork von", "Joe Stork"),
    ("Robert Halver von der", "Robert Halver"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
    ("von", "von"),
])
def test_a_name_never_ends_in_a_name_particle(text, expected):
    trimmed = without_trailing_particles(EntityMention(10, 10 + len(text), "PER", text))
    assert trimmed.text == expected
    assert (trimmed.start, trimmed.end) == (10, 10 + len(expected))
