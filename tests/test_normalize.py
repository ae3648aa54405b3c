"""Text clean-up and its offset map back to the submitted text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.normalize import (
    boilerplate_line_spans,
    classify_lines,
    heading_line_spans,
    normalize,
)


def _mapped(original: str, start: int, end: int) -> str:
    normalized = normalize(original)
    s, e = normalized.to_original(start, end)
    return original[s:e]


def test_plain_text_is_unchanged_and_maps_to_itself():
    text = "Putin sagte: „Das ist gefährlich.“ Peskow widersprach."
    normalized = normalize(text)
    assert normalized.text == text
    assert normalized.original == text
    for start in range(len(text)):
        for end in range(start, min(len(text), start + 7) + 1):
            assert normalized.to_original(start, end) == (start, end)


def test_json_escaped_br_tags_become_line_breaks():
    original = "Ende des Absatzes.<BR \\/><BR \\/>Neuer Absatz."
    normalized = normalize(original)
    assert normalized.text == "Ende des Absatzes.\n\nNeuer Absatz."
    start = normalized.text.index("Neuer")
    s, e = normalized.to_original(start, start + len("Neuer Absatz."))
    assert original[s:e] == "Neuer Absatz."
    assert original[slice(*normalized.to_original(18, 19))] == "<BR \\/>"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("a<br>b", "a\nb"),
        ("a<br/>b", "a\nb"),
        ("<p class=\"lead\">Text</p>", "\nText\n"),
        ("ein <b>fettes</b> Wort", "ein fettes Wort"),
        ('<a href="https://example.org">Link</a>', "Link"),
        ("3 < 4 und 5 > 2", "3 < 4 und 5 > 2"),
    ],
)
def test_html_tags(original, expected):
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("&#8222;Ja&#8220;", "„Ja“"),
        ("&bdquo;Ja&ldquo;", "„Ja“"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("&amp;quot;doppelt&amp;quot;", '"doppelt"'),
        ("&quot;x&quot;", '"x"'),
        ("&#x201E;x&#x201C;", "„x“"),
        ("AT&T; bleibt", "AT&T; bleibt"),
        ("Müller&Co", "Müller&Co"),
        ("a&nbsp;b", "a b"),
        ("Trenn&shy;strich", "Trennstrich"),
        ("&#150;", "–"),
    ],
)
def test_html_entities(original, expected):
    assert normalize(original).text == expected


def test_entity_maps_back_to_the_whole_entity():
    original = "Er sagte &#8222;Nein&#8220;."
    normalized = normalize(original)
    assert normalized.text == "Er sagte „Nein“."
    open_quote = normalized.text.index("„")
    assert original[slice(*normalized.to_original(open_quote, open_quote + 1))] == "&#8222;"
    quote_span = normalized.to_original(open_quote, normalized.text.index("“") + 1)
    assert original[slice(*quote_span)] == "&#8222;Nein&#8220;"


def test_unicode_spaces_and_invisible_characters():
    original = "Kreml\u00adSprecher\u00a0Dmitri\u2009Peskow\u200b sagte\u202fes.\ufeff"
    normalized = normalize(original)
    assert normalized.text == "KremlSprecher Dmitri Peskow sagte es."
    start = normalized.text.index("Dmitri")
    end = normalized.text.index("Peskow") + len("Peskow")
    assert original[slice(*normalized.to_original(start, end))] == "Dmitri\u2009Peskow"


def test_soft_hyphen_inside_word_maps_word_to_original_with_hyphen():
    original = "Bundes\u00adkanzler"
    normalized = normalize(original)
    assert normalized.text == "Bundeskanzler"
    assert normalized.to_original(0, len(normalized.text)) == (0, len(original))


def test_line_endings_and_control_characters():
    assert normalize("a\r\nb\rc\u2028d\x0ce").text == "a\nb\nc\nd\ne"
    assert normalize("a\x00b\x07c\td").text == "abc d"


def test_windows_1252_bytes_read_as_latin1_become_quotes():
    assert normalize("\x84Ja\x93, sagte er \x96 klar.").text == "„Ja“, sagte er – klar."


def test_pseudo_german_quotes():
    assert normalize(",,Das ist gut'', sagte sie.").text == "„Das ist gut“, sagte sie."
    assert normalize("Der Club ''Hawley Arms'' brannte.").text == "Der Club ''Hawley Arms'' brannte."
    assert normalize("Zahlen 1,,5 bleiben").text == "Zahlen 1,,5 bleiben"


def test_real_quote_characters_are_kept_distinct():
    text = "„a“ ‚b‘ »c« «d» \"e\" 'f' ”g”"
    assert normalize(text).text == text


def test_combining_marks_are_composed():
    original = "Mu\u0308ller sagte"
    normalized = normalize(original)
    assert normalized.text == "Müller sagte"
    assert original[slice(*normalized.to_original(0, 6))] == "Mu\u0308ller"


def test_empty_spans_and_bounds():
    original = "a&amp;b"
    normalized = normalize(original)
    assert normalized.text == "a&b"
    assert normalized.to_original(0, 0) == (0, 0)
    assert normalized.to_original(3, 3) == (len(original), len(original))
    assert normalized.to_original(0, 3) == (0, len(original))
    with pytest.raises(ValueError):
        normalized.to_original(2, 5)


def test_empty_text():
    normalized = normalize("")
    assert normalized.text == ""
    assert normalized.to_original(0, 0) == (0, 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    list("abc „“\"',.\n") + ["&amp;", "&#8222;", "<br>", "<BR \\/>", "\u00ad", "\u00a0", "\r\n",
                             "\\/", ",,", "''", "e\u0301", "\x84", "&x", "<"]), max_size=40))
def test_map_is_monotonic_and_copied_characters_match(parts):
    original = "".join(parts)
    normalized = normalize(original)
    text = normalized.text
    previous_end = 0
    for index, char in enumerate(text):
        start, end = normalized.to_original(index, index + 1)
        assert 0 <= start < end <= len(original)
        assert start >= previous_end or (start, end) == normalized.to_original(index - 1, index)
        previous_end = end
        if end - start == 1 and original[start] == char:
            continue
        # A replaced character comes from a multi-character or rewritten original run.
        assert original[start:end] != "" and (end - start > 1 or original[start] != char)
    if text:
        whole = normalized.to_original(0, len(text))
        assert whole[0] <= whole[1]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_maps_within_bounds(original):
    normalized = normalize(original)
    for index in range(len(normalized.text)):
        start, end = normalized.to_original(index, len(normalized.text))
        assert 0 <= start <= end <= len(original)


def test_linear_time_on_large_inputs():
    started = time.perf_counter()
    normalize("x" * 2_000_000)
    normalize("<" * 500_000 + "&" * 500_000 + "<br" * 200_000)
    # Generous bound: catastrophic backtracking would take minutes, not seconds.
    assert time.perf_counter() - started < 30


# ---------------------------------------------------------------------------------------------
# Boilerplate and headings


ARTICLE_WITH_CHROME = """(BTC)
(ETH)
NACHRICHTEN-PORTAL.de
Alles, was zählt. Jeden Tag
Kanzler warnt vor Rezession

Kanzler warnt vor Rezession
12. März 2025, 14:30 Uhr
Anna Beispiel
Der Kanzler hat vor einer Rezession gewarnt. „Wir müssen handeln“, sagte er am Montag in Berlin.
Von einer Einigung sei man aber noch weit entfernt, sagte ein Sprecher der Regierung am Abend.
Teilen Sie diese Einschätzung, fragte die Moderatorin das Publikum im Saal.
Lesen Sie auch: Regierung streitet über den Haushalt
Foto: Max Muster/dpa
Teilen
Haftungsausschluss: Dieser Artikel ist keine Anlageberatung. Alle Angaben ohne Gewähr.
ab/cd (dpa, afp)
"""


def _kinds(text: str) -> dict[str, str]:
    return {text[line.start:line.end]: line.kind for line in classify_lines(text)}


def test_boilerplate_lines_are_recognised_by_general_rules():
    kinds = _kinds(ARTICLE_WITH_CHROME)
    for line in ["(BTC)", "(ETH)", "NACHRICHTEN-PORTAL.de", "12. März 2025, 14:30 Uhr", "Anna Beispiel",
                 "Lesen Sie auch: Regierung streitet über den Haushalt", "Foto: Max Muster/dpa", "Teilen",
                 "Haftungsausschluss: Dieser Artikel ist keine Anlageberatung. Alle Angaben ohne Gewähr.",
                 "ab/cd (dpa, afp)"]:
        assert kinds[line] == "boilerplate", line


def test_body_sentences_are_not_boilerplate_even_with_menu_like_first_words():
    kinds = _kinds(ARTICLE_WITH_CHROME)
    for line in ARTICLE_WITH_CHROME.splitlines():
        if line.startswith(("Der Kanzler", "Von einer", "Teilen Sie")):
            assert kinds[line] == "body", line


def test_headline_first_time_is_heading_then_repeats_are_boilerplate():
    text = ARTICLE_WITH_CHROME
    headings = [text[s:e] for s, e in heading_line_spans(text)]
    assert "Kanzler warnt vor Rezession" in headings
    assert "Alles, was zählt. Jeden Tag" in headings
    repeated = [text[s:e] for s, e in boilerplate_line_spans(text)]
    assert repeated.count("Kanzler warnt vor Rezession") == 1


def test_spans_index_the_text():
    text = ARTICLE_WITH_CHROME
    for start, end in boilerplate_line_spans(text) + heading_line_spans(text):
        assert "\n" not in text[start:end]
        assert text[start:end].strip()


def test_classify_lines_is_fast_on_a_huge_line():
    started = time.perf_counter()
    classify_lines("a" * 2_000_000 + "\n" + "(" * 100_000)
    assert time.perf_counter() - started < 30
