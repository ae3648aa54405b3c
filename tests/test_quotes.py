"""Quote spans on German sentences written for these tests (no model: entities are given by hand)."""

from __future__ import annotations

import pytest

from service.quotes import find_quote_mark_pairs, noun_subject_with_konjunktiv_ending
from quote_helpers import analyze, assert_offsets, quote_containing

PERSONS = {"Wladimir Putin": "PER", "Putin": "PER", "Dmitri Peskow": "PER", "Peskow": "PER",
           "Emmanuel Macron": "PER", "Macron": "PER", "Olaf Scholz": "PER", "Scholz": "PER"}


# -- quote marks -------------------------------------------------------------------------------

@pytest.mark.parametrize("opening, closing", [("„", "“"), ("‚", "‘"), ("»", "«"), ("«", "»"), ("“", "”"), ('"', '"')])
def test_every_quote_mark_style(opening, closing):
    text = f"{opening}Wir werden die Steuern nicht erhöhen.{closing}, sagte Scholz am Montag."
    output = analyze(text, PERSONS)
    quote = quote_containing(output, "Wir werden die Steuern nicht erhöhen.")
    assert quote["type"] == "direct"
    assert quote["text"].startswith(opening) and quote["text"].endswith(closing)  # marks are part of the quote
    assert quote["speaker"]["name"] == "Olaf Scholz" or quote["speaker"]["text"] == "Scholz"
    assert_offsets(text, output)


def test_unbalanced_marks_are_dropped():
    assert find_quote_mark_pairs("„Das ist offen. Und hier „endet“ es.") == [(25, 31)]


def test_multi_sentence_quote():
    text = "„Das ist gefährlich. Wir werden reagieren. Niemand sollte daran zweifeln“, sagte Peskow."
    quote = quote_containing(analyze(text, PERSONS), "Wir werden reagieren")
    assert quote["text"].startswith("„Das ist gefährlich.") and quote["text"].endswith("zweifeln“")


def test_multi_paragraph_quote():
    text = ("Scholz sagte: „Wir haben viel erreicht. Die Renten sind sicher.\n"
            "„Und wir werden weiter daran arbeiten, dass das so bleibt.“\nDanach ging er.")
    output = analyze(text, PERSONS)
    quote = quote_containing(output, "Die Renten sind sicher")
    assert "weiter daran arbeiten" in quote["text"]
    assert_offsets(text, output)


def test_interrupted_quote_is_one_quote_with_the_interrupting_cue():
    text = "„Wir sind bereit“, sagte Putin, „aber nur unter unseren Bedingungen.“"
    output = analyze(text, PERSONS)
    assert len(output["quotes"]) == 1
    quote = output["quotes"][0]
    assert quote["text"].endswith("Bedingungen.“") and quote["cue"]["text"] == "sagte"
    assert quote["speaker"]["text"] == "Putin"


def test_speaker_before_with_colon():
    quote = quote_containing(analyze("Macron erklärte: „Europa muss sich selbst verteidigen können.“", PERSONS),
                             "Europa muss")
    assert quote["speaker"]["text"] == "Macron" and quote["cue"]["text"] == "erklärte"


def test_speaker_after_the_quote():
    quote = quote_containing(analyze("„Das ist inakzeptabel“, erklärte der Kremlsprecher Dmitri Peskow.", PERSONS),
                             "inakzeptabel")
    assert quote["speaker"]["text"] == "der Kremlsprecher Dmitri Peskow"
    assert quote["speaker"]["name"] == "Dmitri Peskow"


@pytest.mark.parametrize("text, term", [
    ("Die Staaten der sogenannten „Koalition der Willigen“ trafen sich in Paris.", "Koalition der Willigen"),
    ("Das Schiff „Admiral Kusnezow“ liegt im Hafen.", "Admiral Kusnezow"),
    ("Sein Buch „Krieg und Frieden“ wurde verfilmt.", "Krieg und Frieden"),
    ("Die „Operation Sandsturm“ begann im Mai.", "Operation Sandsturm"),
])
def test_titles_and_scare_quotes_are_not_quotes(text, term):
    assert not [q for q in analyze(text)["quotes"] if term in q["text"]]


def test_fragment_inside_indirect_speech_makes_it_mixed():
    text = "Selenskyj erklärte, die Pariser Beschlüsse seien der „erste konkrete Schritt“ zu echten Garantien."
    quote = quote_containing(analyze(text, {"Selenskyj": "PER"}), "die Pariser Beschlüsse seien")
    assert quote["type"] == "mixed"
    assert quote["speaker"]["text"] == "Selenskyj"


# -- indirect ------------------------------------------------------------------------------------

def test_dass_clause():
    text = "Putin betonte, dass ausländische Truppen ein legitimes Ziel seien."
    quote = quote_containing(analyze(text, PERSONS), "dass ausländische Truppen")
    assert quote["type"] == "indirect" and quote["cue"]["text"] == "betonte"
    assert quote["text"] == "dass ausländische Truppen ein legitimes Ziel seien"  # no final full stop
    assert quote["speaker"]["text"] == "Putin"


def test_konjunktiv_clause_before_the_cue():
    text = "Man könne nicht nur über die Ukraine sprechen, betonte Peskow."
    quote = quote_containing(analyze(text, PERSONS), "Man könne nicht")
    assert quote["type"] == "indirect" and quote["speaker"]["text"] == "Peskow"
    assert quote["text"] == "Man könne nicht nur über die Ukraine sprechen"


def test_konjunktiv_clause_with_inverted_cue_and_addressee():
    text = "Er habe keinen Zweifel, dass ein Treffen bald möglich sei, sagt Kreml-Sprecher Dmitri Peskow der Zeitung „Iswestija“."
    quote = quote_containing(analyze(text, PERSONS), "Er habe keinen Zweifel")
    assert quote["speaker"]["text"] == "Kreml-Sprecher Dmitri Peskow"
    assert quote["addressee"]["text"] == "der Zeitung „Iswestija“"


def test_konjunktiv_continuation_carries_the_speaker():
    text = ("Peskow sagte, Russland fühle sich bedroht. Die NATO sehe das Land als Feind. "
            "Auch Russland brauche Garantien. Das Wetter in Moskau ist gut.")
    output = analyze(text, PERSONS)
    continuation = quote_containing(output, "Die NATO sehe")
    assert "Auch Russland brauche Garantien." in continuation["text"]  # consecutive sentences join
    assert continuation["speaker"]["text"] == "Peskow" and continuation["type"] == "indirect"
    assert not [q for q in output["quotes"] if "Wetter" in q["text"]]


def test_w_clause_and_ob_clause():
    output = analyze("Scholz fragte, ob die Regierung genug getan habe. Macron erklärte, warum er zögere.", PERSONS)
    assert quote_containing(output, "ob die Regierung")["speaker"]["text"] == "Scholz"
    assert quote_containing(output, "warum er zögere")["speaker"]["text"] == "Macron"


# -- sources and reported speech ------------------------------------------------------------------

@pytest.mark.parametrize("text, message, source", [
    ("Laut der Polizei wurden drei Menschen verletzt.", "wurden drei Menschen verletzt", "der Polizei"),
    ("Der Agentur Interfax zufolge ist das Treffen abgesagt.", "ist das Treffen abgesagt", "Agentur Interfax"),
    ("Nach Angaben von Macron sind 26 Länder bereit.", "sind 26 Länder bereit", "Macron"),
    ("Nach Angaben Frankreichs sind 26 Länder bereit.", "sind 26 Länder bereit", "Frankreichs"),
    ("Wie die Polizei mitteilte, wurde niemand verletzt.", "wurde niemand verletzt", "die Polizei"),
    ("Die Lage sei ernst, so Putin weiter.", "Die Lage sei ernst", "Putin"),
])
def test_sources(text, message, source):
    quote = quote_containing(analyze(text, PERSONS), message)
    assert source in quote["speaker"]["text"]
    assert quote["cue"] is not None


@pytest.mark.parametrize("text, message, speaker", [
    ("Das Pentagon teilte mit, die Übung sei beendet.", "die Übung sei beendet", "Das Pentagon"),
    ("Scholz kündigte an, die Hilfe zu verdoppeln.", "die Hilfe zu verdoppeln", "Scholz"),
    ("Selenskyj schrieb auf der Plattform X: „Wir brauchen mehr Luftabwehr.“", "Wir brauchen", "Selenskyj"),
])
def test_statements(text, message, speaker):
    quote = quote_containing(analyze(text, {**PERSONS, "Selenskyj": "PER", "Pentagon": "ORG"}), message)
    assert quote["speaker"]["text"] == speaker


def test_reported_speech_act_is_the_whole_clause():
    text = "Peskow forderte Sicherheitsgarantien für Russland."
    quote = quote_containing(analyze(text, PERSONS), "Sicherheitsgarantien")
    assert quote["type"] == "reported"
    assert quote["text"] == "Peskow forderte Sicherheitsgarantien für Russland."
    assert quote["speaker"]["text"] == "Peskow"


def test_boilerplate_lines_give_no_quotes():
    text = ("Haftungsausschluss: „Dieser Artikel stellt keine Anlageberatung dar“, sagt die Redaktion.\n"
            "Lesen Sie auch: Putin sagte, der Krieg sei gerecht\n")
    assert analyze(text, PERSONS)["quotes"] == []


# -- robustness and offsets ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "   \n\n  ",
    "a" * 200_000,
    "„" * 10_000,
    '"' * 10_001,
    "„Unbalanciert, sagte er. " * 500,
    "sagte, " * 5_000,
    "Er sagte, dass er sagte, dass " * 500,
    "\u0301\u200b\u00ad" * 1000,
])
def test_never_raises_on_odd_input(text):
    assert_offsets(text, analyze(text))


def test_offsets_survive_markup_and_odd_characters():
    text = ("Peskow&nbsp;sagte:<BR \\/>„Das ist ge\u00adfährlich für unser Land 😀.“<BR \\/>"
            "Er fügte hinzu, Russland se\u0301i &quot;bereit&quot; zu Gesprächen.\u00a0Macron erklärte, "
            "dass Europa handeln müsse.")
    output = analyze(text, PERSONS)
    assert len(output["quotes"]) >= 2
    assert_offsets(text, output)


def test_quotes_are_sorted_and_numbered():
    text = "„Erstens“, sagte Putin. Macron erklärte, dass Europa handeln müsse. „Drittens ist das so.“, sagte Scholz."
    output = analyze(text, PERSONS)
    starts = [q["start"] for q in output["quotes"]]
    assert starts == sorted(starts)
    assert [q["id"] for q in output["quotes"]] == [f"q{k}" for k in range(1, len(starts) + 1)]


# -- further constructions ---------------------------------------------------------------------

def test_heisst_es_takes_the_document_as_source():
    text = "In einer Erklärung der Regierung heißt es, die Grenzen blieben geschlossen."
    quote = quote_containing(analyze(text), "die Grenzen blieben geschlossen")
    assert quote["speaker"]["text"] == "einer Erklärung der Regierung"


def test_nach_eigenen_angaben_names_the_subject():
    text = "Die Feuerwehr hat nach eigenen Angaben den Brand gelöscht."
    quote = quote_containing(analyze(text), "den Brand gelöscht")
    assert quote["speaker"]["text"] == "eigenen Angaben" and quote["speaker"]["name"] == "Die Feuerwehr"


def test_wonach_takes_the_report_before_it():
    text = "Die Polizei bestätigte Berichte, wonach zwei Männer festgenommen wurden."
    quote = quote_containing(analyze(text), "zwei Männer festgenommen")
    assert quote["speaker"]["text"] == "Berichte"


def test_labelled_fragment_is_a_short_direct_quote():
    text = "Die Regierung hat die Vorschläge als „definitiv nicht akzeptabel“ bezeichnet."
    output = analyze(text, {"Regierung": "ORG"})
    quote = next(q for q in output["quotes"] if q["text"] == "„definitiv nicht akzeptabel“")
    assert quote["type"] == "direct" and quote["cue"]["text"] == "bezeichnet"
    assert quote["speaker"]["text"] == "Die Regierung"


def test_konjunktiv_sentence_with_its_own_source():
    text = ("Putin sagte, der Westen sei schuld. Nach Angaben des Kremls soll das Treffen im Mai stattfinden "
            "und sei schon geplant.")
    quote = quote_containing(analyze(text, {"Putin": "PER", "Kremls": "ORG"}), "das Treffen im Mai")
    assert "Kremls" in quote["speaker"]["text"]


def test_shared_subject_of_coordinated_verbs():
    text = ("Die russische Regierung, vertreten durch Sprecher Dmitri Peskow, hat die Vorschläge abgelehnt "
            "und argumentiert, dass die Präsenz fremder Truppen eine Bedrohung darstelle.")
    quote = quote_containing(analyze(text, {"Dmitri Peskow": "PER"}), "eine Bedrohung darstelle")
    assert quote["speaker"]["text"] == "Die russische Regierung"


def test_apposition_before_the_verb():
    text = "Der Leiter des Programms, Klaus Stöhr, sagte, die Gefahr sei real."
    quote = quote_containing(analyze(text, {"Klaus Stöhr": "PER"}), "die Gefahr sei real")
    assert quote["speaker"]["text"] == "Der Leiter des Programms, Klaus Stöhr"
    assert quote["speaker"]["name"] == "Klaus Stöhr"


def test_plural_present_is_a_finite_cue():
    quote = quote_containing(analyze("Experten warnen, die Lage könne sich verschlechtern."), "die Lage könne")
    assert quote["speaker"]["text"] == "Experten"


def test_headlines_give_no_reported_speech():
    text = "Russland warnt die Koalition der Willigen\nDer Kreml sagte am Freitag, die Lage sei ernst.\n"
    output = analyze(text, {"Russland": "LOC", "Kreml": "ORG"})
    assert not [q for q in output["quotes"] if "warnt" in q["text"]]
    assert quote_containing(output, "die Lage sei ernst")["speaker"]["text"] == "Der Kreml"


def test_wie_clause_after_the_message_with_an_apposition():
    text = "Die Chemikalie stand unter Druck, wie Burt Rutan, Chef der Firma Scaled Composites, mitteilte."
    quote = quote_containing(analyze(text, {"Burt Rutan": "PER", "Scaled Composites": "ORG"}), "stand unter Druck")
    assert quote["text"] == "Die Chemikalie stand unter Druck"
    assert "Rutan" in quote["speaker"]["text"] or "Chef" in quote["speaker"]["text"]


def test_became_known_has_no_speaker():
    quote = quote_containing(analyze("Am Montag wurde bekannt, dass die Firma verkauft werden soll."), "die Firma")
    assert quote["type"] == "indirect" and quote["speaker"] is None


def test_support_verb_cue_makes_indirect_speech_of_its_subject():
    text = "Die Staatsanwaltschaft Koblenz hegt den Verdacht, der Bürgermeister könnte Spesen doppelt abgerechnet haben."
    output = analyze(text, {"Staatsanwaltschaft Koblenz": "ORG"})
    quote = quote_containing(output, "der Bürgermeister könnte")
    assert quote["type"] == "indirect"
    assert quote["speaker"]["text"] == "Die Staatsanwaltschaft Koblenz"
    assert quote["cue"]["text"] == "hegt"
    assert_offsets(text, output)


def test_opinion_phrase_with_dass_clause_is_indirect_speech():
    text = "Innenministerin Nancy Faeser ist der Meinung, dass die Grenzkontrollen verlängert werden müssten."
    quote = quote_containing(analyze(text, {"Nancy Faeser": "PER"}), "Grenzkontrollen")
    assert quote["type"] == "indirect"
    assert quote["speaker"]["name"] == "Nancy Faeser"


def test_so_between_dashes_names_the_source():
    text = "Die Finanzierung sei gesichert – so Firmenchef Richard Canny –, weitere Investoren seien willkommen."
    quote = quote_containing(analyze(text, {"Richard Canny": "PER"}), "Finanzierung")
    assert quote["type"] == "indirect"
    assert quote["speaker"]["text"] == "Firmenchef Richard Canny"
    assert quote["cue"]["text"] == "so"


def test_zufolge_in_a_direct_quotes_attribution_makes_no_quote_of_its_own():
    text = ("„Das ist eine Gefahr für unser Land“, sagte er der Agentur Interfax zufolge am Rande des Forums. "
            "Der Westen müsse das verstehen.")
    output = analyze(text, {"Interfax": "ORG"})
    assert not [q for q in output["quotes"] if q["text"].startswith("sagte er")]
    direct = quote_containing(output, "Gefahr")
    assert direct["cue"]["text"] == "sagte"
    assert direct["addressee"] is None  # the medium that reports the words is no addressee
    assert_offsets(text, output)


@pytest.mark.parametrize("text, message, speaker, cue", [
    ("„Wir kommen wieder“, hat Peskow am Montag gesagt.", "Wir kommen wieder", "Peskow", "gesagt"),
    ("„Wo ist meine Stimme?“, wollen die Demonstranten wissen.", "Wo ist meine Stimme?", "die Demonstranten", "wollen"),
    ("„Das ist falsch“, soll der Minister gesagt haben.", "Das ist falsch", "der Minister", "gesagt"),
])
def test_direct_quote_with_inverted_auxiliary_and_cue_last(text, message, speaker, cue):
    quote = quote_containing(analyze(text, {"Peskow": "PER"}), message)
    assert quote["type"] == "direct"
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == (speaker, cue)


@pytest.mark.parametrize("text, cue", [
    ("Der Arzt schilderte gegenüber der Zeitung seinen ersten Eindruck, „dass sie einen Herzstillstand hatte“.",
     "schilderte"),
    ("Das Gericht kam damit zu dem Ergebnis, „dass keine tragfähige Grundlage für ein Urteil besteht“.", "kam"),
])
def test_cue_before_an_object_and_a_comma_takes_the_quote(text, cue):
    quote = quote_containing(analyze(text), "dass")
    assert quote["cue"]["text"] == cue
    assert quote["speaker"]["text"] in ("Der Arzt", "Das Gericht")


@pytest.mark.parametrize("text", [
    "Der Minister sagte, die Steuern steigen im nächsten Jahr.",
    "Der Minister teilte mit, die Steuern steigen im nächsten Jahr.",
    "Die Steuern steigen im nächsten Jahr, sagte der Minister.",
    "Die Steuern würden im nächsten Jahr steigen, hat der Minister am Montag gesagt.",
])
def test_indicative_and_inverted_perfect_indirect_speech(text):
    quote = quote_containing(analyze(text), "Steuern")
    assert quote["type"] == "indirect"
    assert "Minister" not in quote["text"]
    assert quote["speaker"]["text"].lower() == "der minister"


def test_clause_before_an_inverted_perfect_must_be_a_main_clause():
    # a fronted "seitdem" clause is the narrator's time frame, not what the Stimmen said
    text = ("Seitdem der Präsident sein Vorhaben bekannt gemacht hatte, haben sich viele Stimmen zu Wort gemeldet.")
    assert not [q for q in analyze(text)["quotes"] if q["text"].startswith("Seitdem")]


@pytest.mark.parametrize("text", [
    "Mit den Worten „Das ist ein schwarzer Tag“ kommentierte Scholz die Entscheidung.",
    "Mit den Worten „Das ist ein schwarzer Tag“ hat Scholz die Entscheidung kommentiert.",
])
def test_mit_den_worten_frames_a_direct_quote(text):
    quote = quote_containing(analyze(text, {"Scholz": "PER"}), "schwarzer Tag")
    assert quote["type"] == "direct"
    assert quote["speaker"]["text"] == "Scholz"
    assert quote["cue"]["text"].startswith("kommentier")


def test_reported_speech_keeps_its_subject_before_an_apposition():
    text = "Der Vorsitzende der Gewerkschaft, Frank Bsirske, kündigte weitere Streiks an."
    quote = analyze(text, {"Frank Bsirske": "PER"})["quotes"][0]
    assert quote["type"] == "reported"
    assert quote["text"] == text
    assert quote["speaker"]["name"] == "Frank Bsirske"


def test_von_phrase_of_ausgehen_is_no_holder_of_the_nach_phrase():
    output = analyze("Die Ermittler gehen nach ersten Erkenntnissen von Brandstiftung aus.")
    assert all(q["speaker"]["text"] != "Brandstiftung" for q in output["quotes"])


def test_quote_runs_over_a_paragraph_without_a_new_opening_mark():
    text = ("Dujarric sagte: „Wir sind sehr besorgt. Die Lage verschlechtert sich täglich.\n\n"
            "Wir brauchen sofort Zugang.“")
    quote = quote_containing(analyze(text, {"Dujarric": "PER"}), "sofort Zugang")
    assert quote["text"].startswith("„Wir sind")
    assert quote["speaker"]["text"] == "Dujarric"


def test_unclosed_quote_stops_where_a_new_quote_opens():
    text = "Er sagte: „Das ist falsch.\n\nDann kam der Regen. Die Partei nannte das „unerhört und dreist“."
    assert not [q for q in analyze(text)["quotes"] if "Regen" in q["text"]]


def test_colon_at_the_end_of_the_line_before_the_quote_is_its_cue():
    quote = analyze("Dujarric sagte:\n„Wir sind sehr besorgt.“", {"Dujarric": "PER"})["quotes"][0]
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == ("Dujarric", "sagte")


def test_apposition_after_an_inverted_speaker_is_not_part_of_the_message():
    text = "Sie seien jedoch außer Lebensgefahr, sagte Mark O’Keefe, der Sprecher der so genannten „EVAC-Ambulanz“."
    quote = quote_containing(analyze(text, {"Mark O’Keefe": "PER"}), "Lebensgefahr")
    assert quote["text"] == "Sie seien jedoch außer Lebensgefahr"


def test_message_around_a_wie_clause_keeps_its_end():
    quote = quote_containing(analyze("Das hatte er, wie sein Anwalt mitteilte, längst getan."), "längst getan")
    assert quote["speaker"]["text"] == "sein Anwalt"


def test_so_after_a_dash_attributes_a_short_direct_quote():
    quote = analyze("„Wir prüfen alle Optionen“ – so der Minister am Montag.")["quotes"][0]
    assert (quote["type"], quote["text"]) == ("direct", "„Wir prüfen alle Optionen“")
    assert quote["speaker"]["text"] == "der Minister"


def test_wissen_wollen_is_a_question_cue():
    quote = analyze("Die Abgeordneten wollten wissen, wann die Entscheidung falle.")["quotes"][0]
    assert (quote["text"], quote["speaker"]["text"]) == ("wann die Entscheidung falle", "Die Abgeordneten")


def test_aus_with_a_motive_is_no_source_of_the_nach_phrase():
    output = analyze("Der Täter soll nach ersten Ermittlungen aus Eifersucht gehandelt haben.")
    assert all(q["speaker"]["text"] != "Eifersucht" for q in output["quotes"])
    assert quote_containing(analyze("Ein Treffen wäre nach Angaben aus Moskau bald möglich."),
                            "Treffen")["speaker"]["text"] == "Moskau"


def test_colon_quote_takes_the_main_clause_cue_not_one_in_a_dass_clause():
    text = "Er glaubt weiterhin, dass das Team gestärkt aus der Saison hervorgegangen sei: „Wir haben gelernt.“"
    quote = quote_containing(analyze(text), "gelernt")
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == ("Er", "glaubt")


@pytest.mark.parametrize("text, speaker", [
    ("„Wir sind bereit“, so Peskow, „aber nicht um jeden Preis.“", "Peskow"),
    ("„Wir sind bereit“, hieß es aus dem Kreml, „aber nicht um jeden Preis.“", "dem Kreml"),
])
def test_interrupted_direct_quote_with_so_or_heisst_es_is_one_quote(text, speaker):
    quotes = analyze(text, {"Peskow": "PER"})["quotes"]
    assert len(quotes) == 1
    assert quotes[0]["text"].endswith("Preis.“") and quotes[0]["speaker"]["text"] == speaker


def test_so_inside_indirect_speech_keeps_the_quoted_fragment_in_it():
    quotes = analyze("Er sei, so Gall, „in Anbetracht der Lage“ nicht vertretbar.", {"Gall": "PER"})["quotes"]
    assert [q["type"] for q in quotes] == ["mixed"]


@pytest.mark.parametrize("text, message, speaker", [
    ("Islands Regierung ist zuversichtlich, im Jahre 2012 Mitglied der EU werden zu können.",
     "im Jahre 2012 Mitglied der EU werden zu können", "Islands Regierung"),
    ("Einige vertreten die Auffassung, die Welt befände sich in der Endzeit.",
     "die Welt befände sich in der Endzeit", "Einige"),
    ("Abhisit machte außerdem zur Bedingung, dass die Rothemden ihre Proteste beenden.",
     "dass die Rothemden ihre Proteste beenden", "Abhisit"),
    ("Die Sender bestehen jedoch darauf, Programme für alle zu machen.", "Programme für alle zu machen",
     "Die Sender"),
    ("Beide Regierungen legten Wert darauf, dass auch andere Länder Soldaten stellen.",
     "dass auch andere Länder Soldaten stellen", "Beide Regierungen"),
])
def test_support_verb_cues_of_stance_and_demand(text, message, speaker):
    quote = quote_containing(analyze(text, {"Abhisit": "PER"}), message)
    assert quote["text"] == message and quote["speaker"]["text"] == speaker


def test_first_person_cue_outside_quote_marks_makes_no_indirect_speech():
    assert analyze("Wir sind überzeugt, dass wir die richtige Entscheidung getroffen haben.")["quotes"] == []


def test_quote_in_brackets_after_a_cue_clause_is_the_speakers():
    text = "Die Kanzlerin lobte die Einigung („ein wichtiger Schritt für Europa“) und dankte allen Beteiligten."
    quote = quote_containing(analyze(text), "wichtiger Schritt")
    assert (quote["type"], quote["speaker"]["text"]) == ("direct", "Die Kanzlerin")
    assert analyze("Das Buch („Mein Leben in Berlin“) erschien 2019.")["quotes"] == []


def test_question_before_an_answer_is_not_the_answerers_words():
    quotes = analyze("Auf die Frage, ob er zurücktreten werde, antwortete der Minister: „Nein.“")["quotes"]
    assert [(q["type"], q["text"], q["speaker"]["text"]) for q in quotes] == [("direct", "„Nein.“", "der Minister")]


@pytest.mark.parametrize("text, speaker, cue", [
    ("„Wir werden das nicht hinnehmen.“ Das sagte Innenministerin Nancy Faeser am Montag in Berlin.",
     "Innenministerin Nancy Faeser", "sagte"),
    ("„Wir werden das nicht hinnehmen.“ Mit diesen Worten reagierte Faeser auf die Kritik.", "Faeser",
     "reagierte"),
    ("„Wir werden das nicht hinnehmen.“ So reagierte Faeser auf die Kritik.", "Faeser", "reagierte"),
    ("„Wir werden das nicht hinnehmen“, ließ Faeser mitteilen.", "Faeser", "mitteilen"),
])
def test_direct_quote_attributed_by_the_sentence_after_it(text, speaker, cue):
    quote = quote_containing(analyze(text, {"Nancy Faeser": "PER", "Faeser": "PER"}), "hinnehmen")
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == (speaker, cue)


def test_slogans_listed_after_wie_zum_beispiel_are_direct_quotes_of_the_chanters():
    text = ("Die Demonstranten zogen zur Paulskirche und skandierten dabei Parolen wie zum Beispiel "
            "„Stoppt den Überwachungswahn“ oder „Vorratsdatenspeicherung – sinnlos, teuer, einfach dumm“.")
    quotes = analyze(text)["quotes"]
    assert [q["text"] for q in quotes] == ["„Stoppt den Überwachungswahn“",
                                           "„Vorratsdatenspeicherung – sinnlos, teuer, einfach dumm“"]
    assert {q["speaker"]["text"] for q in quotes} == {"Die Demonstranten"}


def test_quoted_sentence_attributed_by_das_musste_x_einraeumen():
    text = "„Ja, es gibt Zumutungen“. Das musste Bundesfinanzminister Peer Steinbrück zu Beginn der Debatte einräumen."
    quote = quote_containing(analyze(text, {"Peer Steinbrück": "PER"}), "Zumutungen")
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == ("Bundesfinanzminister Peer Steinbrück", "einräumen")


def test_diese_worte_stammen_von_x_attributes_the_quote_before():
    text = "„Wir brauchen mehr Tempo.“ Diese Worte stammen von Wirtschaftsminister Habeck."
    quote = quote_containing(analyze(text, {"Habeck": "PER"}), "Tempo")
    assert quote["speaker"]["text"] == "Wirtschaftsminister Habeck"


INTERVIEW = (
    "Interview mit Olaf Scholz\n"
    "SPIEGEL: Herr Bundeskanzler, wie geht es mit der Koalition weiter?\n"
    "Scholz: Wir werden die Reformen gemeinsam umsetzen. Daran habe ich keinen Zweifel.\n"
    "SPIEGEL: Die FDP sieht das anders.\n"
)


def test_interview_transcript_lines_are_direct_quotes_of_their_label():
    output = analyze(INTERVIEW, {"Olaf Scholz": "PER", "Scholz": "PER", "SPIEGEL": "ORG", "FDP": "ORG"})
    turns = [(q["speaker"]["text"], q["text"], q["type"]) for q in output["quotes"]]
    assert turns == [
        ("SPIEGEL", "Herr Bundeskanzler, wie geht es mit der Koalition weiter?", "direct"),
        ("Scholz", "Wir werden die Reformen gemeinsam umsetzen. Daran habe ich keinen Zweifel.", "direct"),
        ("SPIEGEL", "Die FDP sieht das anders.", "direct"),
    ]
    assert output["quotes"][1]["speaker"]["name"] == "Olaf Scholz"
    assert_offsets(INTERVIEW, output)


def test_question_and_answer_labels_give_turns_without_a_written_speaker():
    text = "Frage: Wie geht es weiter?\nAntwort: Wir machen einfach weiter wie bisher.\n"
    quotes = analyze(text)["quotes"]
    assert [q["text"] for q in quotes] == ["Wie geht es weiter?", "Wir machen einfach weiter wie bisher."]
    assert all(q["speaker"] is None for q in quotes)


@pytest.mark.parametrize("text", [
    "Hinweis: Dieser Artikel wurde am Montag aktualisiert.\nUpdate: Die Polizei hat den Mann gefasst.\n",
    "Der Minister kam am Montag.\nBerlin: Die Stadt feiert heute ein großes Fest.\n",
])
def test_labelled_lines_that_are_no_interview_give_no_quotes(text):
    assert analyze(text)["quotes"] == []


@pytest.mark.parametrize("text, parts", [
    ("Er sei, betonte der Minister, zu Unrecht entlassen worden.", ["Er sei", "zu Unrecht entlassen worden"]),
    ("„Wir sind bereit“, sagte er, „aber nicht um jeden Preis.“",
     ["„Wir sind bereit“", "„aber nicht um jeden Preis.“"]),
    ("Die Lage sei, so der Sprecher am Montag, unter Kontrolle.", ["Die Lage sei", "unter Kontrolle"]),
    ("Die Lage sei unter Kontrolle, sagte der Sprecher.", ["Die Lage sei unter Kontrolle"]),
])
def test_parts_leave_out_an_interrupting_attribution(text, parts):
    output = analyze(text)
    quote = output["quotes"][0]
    assert [p["text"] for p in quote["parts"]] == parts
    assert quote["speaker"] is not None
    for part in quote["parts"]:
        assert text[part["start"]:part["end"]] == part["text"]


def test_two_konjunktiv_words_before_an_interrupting_cue_are_a_message():
    quote = analyze("Er sei, betonte der Minister, zu Unrecht entlassen worden.")["quotes"][0]
    assert quote["speaker"]["text"] == "der Minister"
    assert quote["cue"]["text"] == "betonte"
    assert analyze("Er kam, sagte der Minister, zu spät.")["quotes"] == []  # two words in the indicative


@pytest.mark.parametrize("text, message, speaker", [
    ("Aus Kreisen der Regierung ist zu hören, der Minister habe die Filme in Auftrag gegeben.",
     "der Minister habe die Filme in Auftrag gegeben", "Kreisen der Regierung"),
    ("Die Spieler wollen sich Gerüchten zu Folge von ihrem Verein trennen.",
     "Die Spieler wollen sich Gerüchten zu Folge von ihrem Verein trennen", "Gerüchten"),
])
def test_zu_hoeren_and_zu_folge_written_apart(text, message, speaker):
    quote = analyze(text)["quotes"][0]
    assert (quote["text"], quote["speaker"]["text"]) == (message, speaker)
    assert analyze("Das Feuer entstand zu Folge eines Defekts.")["quotes"] == []


def test_a_direct_quote_carried_on_shares_the_cue_of_the_one_before():
    text = "„Wir trauern“, sagte Beck. „Die Menschen hier sind traumatisiert.“ Dann ging er."
    output = analyze(text, {"Beck": "PER"})
    first, second = output["quotes"][0], quote_containing(output, "traumatisiert")
    assert second["cue"] == first["cue"] and second["cue"]["text"] == "sagte"
    assert second["speaker"]["text"] == "Beck"


def test_a_konjunktiv_cue_after_reported_speech_is_part_of_the_continuation():
    text = ("Die Polizei teilte mit, drei Menschen seien gestorben. Mehrere weitere Körper seien geortet worden. "
            "Man gehe davon aus, dass sie ebenfalls tot sind.")
    quotes = analyze(text)["quotes"]
    assert quotes[-1]["text"] == ("Mehrere weitere Körper seien geortet worden. "
                                  "Man gehe davon aus, dass sie ebenfalls tot sind.")
    assert quotes[-1]["speaker"]["text"] == "Die Polizei"


@pytest.mark.parametrize("text, speaker", [
    ("„Der Aufschwung kommt.“ Davon ist der Wirtschaftsminister überzeugt.", "der Wirtschaftsminister"),
    ("„Die Lage ist ernst.“ Dieser Meinung ist auch der Experte Hans Weber.", "der Experte Hans Weber"),
    ("„Wir schaffen das“, ist sich die Kanzlerin sicher.", "die Kanzlerin"),
    ("„Wir geben nicht auf“, gab sich die Gewerkschaftschefin kämpferisch.", "die Gewerkschaftschefin"),
])
def test_stated_conviction_after_a_quote_attributes_it(text, speaker):
    quote = analyze(text, {"Hans Weber": "PER"})["quotes"][0]
    assert quote["speaker"]["text"] == speaker


def test_konjunktiv_i_of_an_unlisted_verb_after_a_pronoun_carries_on_the_speech():
    text = ("Der russische Vertreter begründete dies damit, dass die Resolution einseitig sei. "
            "Sie berücksichtige die Interessen der Regierung nicht ausreichend.")
    quote = quote_containing(analyze(text), "berücksichtige")
    assert quote["speaker"]["text"] == "Der russische Vertreter"
    assert analyze("Der Mann floh. Er wurde später in Köln festgenommen.")["quotes"] == []


def test_a_short_quote_that_is_the_whole_message_is_direct():
    quotes = analyze("„Nein“, sagte sie. „Ja“, sagte er.")["quotes"]
    assert [(q["text"], q["type"], q["speaker"]["text"]) for q in quotes] == [("„Nein“", "direct", "sie"),
                                                                             ("„Ja“", "direct", "er")]


@pytest.mark.parametrize("text, message", [
    ("Obama erklärte in seiner Radioansprache, die Wirtschaft erhole sich.", "die Wirtschaft erhole sich"),
    ("Der Richter sagte nach der Verhandlung, der Fall bleibe offen.", "der Fall bleibe offen"),
    ("Sie betonte am Rande des Treffens, die Zahl der Opfer steige weiter.", "die Zahl der Opfer steige weiter"),
])
def test_a_noun_subject_before_a_verb_in_e_is_konjunktiv_i_whatever_the_verb(text, message):
    assert [q["text"] for q in analyze(text)["quotes"]] == [message]


@pytest.mark.parametrize("clause, expected", [
    ("die Wirtschaft erhole sich", True),
    ("der Fall bleibe offen", True),
    ("die Union sowie die FDP lehnen ihn ab", False),
    ("die Wirtschaft wurde schwächer", False),
    ("die Preise steigen", False),
    ("er erhole sich", False),  # pronouns have their own rule
])
def test_which_noun_subject_clauses_have_a_konjunktiv_ending(clause, expected):
    words = clause.split()
    assert noun_subject_with_konjunktiv_ending(words, 0, len(words)) is expected
