"""ACCEPTANCE TEST for the quote engine over the five seed articles in seeds/.

The expectations below were written by reading the articles: for each clear quotation a
substring of the quote, who said it (canonical name or the mention as written) and its type;
plus negatives (scare quotes and names in quote marks are not quotations, boilerplate lines
produce no quotes).  It runs the real pipeline with the real shipped NER model and is expected
to fail in places until the engine is good enough: it is the bar, not a regression test.

Matching rules: a quote satisfies an expectation when its text contains the substring
(whitespace-insensitive), its speaker's ``name`` or ``text`` contains one of the expected
speaker strings, and its type is one of the allowed types.  Several quotes may contain the
substring; one satisfying quote is enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
QUOTE_MARKS = "„“”‚‘’'\"»«›‹"

DIRECT = ("direct",)
INDIRECT = ("indirect",)
MIXED = ("mixed",)
MIXED_OR_INDIRECT = ("mixed", "indirect")
INDIRECT_OR_REPORTED = ("indirect", "reported")


@dataclass(frozen=True)
class Expect:
    seed: str
    quote: str
    speaker: tuple[str, ...]
    types: tuple[str, ...]
    addressee: str | None = None

    def __str__(self) -> str:
        return f"{self.seed}:{self.quote[:40]}"


EXPECTED_QUOTES = [
    # 000: indirect and reported speech only
    Expect("000", "jede ausländische Truppe, die in der Ukraine stationiert wird", ("Putin",), INDIRECT),
    Expect("000", "dass die Präsenz ausländischer Streitkräfte während der andauernden", ("Putin",), INDIRECT),
    Expect("000", "gäbe es keine Rechtfertigung", ("Putin",), INDIRECT),
    Expect("000", "dass 26 Länder zugesagt hätten", ("Macron",), INDIRECT),
    Expect("000", "dass Tausende ausländische Soldaten Teil einer solchen", ("Selenskyj",), INDIRECT),
    Expect("000", "definitiv nicht akzeptabel", ("Peskow", "Regierung"), ("mixed", "direct", "reported")),
    Expect("000", "nahe der russischen Grenze eine Bedrohung darstelle", ("Peskow", "Regierung"), INDIRECT),
    # 001: straight double quotes, continuations in Konjunktiv I
    Expect("001", "Wenn dort irgendwelche Truppen auftauchen", ("Putin",), DIRECT),
    Expect("001", "wäre nicht förderlich für einen langfristigen Frieden", ("Putin", "Kremlchef"), INDIRECT),
    Expect("001", "Wir betrachten dies als eine Gefahr für uns", ("Peskow",), DIRECT),
    Expect("001", "Die NATO sehe Russland als Feind", ("Peskow",), INDIRECT),
    Expect("001", "Das ist gefährlich für unser Land.", ("Peskow",), DIRECT),
    Expect("001", "könne es nicht nur um die Ukraine gehen", ("Peskow",), INDIRECT),
    Expect("001", "Auch Russland brauche Garantien", ("Peskow",), INDIRECT),
    Expect("001", "nicht die Sicherheit eines Landes auf Kosten der Zerstörung", ("Peskow",), MIXED),
    Expect("001", "Insgesamt hätten sich 26 Staaten bereiterklärt", ("Macron",), INDIRECT),
    Expect("001", "Zunächst müssten Finanzierung, Bewaffnung und Ausbildung", ("Merz",), INDIRECT),
    Expect("001", "müsse ein Waffenstillstand in sichtbare Nähe rücken", ("Pistorius",), INDIRECT),
    Expect("001", "Man legt seine Karten nicht auf den Tisch", ("Pistorius",), DIRECT),
    Expect("001", "Unter den Sicherheitsgarantien, die wir sehen", ("Selenskyj",), DIRECT),
    # 002: „…“ with many mixed quotes, boilerplate around the article
    Expect("002", "legitime Ziele", ("Putin",), MIXED_OR_INDIRECT),
    Expect("002", "dass 26 Verbündete der Ukraine zugesagt hätten", ("Macron",), MIXED_OR_INDIRECT),
    Expect("002", "die Truppen sollten nicht an die Front geschickt", ("Macron",), MIXED),
    Expect("002", "die Pariser Beschlüsse seien der", ("Selenskyj",), MIXED),
    Expect("002", "die Unterstützung könne", ("Trump",), MIXED),
    Expect("002", "sehr guten Dialog", ("Trump",), MIXED),
    Expect("002", "jegliche Präsenz westlicher Truppen", ("Peskow",), MIXED),
    Expect("002", "Die Ukraine ist ein souveräner Staat. Moskau entscheidet nicht darüber.", ("Rutte",), DIRECT),
    Expect("002", "Russland habe kein Vetorecht", ("Rutte",), INDIRECT),
    Expect("002", "unerschütterliche Verpflichtung", ("Starmer",), MIXED),
    Expect("002", "dass das vorrangige Ziel darin liege", ("Merz",), MIXED),
    # 003: straight quotes, speaker roles, a written statement
    Expect("003", "legitimes Ziel für eine Vernichtung", ("Putin",), ("mixed", "direct")),
    Expect("003", "Wenn dort Truppen auftauchen, gehen wir davon aus", ("Putin", "Staatschef"), DIRECT),
    Expect("003", "dass eine Entsendung von Soldaten aus dem Westen nicht förderlich", ("Putin",), INDIRECT),
    Expect("003", "einfach keinen Sinn", ("Putin",), MIXED_OR_INDIRECT),
    Expect("003", "Soldaten im Rahmen einer Absicherungstruppe zu entsenden", ("Macron",), MIXED),
    Expect("003", "nicht an der Front", ("Macron",), MIXED),
    Expect("003", "einen Krieg gegen Russland zu führen", ("Macron",), MIXED),
    Expect("003", "Das ist eine Tatsache", ("Selenskyj",), DIRECT),
    Expect("003", "Es sei aber noch zu früh", ("Selenskyj",), INDIRECT),
    Expect("003", "eine Mitgliedschaft in der Europäischen Union eine zwingende", ("Selenskyj",), MIXED),
    Expect("003", "Ihre Fähigkeiten - Finanzierung, Waffen, Produktion", ("Selenskyj",), DIRECT),
    Expect("003", "Können ausländische, insbesondere europäische und amerikanische Militärkontingente", ("Peskow",),
           DIRECT, addressee="RIA Nowosti"),
    Expect("003", "die für unser Land akzeptabel wäre", ("Peskow",), MIXED),
    Expect("003", "Natürlich müssen sowohl der Ukraine als auch uns", ("Peskow",), DIRECT),
    Expect("003", "dass die russische Armee an allen Frontabschnitten vorrücke", ("Putin",), INDIRECT),
    # 004: <BR \/> markup, „…“, reported speech with "nach Angaben", interrupted attribution
    Expect("004", "dass eine Entsendung von Soldaten aus dem Westen nicht förderlich", ("Putin",), INDIRECT),
    Expect("004", "Wir betrachten dies als eine Gefahr für uns", ("Peskow",), DIRECT),
    Expect("004", "Das ist gefährlich für unser Land", ("Peskow",), DIRECT),
    Expect("004", "Die Sicherheit der Ukraine, die in die NATO strebt, dürfe nicht", ("Peskow",), INDIRECT),
    Expect("004", "Man kann nicht die Sicherheit eines Landes auf Kosten", ("Peskow",), DIRECT),
    Expect("004", "Ja, es werden definitiv Tausende sein", ("Selenskyj",), DIRECT),
    Expect("004", "er habe viele Kriege beigelegt", ("Trump",), INDIRECT),
    Expect("004", "Er habe keinen Zweifel, dass ein solches Treffen", ("Peskow",), INDIRECT,
           addressee="Argumenty i Fakty"),
    Expect("004", "Sieht so aus, als hätten wir Indien und Russland", ("Trump",), DIRECT),
    Expect("004", "dann sei das zu viel verlangt", ("Putin",), INDIRECT),
    Expect("004", "Der beste Ort dafür", ("Putin",), DIRECT),
    Expect("004", "Die Sicherheit der Gäste werde zu 100 Prozent gewährleistet", ("Putin",), INDIRECT),
    Expect("004", "Wir müssen über neue Waffensysteme nachdenken", ("Wadephul",), DIRECT),
    Expect("004", "Es gibt fast nichts, was die Ukraine nicht braucht", ("Wadephul", "CDU-Politiker"), DIRECT),
    Expect("004", "Vor allem Flugabwehrsysteme müssen beschafft werden", ("Wadephul", "Minister"), DIRECT),
    Expect("004", "Ich halte es für zielführender", ("Wadephul", "Außenminister"), DIRECT),
    # "nach Angaben X" is reported speech in our contract and Indirect in SpkAtt: both accepted
    Expect("004", "26 Länder bereit", ("Frankreich",), INDIRECT_OR_REPORTED),
    Expect("004", "Ein Treffen von Putin und Trump wäre", ("Moskau",), INDIRECT_OR_REPORTED),
]

# Words in quote marks that are names or scare quotes, not speech: no quote may consist of them.
NOT_QUOTES = [
    ("000", "Koalition der Willigen"),
    ("001", "Koalition der Willigen"),
    ("001", "willige"),
    ("002", "Koalition der Willigen"),
    ("002", "Schutztruppe"),
    ("004", "Koalition der Willigen"),
    ("004", "Argumenty i Fakty"),
    ("004", "t-online"),
]

# Lines (identified by a substring) that are site chrome and must not produce or touch quotes.
BOILERPLATE_LINES = [
    ("001", "wa/haz (dpa, afp, rtr)"),
    ("002", "(BTC)"),
    ("002", "RENEWZ.de"),
    ("002", "Finde, was zählt"),
    ("002", "September 5, 2025"),
    ("002", "James Whitmore"),
    ("002", "Bleiben Sie informiert!"),
    ("002", "Foto von VLADIMIR SMIRNOV"),
    ("002", "crossmenu"),
    ("003", "Mit Informationen von Björn Blaschke"),
    ("003", "Haftungsausschluss: Das Urheberrecht"),
]


def _seed_path(prefix: str) -> Path:
    matches = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    assert matches, f"seed {prefix} missing in {SEEDS_DIR}"
    return matches[0]


@pytest.fixture(scope="module")
def pipeline():
    from service.ner import load_tagger
    from service.pipeline import Pipeline

    return Pipeline(load_tagger())


@pytest.fixture(scope="module")
def analysed(pipeline):
    """Seed prefix -> (original text, pipeline output), computed once per seed."""
    cache: dict[str, tuple[str, dict]] = {}

    def get(prefix: str) -> tuple[str, dict]:
        if prefix not in cache:
            text = _seed_path(prefix).read_text(encoding="utf-8")
            cache[prefix] = (text, pipeline.analyze(text))
        return cache[prefix]

    return get


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _describe(quote: dict) -> str:
    speaker = quote.get("speaker") or {}
    return (f"[{quote.get('type')}] {quote.get('text')!r} speaker={speaker.get('text')!r}/{speaker.get('name')!r} "
            f"addressee={(quote.get('addressee') or {}).get('text')!r}")


def _speaker_matches(quote: dict, expected: tuple[str, ...]) -> bool:
    speaker = quote.get("speaker") or {}
    candidates = [speaker.get("name") or "", speaker.get("text") or ""]
    return any(want in got for want in expected for got in candidates)


@pytest.mark.parametrize("expect", EXPECTED_QUOTES, ids=str)
def test_expected_quote(analysed, expect: Expect):
    _, output = analysed(expect.seed)
    containing = [q for q in output["quotes"] if _squash(expect.quote) in _squash(q["text"])]
    assert containing, f"no quote contains {expect.quote!r}; quotes:\n" + "\n".join(map(_describe, output["quotes"]))
    right = [
        q for q in containing
        if _speaker_matches(q, expect.speaker) and q["type"] in expect.types
        and (expect.addressee is None or expect.addressee in ((q.get("addressee") or {}).get("text") or ""))
    ]
    assert right, (f"expected speaker {expect.speaker}, type {expect.types}, addressee {expect.addressee}; got:\n"
                   + "\n".join(map(_describe, containing)))


@pytest.mark.parametrize(("seed", "term"), NOT_QUOTES, ids=lambda v: str(v))
def test_scare_quotes_and_names_are_not_quotes(analysed, seed: str, term: str):
    _, output = analysed(seed)
    for quote in output["quotes"]:
        assert _squash(quote["text"].strip(QUOTE_MARKS + " .,")) != term, _describe(quote)


@pytest.mark.parametrize(("seed", "line_part"), BOILERPLATE_LINES, ids=lambda v: str(v))
def test_boilerplate_lines_produce_no_quotes(analysed, seed: str, line_part: str):
    text, output = analysed(seed)
    line_start = text.index(line_part)
    line_start = text.rfind("\n", 0, line_start) + 1
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end == -1 else line_end
    for quote in output["quotes"]:
        for role in ("text", "speaker", "cue", "addressee"):
            span = quote if role == "text" else quote.get(role)
            if span:
                assert span["end"] <= line_start or span["start"] >= line_end, f"{role} in boilerplate: {_describe(quote)}"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_every_returned_span_indexes_the_submitted_text(analysed, seed: str):
    text, output = analysed(seed)
    assert output["quotes"], "no quotes found at all"
    for quote in output["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        assert 0.0 <= quote["confidence"] <= 1.0
        for role in ("speaker", "cue", "addressee"):
            span = quote.get(role)
            if span:
                assert text[span["start"]:span["end"]] == span["text"], (role, span)
    for entity in output.get("entities", []):
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    if seed == "004":  # markup between paragraphs must never end up inside a quote
        assert not any("<BR" in quote["text"] for quote in output["quotes"])
