"""Speakers: subject from word order, roles in the mention, coreference, entity clustering."""

from __future__ import annotations

import pytest

from quote_helpers import analyze, quote_containing
from service.document import EntityMention
from service.speaker import EntityIndex, noun_phrase_after, noun_phrase_before, subject_of_clause, subject_of_verb

PERSONS = {"Wladimir Putin": "PER", "Putins": "PER", "Putin": "PER", "Dmitri Peskow": "PER", "Peskow": "PER",
           "Emmanuel Macron": "PER", "Macron": "PER", "Johann Wadephul": "PER", "Wadephul": "PER"}


@pytest.mark.parametrize("sentence, verb, expected", [
    ("Putin betonte , dass", 1, "Putin"),
    ("Der russische Präsident betonte , dass", 3, "Der russische Präsident"),
    ("Am Freitag sagte Putin , dass", 2, "Putin"),
    ("Dabei erklärte der Minister , dass", 1, "der Minister"),
    ("wie die Polizei mitteilte", 3, "die Polizei"),
    ("Ein Sprecher des Weißen Hauses sagte , dass", 5, "Ein Sprecher des Weißen Hauses"),
    ("Der Leiter des Programms , Klaus Stöhr , sagte :", 8, "Der Leiter des Programms , Klaus Stöhr"),
    ("Patrick Georg von der IG Metall sagte , es", 6, "Patrick Georg von der IG Metall"),
    ("Die Zeitung „ Die Welt “ berichtete , dass", 6, "Die Zeitung „ Die Welt “"),
    ("Deiss , der sich entschlossen hatte , sagte ,", 6, "Deiss"),
])
def test_subject_of_cue_verb(sentence, verb, expected):
    words = sentence.split()
    span = subject_of_verb(words, verb, verb)
    assert span is not None and " ".join(words[span[0]:span[1]]) == expected


def test_adverb_in_front_is_no_subject():
    words = "Weiter sagte Larson , dass".split()
    assert noun_phrase_before(words, 1, 0) is None
    assert subject_of_verb(words, 1, 1) == (2, 3)


def test_party_in_brackets_belongs_to_the_name():
    words = "Johann Wadephul ( CDU ) sagte".split()
    assert noun_phrase_after(words, 0) == (0, 5)


def test_role_title_is_part_of_the_speaker_mention():
    quote = quote_containing(analyze("„Das ist gefährlich“, sagte Kreml-Sprecher Dmitri Peskow.", PERSONS), "gefährlich")
    assert quote["speaker"]["text"] == "Kreml-Sprecher Dmitri Peskow"
    assert quote["speaker"]["name"] == "Dmitri Peskow" and quote["speaker"]["kind"] == "PER"


def test_country_genitive_title():
    text = "Frankreichs Präsident Emmanuel Macron teilte mit, dass 26 Länder bereit seien."
    quote = quote_containing(analyze(text, {**PERSONS, "Frankreichs": "LOC"}), "26 Länder")
    assert quote["speaker"]["text"] == "Frankreichs Präsident Emmanuel Macron"
    assert quote["speaker"]["name"] == "Emmanuel Macron"


def test_putins_spokesman_is_not_putin():
    text = ("Russlands Präsident Wladimir Putin sprach in Wladiwostok. "
            "„Das ist gefährlich“, erläuterte Putins Sprecher Dmitri Peskow.")
    quote = quote_containing(analyze(text, PERSONS), "gefährlich")
    assert quote["speaker"]["name"] == "Dmitri Peskow"


def test_unnamed_spokesman_of_putin_is_not_putin():
    text = "Wladimir Putin reiste ab. Putins Sprecher sagte, das Treffen sei abgesagt."
    quote = quote_containing(analyze(text, PERSONS), "das Treffen sei abgesagt")
    assert quote["speaker"]["text"] == "Putins Sprecher"
    assert quote["speaker"]["name"] != "Wladimir Putin" and quote["speaker"]["kind"] == "NOUN"


def test_pronoun_resolves_to_the_last_person_subject():
    text = "Wladimir Putin äußerte sich am Freitag. Er sagte, die Truppen seien ein legitimes Ziel."
    quote = quote_containing(analyze(text, PERSONS), "die Truppen seien")
    assert quote["speaker"]["text"] == "Er" and quote["speaker"]["kind"] == "PRON"
    assert quote["speaker"]["name"] == "Wladimir Putin" and quote["speaker"]["entity_id"] is not None


def test_role_noun_resolves_to_the_person_introduced_with_it():
    text = ("Russlands Präsident Wladimir Putin warnte den Westen. "
            "Eine Entsendung westlicher Soldaten sei nicht förderlich, hob der Präsident hervor.")
    output = analyze(text, PERSONS)
    quote = quote_containing(output, "Eine Entsendung")
    assert quote["speaker"]["text"] == "der Präsident" and quote["speaker"]["kind"] == "NOUN"
    assert quote["speaker"]["name"] == "Wladimir Putin"


def test_organisation_as_actor():
    text = "Das Pentagon teilte mit, die Lieferungen würden fortgesetzt."
    quote = quote_containing(analyze(text, {"Pentagon": "ORG"}), "die Lieferungen")
    assert quote["speaker"]["kind"] == "ORG" and quote["speaker"]["text"] == "Das Pentagon"


def test_place_as_actor():
    quote = quote_containing(analyze("Moskau erklärte, die Vorschläge seien nicht akzeptabel.", {"Moskau": "LOC"}),
                             "die Vorschläge")
    assert quote["speaker"]["kind"] == "LOC"


def test_entity_clusters_by_surname():
    text = "Wladimir Putin sprach. Putin sagte, das sei gut. Die Äußerungen Putins folgten."
    mentions = [EntityMention(text.find(s), text.find(s) + len(s), "PER", s) for s in ("Wladimir Putin", "Putins")]
    mentions.append(EntityMention(23, 28, "PER", "Putin"))
    index = EntityIndex(mentions)
    assert len(index.clusters) == 1
    cluster = next(iter(index.clusters.values()))
    assert cluster.name == "Wladimir Putin" and len(cluster.mentions) == 3


def test_entities_in_output_list_all_mentions():
    text = "Wladimir Putin sprach. Putin sagte, das sei gut. Die Äußerungen Putins folgten."
    output = analyze(text, PERSONS)
    putin = [e for e in output["entities"] if e["name"] == "Wladimir Putin"]
    assert len(putin) == 1 and len(putin[0]["mentions"]) == 3
    quote = quote_containing(output, "das sei gut")
    assert quote["speaker"]["entity_id"] == putin[0]["id"]


def test_lower_case_words_inside_a_name_stay_in_the_speaker():
    text = "Ärzte ohne Grenzen teilte mit, die Klinik sei überfüllt."
    quote = quote_containing(analyze(text, {"Ärzte ohne Grenzen": "ORG"}), "die Klinik sei überfüllt")
    assert quote["speaker"]["text"] == "Ärzte ohne Grenzen" and quote["speaker"]["kind"] == "ORG"


def test_place_used_as_actor_in_reported_speech():
    quote = quote_containing(analyze("Moskau lehnt die Vorschläge der Europäer kategorisch ab.", {"Moskau": "LOC"}),
                             "Vorschläge")
    assert quote["type"] == "reported"
    assert quote["speaker"]["text"] == "Moskau" and quote["speaker"]["kind"] == "LOC"


def test_kremlchef_resolves_to_putin():
    text = ("Russlands Präsident Wladimir Putin sprach in Wladiwostok. Eine Entsendung westlicher Soldaten "
            "wäre nicht förderlich für den Frieden, hob der Kremlchef hervor.")
    quote = quote_containing(analyze(text, PERSONS), "Eine Entsendung")
    assert quote["speaker"]["text"] == "der Kremlchef" and quote["speaker"]["name"] == "Wladimir Putin"


@pytest.mark.parametrize("sentence, expected", [
    ("Nachdem er die Opfer verfolgt hat , habe er sie festgehalten .", "er"),
    ("An die Adresse der Kommission hatte Steinbrück eine Botschaft .", "Steinbrück"),
    ("Ursprünglich wollte er ein Konzept vorlegen .", "er"),
    ("Am 15. Mai hat die Wahlkommission den Termin festgelegt .", "die Wahlkommission"),
    ("Die Experten kamen zu dem Ergebnis .", "Die Experten"),
])
def test_subject_behind_a_fronted_clause_preposition_or_adverb(sentence, expected):
    words = sentence.split()
    span = subject_of_clause(words, 0, len(words))
    assert span is not None and " ".join(words[span[0]:span[1]]).startswith(expected)


@pytest.mark.parametrize("text, speaker", [
    ("Die Vorwürfe der Opposition wies Kanzlerin Petra Lang zurück: „Das ist falsch.“", "Kanzlerin Petra Lang"),
    ("Diese Pläne bezeichnete Hans Weber als „völlig unrealistisch“.", "Hans Weber"),
    ("Die Kosten nannte Hans Weber am Montag „nicht tragbar“.", "Hans Weber"),
])
def test_object_first_clause_takes_the_person_after_the_verb(text, speaker):
    output = analyze(text, {"Petra Lang": "PER", "Hans Weber": "PER"})
    assert output["quotes"] and all(q["speaker"]["text"] == speaker for q in output["quotes"])


def test_person_after_a_verb_with_a_person_object_stays_the_object():
    text = "Die Gewerkschaft kritisierte Hans Weber scharf, seine Pläne seien unrealistisch."
    quote = quote_containing(analyze(text, {"Hans Weber": "PER"}), "seine Pläne")
    assert quote["speaker"]["text"] == "Die Gewerkschaft"


def test_continuation_after_a_temporal_nach_keeps_the_previous_speaker():
    text = ("Der Polizeisprecher Jan Brandt sagte, die Täter seien geflohen. "
            "Nach dem Überfall sollen sie in einem Auto davongefahren sein.")
    quote = quote_containing(analyze(text, {"Jan Brandt": "PER"}), "in einem Auto")
    assert quote["speaker"]["text"] == "Der Polizeisprecher Jan Brandt"


@pytest.mark.parametrize("text, fragment, speaker", [
    ("In dem Antrag heißt es wörtlich: „Die Steuer muss sinken.“", "Die Steuer", "dem Antrag"),
    ("Die Steuer müsse sinken, heißt es auf der Webseite der Partei.", "Die Steuer", "der Webseite der Partei"),
    ("Aus dem Ministerium hieß es, die Steuer werde nicht sinken.", "die Steuer", "dem Ministerium"),
])
def test_heisst_es_takes_the_document_or_place_named_with_it(text, fragment, speaker):
    assert quote_containing(analyze(text), fragment)["speaker"]["text"] == speaker


@pytest.mark.parametrize("text, speaker", [
    ("Die Befürworter einer Senkung der Steuern argumentieren, dass die Wirtschaft wachse.",
     "Die Befürworter einer Senkung der Steuern"),
    ("Reporter ohne Grenzen teilte mit, dass zwei Journalisten verhaftet worden seien.", "Reporter ohne Grenzen"),
    ("Eva Stein, Beauftragte für Menschenrechte, sagte am Montag, die Lage sei ernst.", "Eva Stein"),
])
def test_subject_with_genitive_or_prepositional_attribute(text, speaker):
    output = analyze(text, {"Reporter ohne Grenzen": "ORG", "Eva Stein": "PER"})
    assert output["quotes"][0]["speaker"]["text"] == speaker


def test_heisst_es_source_wins_over_the_previous_speaker():
    text = ("Die Abgeordnete Eva Stein sagte, der Antrag sei eingebracht. "
            "In dem Antrag heißt es wörtlich: „Die Steuer muss sinken.“")
    quote = quote_containing(analyze(text, {"Eva Stein": "PER"}), "Die Steuer muss")
    assert quote["speaker"]["text"] == "dem Antrag"


def test_fronted_adverbial_with_a_prepositional_phrase_is_no_subject():
    text = "Stellvertretend für die Kommission empfahl der Kommissar Jan Ole, die Gespräche zu beginnen."
    quote = quote_containing(analyze(text, {"Jan Ole": "PER"}), "die Gespräche")
    assert quote["speaker"]["text"] == "der Kommissar Jan Ole"


def test_lower_case_name_belongs_to_the_subject():
    quote = quote_containing(analyze("Die Gewerkschaft ver.di kritisierte, die Pläne der Regierung seien unsozial."),
                             "Pläne")
    assert quote["speaker"]["text"] == "Die Gewerkschaft ver.di"


@pytest.mark.parametrize("text, speaker", [
    ("Die Anwendung der Regel stellte der SPD-Vorsitzende Franz Müller ebenfalls in Frage: „Das ist nicht lebensnah.“",
     "der SPD-Vorsitzende Franz Müller"),
    ("Die Zahl liegt unter der Marke, die Gerhard Schröder zum Erfolgskriterium erklärt hatte: „Ich rechne damit.“",
     "Gerhard Schröder"),
    ("Als ein Fluggast zu Hilfe eilte, biss der Randalierer den Fluggast und rief: „Lasst mich raus!“", "der Randalierer"),
])
def test_subject_after_the_verb_in_object_first_relative_and_coordinated_clauses(text, speaker):
    output = analyze(text, {"Franz Müller": "PER", "Gerhard Schröder": "PER"})
    assert output["quotes"][0]["speaker"]["text"] == speaker


def test_relative_pronoun_subject_keeps_its_antecedent():
    quote = quote_containing(analyze("Sie traf den Minister, der die Reform verteidigt hatte: „Wir bleiben dabei.“"),
                             "Wir bleiben")
    assert quote["speaker"]["text"] == "der" and quote["speaker"]["name"] == "den Minister"


def test_relative_pronoun_is_the_speaker_mention_named_after_its_antecedent():
    output = analyze("Ein Vorschlag kam von Ägypten, das vorschlug, eine atomwaffenfreie Zone einzurichten.",
                     {"Ägypten": "LOC"})
    quote = quote_containing(output, "eine atomwaffenfreie Zone")
    assert quote["speaker"]["text"] == "das" and quote["speaker"]["name"] == "Ägypten"


def test_coordinated_verb_in_a_subordinate_clause_shares_that_clause_subject():
    text = ("Der Verein lehnt den Vorschlag ab, während die Initiative Rote Fahne den Vorschlag unterstützt "
            "und fordert, dass die Fahne rot wird.")
    quote = quote_containing(analyze(text), "dass die Fahne rot wird")
    assert quote["speaker"]["text"] == "die Initiative Rote Fahne"


def test_adverb_after_wie_and_relative_pronoun_without_a_noun_antecedent():
    quote = quote_containing(analyze("Wie schon die WHO sagte, ist eine Ansteckung unwahrscheinlich.", {"WHO": "ORG"}),
                             "Ansteckung")
    assert quote["speaker"]["text"] == "die WHO"
    text = "Auch der Minister Karl Klar war anwesend, der der Regierung vorwarf, die Bürger zu belügen."
    quote = quote_containing(analyze(text, {"Karl Klar": "PER"}), "die Bürger zu belügen")
    assert quote["speaker"]["text"] == "der"


def test_es_as_the_subject_of_an_active_cue_verb_is_a_speaker_but_man_is_not():
    text = "Das Gericht verteidigte sich. Es weist den Vorwurf zurück, man habe das Verfahren verschleppt."
    assert quote_containing(analyze(text), "man habe")["speaker"]["text"] == "Es"
    quote = quote_containing(analyze("Man sagte, das Verfahren sei verschleppt worden."), "das Verfahren")
    assert quote["speaker"] is None


@pytest.mark.parametrize("text, speaker", [
    ("Einer der Putschisten dankte den Menschen und ergänzte, der Putsch sei im Interesse des Landes.",
     "Einer der Putschisten"),
    ("Eine der Organisatorinnen sagte, die Demonstration sei friedlich verlaufen.", "Eine der Organisatorinnen"),
])
def test_partitive_subject(text, speaker):
    assert analyze(text)["quotes"][0]["speaker"]["text"] == speaker


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Das Portal gibt es seit Jahren. Wie web-news.de berichtet, ist der Dienst abgeschaltet worden.", "der Dienst",
     "web-news.de"),
    ("Der Händler bietet das Auto an. eBay hält es für möglich, dass der Preis noch steigt.", "der Preis", "eBay"),
    ("Außerdem wirft der ai-Bericht den Behörden vor, Beweise zu ignorieren.", "Beweise zu ignorieren", "der ai-Bericht"),
])
def test_lower_case_name_as_the_subject(text, fragment, speaker):
    assert quote_containing(analyze(text), fragment)["speaker"]["text"] == speaker


@pytest.mark.parametrize("text, fragment, speaker", [
    ("In dem Gutachten, das am Montag vorgelegt wurde, heißt es, die Brücke sei marode.", "die Brücke", "dem Gutachten"),
    ("Der Verband verschickte eine Mitteilung, in der es heißt, dass die Preise steigen.", "die Preise",
     "eine Mitteilung"),
    ("„Wir bleiben bei unserem Kurs“, heißt es in einer gestern verbreiteten Erklärung.", "unserem Kurs",
     "einer gestern verbreiteten Erklärung"),
])
def test_heisst_es_source_before_a_relative_clause_or_with_an_extended_attribute(text, fragment, speaker):
    assert quote_containing(analyze(text), fragment)["speaker"]["text"] == speaker


def test_passive_speech_verb_in_a_subordinate_clause_takes_the_agent_not_the_dative():
    text = "Wie dem Sender von der Polizei mitgeteilt wurde, ist die Straße wieder frei."
    assert quote_containing(analyze(text), "die Straße")["speaker"]["text"] == "der Polizei"
    text = "Die Bank erhielt ein Schreiben der Aufsicht, in dem sie darüber informiert wird, dass die Prüfung beginnt."
    assert quote_containing(analyze(text), "die Prüfung")["speaker"]["text"] == "ein Schreiben der Aufsicht"


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Im Mai legte er sein Mandat nieder und verkündete, sich künftig der Forschung widmen zu wollen.",
     "der Forschung", "er"),
    ("Der Streit dauert schon lange und die Anwohner befürchten, dass er weiter eskaliert.", "weiter eskaliert",
     "die Anwohner"),
    ("Die Polizei übergab die Akten und das Ministerium seinerseits versprach, den Fall zu prüfen.", "den Fall",
     "das Ministerium"),
])
def test_subject_of_a_coordinated_clause(text, fragment, speaker):
    assert quote_containing(analyze(text), fragment)["speaker"]["text"] == speaker


def test_name_with_a_role_apposition_that_is_no_simple_noun_phrase():
    text = "Eva Stein, Sprecherin von Bündnis 90 / Die Grünen, kritisierte: „Das ist ein Fehler.“"
    assert quote_containing(analyze(text, {"Eva Stein": "PER"}), "ein Fehler")["speaker"]["text"].startswith("Eva Stein")


def test_focus_particle_between_verb_and_subject():
    text = "Von den Ländern erklärten nur die Stadtstaaten, an dem Programm nicht teilnehmen zu wollen."
    assert quote_containing(analyze(text), "an dem Programm")["speaker"]["text"] == "die Stadtstaaten"


@pytest.mark.parametrize("text, speaker", [
    ("Das Ministerium hat Berichte der Zeitung zurückgewiesen, wonach die Steuer erhöht werden soll.",
     "Berichte der Zeitung"),
    ("Ein Bericht der Agentur „Nowosti“, wonach der Minister zurückgetreten sei, wurde dementiert.",
     "Ein Bericht der Agentur „Nowosti“"),
])
def test_wonach_takes_the_report_it_refers_to(text, speaker):
    assert analyze(text)["quotes"][0]["speaker"]["text"] == speaker


def test_continuation_skips_a_sentence_whose_subject_is_no_actor():
    text = ("Die Stadtverwaltung teilte mit, die Brücke sei gesperrt. Schneemassen blockierten die Zufahrt. "
            "Die Umleitung sei ausgeschildert.")
    assert quote_containing(analyze(text), "Die Umleitung")["speaker"]["text"] == "Die Stadtverwaltung"


def test_continuation_takes_over_an_institution_named_in_between():
    text = ("Der Bürgermeister Jan Ole sagte, die Brücke sei gesperrt. Die Staatsanwaltschaft ermittelt inzwischen. "
            "Der Verdacht auf Untreue habe sich erhärtet.")
    quote = quote_containing(analyze(text, {"Jan Ole": "PER"}), "Der Verdacht")
    assert quote["speaker"]["text"] == "Die Staatsanwaltschaft"


def test_zitierte_man_takes_the_quoted_person():
    text = "„Wir sind hier nicht erwünscht“, zitierte man Eva Stein vom Sender ORF."
    assert quote_containing(analyze(text, {"Eva Stein": "PER"}), "nicht erwünscht")["speaker"]["text"].startswith(
        "Eva Stein")


def test_negated_participle_inside_the_subject_phrase():
    text = "Ein nicht genannter Sprecher der Firma bezeichnete den Verkauf als „reine Routine“."
    assert quote_containing(analyze(text), "reine Routine")["speaker"]["text"] == "Ein nicht genannter Sprecher der Firma"


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Zwei Männer sprachen den Wirt an. Diese drohten ihm an, das Lokal zu schließen.", "das Lokal", "Diese"),
    ("„Die Tiere leiden in den Käfigen“, so letztere.", "Die Tiere", "letztere"),
])
def test_demonstrative_pronoun_as_the_subject(text, fragment, speaker):
    assert quote_containing(analyze(text), fragment)["speaker"]["text"] == speaker


def test_object_first_clause_before_a_colon_takes_the_person_after_the_verb():
    text = "Jegliche Schuld an dem Unfall weist Eva Stein von sich: „Ich habe alles richtig gemacht.“"
    assert quote_containing(analyze(text, {"Eva Stein": "PER"}), "alles richtig")["speaker"]["text"] == "Eva Stein"


def test_time_phrase_in_the_pre_field_is_no_subject():
    output = analyze("Letzte Woche war noch befürchtet worden, dass die Brücke einstürzen könnte.")
    assert quote_containing(output, "die Brücke")["speaker"] is None


def test_indefinite_pronoun_as_the_subject():
    text = "Damals glaubte niemand, dass das Projekt zehn Jahre dauern würde."
    assert quote_containing(analyze(text), "zehn Jahre")["speaker"]["text"] == "niemand"


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Heute lässt sie über ihren Anwalt erklären: „Ich trete zurück.“", "Ich trete", "sie"),
    ("Ein Sprecher der Firma ließ gegenüber der Presse durchblicken, dass Stellen wegfallen.", "Stellen wegfallen",
     "Ein Sprecher der Firma"),
])
def test_subject_of_lassen_with_a_speech_infinitive(text, fragment, speaker):
    assert quote_containing(analyze(text), fragment)["speaker"]["text"] == speaker


def test_wie_clause_without_its_closing_comma():
    words = "Wie die örtlichen Zeitungen berichten sind bei dem Sturm drei Bäume umgestürzt .".split()
    assert subject_of_verb(words, 4, 4) == (1, 4)


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Das habe Methode, so Eva Stein weiter: „Niemand will davon gewusst haben.“", "Niemand will", "Eva Stein"),
    ("Die Antwort von Eva Stein, der Sprecherin des Vereins, lautete knapp: „Kein Kommentar.“", "Kein Kommentar",
     "Die Antwort von Eva Stein"),
])
def test_speaker_of_a_colon_after_so_or_after_an_apposition(text, fragment, speaker):
    assert quote_containing(analyze(text, {"Eva Stein": "PER"}), fragment)["speaker"]["text"].startswith(speaker)


def test_subject_after_a_reflexive_verb_behind_a_fronted_phrase():
    text = "Auf ihrer Webseite zeigte sich die Stadtverwaltung bestürzt und verurteilte die Tat als „feigen Angriff“."
    assert quote_containing(analyze(text), "feigen Angriff")["speaker"]["text"] == "die Stadtverwaltung"


def test_genitive_name_in_place_of_the_article():
    text = "Kölns ehemalige Oberbürgermeisterin Eva Stein wies die Kritik zurück: Die Verwaltung habe korrekt gehandelt."
    quote = quote_containing(analyze(text, {"Eva Stein": "PER", "Kölns": "LOC"}), "Die Verwaltung")
    assert quote["speaker"]["text"] == "Kölns ehemalige Oberbürgermeisterin Eva Stein"


def test_uncued_quote_after_a_subject_with_apposition_and_relative_clause():
    text = ("Eva Stein, eine der Abgeordneten, die den Antrag stellten, kritisierte die Haltung der Regierung "
            "bezüglich des Nahen Ostens. „Diese Politik ist gescheitert.“")
    quote = quote_containing(analyze(text, {"Eva Stein": "PER"}), "gescheitert")
    assert quote["speaker"]["text"].startswith("Eva Stein")


def test_laut_source_in_the_cue_clause_is_the_source():
    text = "„Wir geben nicht auf“, sagte der Trainer laut Radio Bremen."
    assert quote_containing(analyze(text), "nicht auf")["speaker"]["text"] == "Radio Bremen"


def test_number_word_inside_a_genitive_attribute():
    text = "Vertreter der drei Verbände erwarten keine schnelle Entscheidung, weil die Frist noch laufe."
    assert quote_containing(analyze(text), "die Frist")["speaker"]["text"] == "Vertreter der drei Verbände"


@pytest.mark.parametrize("sentence, verb, expected", [
    ("Ihren Konkurrenten forderte Eva Stein auf , zurückzutreten", 2, "Eva Stein"),
    ("Den Vorschlag lehnte der Minister ab , weil", 2, "der Minister"),
])
def test_accusative_or_dative_pre_field_is_no_subject(sentence, verb, expected):
    words = sentence.split()
    span = subject_of_verb(words, verb, verb)
    assert span is not None and " ".join(words[span[0]:span[1]]) == expected


def test_accusative_pre_field_in_a_clause_without_a_known_cue():
    words = "Den Termin hat der Präsident festgesetzt .".split()
    assert subject_of_clause(words, 0, len(words)) == (3, 5)


@pytest.mark.parametrize("text, fragment, speaker", [
    ("So wird in einer Stellungnahme des Vereins gefordert, dass die Halle saniert werde.", "die Halle",
     "einer Stellungnahme des Vereins"),
    ("In einer Erklärung, die am Montag verbreitet wurde, wurde angekündigt, dass die Halle schließt.", "die Halle",
     "einer Erklärung"),
])
def test_passive_cue_takes_the_statement_it_stands_in(text, fragment, speaker):
    assert quote_containing(analyze(text), fragment)["speaker"]["text"] == speaker


def test_subject_of_a_wie_clause_interrupted_by_an_apposition():
    text = "Wie Eva Stein, Sprecherin des Vereins, in Bremen mitteilte, ist die Halle geschlossen."
    assert quote_containing(analyze(text, {"Eva Stein": "PER"}), "die Halle")["speaker"]["text"].startswith("Eva Stein")
    words = "Wie die Sprecherin , Eva Stein , in Bremen mitteilte , ist die Halle geschlossen".split()
    assert subject_of_verb(words, 9, 9) == (1, 6)


def test_subject_after_a_relative_genitive():
    words = "ein Skandal , in dessen Folge das Gericht festgestellt hatte , die Liste sei rechtens".split()
    assert subject_of_verb(words, 8, 8) == (6, 8)


def test_nach_phrase_without_an_actor_inside_a_complement_belongs_to_the_speaker():
    text = "Der Polizeisprecher Jan Ole sagte am Abend, nach neuesten Erkenntnissen sei der Täter geflohen."
    quote = quote_containing(analyze(text, {"Jan Ole": "PER"}), "der Täter")
    assert quote["speaker"]["text"] == "Der Polizeisprecher Jan Ole"


def test_thing_as_the_subject_of_a_weak_cue_carries_on_the_previous_speaker():
    text = ("Die Ärztin Eva Stein sagte, die Lage sei ernst. "
            "Derzeit bestehe keine Gefahr, dass sich das Virus in der Stadt ausbreite.")
    output = analyze(text, {"Eva Stein": "PER"})
    assert all(q["speaker"]["text"] == "Die Ärztin Eva Stein" for q in output["quotes"])


def test_nominative_pronoun_after_a_verb_that_opens_its_clause():
    text = "Das Angebot der Stadt, die Halle zu sanieren, lehnt er trotzdem ab: „Das ist viel zu teuer.“"
    assert quote_containing(analyze(text), "viel zu teuer")["speaker"]["text"] == "er"



def test_institution_noun_names_an_actor_only_when_definite():
    from service.quotes import DocumentView
    from service.speaker import names_an_actor
    from service.tokens import split_sentences

    text = "Die Regierung sei handlungsfähig, eine handlungsfähige Regierung sei notwendig."
    doc = DocumentView(text, split_sentences(text), [], [], [])
    assert names_an_actor(doc, 0, (0, 2))
    assert not names_an_actor(doc, 0, (5, 8))


def test_pluperfect_passive_takes_the_agent():
    text = "Im Mai war der Antrag von der Stadtverwaltung mit dem Hinweis abgelehnt worden, man sei nicht zuständig."
    assert quote_containing(analyze(text), "nicht zuständig")["speaker"]["text"] == "der Stadtverwaltung"


def test_relative_pronoun_of_a_passive_speech_verb_is_no_speaker():
    words = "Die Wolken , die als „ bedrohlich “ beschrieben wurden , zogen ab".split()
    assert subject_of_verb(words, 8, 8) is None


def test_demnach_is_the_mention_and_names_the_report_before_it():
    text = "Der Stadtrat hat einer neuen Satzung zugestimmt. Demnach dürfen Hunde nicht mehr in den Park."
    speaker = quote_containing(analyze(text), "Hunde")["speaker"]
    assert speaker["text"] == "Demnach" and speaker["name"] == "einer neuen Satzung"


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Die Partei plant neue Bündnisse; Aussagen, dass dies nur in der Stadt gelte, glauben die Mitglieder nicht.",
     "nur in der Stadt", "Aussagen"),
    ("Vorwürfe werden laut, dass der Verein die Spenden falsch verbucht habe.", "die Spenden", "Vorwürfe"),
])
def test_statement_noun_read_as_a_cue_is_the_source(text, fragment, speaker):
    quotes = [q for q in analyze(text)["quotes"] if fragment in q["text"]]
    assert not quotes or quotes[0]["speaker"]["text"] == speaker
    words = text.replace(",", " ,").replace(";", " ;").replace(".", " .").split()
    noun = words.index(speaker)
    from service.speaker import is_noun_cue
    assert is_noun_cue(words, noun)


def test_statement_noun_cue_takes_its_holder():
    from service.speaker import statement_holder

    words = "Die Vorwürfe des Ministers , dass die Zahlen falsch seien".split()
    assert statement_holder(words, 1) == (2, 4)
    words = "Vorwürfe von Umweltschützern , dass das Wasser verseucht sei".split()
    assert statement_holder(words, 0) == (2, 3)


def test_pronoun_subject_in_between_keeps_the_speaker_mention():
    text = ("Der Minister Jan Ole sagte, die Steuern würden sinken. Im Herbst will er ein Gesetz vorlegen. "
            "Die Entlastung sei größer als erwartet.")
    quote = quote_containing(analyze(text, {"Jan Ole": "PER"}), "Die Entlastung")
    assert quote["speaker"]["text"] == "Der Minister Jan Ole"


def test_continuation_after_nach_eigenen_angaben_speaks_in_the_subject_voice():
    text = ("Der Trainer Jan Ole war nach eigenen Angaben seit Wochen über den Wechsel informiert. "
            "Der Verein habe ihn früh eingebunden.")
    quote = quote_containing(analyze(text, {"Jan Ole": "PER"}), "Der Verein habe")
    assert quote["speaker"]["text"] == "Der Trainer Jan Ole"


def test_konjunktiv_clause_before_a_colon_is_reported_and_the_speaker_goes_on():
    text = ("Wie die Bürgermeisterin Eva Stein erklärte, habe sie die Feuerwehr alarmiert. "
            "Hamburg sei den Nachbarn zu Dank verpflichtet: „Sie haben uns damals auch geholfen.“")
    quote = quote_containing(analyze(text, {"Eva Stein": "PER", "Hamburg": "LOC"}), "auch geholfen")
    assert quote["speaker"]["text"] == "die Bürgermeisterin Eva Stein"


def test_capitalised_subordinator_is_no_name():
    words = "Nachdem er die Akten geprüft und gelesen hat , habe er versucht , zu schlichten".split()
    phrase = noun_phrase_after(words, 0)
    assert phrase is None or words[phrase[0]] != "Nachdem"


def test_object_first_clause_with_an_organisation_after_the_verb():
    text = "Die Zahl der Verletzten bezifferte die Agentur Nowosti am Abend mit zwölf, darunter drei Kinder."
    output = analyze(text, {"Nowosti": "ORG"})
    assert output["quotes"] and output["quotes"][0]["speaker"]["text"] == "die Agentur Nowosti"


def test_name_with_a_bare_noun_apposition():
    text = "Jan Ole, Obmann der Fraktion Grüne / EFA im Bauausschuss, warf dem Senat vor, die Kosten zu verschleiern."
    quote = quote_containing(analyze(text, {"Jan Ole": "PER"}), "die Kosten")
    assert quote["speaker"]["text"].startswith("Jan Ole")


def test_partitive_von_is_no_passive_agent():
    from service.speaker import passive_source

    words = "Nur einer kleinen Anzahl von Journalisten wurde zugebilligt , fair berichtet zu haben".split()
    assert passive_source(words, 7) is None
    words = "Mit 20 von 30 Stimmen wurde beschlossen , den Antrag abzulehnen".split()
    assert passive_source(words, 6) is None
    words = "Der Vorschlag wurde von der Regierung abgelehnt , weil er zu teuer sei".split()
    assert passive_source(words, 6) == (4, 6)


def test_hatte_es_geheissen_before_a_colon_takes_the_document():
    text = "In einer Erklärung der Innenminister hatte es geheißen: „Es gibt keine einfache Lösung.“"
    assert quote_containing(analyze(text), "einfache Lösung")["speaker"]["text"] == "einer Erklärung der Innenminister"


def test_conjunction_before_a_wie_clause():
    text = "Denn wie die Zeitung „Kurier“ am Montag berichtete, ist der Trainer entlassen worden."
    assert quote_containing(analyze(text), "der Trainer")["speaker"]["text"] == "die Zeitung „Kurier“"


@pytest.mark.parametrize("sentence, expected", [
    ("Sowohl die Landesregierung als auch die Gewerkschaft kündigten Gespräche an .",
     "Sowohl die Landesregierung als auch die Gewerkschaft"),
    ("Weder der Trainer noch der Manager wollten sich äußern .", "Weder der Trainer noch der Manager"),
])
def test_correlative_coordination_is_one_subject(sentence, expected):
    words = sentence.split()
    verb = words.index("kündigten") if "kündigten" in words else words.index("wollten")
    span = noun_phrase_before(words, verb, 0)
    assert span is not None and " ".join(words[span[0]:span[1]]) == expected


def test_correlative_subject_is_the_speaker_not_the_object():
    text = "Sowohl die Stadtverwaltung als auch die Polizei kündigten eine Untersuchung des Unfalls an."
    quote = quote_containing(analyze(text, {"Polizei": "ORG"}), "kündigten")
    assert quote["speaker"]["text"] == "Sowohl die Stadtverwaltung als auch die Polizei"


def test_document_in_aus_phrase_is_the_source_of_hervorgehen():
    text = "Wie aus dem Jahresbericht der Bundesbank hervorgeht, sind die Einlagen der Sparer deutlich gestiegen."
    quote = quote_containing(analyze(text, {"Bundesbank": "ORG"}), "Einlagen")
    assert quote["speaker"]["text"] == "dem Jahresbericht der Bundesbank"


def test_hervorgehen_inside_the_message_names_no_document():
    text = "Der Trainer glaubt, dass die Mannschaft gestärkt aus der schwachen Saison hervorgegangen sei."
    quote = quote_containing(analyze(text), "Mannschaft")
    assert quote["speaker"]["text"] == "Der Trainer"


def test_fronted_state_word_is_no_subject():
    text = "Besorgt äußerte sich Generalsekretär António Guterres über die Lage. Auch gebe es Berichte über Entführungen."
    quote = quote_containing(analyze(text, {"António Guterres": "PER"}), "Entführungen")
    assert quote["speaker"]["name"] == "António Guterres"


def test_speech_goes_on_in_the_voice_of_the_speaker_not_of_a_wonach_report():
    text = ("Helferin Anna Berger sagte, es sei der falsche Eindruck entstanden, wonach die Hilfe nicht ankomme. "
            "Bisher seien jedoch 65 Tonnen Reis verteilt worden.")
    output = analyze(text, {"Anna Berger": "PER"})
    assert quote_containing(output, "es sei der falsche Eindruck")["speaker"]["name"] == "Anna Berger"
    assert quote_containing(output, "die Hilfe nicht ankomme")["cue"]["text"] == "wonach"
    assert quote_containing(output, "65 Tonnen")["speaker"]["name"] == "Anna Berger"


def test_name_ending_in_s_keeps_it_unless_the_entity_is_written_without():
    index = EntityIndex([EntityMention(0, 16, "PER", "António Guterres"), EntityMention(30, 38, "PER", "Guterres")])
    assert index.clusters["PER:guterre"].name == "António Guterres"
    index = EntityIndex([EntityMention(0, 14, "PER", "Wladimir Putin"), EntityMention(30, 36, "PER", "Putins")])
    assert index.clusters["PER:putin"].name == "Wladimir Putin"
    index = EntityIndex([EntityMention(0, 6, "PER", "Putins"), EntityMention(30, 35, "PER", "Putin")])
    assert index.clusters["PER:putin"].name == "Putin"


def test_pronoun_does_not_take_up_a_noun_of_the_other_gender():
    # "Er" cannot be "die Staatsanwaltschaft"; with no agreeing subject before, it stays unresolved
    text = ("Die Staatsanwaltschaft wirft dem Mann vor, drei Banken überfallen zu haben. "
            "Er sagt, er sei unschuldig.")
    quote = quote_containing(analyze(text), "unschuldig")
    assert quote["speaker"]["text"] == "Er"
    assert quote["speaker"]["name"] != "Die Staatsanwaltschaft"


def test_pronoun_skips_a_disagreeing_subject_for_an_earlier_one():
    text = ("Die Ministerin Petra Lang sprach am Morgen in Berlin. Der Sprecher der Partei nickte. "
            "Sie sagte, man werde die Reform umsetzen.")
    quote = quote_containing(analyze(text, {"Petra Lang": "PER"}), "Reform")
    assert quote["speaker"]["name"] == "Petra Lang"


def test_masculine_der_before_the_verb_is_the_subject_not_the_organisation_after_it():
    text = "Der Sicherheitsrat rief die libysche Regierung zur Beendigung der Gewalt auf."
    quote = analyze(text)["quotes"][0]
    assert quote["speaker"]["text"] == "Der Sicherheitsrat"
    assert quote["addressee"]["text"] == "die libysche Regierung"


def test_affiliation_with_von_stays_in_the_speaker_phrase_and_is_no_addressee():
    text = "Joe Stork von HRW fordert von der jemenitischen Regierung eine Untersuchung des Vorfalls."
    quote = analyze(text, {"Joe Stork": "PER", "HRW": "ORG"})["quotes"][0]
    assert quote["speaker"]["text"] == "Joe Stork von HRW"
    assert quote["speaker"]["name"] == "Joe Stork"
    assert quote["addressee"]["text"] == "der jemenitischen Regierung"


def test_age_noun_is_a_speaker_and_takes_up_the_person_named_before():
    text = ("Der Angeklagte Peter Maier schwieg lange. "
            "Der 45-Jährige sagte dann vor Gericht, er habe nichts gesehen.")
    quote = quote_containing(analyze(text, {"Peter Maier": "PER"}), "nichts gesehen")
    assert quote["speaker"]["text"] == "Der 45-Jährige"
    assert quote["speaker"]["name"] == "Peter Maier"


@pytest.mark.parametrize("text, speaker", [
    ("„Das ist inakzeptabel“, zitierte die Agentur Reuters einen Diplomaten.", "einen Diplomaten"),
    ("„Das ist inakzeptabel“, wird der Minister zitiert.", "der Minister"),
    ("Der Minister wird mit den Worten zitiert: „Das ist inakzeptabel.“", "Der Minister"),
])
def test_zitieren_the_quoted_person_is_the_speaker(text, speaker):
    quote = quote_containing(analyze(text, {"Reuters": "ORG"}), "inakzeptabel")
    assert quote["speaker"]["text"] == speaker


def test_colon_without_a_subject_carries_on_the_speaker():
    text = "Die Ministerin betonte: „Wir lassen uns nicht einschüchtern.“ Und weiter: „Wir machen weiter.“"
    quote = quote_containing(analyze(text), "Wir machen weiter")
    assert quote["speaker"]["text"] == "Die Ministerin"


@pytest.mark.parametrize("text", [
    "Der Minister werde zurücktreten, verlautete aus Regierungskreisen.",
    "Aus Regierungskreisen verlautete, der Minister werde zurücktreten.",
])
def test_verlautete_aus_names_the_source(text):
    quote = quote_containing(analyze(text), "zurücktreten")
    assert quote["speaker"]["text"] == "Regierungskreisen"
    assert "verlautete" not in quote["text"]


def test_possessive_deren_opens_a_speaker_phrase():
    text = "Kritik kam von der Union. Deren Innenexperte Alexander Throm sagte, die Kontrollen reichten nicht aus."
    quote = quote_containing(analyze(text, {"Alexander Throm": "PER"}), "Kontrollen")
    assert quote["speaker"]["text"] == "Deren Innenexperte Alexander Throm"


def test_zitieren_with_the_medium_as_subject_gives_the_quoted_person():
    quote = analyze("Die Zeitung zitiert den Minister mit den Worten, man werde nicht nachgeben.")["quotes"][0]
    assert quote["speaker"]["text"] == "den Minister"


@pytest.mark.parametrize("text, source", [
    ("Wie es in der Erklärung hieß, wurden drei Soldaten verletzt.", "der Erklärung"),
    ("Drei Soldaten wurden verletzt, wie es in einer Mitteilung des Ministeriums hieß.",
     "einer Mitteilung des Ministeriums"),
])
def test_wie_es_hiess_names_the_document(text, source):
    quote = quote_containing(analyze(text), "Soldaten")
    assert quote["speaker"]["text"] == source
    assert "hieß" not in quote["text"]


def test_sie_after_the_verb_is_the_object_when_the_prefield_names_the_subject():
    text = "Ihre Trainerin Anna Schmidt lobte sie: „Sie hat alles richtig gemacht.“"
    quote = analyze(text, {"Anna Schmidt": "PER"})["quotes"][0]
    assert quote["speaker"]["text"] == "Ihre Trainerin Anna Schmidt"


def test_role_noun_before_anyone_spoke_takes_up_the_person_named_before():
    text = ("Bundeskanzler Olaf Scholz äußerte sich in Berlin. "
            "„Wir stehen an der Seite der Ukraine“, betonte der SPD-Politiker.")
    quote = quote_containing(analyze(text, {"Olaf Scholz": "PER"}), "Ukraine")
    assert quote["speaker"]["text"] == "der SPD-Politiker"
    assert quote["speaker"]["name"] == "Olaf Scholz"


def test_qualified_role_noun_takes_up_the_person_with_that_qualifier():
    text = ("Der ukrainische Präsident Wolodymyr Selenskyj sagte, die Lage sei ernst. "
            "Ex-Präsident Donald Trump sagte, er werde helfen. "
            "Der ukrainische Präsident erklärte, er vertraue darauf.")
    output = analyze(text, {"Wolodymyr Selenskyj": "PER", "Donald Trump": "PER"})
    assert quote_containing(output, "vertraue")["speaker"]["name"] == "Wolodymyr Selenskyj"


def test_country_genitive_and_adjective_name_the_same_role():
    text = ("Russlands Präsident Wladimir Putin sagte, man sei bereit. "
            "Frankreichs Präsident Emmanuel Macron sagte, man müsse warten. "
            "Der russische Präsident betonte, die Zeit dränge.")
    output = analyze(text, {"Wladimir Putin": "PER", "Emmanuel Macron": "PER"})
    assert quote_containing(output, "Zeit dränge")["speaker"]["name"] == "Wladimir Putin"


def test_verb_first_clause_with_aber_shares_the_sentence_subject():
    text = "Wadephul sagte nicht, auf welche Staaten er sich bezieht, kündigte aber Gespräche an."
    quotes = analyze(text, {"Wadephul": "PER"})["quotes"]
    assert [q["speaker"]["text"] for q in quotes] == ["Wadephul"]
    assert quotes[0]["text"].startswith("kündigte")


def test_subject_before_a_relative_and_an_um_zu_clause():
    text = ("Der Minister, der am Montag in Brüssel mit seinen Amtskollegen zusammengetroffen war, um über die "
            "Krise zu beraten, sagte anschließend, die Gespräche seien konstruktiv gewesen.")
    assert analyze(text)["quotes"][0]["speaker"]["text"] == "Der Minister"


def test_coordinated_verb_takes_the_subject_after_a_fronted_als_phrase():
    text = ("Als scheidende Premierministerin habe sie ihren Abschied akzeptiert und frage Corbyn, "
            "ob nicht auch für ihn der richtige Zeitpunkt gekommen sei.")
    quote = quote_containing(analyze(text, {"Corbyn": "PER"}), "Zeitpunkt")
    assert quote["speaker"]["text"] == "sie"


def test_two_people_joined_by_a_preposition_are_not_one_name():
    text = "Später soll Anelka zu Domenech gesagt haben: „Das ist eine Frechheit.“"
    quote = quote_containing(analyze(text, {"Anelka": "PER", "Domenech": "PER"}), "Frechheit")
    assert quote["speaker"]["text"] == "Anelka"


def test_mit_diesen_worten_after_a_quote_attributes_it():
    text = "Der Trainer kehrt zurück. „Guten Tag, ich bin wieder da“, mit diesen Worten meldete er sich zurück."
    quote = quote_containing(analyze(text), "Guten Tag")
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == ("er", "meldete")


def test_zu_infinitive_cue_takes_the_subject_of_its_governing_clause():
    text = ("Sein Mitarbeiter Nick Brauns hat weniger Hemmungen, seine Sympathien öffentlich zu zeigen: "
            "„Wir sind der Meinung, dass der Kampf legitim ist.“")
    quote = quote_containing(analyze(text, {"Nick Brauns": "PER"}), "legitim")
    assert quote["speaker"]["name"] == "Nick Brauns"


@pytest.mark.parametrize("phrase", [
    "der sich selbst als Gegner Thaksins inszenierende Medienunternehmer Sondhi Limthongkul",
    "Der seit Jahren in Berlin lebende Autor",
    "Die am Montag veröffentlichte Studie",
])
def test_noun_phrase_with_an_extended_participle_attribute(phrase):
    words = (phrase + " sagte heute etwas").split()
    assert noun_phrase_after(words, 0) == (0, len(phrase.split()))


def test_article_before_a_verb_is_no_extended_attribute():
    assert noun_phrase_after("die Regierung habe am Montag die neue Strategie".split(), 0) == (0, 2)


def test_passive_speech_act_in_an_instruction_names_it_and_its_continuation():
    text = ("Alle Beamten wurden in einer Anweisung der Botschaft aufgefordert, die Stadt zu verlassen. "
            "Grund dafür sei, dass man einen Anschlag befürchte.")
    output = analyze(text)
    assert quote_containing(output, "Grund dafür")["speaker"]["text"] == "einer Anweisung der Botschaft"


def test_surname_that_is_also_a_season_is_no_time_phrase():
    text = "Der Vorsitzende des Gewerkschaftsbundes, Michael Sommer, sagte, die Löhne müssten steigen."
    quote = analyze(text, {"Michael Sommer": "PER"})["quotes"][0]
    assert quote["speaker"]["name"] == "Michael Sommer"
    assert analyze("Letzte Woche sagte der Minister, man werde handeln.")["quotes"][0]["speaker"]["text"] == \
        "der Minister"


def test_name_in_commas_after_an_inverted_role_speaker_names_it():
    text = "Die Lage sei ruhig, sagte der Sprecher des Ministeriums, Peter Müller."
    quote = analyze(text, {"Peter Müller": "PER"})["quotes"][0]
    assert quote["speaker"]["text"] == "der Sprecher des Ministeriums, Peter Müller"
    assert quote["speaker"]["name"] == "Peter Müller"


@pytest.mark.parametrize("text, speaker", [
    ("Von Seiten der Regierung wurde betont, dass man an dem Plan festhalte.", "der Regierung"),
    ("Seitens der Polizei wurde erklärt, es bestehe keine Gefahr.", "der Polizei"),
    ("Von der Opposition kam scharfe Kritik: Der Plan sei verfassungswidrig.", "der Opposition"),
])
def test_agent_of_a_passive_or_a_colon_statement(text, speaker):
    quote = analyze(text)["quotes"][0]
    assert quote["speaker"]["text"] == speaker
    assert quote["addressee"] is None


def test_genitive_name_before_a_statement_noun_names_the_speaker():
    text = "Wirtschaftsminister Robert Habeck zog Bilanz. Habecks Fazit: „Wir brauchen mehr Tempo.“"
    quote = quote_containing(analyze(text, {"Robert Habeck": "PER", "Habecks": "PER"}), "Tempo")
    assert quote["speaker"]["text"] == "Habecks Fazit"
    assert quote["speaker"]["name"] == "Robert Habeck"


@pytest.mark.parametrize("text, entities, speaker", [
    ("Die Forscher um Professorin Lisa Braun schreiben, die Ergebnisse seien eindeutig.", {"Lisa Braun": "PER"},
     "Die Forscher um Professorin Lisa Braun"),
    ("Das Team um den Virologen Christian Drosten berichtet, das Virus sei mutiert.", {"Christian Drosten": "PER"},
     "Das Team um den Virologen Christian Drosten"),
])
def test_group_around_a_person_is_the_subject(text, entities, speaker):
    assert analyze(text, entities)["quotes"][0]["speaker"]["text"] == speaker


@pytest.mark.parametrize("text, speaker", [
    ("Für den Verband ist klar: „Ohne Förderung wird es nicht gehen.“", "den Verband"),
    ("Für die Gewerkschaft steht fest: „Wir streiken weiter.“", "die Gewerkschaft"),
])
def test_the_one_for_whom_it_is_certain_speaks_after_the_colon(text, speaker):
    assert analyze(text)["quotes"][0]["speaker"]["text"] == speaker


def test_a_time_phrase_before_is_klar_gives_no_certainty_holder():
    quote = analyze("Der Minister sprach lange. Für alle Beteiligten war der Tag lang: „Wir sind müde.“")["quotes"]
    assert all(q["speaker"] is None or q["speaker"]["text"] != "alle Beteiligten" for q in quote)


def test_the_actor_who_answers_a_report_in_the_prefield_goes_on_speaking():
    text = ("Berichte, wonach der Minister zurücktreten wolle, konnte die Sprecherin nicht bestätigen. "
            "Der Vorgang werde derzeit geprüft.")
    output = analyze(text)
    report = quote_containing(output, "zurücktreten")
    assert report["text"] == "der Minister zurücktreten wolle"
    assert report["speaker"]["text"] == "Berichte"
    assert quote_containing(output, "Vorgang")["speaker"]["text"] == "die Sprecherin"


def test_a_report_named_as_object_keeps_the_voice_of_what_follows():
    text = ("Ein Polizeisprecher konnte Berichte nicht bestätigen, wonach Zeugen eine Explosion gehört hätten. "
            "Das Feuer solle im Keller ausgebrochen sein.")
    assert quote_containing(analyze(text), "Keller")["speaker"]["text"] == "Berichte"


@pytest.mark.parametrize("text, speaker", [
    ("Am Samstag zogen die Demonstranten durch die Stadt und riefen: „Wir sind das Volk!“", "die Demonstranten"),
    ("Im Februar erklärten die Forscher in Genf und schrieben: „Das Teilchen existiert.“", "die Forscher"),
])
def test_plural_verb_after_a_fronted_phrase_is_no_adjective(text, speaker):
    assert analyze(text)["quotes"][0]["speaker"]["text"] == speaker


def test_a_self_description_in_a_wie_clause_is_no_cue():
    text = ("Wenige Stunden nach dem Putsch erklärte der „Oberste Rat“, wie sich die Militärjunta selbst nennt, "
            "die Situation sei unter Kontrolle.")
    quote = quote_containing(analyze(text), "Situation")
    assert quote["speaker"]["text"] == "der „Oberste Rat“"
    assert quote["cue"]["text"] == "erklärte"


@pytest.mark.parametrize("text, message, speaker", [
    ("Sie wisse, dass ihre Arbeit Schwächen habe, hatte die Politikerin damals gesagt.",
     "Sie wisse, dass ihre Arbeit Schwächen habe", "die Politikerin"),
    ("Er glaube, dass die Reform scheitern werde, hatte der Minister im Mai erklärt.",
     "Er glaube, dass die Reform scheitern werde", "der Minister"),
])
def test_trailing_perfect_attribution_takes_a_konjunktiv_sentence_with_its_dass_clause(text, message, speaker):
    quote = analyze(text)["quotes"][0]
    assert (quote["text"], quote["speaker"]["text"]) == (message, speaker)


def test_trailing_perfect_attribution_after_a_subordinate_clause_is_not_taken():
    quotes = analyze("Nachdem der Bericht erschienen war, hatte der Minister seinen Rücktritt angekündigt.")["quotes"]
    assert not any(q["text"].startswith("Nachdem") for q in quotes)


def test_party_prefix_keeps_two_party_chairs_apart():
    text = ("Der FDP-Vorsitzende Guido Westerwelle warf der Regierung vor, sie verschleudere Steuergelder. "
            "Bundeskanzlerin Angela Merkel verteidigte die Pläne. "
            "Die Regierung habe entschlossen gehandelt, sagte die CDU-Vorsitzende.")
    quote = quote_containing(analyze(text, {"Guido Westerwelle": "PER", "Angela Merkel": "PER"}), "entschlossen")
    assert quote["speaker"]["text"] == "die CDU-Vorsitzende"
    assert quote["speaker"]["name"] == "Angela Merkel"


def test_konjunktiv_cue_with_man_carries_on_the_previous_speaker():
    text = ("Der Präsident des Verbandes, Hans Keitel, erklärte, die Maßnahmen kämen zur rechten Zeit. "
            "Man hoffe aber, dass die Regierung auch die Steuern senke.")
    quote = quote_containing(analyze(text, {"Hans Keitel": "PER"}), "Steuern senke")
    assert quote["speaker"]["name"] == "Hans Keitel"


def test_possessive_before_a_statement_noun_names_its_holder():
    text = "Finanzminister Peer Steinbrück sprach im Bundestag. Das Paket soll nach seinen Worten 50 Milliarden Euro kosten."
    quote = quote_containing(analyze(text, {"Peer Steinbrück": "PER"}), "Milliarden")
    assert quote["speaker"]["text"] == "seinen Worten"
    assert quote["speaker"]["name"] == "Peer Steinbrück"


@pytest.mark.parametrize("text, source, message", [
    ("Nach Ansicht von Ökonomen reicht das Paket jedoch nicht aus.", "Ökonomen", "reicht das Paket jedoch nicht aus"),
    ("Die Ermittler gehen nach ersten Erkenntnissen von Brandstiftung aus.", "ersten Erkenntnissen", None),
])
def test_von_after_a_source_noun_names_the_source_unless_ausgehen_von(text, source, message):
    quote = analyze(text)["quotes"][0]
    assert quote["speaker"]["text"] == source
    if message:
        assert quote["text"] == message


@pytest.mark.parametrize("text, fragment", [
    ("So berichtete Gary Moore im Fernsehen, er warte im zwölften Stock auf Rettung. "
     "Er sei jedoch zuversichtlich, da die Feuerwehr schon viele Menschen gerettet habe.", "Feuerwehr"),
    ("Theresa May sprach von einem schweren Tag. Als scheidende Premierministerin habe sie ihren Abschied "
     "akzeptiert und frage Corbyn, ob nicht auch für ihn der richtige Zeitpunkt gekommen sei.", "Zeitpunkt"),
])
def test_pronoun_cue_in_konjunktiv_is_the_previous_speaker_still_talking(text, fragment):
    output = analyze(text, {"Gary Moore": "PER", "Theresa May": "PER", "Corbyn": "PER"})
    first, quote = output["quotes"][0], quote_containing(output, fragment)
    assert quote["speaker"]["start"] == first["speaker"]["start"]
    assert quote["speaker"]["text"] not in ("Er", "sie")


def test_more_role_nouns_take_up_the_person_named_before():
    text = ("Oppositionsführer Mohammed ElBaradei forderte den Rücktritt des Präsidenten. "
            "„Das Regime muss gehen“, sagte der Friedensnobelpreisträger vor Journalisten.")
    quote = quote_containing(analyze(text, {"Mohammed ElBaradei": "PER"}), "Regime")
    assert quote["speaker"]["name"] == "Mohammed ElBaradei"


def test_masculine_role_noun_after_die_is_a_plural():
    text = ("Trainer Jürgen Klopp war enttäuscht. Die Spieler seien müde gewesen, sagten die Spieler nach dem Spiel.")
    quote = quote_containing(analyze(text, {"Jürgen Klopp": "PER"}), "müde")
    assert quote["speaker"]["name"] != "Jürgen Klopp"


def test_a_von_phrase_after_a_pronoun_subject_is_no_antecedent():
    text = ("Gribkowsky hatte die Vorwürfe gestanden. "
            "Er habe sich von Formel-1-Chef Bernie Ecclestone bestechen lassen, räumte er ein.")
    quote = analyze(text, {"Gribkowsky": "PER", "Bernie Ecclestone": "PER"})["quotes"][0]
    assert quote["speaker"]["name"] == "Gribkowsky"


@pytest.mark.parametrize("text, speaker", [
    ("Nach langer Prüfung sah es das Gericht als erwiesen an, dass sie gegen die Ordnung verstoßen hatte.",
     "das Gericht"),
    ("Weil die Zeugen schwiegen, hielt es die Kammer für erwiesen, dass der Mann gelogen hatte.", "die Kammer"),
])
def test_object_es_before_the_subject_is_skipped(text, speaker):
    assert analyze(text)["quotes"][0]["speaker"]["text"] == speaker


@pytest.mark.parametrize("noun", ["Spekulationen", "Gerüchte", "Vermutungen", "Behauptungen"])
def test_rumours_are_reports_a_wonach_clause_belongs_to(noun):
    text = (f"{noun}, wonach der Minister zurücktreten wolle, konnte die Sprecherin nicht bestätigen. "
            "Der Vorgang werde derzeit geprüft.")
    output = analyze(text)
    assert quote_containing(output, "zurücktreten")["speaker"]["text"] == noun
    assert quote_containing(output, "Vorgang")["speaker"]["text"] == "die Sprecherin"


def test_quote_in_brackets_after_a_name_is_that_persons():
    text = ("Viele Politiker gratulierten, darunter der Leiter der IAEA, Mohammed ElBaradei („Mir fällt niemand ein, "
            "der diese Ehre mehr verdient hätte.“), und der norwegische Ministerpräsident Jens Stoltenberg: "
            "„Der Preis kommt nicht zu früh.“")
    output = analyze(text, {"Mohammed ElBaradei": "PER", "Jens Stoltenberg": "PER", "IAEA": "ORG"})
    first, second = quote_containing(output, "Ehre"), quote_containing(output, "Preis")
    assert (first["speaker"]["name"], first["cue"]) == ("Mohammed ElBaradei", None)
    assert second["speaker"]["text"] == "der norwegische Ministerpräsident Jens Stoltenberg"
    merkel = analyze("Auch Kanzlerin Merkel („Ich freue mich sehr“) gratulierte dem Preisträger.", {"Merkel": "PER"})
    assert merkel["quotes"][0]["speaker"]["text"] == "Kanzlerin Merkel"


def test_quote_in_brackets_after_an_object_name_is_the_subjects():
    quote = analyze("Die Kanzlerin lobte Macron („ein großer Europäer“).", {"Macron": "PER"})["quotes"][0]
    assert quote["speaker"]["text"] == "Die Kanzlerin"


def test_role_noun_after_a_quantifier_is_a_plural():
    text = "Mohammed ElBaradei gratulierte. Viele Politiker sagten, der Preis sei verdient."
    quote = quote_containing(analyze(text, {"Mohammed ElBaradei": "PER"}), "verdient")
    assert quote["speaker"]["name"] == "Viele Politiker"


@pytest.mark.parametrize("text, fragment, name", [
    ("Der Experte von Greenpeace, Martin Hoffstetter, wandte sich gegen die Behauptung, die Kartoffel werde nicht "
     "in die Nahrung gelangen: „Wo Genpflanzen angebaut werden, tauchen sie auch in Lebensmitteln auf.“",
     "Genpflanzen", "Martin Hoffstetter"),
    ("Der Kommissar Ján Figeľ bekräftigte das Engagement der Kommission. Die Pflichten der Union seien klar "
     "festgelegt: „Daraus ergibt sich, dass nationales Recht nachrangig ist.“", "nachrangig", "Ján Figeľ"),
])
def test_konjunktiv_clause_before_a_colon_is_reported_by_the_actor_around_it(text, fragment, name):
    output = analyze(text, {"Martin Hoffstetter": "PER", "Ján Figeľ": "PER", "Greenpeace": "ORG"})
    assert quote_containing(output, fragment)["speaker"]["name"] == name


@pytest.mark.parametrize("text, speaker", [
    ("Die Union sowie auch die FDP sprechen sich gegen strengere Regeln aus. Als Begründung dafür heißt es, die "
     "bestehenden Gesetze seien ausreichend.", "Die Union"),
    ("So hat die Stadt ihre Müllgebühren um sieben Prozent erhöht. Als Begründung wurde angegeben, die Bürger "
     "nutzten kleinere Tonnen.", "die Stadt"),
])
def test_an_impersonal_statement_of_reasons_is_the_earlier_actors(text, speaker):
    assert analyze(text, {"Union": "ORG", "FDP": "ORG"})["quotes"][-1]["speaker"]["text"].startswith(speaker)


def test_a_relative_clause_between_cue_and_complement_is_skipped():
    text = ("Hartmann selbst schrieb in einer Presseerklärung, die auf ihrer Homepage veröffentlicht wurde, "
            "sie wolle sich eine Abstimmung ersparen.")
    quote = analyze(text, {"Hartmann": "PER"})["quotes"][0]
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == ("Hartmann", "schrieb")


def test_quantifier_after_the_article_stays_in_the_speaker():
    text = "„Das ist ein klarer Bruch der Wahlversprechen“, meinen die beiden Mitglieder Jan Giesel und David Perteck."
    quote = analyze(text, {"Jan Giesel": "PER", "David Perteck": "PER"})["quotes"][0]
    assert quote["speaker"]["text"].startswith("die beiden Mitglieder")


@pytest.mark.parametrize("text, speaker", [
    ("Müller (45) sagte, er sei enttäuscht.", "Müller (45)"),
    ("Müller – seit 2010 im Amt – sagte, er werde nicht zurücktreten.", "Müller – seit 2010 im Amt –"),
    ("Mehr als 100 Wissenschaftler forderten in einem offenen Brief, die Förderung zu erhöhen.",
     "Mehr als 100 Wissenschaftler"),
    ("Knapp die Hälfte der Befragten gab an, dass sie mit der Regierung unzufrieden sei.",
     "Knapp die Hälfte der Befragten"),
    ("Rund 200 Anwohner erklärten, der Lärm sei unerträglich.", "Rund 200 Anwohner"),
])
def test_subjects_with_ages_remarks_and_counts(text, speaker):
    assert analyze(text, {"Müller": "PER"})["quotes"][0]["speaker"]["text"] == speaker


def test_name_in_commas_after_a_laut_source_belongs_to_the_source():
    quote = analyze("Laut dem Sprecher des Innenministeriums, Steve Alter, gibt es keine Hinweise.",
                    {"Steve Alter": "PER"})["quotes"][0]
    assert quote["text"] == "gibt es keine Hinweise"
    assert quote["speaker"]["name"] == "Steve Alter"


@pytest.mark.parametrize("text, speaker", [
    ("Auf dem Plakat stand: „Keine Macht den Drogen.“", "dem Plakat"),
    ("Auf ihrer Homepage fand sich der Satz: „Wir glauben an das Gute.“", "ihrer Homepage"),
    ("Darauf waren die Worte zu lesen: „Paris unterstützt die Menschenrechte.“", "Darauf"),
    ("In dem Schreiben ist zu lesen, die Firma sei zahlungsunfähig.", "dem Schreiben"),
])
def test_the_place_where_words_are_written_is_their_source(text, speaker):
    assert analyze(text)["quotes"][0]["speaker"]["text"] == speaker


@pytest.mark.parametrize("text", [
    "Den Beschäftigten droht die Entlassung, teilte der Betriebsrat mit.",
    "Den Arbeitern drohen Kürzungen, sagte der Sprecher.",
])
def test_drohen_with_a_dative_is_part_of_the_message(text):
    quote = analyze(text)["quotes"][0]
    assert quote["text"] == text.split(",")[0]


@pytest.mark.parametrize("text, speaker", [
    ("Gesagt hat er: „Ich bleibe im Amt.“", "er"),
    ("Gesagt hat der Minister: „Ich bleibe im Amt.“", "der Minister"),
])
def test_fronted_participle_is_the_cue_and_the_subject_follows_the_auxiliary(text, speaker):
    quote = analyze(text)["quotes"][0]
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == (speaker, "Gesagt")


@pytest.mark.parametrize("text, entities, speaker", [
    ("Niedersachsens Ministerpräsident Stephan Weil (SPD) sagte, er sei erleichtert.", {"Stephan Weil": "PER"},
     "Niedersachsens Ministerpräsident Stephan Weil (SPD)"),
    ("Der 45 Jahre alte Mann sagte, er habe nichts gesehen.", {}, "Der 45 Jahre alte Mann"),
])
def test_surnames_that_are_function_words_and_ages_in_years(text, entities, speaker):
    assert analyze(text, entities)["quotes"][0]["speaker"]["text"] == speaker


def test_demonstrative_takes_up_the_person_named_last_not_the_topic():
    text = "Merkel traf Macron in Paris. Dieser sagte, Europa müsse zusammenstehen."
    quote = analyze(text, {"Merkel": "PER", "Macron": "PER"})["quotes"][0]
    assert (quote["speaker"]["text"], quote["speaker"]["name"]) == ("Dieser", "Macron")


@pytest.mark.parametrize("text, speaker", [
    ("Diese baten ihn um Zigaretten und drohten dem Mann an, ihn zu durchsuchen.", "Diese"),
    ("Die Täter baten ihn um Geld und drohten dem Wirt an, das Lokal zu verwüsten.", "Die Täter"),
])
def test_a_dative_after_a_coordinated_verb_is_its_object_not_its_subject(text, speaker):
    assert analyze(text)["quotes"][0]["speaker"]["text"] == speaker


@pytest.mark.parametrize("text, speaker, addressee", [
    ("Am Montag hat sich gegenüber Wikinews der EU-Kommissar Ján Figeľ zu den Plänen geäußert: „Das ist nicht zulässig.“",
     "der EU-Kommissar Ján Figeľ", "Wikinews"),
    ("Am Montag sagte gegenüber Journalisten der Sprecher, man werde nicht nachgeben.", "der Sprecher", "Journalisten"),
])
def test_gegenueber_before_the_subject_names_the_addressee_not_the_speaker(text, speaker, addressee):
    quote = analyze(text, {"Ján Figeľ": "PER", "Wikinews": "ORG"})["quotes"][0]
    assert (quote["speaker"]["text"], quote["addressee"]["text"]) == (speaker, addressee)


def test_speech_after_hearsay_goes_on_in_the_earlier_speakers_voice():
    text = ("Die Polizei teilte mit, der Platz werde ab sofort überwacht. Dort treffen sich dem Vernehmen nach "
            "viele Jugendliche. Es sei wiederholt zu Diebstählen gekommen.")
    output = analyze(text)
    assert quote_containing(output, "dem Vernehmen nach")["speaker"]["text"] == "dem Vernehmen"
    assert quote_containing(output, "Es sei wiederholt")["speaker"]["text"] == "Die Polizei"


def test_a_thing_that_threatens_reports_nothing():
    text = "Tesla hatte die Firma übernommen. Jetzt droht ein Streik. Der Lohn liege 25 Prozent unter dem Tarif."
    assert all((q["speaker"] or {}).get("text") != "ein Streik" for q in analyze(text)["quotes"])


@pytest.mark.parametrize("text, speaker, addressee", [
    ("Die Lage sei ernst, sagte am Montag ein Sprecher.", "ein Sprecher", None),
    ("Die Brücke werde gesperrt, bestätigte am Dienstag in Köln eine Sprecherin der Stadt.",
     "eine Sprecherin der Stadt", None),
    ("Die Lage sei ernst, sagte am Montag vor Journalisten in Berlin der Minister.", "der Minister", "Journalisten"),
    ("Man werde nicht nachgeben, erklärte nach der Sitzung Fraktionschef Friedrich Merz.",
     "Fraktionschef Friedrich Merz", None),
    ("Die Lage sei ernst, sagte gegenüber der BBC ein Sprecher der Regierung.", "ein Sprecher der Regierung", "der BBC"),
    ("Die Lage sei ernst, sagte dem Sender ein Sprecher.", "ein Sprecher", "dem Sender"),
    ("Die Lage sei ernst, sagte der Nachrichtenagentur AFP eine Sprecherin des Ministeriums.",
     "eine Sprecherin des Ministeriums", "der Nachrichtenagentur AFP"),
    ("Die Lage sei ernst, sagte der Minister der Zeitung.", "der Minister", "der Zeitung"),
])
def test_settings_and_a_dative_between_an_inverted_cue_and_its_subject(text, speaker, addressee):
    quote = analyze(text, {"Friedrich Merz": "PER", "AFP": "ORG", "BBC": "ORG"})["quotes"][0]
    assert quote["speaker"]["text"] == speaker
    assert (quote["addressee"] or {}).get("text") == addressee


def test_a_setting_after_the_and_of_a_coordinated_verb_stays_out_of_the_subject():
    text = "Der Minister unterstützte den Protest und bezeichnete in einem Brief die Wahl als Betrug."
    assert all(q["speaker"]["text"] != "die Wahl" for q in analyze(text)["quotes"] if q["speaker"])


def test_es_after_an_inverted_cue_speaks_for_the_neuter_subject_before():
    text = ("Das Ministerium teilte mit, die Regeln gälten ab Mai. Ausnahmen seien nicht geplant, betonte es. "
            "Es werde keine weiteren Änderungen geben, hieß es.")
    output = analyze(text)
    speaker = quote_containing(output, "Ausnahmen")["speaker"]
    assert (speaker["text"], speaker["name"]) == ("es", "Das Ministerium")
    assert (quote_containing(output, "keine weiteren")["speaker"] or {}).get("text") != "es"


@pytest.mark.parametrize("text, speaker, addressee", [
    ("Der Regierung warf die Opposition vor, das Parlament getäuscht zu haben.", "die Opposition", "Der Regierung"),
    ("Der Zeitung sagte die Ministerin, sie plane keine Steuererhöhung.", "die Ministerin", "Der Zeitung"),
    ("Der Zeitung „Welt“ sagte Lindner: „Es gibt keinen Spielraum.“", "Lindner", "Der Zeitung „Welt“"),
    ("Der Distrikt-Gouverneur teilte mit, dass die Feier gestört worden sei.", "Der Distrikt-Gouverneur", None),
])
def test_der_before_a_feminine_noun_in_the_prefield_is_a_dative(text, speaker, addressee):
    quote = analyze(text, {"Lindner": "PER", "Welt": "ORG"})["quotes"][0]
    assert quote["speaker"]["text"] == speaker
    assert (quote["addressee"] or {}).get("text") == addressee


@pytest.mark.parametrize("text, speaker", [
    ("Kritik kam auch von den Grünen: Die Pläne seien unausgegoren.", "den Grünen"),
    ("Die Kritik der Grünen war deutlich: Die Pläne seien unausgegoren.", "der Grünen"),
    ("Von den Grünen kam Kritik: Die Pläne seien unausgegoren.", "den Grünen"),
])
def test_a_reaction_before_a_colon_is_spoken_by_its_holder(text, speaker):
    quote = quote_containing(analyze(text, {"Grünen": "ORG"}), "Die Pläne seien")
    assert quote["speaker"]["text"] == speaker


@pytest.mark.parametrize("text, speaker", [
    ("„Wir sind uns einig“, sagten Merkel und Macron nach dem Treffen.", "Merkel und Macron"),
    ("Man sei sich einig, erklärten die Kanzlerin und der Präsident.", "die Kanzlerin und der Präsident"),
    ("„Wir sind uns einig“, sagte Merkel und verließ den Saal.", "Merkel"),
])
def test_subjects_joined_by_und_after_a_plural_verb_are_one_speaker(text, speaker):
    assert analyze(text, {"Merkel": "PER", "Macron": "PER"})["quotes"][0]["speaker"]["text"] == speaker


@pytest.mark.parametrize("text, mention, name", [
    ("Das Fazit des Einsatzleiters: „Wir haben alles versucht.“", "Das Fazit", "des Einsatzleiters"),
    ("Habecks Fazit: „Wir müssen schneller werden.“", "Habecks Fazit", "Habecks"),
])
def test_a_statement_noun_before_a_colon_is_named_after_its_holder(text, mention, name):
    speaker = analyze(text)["quotes"][0]["speaker"]
    assert (speaker["text"], speaker["name"]) == (mention, name)


def test_the_subject_of_a_reported_clause_is_no_antecedent_of_its_own_speaker():
    speaker = analyze("Fehler seien gemacht worden, räumte er ein.")["quotes"][0]["speaker"]
    assert (speaker["text"], speaker["name"]) == ("er", "er")


def test_a_fronted_particle_and_participle_take_the_auxiliary_after_them():
    quote = analyze("Bekannt gegeben wurde, dass die Veranstaltung abgesagt wird.")["quotes"][0]
    assert quote["speaker"] is None and quote["cue"]["text"] == "gegeben"


def test_a_quoted_name_ends_the_source_phrase():
    quote = analyze("Die Regierung plant nach einem Bericht des „Spiegel“ Steuererhöhungen.")["quotes"][0]
    assert quote["speaker"]["text"] == "des „Spiegel“"
    assert quote["type"] == "indirect"  # the source's quote marks make no mixed quote
    assert "Steuererhöhungen" in quote["text"]


@pytest.mark.parametrize("text, speaker", [
    ("„Es war ein lauter Knall“ – so beschreibt ein Anwohner die Nacht.", "ein Anwohner"),
    ("„Es war ein lauter Knall“, so ein Anwohner.", "ein Anwohner"),
    ("„Es war ein lauter Knall“ – so sieht es auch die Polizei.", None),  # agreement, not speech
])
def test_so_with_a_speech_verb_takes_the_subject_after_the_verb(text, speaker):
    quote = analyze(text)["quotes"][0]
    assert (quote["speaker"] or {}).get("text") == speaker


def test_a_role_antecedent_does_not_stand_for_a_person_named_only_later():
    text = ("Der Außenminister reiste nach Kiew. Dort traf er Präsident Selenskyj. "
            "„Wir stehen an Ihrer Seite“, versicherte er ihm.")
    speaker = analyze(text, {"Selenskyj": "PER"})["quotes"][0]["speaker"]
    assert (speaker["text"], speaker["name"]) == ("er", "Der Außenminister")


def test_a_role_antecedent_keeps_the_name_in_its_own_sentence():
    text = ("Am Montag legte der deutsche Innenminister, Wolfgang Schäuble (CDU), den Bericht vor. "
            "Er sagte, es dürfe keine No-Go-Areas geben.")
    speaker = analyze(text, {"Wolfgang Schäuble": "PER"})["quotes"][0]["speaker"]
    assert (speaker["text"], speaker["name"]) == ("Er", "Wolfgang Schäuble")
