"""Addressees of a speech act: dative objects and PPs, never the setting."""

from __future__ import annotations

import pytest

from quote_helpers import analyze, quote_containing

PERSONS = {"Putin": "PER", "Peskow": "PER", "Dmitri Peskow": "PER", "Macron": "PER", "Selenskyj": "PER"}


@pytest.mark.parametrize("text, message, addressee", [
    ("„Das ist gefährlich“, sagte er der Agentur Interfax.", "gefährlich", "der Agentur Interfax"),
    ("„Das ist gefährlich“, sagte Peskow der staatlichen Nachrichtenagentur RIA Nowosti.", "gefährlich",
     "der staatlichen Nachrichtenagentur RIA Nowosti"),
    ("Putin sagte gegenüber der BBC, der Krieg sei gerecht.", "der Krieg sei gerecht", "der BBC"),
    ("Macron erklärte im Interview mit dem Spiegel, Europa müsse handeln.", "Europa müsse handeln", "dem Spiegel"),
    ("Selenskyj appellierte an die Verbündeten, mehr Luftabwehr zu liefern.", "mehr Luftabwehr", "die Verbündeten"),
    ("Putin sagte vor Journalisten, er sei bereit.", "er sei bereit", "Journalisten"),
])
def test_addressee(text, message, addressee):
    quote = quote_containing(analyze(text, PERSONS), message)
    assert quote["addressee"] is not None and quote["addressee"]["text"] == addressee


def test_accusative_addressee_of_warnen():
    text = "Russland warnte die Koalition der Willigen vor einer Entsendung von Truppen."
    quote = quote_containing(analyze(text, {"Russland": "LOC"}), "warnte")
    assert quote["addressee"]["text"] == "die Koalition der Willigen"


@pytest.mark.parametrize("text, message", [
    ("Selenskyj sagte bei der Pressekonferenz mit Macron, die Ukraine brauche Garantien.", "die Ukraine brauche"),
    ("Putin sagte auf dem Forum in Wladiwostok, die Truppen seien ein Ziel.", "die Truppen seien"),
    ("Putin sagte am Freitag, die Truppen seien ein Ziel.", "die Truppen seien"),
])
def test_settings_are_no_addressees(text, message):
    assert quote_containing(analyze(text, PERSONS), message)["addressee"] is None


@pytest.mark.parametrize("text, message, addressee", [
    ("Der Präsident hat in einem Brief den Abgeordneten mitgeteilt, dass er zurücktrete.", "dass er zurücktrete",
     "den Abgeordneten"),
    ("Israel wurde aufgefordert, die Grenzübergänge zu öffnen.", "die Grenzübergänge zu öffnen", "Israel"),
    ("Der Politik schlug er vor, sich an anderen Ländern zu orientieren.", "sich an anderen Ländern", "Der Politik"),
    ("Merkel forderte von der iranischen Regierung, die Wahl zu überprüfen.", "die Wahl zu überprüfen",
     "der iranischen Regierung"),
    ("„Das Alter drückt“, sagte Georg Ratzinger zur Nachrichtenagentur dpa.", "Das Alter", "Nachrichtenagentur dpa"),
])
def test_objects_anywhere_in_the_cue_clause(text, message, addressee):
    quote = quote_containing(analyze(text, {"Israel": "LOC", "Merkel": "PER", "Georg Ratzinger": "PER"}), message)
    assert quote["addressee"] is not None and quote["addressee"]["text"] == addressee


@pytest.mark.parametrize("text, message, addressee", [
    ("„Wir haben verdient gewonnen“, sagte der Trainer nach dem Spiel zur Sportschau.", "verdient gewonnen",
     "Sportschau"),
    ("„Die Lage ist ernst“, sagte die Ministerin zum Deutschlandfunk.", "Die Lage", "Deutschlandfunk"),
])
def test_broadcast_and_magazine_names_after_zur_zum(text, message, addressee):
    quote = quote_containing(analyze(text), message)
    assert quote["addressee"] is not None and quote["addressee"]["text"] == addressee


def test_zur_with_a_topic_is_no_addressee():
    quote = quote_containing(analyze("„Das reicht nicht“, sagte er zur Begründung."), "reicht nicht")
    assert quote["addressee"] is None


@pytest.mark.parametrize("text, message, addressee", [
    ("„Das war bitter“, sagte Jan Ole, Kapitän der Mannschaft, gegenüber einem Reporter.", "bitter",
     "einem Reporter"),
    ("Die Lage sei ruhig, sagte Eva Stein vom „Kollektiv Nord“ in einem Interview mit dem Magazin „Kurier“.",
     "Die Lage sei ruhig", "dem Magazin „Kurier“"),
    ("Der Sekretär des Vereins sagte zum „Kurier am Abend“, das Spiel sei abgebrochen worden.", "das Spiel",
     "„Kurier am Abend“"),
])
def test_addressee_behind_an_apposition_or_a_quoted_name(text, message, addressee):
    quote = quote_containing(analyze(text, {"Jan Ole": "PER", "Eva Stein": "PER"}), message)
    assert quote["addressee"] is not None and quote["addressee"]["text"] == addressee


def test_an_x_gewandt_names_the_addressee():
    quote = quote_containing(analyze("An die Studenten gewandt sagte der Rektor, die Prüfungen fänden statt."),
                             "die Prüfungen")
    assert quote["addressee"] is not None and quote["addressee"]["text"] == "die Studenten"


@pytest.mark.parametrize("text, message, addressee", [
    ("Der Bürgermeister würdigte die Feuerwehr als „Rückgrat der Stadt“.", "Rückgrat", "die Feuerwehr"),
    ("Die Vermittler diskutierten mit den örtlichen Behörden, ob die Hilfe gerecht verteilt werde.",
     "ob die Hilfe", "den örtlichen Behörden"),
    ("Kritiker hatten ihm vorgeworfen, die Kosten verschwiegen zu haben.", "die Kosten", "ihm"),
])
def test_accusative_mit_and_pronoun_addressees(text, message, addressee):
    quote = quote_containing(analyze(text), message)
    assert quote["addressee"] is not None and quote["addressee"]["text"] == addressee


@pytest.mark.parametrize("text, addressee", [
    ("Die Senatorin hat in einer Videobotschaft an ihre Wähler angekündigt, nicht mehr anzutreten.", "ihre Wähler"),
    ("Das Gericht hatte eine deutliche Mahnung an die Regierung ausgesprochen, die Frist einzuhalten.",
     "die Regierung"),
])
def test_an_after_a_sent_message_names_the_addressee(text, addressee):
    quote = analyze(text)["quotes"][0]
    assert quote["addressee"]["text"] == addressee


def test_nach_phrase_opening_the_complement_stays_inside_the_speakers_words():
    text = "Ein Sprecher der Polizei sagte am Abend gegenüber der Presse, nach neuen Erkenntnissen sei der Täter allein gewesen."
    quote = quote_containing(analyze(text), "Täter allein")
    assert quote["speaker"]["text"] == "Ein Sprecher der Polizei"
    assert quote["cue"]["text"] == "sagte"
    assert quote["addressee"]["text"] == "der Presse"


@pytest.mark.parametrize("text, speaker, addressee, message", [
    ("Nach Angaben der Sprecherin Anja Berger gegenüber dem Weser-Kurier ist der Flughafen am stärksten betroffen.",
     "der Sprecherin Anja Berger", "dem Weser-Kurier", "ist der Flughafen am stärksten betroffen"),
    ("Die Bilder waren zum Teil am Computer entstanden, so der Mitarbeiter einer Produktionsfirma gegenüber der Zeitung „Shibao“.",
     "der Mitarbeiter", "der Zeitung „Shibao“", "Die Bilder waren zum Teil am Computer entstanden"),
])
def test_gegenueber_after_a_named_source_is_the_addressee(text, speaker, addressee, message):
    quote = analyze(text, {"Anja Berger": "PER"})["quotes"][0]
    assert quote["speaker"]["text"] == speaker
    assert quote["addressee"]["text"] == addressee
    assert quote["text"] == message


def test_gegenueber_after_a_noun_of_attitude_is_no_addressee():
    text = "Die Ministerin warf der Opposition mangelnde Abgrenzung gegenüber der Partei vor."
    quote = analyze(text)["quotes"][0]
    assert quote["addressee"]["text"] == "der Opposition"
    text = "Der Sprecher sagte gegenüber der Zeitung, die Abgrenzung sei klar."
    assert analyze(text)["quotes"][0]["addressee"]["text"] == "der Zeitung"


@pytest.mark.parametrize("text, addressee", [
    ("Das Landeskriminalamt bestätigte dem Abgeordneten Montag auf Anfrage, dass er auf der Liste stehe.",
     "dem Abgeordneten Montag"),
    ("Der Minister sagte dem Bundestag, er werde nicht zurücktreten.", "dem Bundestag"),
    ("Die Polizei sagte am Montag der Zeitung, dass der Täter gefasst sei.", "der Zeitung"),
    ("Er erklärte dann Reportern, dass es Betrug gegeben habe.", "Reportern"),
])
def test_dative_addressee_names_and_assemblies_and_one_adverbial(text, addressee):
    assert analyze(text)["quotes"][0]["addressee"]["text"] == addressee


def test_time_phrase_is_no_addressee():
    assert analyze("Er sagte am Ende der Woche, dass er bleibe.")["quotes"][0]["addressee"] is None


def test_medium_after_an_inverted_subject_is_the_dative_addressee():
    # "der Süddeutschen Zeitung" after "sagte die Ministerin" is to whom she said it, not whose minister she is
    output = analyze("Sie habe nichts gewusst, sagte die Ministerin der Süddeutschen Zeitung.")
    quote = output["quotes"][0]
    assert quote["speaker"]["text"] == "die Ministerin"
    assert quote["addressee"]["text"] == "der Süddeutschen Zeitung"


def test_genitive_of_a_company_stays_with_the_speaker():
    output = analyze("Das sei falsch, erklärte die Sprecherin der Deutschen Bahn.")
    assert output["quotes"][0]["speaker"]["text"] == "die Sprecherin der Deutschen Bahn"
    assert output["quotes"][0]["addressee"] is None


def test_prepositional_phrase_of_a_coordinated_verb_is_no_addressee():
    # "vor das Parlament" belongs to "zogen", not to "skandierten"
    output = analyze("Die Demonstranten skandierten „Freiheit für alle!“ und zogen vor das Parlament.")
    assert quote_containing(output, "Freiheit")["addressee"] is None


def test_object_in_a_relative_clause_of_the_subject_is_no_addressee():
    text = "Mehrere Zeugen, die den Unfall beobachtet hatten, berichteten, der Fahrer sei zu schnell gefahren."
    quote = quote_containing(analyze(text), "Fahrer")
    assert quote["speaker"]["text"] == "Mehrere Zeugen"
    assert quote["addressee"] is None


def test_addressee_in_the_attribution_that_interrupts_a_direct_quote():
    text = "„Wir sind bereit“, sagte Peskow der Agentur Tass am Montag, „aber nicht um jeden Preis.“"
    quote = analyze(text, {"Peskow": "PER", "Tass": "ORG"})["quotes"][0]
    assert quote["addressee"]["text"] == "der Agentur Tass"


def test_what_is_recommended_is_no_addressee():
    assert analyze("Die Ärzte empfehlen eine Impfung.")["quotes"][0]["addressee"] is None
    quote = analyze("Der Arzt empfahl den Patienten eine Impfung.")["quotes"][0]
    assert quote["addressee"]["text"] == "den Patienten"


def test_dative_addressee_after_a_place_and_a_time():
    text = "„Die Lage ist ruhig“, sagte Peskow am Montag in Moskau der Agentur Interfax."
    assert analyze(text, {"Peskow": "PER"})["quotes"][0]["addressee"]["text"] == "der Agentur Interfax"


@pytest.mark.parametrize("text, addressee", [
    ("Die Polizei bestätigte auf Anfrage von Wikinews, dass niemand verletzt wurde.", "Wikinews"),
    ("Auf Nachfrage der Zeitung sagte ein Sprecher, niemand sei verletzt worden.", "der Zeitung"),
])
def test_who_asked_is_the_addressee(text, addressee):
    assert analyze(text)["quotes"][0]["addressee"]["text"] == addressee


@pytest.mark.parametrize("text", [
    "Fraktionschefin Katharina Dröge nannte den Entwurf „völlig unzureichend“.",
    "Der Präsident bezeichnete die Entscheidung als „Skandal“.",
])
def test_what_is_named_is_no_addressee(text):
    assert all(q["addressee"] is None for q in analyze(text)["quotes"])


def test_a_quoted_predicate_after_the_object_of_nennen_is_a_direct_quote():
    quotes = analyze("Die Ministerin nannte den Entwurf „völlig unzureichend“.")["quotes"]
    assert [q["text"] for q in quotes if q["type"] == "direct"] == ["„völlig unzureichend“"]
    names = analyze("VW nennt sein neues Modell „Phaeton“. Die Firma nennt sich „documenta 12“.")["quotes"]
    assert not any(q["type"] == "direct" for q in names)


def test_phrases_of_the_first_of_two_coordinated_verbs_are_no_addressee():
    quote = analyze("Tausende zogen vor das Parlament und skandierten Parolen wie „Freiheit statt Angst“.")["quotes"][0]
    assert quote["addressee"] is None


def test_a_quoted_title_is_no_time_phrase():
    quote = analyze("Im Interview mit der „Zeit“ sagte die Ministerin, sie plane keine Steuererhöhungen.")["quotes"][0]
    assert quote["addressee"]["text"] == "der „Zeit“"


@pytest.mark.parametrize("text, speaker, addressee", [
    ("„Yes, we can“, rief Obama seinen Anhängern zu.", "Obama", "seinen Anhängern"),
    ("„Wir schaffen das“, rief Merkel den Journalisten zu.", "Merkel", "den Journalisten"),
])
def test_zurufen_is_a_cue_with_a_dative_addressee(text, speaker, addressee):
    quote = analyze(text, {"Obama": "PER", "Merkel": "PER"})["quotes"][0]
    assert (quote["speaker"]["text"], quote["addressee"]["text"]) == (speaker, addressee)


def test_possessive_plural_dative_is_an_addressee_but_not_an_accusative_singular():
    told = analyze("Der Trainer sagte seinen Spielern, sie sollten ruhig bleiben.")["quotes"][0]
    assert told["addressee"]["text"] == "seinen Spielern"
    announced = analyze("Der Minister kündigte seinen Rücktritt an, er werde im Mai gehen.")["quotes"]
    assert all(q["addressee"] is None for q in announced)
