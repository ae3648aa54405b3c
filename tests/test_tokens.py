"""German sentence splitting and tokenisation with exact offsets."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.tokens import split_sentences, tokenize


def sentence_texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def token_texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_offsets_are_exact():
    text = "Kreml-Sprecher Dmitri Peskow sagte: „Das ist gefährlich.“ Er meinte es ernst."
    for sentence in split_sentences(text):
        assert sentence.start == sentence.tokens[0].start
        assert sentence.end == sentence.tokens[-1].end
        for token in sentence.tokens:
            assert text[token.start:token.end] == token.text


def test_quote_followed_by_reporting_clause_stays_one_sentence():
    text = "„Das ist gefährlich für unser Land.“, betonte Peskow. Dann ging er."
    assert sentence_texts(text) == [
        "„Das ist gefährlich für unser Land.“, betonte Peskow.",
        "Dann ging er.",
    ]


def test_question_in_quote_followed_by_lowercase_verb_stays_one_sentence():
    text = "„Warum sollten wir das tun?“ fragte die Ministerin. „Nein!“ rief er."
    assert sentence_texts(text) == ["„Warum sollten wir das tun?“ fragte die Ministerin.", "„Nein!“ rief er."]


def test_split_after_closing_quote_when_new_sentence_starts():
    text = "„Das ist gefährlich.“ Peskow sagte das am Freitag."
    assert sentence_texts(text) == ["„Das ist gefährlich.“", "Peskow sagte das am Freitag."]


def test_straight_and_guillemet_quotes():
    text = '"Wir bleiben." Sie ging. »Nie wieder.« Er nickte. «Genau.» Ende.'
    assert sentence_texts(text) == ['"Wir bleiben."', "Sie ging.", "»Nie wieder.«", "Er nickte.", "«Genau.»", "Ende."]


def test_line_breaks_are_always_boundaries():
    text = "Merz und Pistorius zeigen sich zurückhaltend\nDeutschland will sich nicht festlegen.\n\nNeuer Absatz"
    assert sentence_texts(text) == [
        "Merz und Pistorius zeigen sich zurückhaltend",
        "Deutschland will sich nicht festlegen.",
        "Neuer Absatz",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Es kamen z. B. Vertreter aus Kiew und u. a. aus Warschau.",
        "Dr. Anna Schmidt und Prof. Karl Meier sprachen in St. Petersburg.",
        "Der Antrag Nr. 5 kostet ca. 3 Mio. Euro bzw. 2,5 Mrd. Rubel.",
        "Man müsse ggf. nachverhandeln, vgl. den Bericht vom Jan. dieses Jahres.",
        "Das Treffen fand am 5. September 2025 in Wladiwostok statt.",
        "Am 3. Oktober feiert Deutschland, vom 3. bis 6. September tagte das Forum.",
        "Der 2. Weltkrieg endete 1945 in Europa.",
        "Es geht um 1.000,5 Tonnen und 14:30 Uhr am 05.09.2025.",
        "John F. Kennedy sprach in Berlin.",
    ],
)
def test_abbreviations_ordinals_and_numbers_do_not_split(text):
    assert sentence_texts(text) == [text]


def test_number_at_sentence_end_before_capitalised_word_splits():
    assert sentence_texts("Die Zahl stieg auf 26. Das sagte Macron.") == ["Die Zahl stieg auf 26.", "Das sagte Macron."]
    assert sentence_texts("Das war im Jahr 2024. 2025 wird besser.") == ["Das war im Jahr 2024.", "2025 wird besser."]


def test_list_abbreviation_ends_sentence_before_capitalised_word():
    assert sentence_texts("Es gab Brot, Käse usw. Dann kam der Regen.") == ["Es gab Brot, Käse usw.", "Dann kam der Regen."]


def test_tokens_of_compounds_numbers_and_marks():
    assert token_texts("Kreml-Sprecher und NATO-Staaten: 26-jährige US-Präsidenten") == [
        "Kreml-Sprecher", "und", "NATO-Staaten", ":", "26-jährige", "US-Präsidenten",
    ]
    assert token_texts("Staats- und Regierungschefs") == ["Staats-", "und", "Regierungschefs"]
    assert token_texts("1.000,5 Euro, 14:30 Uhr") == ["1.000,5", "Euro", ",", "14:30", "Uhr"]
    assert token_texts("„Ja“, ‚nein‘, »so« \"x\" 'y'") == [
        "„", "Ja", "“", ",", "‚", "nein", "‘", ",", "»", "so", "«", '"', "x", '"', "'", "y", "'",
    ]
    assert token_texts("auftauchen, (...) gehen") == ["auftauchen", ",", "(", "...", ")", "gehen"]
    assert token_texts("z.B. geht's") == ["z.B.", "geht's"]
    assert token_texts("Sie forderte die ver.di auf.") == ["Sie", "forderte", "die", "ver.di", "auf", "."]


def test_dateline_glued_to_first_word_is_split():
    assert token_texts("5. September 2025Russland wird") == ["5.", "September", "2025", "Russland", "wird"]


def test_urls_keep_their_dots_but_not_trailing_punctuation():
    assert token_texts("Siehe www.example.de/seite?a=1. Und RENEWZ.de, bitte.") == [
        "Siehe", "www.example.de/seite?a=1", ".", "Und", "RENEWZ.de", ",", "bitte", ".",
    ]


def test_long_sentences_are_cut():
    text = "Wort, " * 1000
    sentences = split_sentences(text, max_tokens=100)
    assert all(len(s.tokens) <= 100 for s in sentences)
    assert sum(len(s.tokens) for s in sentences) == 2000


def test_empty_and_whitespace_only():
    assert split_sentences("") == []
    assert split_sentences(" \n\n  \n") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["Peskow", "sagte", " ", "  ", "\n", ".", ",", "„", "“", "\"", "5", ".", "z", "Dr", "-", "?", "!",
     "…", "www.", "de", "1.000", "er", "Der", "(", ")", "'", "’", "s", "\t"]), max_size=50))
def test_tokens_cover_every_non_space_character_exactly_once(parts):
    text = "".join(parts)
    covered = []
    for sentence in split_sentences(text):
        assert "\n" not in text[sentence.start:sentence.end]
        for token in sentence.tokens:
            assert token.text == text[token.start:token.end]
            assert token.text and not any(c.isspace() for c in token.text)
            covered.extend(range(token.start, token.end))
    assert covered == sorted(set(covered))
    assert covered == [i for i, c in enumerate(text) if not c.isspace()]


@pytest.mark.parametrize(
    "text",
    ["a" * 2_000_000, "a." * 1_000_000, "a-" * 1_000_000, "1." * 1_000_000, "www." + "a." * 500_000,
     "x.de" * 400_000],
)
def test_huge_lines_without_spaces_do_not_hang(text):
    started = time.perf_counter()
    sentences = split_sentences(text)
    assert sum(len(t.text) for s in sentences for t in s.tokens) == len(text)
    # Generous bound: quadratic behaviour on 2 MB would take hours.
    assert time.perf_counter() - started < 60


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2025-09-05 Putin hob hervor, dass es so sei.", ["date 2025-09-05", "Putin hob hervor, dass es so sei."]),
        ("5. September 2025Russland wird nicht zustimmen.", ["5. September 2025", "Russland wird nicht zustimmen."]),
        ("Berlin (dpa) - Der Kanzler sagte etwas.", ["Berlin (dpa) -", "Der Kanzler sagte etwas."]),
        ("MOSKAU, 5. Sep (Reuters) – Putin warnte.", ["MOSKAU, 5. Sep (Reuters) –", "Putin warnte."]),
        ("Stand: 05.09.2025, 14:30 Uhr Der Text.", ["Stand: 05.09.2025, 14:30 Uhr", "Der Text."]),
        ("Kairo (Ägypten), 28.01.2011 – Bei Protesten starben 20 Menschen.",
         ["Kairo (Ägypten), 28.01.2011 –", "Bei Protesten starben 20 Menschen."]),
        ("Washington D.C. (Vereinigte Staaten), 4. November 2010 – Obama räumte Fehler ein.",
         ["Washington D.C. (Vereinigte Staaten), 4. November 2010 –", "Obama räumte Fehler ein."]),
        ("5. September 2025 war ein guter Tag.", ["5. September 2025 war ein guter Tag."]),
        ("Putin sagte am 5. September 2025 etwas.", ["Putin sagte am 5. September 2025 etwas."]),
    ],
)
def test_leading_datelines_are_sentences_of_their_own(text, expected):
    assert sentence_texts(text) == expected


def test_number_after_an_inflected_adjective_is_an_ordinal():
    text = "Zugelassen waren die Reporter des landesweit ausstrahlenden 1. Kanals und von Rossija."
    assert len(split_sentences(text)) == 1


def test_number_after_a_verb_still_ends_the_sentence():
    assert len(split_sentences("Im Jahr 2005 starben 120. Danach wurde es besser.")) == 2
