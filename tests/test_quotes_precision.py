"""What is NOT a quote, and complements that are easy to miss (German sentences written for these tests)."""

from __future__ import annotations

import pytest

from quote_helpers import analyze, quote_containing

PERSONS = {"Scholz": "PER", "Merz": "PER", "Baerbock": "PER", "Lindner": "PER"}


def quotes_with(output: dict, fragment: str) -> list[dict]:
    return [q for q in output["quotes"] if fragment in q["text"]]


# -- continuations ---------------------------------------------------------------------------------

def test_first_person_sentence_is_no_continuation():
    # indirect speech shifts "ich/wir" to the third person: this is the writer's own voice
    text = "Scholz sagte, die Lage sei ernst. Ich halte das für übertrieben und wäre vorsichtiger."
    output = analyze(text, PERSONS)
    assert quote_containing(output, "die Lage sei ernst")["speaker"]["text"] == "Scholz"
    assert not quotes_with(output, "Ich halte")


def test_first_person_possessive_is_no_continuation():
    output = analyze("Scholz sagte, die Lage sei ernst. Meine Partei werde das nicht hinnehmen.", PERSONS)
    assert not quotes_with(output, "Meine Partei")


def test_third_person_konjunktiv_sentence_still_continues():
    text = "Scholz sagte, die Lage sei ernst. Man müsse jetzt handeln."
    quote = quote_containing(analyze(text, PERSONS), "Man müsse jetzt handeln")
    assert quote["type"] == "indirect" and quote["speaker"]["text"] == "Scholz"


# -- reported speech -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Die Gewerkschaft kritisierte den neuen Tarifvertrag.",  # a stance towards an object, no content
    "Der Verband begrüßte das Urteil des Landgerichts.",
    "Die Partei hatte ihren Protest gegen das Gesetz bereits angekündigt.",  # perfect tense: background
    "Der Minister äußerte sich am Abend nicht zu dem Vorfall.",  # that he spoke, not what
    "Die Stadtwerke unterstützen den Verein seit Jahren.",
    "Der Trainer gratulierte der Mannschaft zum Sieg.",
    "Ich lehne diesen Vorschlag ab.",  # the speaker's own words, not a report
    "Als die Frau der Presse von ihrem Schicksal erzählte, brach sie in Tränen aus.",  # a fronted adverbial clause
    "In Vietnam forderte die Naturkatastrophe 92 Menschenleben.",  # casualties, not a demand
    "Die Überschwemmungen haben mehr als 100 Todesopfer gefordert.",  # "mehr als" is no predicate
    "Die bisherige Praxis spricht für ein Ende des Gesetzes.",  # evidence, not speech
])
def test_no_reported_speech_without_a_reported_content(text):
    assert not [q for q in analyze(text, PERSONS)["quotes"] if q["type"] == "reported"]


@pytest.mark.parametrize("text, speaker", [
    ("Die Gewerkschaft kritisierte den Tarifvertrag als unsozial.", "Die Gewerkschaft"),
    ("Der Vorschlag wurde von Lindner als unbezahlbar bezeichnet.", "Lindner"),
    ("Der Verband hat die Regierung zur Umkehr aufgefordert.", "Der Verband"),
    ("Baerbock forderte einen sofortigen Waffenstillstand.", "Baerbock"),
    ("Am Montag forderte das Parlament die Rückgabe der Krone.", "das Parlament"),
    ("Die Zeitung berichtete in ihrer Ausgabe vom Montag von 41 Toten.", "Die Zeitung"),
    ("Die Forscher bezifferten den Schaden auf 50 Millionen Euro.", "Die Forscher"),
    ("Lindner plädierte für eine Senkung der Steuern.", "Lindner"),
    ("Die Ministerin erwog eine Entschädigung der Landwirte.", "Die Ministerin"),
    ("Die Kirche forderte ein friedliches Zusammenleben der Religionen.", "Die Kirche"),
])
def test_reported_speech_with_its_content(text, speaker):
    quote = quote_containing(analyze(text, PERSONS), text.rstrip("."))
    assert quote["type"] == "reported"
    assert speaker in quote["speaker"]["text"]


# -- zu-infinitive complements -------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("Die Kommission empfahl dem Gericht, der Klage stattzugeben.", "der Klage stattzugeben"),
    ("Merz schlug vor, die Reform zurückzustellen.", "die Reform zurückzustellen"),
    ("Die Fraktion hatte ihn aufgefordert, sein Mandat niederzulegen.", "sein Mandat niederzulegen"),
    ("Der Anwalt warf ihm vor, seit Jahren Vorschriften verletzt zu haben.",
     "seit Jahren Vorschriften verletzt zu haben"),
])
def test_zu_infinitive_complement(text, message):
    quote = quote_containing(analyze(text, PERSONS), message)
    assert quote["type"] == "indirect"
    assert quote["text"] == message


def test_adverbial_clause_with_preposition_zu_is_no_complement():
    text = "Das Ergebnis wurde bekannt gegeben, nachdem die Gespräche zu einem Patt geführt hatten."
    assert not quotes_with(analyze(text, PERSONS), "nachdem")


# -- complements that are no complements -----------------------------------------------------------

def test_apposition_after_an_inverted_cue_is_no_message():
    text = "„Wir sind zufrieden“, sagte Anna Berg, Leiterin der Kommission für Verkehr, am Montag."
    output = analyze(text, {"Anna Berg": "PER"})
    assert [q["type"] for q in output["quotes"]] == ["direct"]
    assert not quotes_with(output, "Leiterin der Kommission")


@pytest.mark.parametrize("text", [
    "Sollte der Antrag angenommen werden, könnte die Seite bald wieder online gehen.",
    "Wenn die Stadt damals geklagt hätte, hätte man keine Chance auf eine Einigung gehabt.",
    "Der Bescheid, der den Jägern weitere Rechte einräumt, soll solche Fehler künftig verhindern.",
])
def test_main_clause_after_a_fronted_clause_is_no_complement(text):
    assert not analyze(text, PERSONS)["quotes"]


def test_colon_after_a_verb_that_is_no_speech():
    text = "Wie knapp das Spiel war, zeigt die Statistik: Zehn Führungswechsel waren zu verzeichnen."
    assert not analyze(text, PERSONS)["quotes"]


@pytest.mark.parametrize("second", [
    "Sollte es morgen regnen, würde das Fest verschoben.",
    "Im Falle eines Abbruchs müsste die Firma alle Zahlungen zurückgeben.",
])
def test_konjunktiv_ii_of_a_condition_is_no_continuation(second):
    output = analyze("Scholz sagte, die Lage sei ernst. " + second, PERSONS)
    assert quote_containing(output, "die Lage sei ernst")
    assert not quotes_with(output, second[:12])


# -- sources and cues that are easy to miss --------------------------------------------------------

@pytest.mark.parametrize("text, message, source", [
    ("Der Zeitung „Kurier“ zufolge ist der Minister zurückgetreten.", "ist der Minister zurückgetreten", "Kurier"),
    ("Einer Erklärung des Verbandes (VDL) zufolge streiken heute viele Lehrer.", "streiken heute viele Lehrer",
     "Einer Erklärung des Verbandes"),
    ("Die Streiks sollen über Ostern ruhen, so verdi-Verhandlungsführer Frank Weber.", "Die Streiks sollen",
     "verdi-Verhandlungsführer"),
    ("Nach Müllers Meinung ist die Reform gescheitert.", "ist die Reform gescheitert", "Müllers"),
])
def test_more_source_forms(text, message, source):
    quote = quote_containing(analyze(text, {"Frank Weber": "PER", "Müllers": "PER"}), message)
    assert quote["type"] == "indirect"
    assert source in quote["speaker"]["text"]


def test_hearsay_without_a_named_source():
    quote = quote_containing(analyze("Dem Vernehmen nach will der Konzern 500 Stellen streichen."), "500 Stellen")
    assert quote["type"] == "indirect" and quote["cue"] is not None


def test_wie_clause_after_a_conjunction():
    text = "Denn wie die Zeitung am Montag berichtete, leidet der Schauspieler an einer schweren Krankheit."
    quote = quote_containing(analyze(text), "leidet der Schauspieler")
    assert quote["type"] == "indirect" and quote["cue"]["text"] == "berichtete"


def test_main_clause_complement_opening_with_a_demonstrative():
    text = "Der Verband erklärte, diese Regel ist schädlich für den Handel."
    assert quote_containing(analyze(text), "diese Regel ist schädlich")["type"] == "indirect"


@pytest.mark.parametrize("text, message", [
    ("Die Forscher errechneten, dass die Kosten um ein Drittel steigen.", "dass die Kosten"),
    ("Die Partei erwägt, gegen das Urteil zu klagen.", "gegen das Urteil zu klagen"),
    ("Die Tarifparteien einigten sich darauf, die Gespräche im Mai fortzusetzen.", "die Gespräche im Mai fortzusetzen"),
    ("Der Konzern bot an, die Kosten der Reinigung zu übernehmen.", "die Kosten der Reinigung zu übernehmen"),
])
def test_decisions_plans_and_offers_take_complements(text, message):
    assert quote_containing(analyze(text), message)["type"] == "indirect"


def test_einige_is_a_pronoun_not_a_cue():
    text = "Scholz sagte, die Lage sei ernst. Einige Teilnehmer blieben trotzdem bis zum Ende."
    assert not quotes_with(analyze(text, PERSONS), "Einige Teilnehmer")


# -- where a message ends --------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("Der Angeklagte sagte, er sei unschuldig, und weigerte sich, weitere Fragen zu beantworten.", "er sei unschuldig"),
    ("Die Polizei erklärte, die Lage sei ruhig; die Opposition sprach dagegen von Chaos.", "die Lage sei ruhig"),
])
def test_complement_ends_before_the_narrators_next_clause(text, message):
    assert quote_containing(analyze(text), message)["text"] == message


def test_source_in_a_later_main_clause_vouches_for_that_clause_only():
    text = "Die Mutter soll einiges gewusst haben, diese Taten seien aber laut der Staatsanwaltschaft verjährt."
    quote = quote_containing(analyze(text), "diese Taten seien")
    assert quote["text"] == "diese Taten seien aber laut der Staatsanwaltschaft verjährt"
    assert quote["speaker"]["text"] == "der Staatsanwaltschaft"


def test_source_after_a_fronted_clause_vouches_for_the_whole_sentence():
    text = "Ob die Fluglinie weiterfliegt, entscheidet sich laut der Behörde in der nächsten Woche."
    assert quote_containing(analyze(text), "entscheidet sich")["text"].startswith("Ob die Fluglinie")


# -- names and adverbs that look like quotes or sources --------------------------------------------

@pytest.mark.parametrize("text", [
    "Der Film trägt den Titel „Die lange Nacht der offenen Türen in Berlin“ und läuft im Mai.",
    "Unter dem Motto „Freiheit statt Angst – wir lassen uns nicht überwachen“ zogen Tausende durch die Stadt.",
    "Teile des „Gesetzes über den Schutz der Verfassung in Bayern“ sind nichtig.",
    "Auf den Transparenten standen Parolen wie „Wir sind das Volk und wir bleiben hier“.",
])
def test_long_names_and_titles_in_quote_marks_are_no_quotes(text):
    assert not analyze(text)["quotes"]


def test_a_chanted_slogan_is_a_quote_of_the_chanters():
    text = "Die Demonstranten riefen Parolen wie „Wir sind das Volk und wir bleiben hier“ und zogen weiter."
    quote = quote_containing(analyze(text), "Wir sind das Volk")
    assert quote["type"] == "direct" and quote["speaker"]["text"] == "Die Demonstranten"


def test_temporal_danach_is_no_source():
    text = "Scholz sagte, die Lage sei ernst. Die Spieler waren danach sehr müde und gingen nach Hause."
    assert not quotes_with(analyze(text, PERSONS), "Die Spieler")


# -- the writer's own voice and what was not said ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "Alles in allem kann man sagen, dass das Fest ein Erfolg war.",
    "Als Ergebnis der Studie darf festgehalten werden, dass auch leichte Raucher gefährdet sind.",
    "Mit dem neuen Fall ist nun davon auszugehen, dass sich die Seuche ausbreitet.",
    "Ein Sprecher der Armee wollte nicht bestätigen, dass alle Insassen Soldaten waren.",
    "Die Minister haben sich nicht darauf geeinigt, weitere Soldaten zu entsenden.",
    "Bedenken Sie, dass der Angeklagte möglicherweise unschuldig ist.",
])
def test_no_indirect_speech_in_the_writers_voice_or_under_negation(text):
    assert not analyze(text)["quotes"]


@pytest.mark.parametrize("text, message", [
    ("Die Regierung schloss nicht aus, dass die Steuern steigen.", "dass die Steuern steigen"),
    ("Die Gewerkschaft beklagt nicht ausgezahlte Prämien und erklärte, dass sie streiken werde.",
     "dass sie streiken werde"),
    ("Das Gericht ordnete die Haft an, weil er geflohen sei.", "weil er geflohen sei"),
])
def test_negation_and_reasons_that_still_report(text, message):
    assert quote_containing(analyze(text), message)["type"] == "indirect"


def test_narrators_reason_is_no_complement():
    text = "Die Haft war gegen ihn angeordnet worden, weil er einen Bauunternehmer erpresst hatte."
    assert not analyze(text)["quotes"]


def test_konjunktiv_after_a_speech_act_without_a_quote_reports_its_speaker():
    text = "Die Inspektoren stellten bei den Kontrollen zahlreiche Mängel fest. Auch sei die Dokumentation nicht vollständig."
    quote = quote_containing(analyze(text), "Auch sei die Dokumentation")
    assert quote["type"] == "indirect" and quote["speaker"]["text"] == "Die Inspektoren"


def test_konjunktiv_without_any_speech_act_before_it_stays_unattributed():
    text = "Der Zug hielt in Köln. Die Fahrgäste stiegen aus. Die Reise sei lang gewesen."
    assert not quotes_with(analyze(text), "Die Reise sei")


@pytest.mark.parametrize("text, message", [
    ("Wie eine Studie der Universität ergab, trinken viele Kinder regelmäßig Alkohol.", "trinken viele Kinder"),
    ("Wie aus einer Mitteilung der Polizei hervorgeht, wurden zwei Menschen verletzt.", "wurden zwei Menschen verletzt"),
    ("Die Klausel besagt, dass der Käufer seinen Anteil zurückgeben muss.", "dass der Käufer"),
])
def test_what_documents_and_inquiries_show(text, message):
    assert quote_containing(analyze(text), message)["type"] == "indirect"


@pytest.mark.parametrize("text", [
    "Welche Vorschläge sind Ihrer Meinung nach verfassungswidrig?",
    "Der Vater war meiner Meinung nach ein guter Spieler.",
])
def test_questions_and_own_opinions_name_no_source(text):
    assert not analyze(text)["quotes"]


@pytest.mark.parametrize("second", [
    "Das Projekt ist das erste in der Region, das privat finanziert werden soll.",
    "Die Firma baut ein neues Werk, das im Jahr 2030 fertig sein könnte.",
])
def test_soll_or_konjunktiv_ii_in_a_relative_clause_is_no_continuation(second):
    output = analyze("Scholz sagte, die Lage sei ernst. " + second, PERSONS)
    assert not quotes_with(output, second[:20])


def test_soll_in_the_main_clause_still_continues():
    output = analyze("Scholz sagte, die Lage sei ernst. Die Steuern sollen im Mai steigen.", PERSONS)
    assert quote_containing(output, "Die Steuern sollen")["speaker"]["text"] == "Scholz"


def test_a_call_for_a_rally_in_the_perfect_is_background():
    assert not analyze("Die Gewerkschaften hatten zu einer Kundgebung in Hannover aufgerufen.")["quotes"]


def test_continuation_starts_at_the_reported_clause_after_a_narrated_one():
    text = "Scholz sagte, die Lage sei ernst. Zwölf Menschen wurden verletzt, die Verletzten seien Touristen aus Bayern."
    quote = quote_containing(analyze(text, PERSONS), "die Verletzten seien")
    assert quote["text"].startswith("die Verletzten seien")


@pytest.mark.parametrize("second", [
    "Das System funktioniere nicht mehr zuverlässig.",
    "Der Vertrag entspreche nicht den Regeln der Union.",
])
def test_more_konjunktiv_forms_continue_a_report(second):
    quote = quote_containing(analyze("Scholz sagte, die Lage sei ernst. " + second, PERSONS), second[:15])
    assert quote["speaker"]["text"] == "Scholz"


def test_truncated_compound_does_not_end_the_clause():
    quote = quote_containing(analyze("Die Studenten forderten Presse-, Meinungs- und Versammlungsfreiheit."), "Presse-")
    assert quote["text"] == "Die Studenten forderten Presse-, Meinungs- und Versammlungsfreiheit."


def test_demonstrative_object_reports_no_content():
    assert not [q for q in analyze("Der Iran bestritt dies.")["quotes"] if q["type"] == "reported"]


@pytest.mark.parametrize("text, message", [
    ("Es gibt auch Gerüchte, nach denen der Sänger schwer krank war.", "der Sänger schwer krank war"),
    ("Zu dem Anschlag bekannten sich nach palästinensischen Medien zwei Gruppen.", "zwei Gruppen"),
])
def test_nach_relative_and_nach_medien_are_sources(text, message):
    assert quote_containing(analyze(text), message)["type"] == "indirect"


def test_inserted_so_clause_attributes_the_sentence_around_it():
    text = "Tatsächlich, so betont auch die Polizei, ist diese Darstellung falsch."
    quote = quote_containing(analyze(text), "ist diese Darstellung falsch")
    assert quote["type"] == "indirect" and quote["speaker"]["text"] == "die Polizei"


@pytest.mark.parametrize("text, label, speaker", [
    ("Köhler konstatierte in seiner Rede eine wachsende „Kluft zwischen Arm und Reich“.", "Kluft zwischen", "Köhler"),
    ("Als „verpasste Chance“ beurteilte die Opposition das Papier.", "verpasste Chance", "die Opposition"),
])
def test_labels_given_by_a_speaker_are_short_direct_quotes(text, label, speaker):
    quote = [q for q in analyze(text, {"Köhler": "PER"})["quotes"] if q["type"] == "direct"][0]
    assert label in quote["text"] and quote["speaker"]["text"] == speaker


def test_quote_after_mit_den_worten_is_direct_speech():
    text = "Mit den Worten „Wenn es um die Mannschaft geht, bin ich voller Leidenschaft.“ kommentierte der Prinz das Spiel."
    quote = quote_containing(analyze(text), "Wenn es um die Mannschaft geht")
    assert quote["type"] == "direct" and quote["speaker"]["text"] == "der Prinz"


def test_negation_inside_a_quoted_label_is_the_speakers():
    quote = quote_containing(analyze("Die Kosten nannte Hans Weber am Montag „nicht tragbar“.", {"Hans Weber": "PER"}),
                             "nicht tragbar")
    assert quote["speaker"]["text"] == "Hans Weber"


@pytest.mark.parametrize("text", [
    "In der Begründung weisen die Richter auf die fehlende Rechtsgrundlage hin.",
    "Der Minister verwies auf Verzögerungen bei den Banken.",
])
def test_pointing_to_something_reports_it(text):
    assert quote_containing(analyze(text), text.rstrip("."))["type"] == "reported"


def test_sich_nennen_is_naming_not_speech():
    assert not analyze("Die Ausstellung wächst. Dann nennt sie sich „documenta 12“ und öffnet im Juni.")["quotes"]


@pytest.mark.parametrize("text", [
    "Syd Barrett, wie er sich selbst gerne nannte, ist tot.",
    "Die Schäden werden nicht so groß sein, wie zunächst angenommen, weil der Sturm schwächer wurde.",
    "Er las das Evangelium, wie man sagt, ohne jede Deutung.",
])
def test_wie_clauses_that_attribute_nothing(text):
    assert not analyze(text)["quotes"]


def test_wie_clause_with_a_speaker_still_attributes():
    text = "Der Zug war überfüllt, wie die Bahn am Montag mitteilte."
    assert quote_containing(analyze(text), "Der Zug war überfüllt")["speaker"]["text"] == "die Bahn"


# -- state passives and non-actors -------------------------------------------------------------------

def test_state_passive_participle_is_no_cue():
    # "sei ... eingeschränkt" describes a state: the sentence carries on the Flugleiter's speculation
    text = ("Der Flugleiter Reinhard Kraxner spekulierte über einen toten Winkel als Ursache. "
            "So sei bei einem Hubschrauber die Sicht nach oben eingeschränkt.")
    quote = quote_containing(analyze(text, {"Reinhard Kraxner": "PER"}), "Sicht nach oben")
    assert (quote["cue"] or {}).get("text") != "eingeschränkt"
    assert "Kraxner" in quote["speaker"]["text"]


def test_reflexive_versprechen_is_a_hope_not_a_promise():
    text = "Durch die neue Technik versprechen sich die Forscher eine ertragreiche Massenproduktion."
    assert analyze(text)["quotes"] == []


def test_institution_reports_speech():
    quote = quote_containing(analyze("Die Gewerkschaft fordert höhere Löhne für alle Beschäftigten."), "Löhne")
    assert quote["type"] == "reported"


def test_konjunktiv_of_a_common_verb_carries_on_a_direct_quote():
    text = "„Wir sind bereit“, sagte Hamas-Sprecher Hasem Kassem. Man warte auf eine Antwort Israels."
    quote = quote_containing(analyze(text, {"Hasem Kassem": "PER"}), "Man warte")
    assert quote["speaker"]["name"] == "Hasem Kassem"


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Die Gewerkschaft kritisierte die Pläne scharf. Sie seien unsozial und gingen zulasten der Beschäftigten.",
     "unsozial", "Die Gewerkschaft"),
    ("Der Sprecher des Unternehmens bestätigte den Stellenabbau. Betroffen seien vor allem Standorte in Bayern.",
     "Bayern", "Der Sprecher des Unternehmens"),
])
def test_konjunktiv_right_after_a_stance_verb_gives_its_content(text, fragment, speaker):
    quote = quote_containing(analyze(text), fragment)
    assert quote["speaker"]["text"] == speaker
    if "Stellenabbau" in text:
        assert quote["addressee"] is None  # "den Stellenabbau" is what was confirmed, no dative plural


def test_konjunktiv_far_from_a_stance_verb_is_not_its_content():
    text = ("Die Gewerkschaft kritisierte die Pläne scharf. Der Streik dauert an. "
            "Viele Züge fallen aus. Ob das reiche, sei offen.")
    assert not [q for q in analyze(text)["quotes"] if (q.get("speaker") or {}).get("text") == "Die Gewerkschaft"
                and "offen" in q["text"]]


def test_das_lehnte_x_ab_does_not_make_the_sentence_before_his_words():
    text = "Die Rothemden fordern die Nennung eines Datums für die Wahl. Das lehnte Abhisit jedoch ab."
    output = analyze(text, {"Abhisit": "PER"})
    assert quote_containing(output, "Rothemden fordern")["speaker"]["text"] == "Die Rothemden"
    assert not [q for q in output["quotes"] if (q.get("speaker") or {}).get("text") == "Abhisit"]


def test_das_bestaetigte_x_still_takes_the_sentence_before():
    output = analyze("Zwei Menschen seien verletzt worden. Das bestätigte ein Polizeisprecher am Abend.")
    assert quote_containing(output, "verletzt")["speaker"]["text"] == "ein Polizeisprecher"


def test_speech_act_with_a_negated_object_reports_nothing():
    assert analyze("Die Bahn nannte zunächst keine Gründe für die Verspätung.")["quotes"] == []


@pytest.mark.parametrize("text, message, speaker", [
    ("Der Bürgermeister ist empört. Das sei ein Skandal.", "Das sei ein Skandal.", "Der Bürgermeister"),
    ("Auch die Grünen sind skeptisch. Der Plan sei unausgegoren.", "Der Plan sei unausgegoren.", "die Grünen"),
])
def test_konjunktiv_after_an_actors_stated_attitude_gives_the_actors_words(text, message, speaker):
    quote = quote_containing(analyze(text, {"Grünen": "ORG"}), message)
    assert quote["speaker"]["text"] == speaker


def test_konjunktiv_after_a_thing_described_is_no_ones_words():
    assert analyze("Das Wetter ist schlecht. Es sei kalt.")["quotes"] == []


@pytest.mark.parametrize("text, message, speaker", [
    ("Peskow wurde deutlich: Russland werde keine Truppen dulden.", "Russland werde keine Truppen dulden.",
     "Peskow"),
    ("Die Botschaft des Kanzlers war klar: Man werde nicht nachgeben.", "Man werde nicht nachgeben.",
     "des Kanzlers"),
])
def test_konjunktiv_after_a_colon_gives_the_words_of_the_actor_before_it(text, message, speaker):
    quote = quote_containing(analyze(text, {"Peskow": "PER"}), message)
    assert (quote["text"], quote["speaker"]["text"]) == (message, speaker)


def test_plan_with_soll_after_a_colon_is_no_quote():
    assert analyze("Die Stadt hat große Pläne: Dazu soll ein Einkaufszentrum entstehen.")["quotes"] == []


@pytest.mark.parametrize("text", [
    "Wie bereits berichtet, wurden drei Menschen verletzt.",
    "Wie angekündigt, legte die Regierung den Plan vor.",
])
def test_wie_berichtet_is_the_papers_own_reference(text):
    assert analyze(text)["quotes"] == []


def test_wie_with_a_subject_still_attributes():
    quote = analyze("Wie die Polizei berichtet, wurden drei Menschen verletzt.")["quotes"][0]
    assert quote["speaker"]["text"] == "die Polizei"


@pytest.mark.parametrize("text", [
    "Der Minister wies die Vorwürfe zurück.",
    "Lenz bestreitet die Vorwürfe gegen seine Person.",
    "Deutschland bestreitet sein zweites Gruppenspiel am Samstag.",
])
def test_a_denial_without_content_is_no_reported_speech(text):
    assert analyze(text)["quotes"] == []


def test_a_denial_that_says_what_it_calls_the_claim_is_reported_speech():
    quotes = analyze("SPD und Grüne haben die Vorwürfe bereits als haltlos zurückgewiesen.")["quotes"]
    assert [q["type"] for q in quotes] == ["reported"]


def test_a_relative_clause_on_the_object_belongs_to_the_reported_speech_not_a_complement():
    quote = analyze("Die Gewerkschaft forderte einen Mindestlohn, der zum Leben reicht.")["quotes"][0]
    assert (quote["type"], quote["text"]) == ("reported", "Die Gewerkschaft forderte einen Mindestlohn, der zum Leben reicht.")
    quotes = analyze("Der Minister kündigte ein Gesetz an, das im Eilverfahren beschlossen wird.")["quotes"]
    assert not any(q["text"].startswith("das im") for q in quotes)


def test_sprechen_without_von_or_ueber_reports_no_content():
    assert analyze("Die Ministerin sprach am Montag vor dem Bundestag.")["quotes"] == []
    quote = analyze("Die Ministerin sprach von einem großen Erfolg.")["quotes"][0]
    assert quote["type"] == "reported"


def test_rejecting_a_demand_is_a_position_and_stays_reported_speech():
    text = "Putin wies die Forderung nach einem Treffen mit Selenskyj im Ausland zurück."
    assert [q["type"] for q in analyze(text, {"Putin": "PER", "Selenskyj": "PER"})["quotes"]] == ["reported"]


def test_a_plea_in_court_is_reported_speech():
    output = analyze("Die Verteidigung plädierte auf Freispruch.")
    assert [(q["type"], q["speaker"]["text"]) for q in output["quotes"]] == [("reported", "Die Verteidigung")]
