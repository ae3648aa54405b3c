"""Cue lexicon: inflection from lemma data, separable particles, cue nouns, Konjunktiv I."""

from __future__ import annotations

import pytest

from quote_helpers import analyze
from service.cues import (
    find_verb_cues,
    is_konjunktiv_i,
    is_nach_cue,
    load_cue_lexicon,
    postposed_nach_noun,
    weak_forms,
)


def lemmas(sentence: str) -> list[str]:
    return [match.lemma for match in find_verb_cues(sentence.split())]


def test_lexicon_has_several_hundred_verbs():
    lexicon = load_cue_lexicon()
    assert len({verb.lemma for verb in lexicon.verbs}) >= 300
    assert len(lexicon.forms) >= 2000


@pytest.mark.parametrize("form", ["sagt", "sagte", "sagten", "gesagt", "sage", "sagen"])
def test_weak_verb_forms_are_generated(form):
    assert "sagen" in lemmas(f"Er {form} das")


@pytest.mark.parametrize("base, present, preterite, participle", [
    ("erklären", "erklärt", "erklärte", "erklärt"),
    ("kritisieren", "kritisiert", "kritisierte", "kritisiert"),
    ("arbeiten", "arbeitet", "arbeitete", "gearbeitet"),
    ("bezeichnen", "bezeichnet", "bezeichnete", "bezeichnet"),
    ("twittern", "twittert", "twitterte", "getwittert"),
])
def test_weak_inflection(base, present, preterite, participle):
    forms = weak_forms(base)
    assert (forms["present"], forms["preterite"], forms["participle"]) == (present, preterite, participle)


@pytest.mark.parametrize("sentence, lemma", [
    ("Putin räumte am Freitag ein , dass", "einräumen"),
    ("Peskow wies die Vorwürfe zurück", "zurückweisen"),
    ("Der Minister fügte hinzu :", "hinzufügen"),
    ("Putin hob hervor , dass", "hervorheben"),
    ("Macron teilte mit , dass", "mitteilen"),
    ("Sie kündigte ein Verbot an", "ankündigen"),
    ("wie Merz zu verstehen gab", "zu verstehen geben"),
    ("Das machte Peskow deutlich", "deutlich machen"),
    ("Pistorius sprach sich gegen eine Debatte aus", "aussprechen"),
    ("wie die Polizei mitteilte", "mitteilen"),
    ("Er hat hinzugefügt", "hinzufügen"),
    ("um eine Reform anzukündigen", "ankündigen"),
])
def test_separable_particles(sentence, lemma):
    assert lemma in lemmas(sentence)


def test_bare_base_of_particle_verb_is_no_cue():
    assert "mitteilen" not in lemmas("Sie teilte das Brot")


def test_foreign_particle_makes_another_verb():
    assert "sagen" not in lemmas("Er sagte das Treffen ab")


def test_capitalised_noun_is_no_verb():
    assert lemmas("Das Sagen hat er") == []


def test_participle_after_auxiliary():
    matches = find_verb_cues("Er hat das erklärt".split())
    assert matches[0].kind == "participle" and not matches[0].is_finite


@pytest.mark.parametrize("word", ["sei", "seien", "habe", "könne", "müsse", "werde", "gebe", "solle", "wolle", "dürfe",
                                  "betone", "brauche"])
def test_konjunktiv_i(word):
    assert is_konjunktiv_i(word)


@pytest.mark.parametrize("word", ["sagt", "ist", "hat", "neue", "meine", "eine", "bitte"])
def test_not_konjunktiv_i(word):
    assert not is_konjunktiv_i(word)


@pytest.mark.parametrize("sentence, index, expected", [
    ("nach Angaben der Polizei", 0, True),
    ("nach Polizeiangaben", 0, True),
    ("nach dem vorläufigen Endergebnis", 0, True),
    ("nach den Worten von Selenskyj", 0, True),
    ("nach dem Krieg", 0, False),
    ("nach Berlin", 0, False),
])
def test_nach_cues(sentence, index, expected):
    assert is_nach_cue(sentence.split(), index) is expected


def test_postposed_nach():
    words = "Seiner Meinung nach sei das falsch".split()
    assert postposed_nach_noun(words, 2) == 1


@pytest.mark.parametrize("sentence, cues", [
    ("Obama sagte in der bereits erwähnten Videobotschaft , der Verzicht sei schwer .", ["sagte"]),
    ("Er zitierte die genannten Zahlen .", ["zitierte"]),
    ("Die Forscher erklärten Journalisten , dass es gut sei .", ["erklärten"]),
    ("Die Minister , die betonten , dass es gut sei .", ["betonten"]),
])
def test_inflected_participle_before_its_noun_is_no_cue(sentence, cues):
    words = sentence.split()
    assert [words[m.index] for m in find_verb_cues(words)] == cues


def test_clause_initial_das_before_a_verb_is_a_pronoun():
    assert lemmas("Das erklärte Peskow am Montag") == ["erklären"]


def test_quote_marks_inside_the_clause_hide_no_particle():
    # "ein" before a quoted label is an article, not the particle of "einbezeichnen"
    words = ["Er", "bezeichnete", "den", "Besuch", "als", "ein", "„", "wichtiges", "Zeichen", "“", "."]
    assert [m.lemma for m in find_verb_cues(words)] == ["bezeichnen"]


def test_preposition_before_a_quote_is_no_particle():
    words = ["Er", "riet", "allgemein", "zu", "„", "Gelassenheit", "“", "."]
    assert [m.lemma for m in find_verb_cues(words)] == ["raten"]
    words = ["Er", "räumte", "„", "schwere", "Fehler", "“", "ein", "."]
    assert [m.lemma for m in find_verb_cues(words)] == ["einräumen"]


@pytest.mark.parametrize("sentence, lemma", [
    ("Die Ministerin ist der Ansicht , dass die Frist reicht", "der Ansicht sein"),
    ("weil die Richter der Auffassung waren , dass", "der Auffassung sein"),
    ("Das Gericht kam damit zu dem Ergebnis , dass", "zu dem Ergebnis kommen"),
    ("Die Ermittler hegen den Verdacht , der Brand sei gelegt worden", "den Verdacht hegen"),
    ("Die Opposition erhob den Vorwurf , die Regierung habe gelogen", "den Vorwurf erheben"),
    ("Der Verband steht auf dem Standpunkt , dass", "auf dem Standpunkt stehen"),
])
def test_support_verb_with_statement_noun_is_a_cue(sentence, lemma):
    assert lemma in lemmas(sentence)


@pytest.mark.parametrize("sentence", [
    "Er ist der Sohn des früheren Ministers",
    "Sie kam zu dem Treffen nach Berlin",
    "Der Verdacht ist nicht neu",
])
def test_support_verb_without_statement_noun_is_no_cue(sentence):
    assert lemmas(sentence) == []


def test_separated_particle_is_found_past_a_party_tag_in_brackets():
    words = "Gegenwärtig wirft Wolfgang Schäuble ( CDU ) dem Justizminister Einmischung vor .".split()
    matches = find_verb_cues(words)
    assert [m.lemma for m in matches] == ["vorwerfen"]


@pytest.mark.parametrize("word", ["befände", "stürbe", "spräche", "nähme", "fiele"])
def test_umlaut_and_ie_konjunktiv_ii_forms(word):
    from service.cues import is_konjunktiv_ii

    assert is_konjunktiv_ii(word)


@pytest.mark.parametrize("text, speaker", [
    ("„Das ist ein guter Tag für Deutschland“, freute sich der Kanzler.", "der Kanzler"),
    ("„So kann man nicht arbeiten“, ärgerte sich der Trainer nach dem Spiel.", "der Trainer"),
    ("Man sei nicht informiert worden, beschwerten sich die Anwohner.", "die Anwohner"),
])
def test_reflexive_verbs_of_feeling_introduce_what_was_said(text, speaker):
    quote = analyze(text)["quotes"][0]
    assert quote["speaker"]["text"] == speaker
    assert quote["cue"] is not None


def test_reflexive_verb_of_feeling_without_a_clause_is_no_quote():
    assert analyze("Die Fans freuten sich über den Sieg ihrer Mannschaft.")["quotes"] == []


@pytest.mark.parametrize("word", ["belaufe", "beruhe", "betrage", "umfasse", "enthalte", "erfolge", "verstoße"])
def test_konjunktiv_i_of_verbs_that_report_figures_and_facts(word):
    assert is_konjunktiv_i(word)


@pytest.mark.parametrize("text, speaker", [
    ("Die Richter sahen es als erwiesen an, dass der Angeklagte Schmiergelder angenommen hatte.", "Die Richter"),
    ("Das Gericht hielt es für erwiesen, dass der Angeklagte die Tat begangen hat.", "Das Gericht"),
])
def test_a_court_finding_is_a_cue(text, speaker):
    assert analyze(text)["quotes"][0]["speaker"]["text"] == speaker


def test_ansehen_without_a_finding_is_no_cue():
    assert analyze("Die Touristen sahen sich am Montag die Altstadt an, dass es eine Freude war.")["quotes"] == []


def test_anfuehren_gives_a_reason_as_speech_but_not_when_leading_a_team():
    quote = analyze("Als Grund führte der Minister an, die Kassen seien leer.")["quotes"][0]
    assert (quote["speaker"]["text"], quote["text"]) == ("der Minister", "die Kassen seien leer")
    assert analyze("Der Trainer führte die Mannschaft an.")["quotes"] == []


@pytest.mark.parametrize("text", [
    "Dem Zerkratzen der Scheiben, auch Scratching genannt, soll mit Folien begegnet werden.",
    "Die Flugzeuge, von den Berlinern „Rosinenbomber“ genannt, landeten im Minutentakt.",
])
def test_a_naming_participle_in_an_apposition_is_no_cue(text):
    assert find_verb_cues(text.replace(",", " ,").replace("“", " “").replace("„", "„ ").split()) == []


def test_sich_einig_sein_is_a_cue():
    quote = analyze("Die Experten sind sich einig, dass der Klimawandel menschengemacht ist.")["quotes"][0]
    assert (quote["speaker"]["text"], quote["text"]) == ("Die Experten", "dass der Klimawandel menschengemacht ist")
