"""Addressees: to whom a statement was made.

Rule: an addressee is a participant the speaker addressed in the speech act itself:

* "gegenüber X" anywhere in the cue clause ("sagte er gegenüber der BBC");
* "im Interview / Gespräch / Telefonat mit X" ("sagte er im Interview mit dem Spiegel");
* a dative object of a speech verb right after the verb or its subject ("sagte er der Agentur
  Interfax", "sagte Peskow der staatlichen Nachrichtenagentur RIA Nowosti");
* the accusative object of verbs that address someone (warnen, auffordern, aufrufen, vorwerfen's
  dative, ermahnen, bitten: "warnte die Koalition der Willigen");
* "an X" after appellieren/sich wenden/richten and in "an X gewandt", "vor X" when X is an audience
  ("vor Journalisten", "vor dem Parlament"), "zur/zum X" when X is a medium or a quoted title
  ("zur Sportschau", "zum „Kurier“"), "mit X" after diskutieren/sprechen/verhandeln;
* a dative pronoun in the middle field ("hatten ihm vorgeworfen").
* "gegenüber X" after a noun of attitude is that noun's attribute ("Abgrenzung gegenüber der PKK").
* "an X" after a noun of a sent message ("in einer Videobotschaft an seine Unterstützer", "eine
  Mahnung an die Politik").
* "gegenüber X" right after the source of laut/nach/so ("nach Angaben der Sprecherin gegenüber dem
  Weser-Kurier").
* a dative phrase followed by "zufolge" is the medium that reports the words, not an addressee
  ("sagte er der Agentur Interfax zufolge").

Settings are not addressees: "bei der Pressekonferenz mit Macron", "auf dem Forum", "in Paris"
name where something was said, and "mit X" only counts after Interview/Gespräch/Telefonat.
"""

from __future__ import annotations

from service.speaker import clause_start_before, genitive_attribute_end, noun_phrase_after, quoted_name_end

DATIVE_VERBS = frozenset({
    "sagen", "erklären", "mitteilen", "versichern", "berichten", "bestätigen", "schreiben", "antworten",
    "versprechen", "zusichern", "vorwerfen", "erzählen", "verraten", "zusagen", "drohen", "empfehlen",
    "raten", "entgegnen", "erläutern", "schildern", "widersprechen", "zustimmen", "danken", "gratulieren",
    "signalisieren", "bekräftigen", "ankündigen", "vorhalten", "zu verstehen geben", "deutlich machen",
    "klar machen", "vorschlagen", "unterstellen", "zurufen", "vorrechnen", "nahelegen",
})
ACCUSATIVE_ADDRESSEE_VERBS = frozenset({
    "warnen", "auffordern", "aufrufen", "ermahnen", "bitten", "informieren", "fragen", "drängen", "mahnen",
    "anrufen", "beschuldigen", "ermutigen", "anweisen", "loben", "kritisieren", "attackieren", "beglückwünschen",
    "unterrichten", "benachrichtigen", "anweisen", "würdigen", "ehren", "angreifen",
})
MIT_VERBS = frozenset({"diskutieren", "sprechen", "verhandeln", "telefonieren", "reden", "beraten"})
DATIVE_PRONOUNS = frozenset({"ihm", "ihnen", "mir", "uns"})
VON_VERBS = frozenset({"fordern", "verlangen", "erwarten", "einfordern"})
BARE_OBJECT_VERBS = frozenset({"vorwerfen", "empfehlen", "raten", "bitten", "nennen", "bezeichnen"})
NAMING_VERBS = frozenset({"nennen", "bezeichnen"})
PASSIVE_ADDRESSEE_VERBS = frozenset({"auffordern", "vorwerfen", "bitten", "anweisen", "aufrufen", "warnen",
                                     "ermahnen", "informieren", "beschuldigen", "empfehlen", "raten"})
MEDIA_HEADS = ("agentur", "zeitung", "sender", "blatt", "magazin", "fernsehen", "radio", "dpa", "afp", "reuters",
               "presse", "nachrichtenagentur", "rundfunk", "portal", "wikinews", "schau", "funk", "spiegel", "online",
               "tv")
NOT_OBJECTS = frozenset({"er", "sie", "es", "man", "wir", "ich", "sich", "dies", "das", "diese"})
AN_VERBS = frozenset({"appellieren", "aufrufen", "schreiben", "richten", "wenden", "auffordern", "mahnen", "erinnern"})
# Nouns of a message that is sent to someone: "ein Brief an X", "eine Videobotschaft an X".
MESSAGE_NOUN_ENDINGS = ("brief", "briefe", "schreiben", "botschaft", "appell", "aufruf", "mahnung", "rede",
                        "ansprache", "mail", "e-mail", "nachricht", "erklärung")
REQUEST_NOUNS = frozenset({"anfrage", "nachfrage"})
INTERVIEW_NOUNS = frozenset({"interview", "gespräch", "telefonat", "telefongespräch", "fernsehinterview"})
AUDIENCE_HEADS = ("journalisten", "reportern", "medienvertretern", "abgeordneten", "parlament", "presse",
                  "studenten", "anhängern", "zuschauern", "delegierten", "mitgliedern", "publikum", "gästen",
                  "vertretern", "bundestag", "kongress", "versammlung", "ausschuss", "soldaten", "mitarbeitern")
DATIVE_DETERMINERS = frozenset({"dem", "der", "den", "einem", "einer", "seinem", "seiner", "ihrem", "ihrer", "seinen",
                                "ihren", "unseren"})
PLURAL_DATIVE_DETERMINERS = frozenset({"den", "seinen", "ihren", "unseren"})  # also accusative singular
ACCUSATIVE_DETERMINERS = frozenset({"die", "den", "das", "seine", "ihre", "alle", "beide", "einen", "eine"})
NOT_ADDRESSEE_HEADS = ("tag", "woche", "monat", "jahr", "jahren", "wochen", "tagen", "abend", "morgen",
                       "ende", "rande", "zeit", "nacht", "vormittag", "nachmittag")


ASSEMBLIES_IN_TAG = ("bundestag", "landtag", "reichstag", "kreistag", "parteitag", "bundestags", "landtags")


def is_temporal(words: list[str], start: int, end: int) -> bool:
    """"am Ende der Woche", "dem vergangenen Jahr": the head noun, the first capitalised word after the
    article, is one of time ("dem Abgeordneten Montag" and "dem Bundestag" are not)."""
    if any(w in ("„", '"', "»") for w in words[start:end]):
        return False  # "der „Zeit“", "dem „Morgen“": a quoted title, not a time
    head = next((w for w in words[start:end] if w[:1].isupper() and w.lower() not in DATIVE_DETERMINERS), None)
    if head is None:
        return False
    lower = head.lower()
    return lower.endswith(NOT_ADDRESSEE_HEADS) and not lower.endswith(ASSEMBLIES_IN_TAG)


def phrase_at(words: list[str], k: int) -> tuple[int, int] | None:
    phrase = noun_phrase_after(words, k)
    if phrase is None or words[phrase[0]].lower() in ("er", "sie", "es", "man", "wir", "ich"):
        return None
    end = genitive_attribute_end(words, phrase[1], len(words))
    if is_temporal(words, phrase[0], end):
        return None
    return (phrase[0], end)


def clause_end_after(words: list[str], k: int) -> int:
    while k < len(words) and words[k] not in (",", ";", ":", ".", "!", "?", "„", "“", '"', "»", "«") and \
            not opens_coordinated_verb(words, k):
        k += 1
    if k < len(words) and words[k] in ("„", '"', "»"):
        name_end = quoted_name_end(words, k, len(words))
        if name_end is not None and name_end - k <= 6:
            return clause_end_after(words, name_end)  # "vom „Queer Kollektiv“ in einem Interview mit X"
    return k


def opens_coordinated_verb(words: list[str], k: int) -> bool:
    """"… und zogen vor das Parlament": "und" before a lower-case verb form starts another clause."""
    if words[k].lower() not in ("und", "oder") or k + 1 >= len(words):
        return False
    nxt = words[k + 1]
    return nxt.isalpha() and nxt[:1].islower() and nxt.endswith(("te", "ten", "t", "en")) and \
        nxt.lower() not in PREPOSITIONS | DATIVE_DETERMINERS | ACCUSATIVE_DETERMINERS


def cue_clause_end(words: list[str], verb: int, subject: tuple[int, int] | None) -> int:
    """The end of the cue clause; an inverted subject's apposition in commas belongs to it
    ("sagte Andreas Beck, Spieler von Hoffenheim, gegenüber einem Reporter")."""
    end = clause_end_after(words, verb + 1)
    if subject is None or subject[0] <= verb or end >= len(words) or words[end] != "," or end > subject[1] + 1:
        return end
    after = clause_end_after(words, end + 1)
    if after < len(words) and words[after] == "," and noun_phrase_after(words, end + 1, after) is not None:
        return clause_end_after(words, after + 1)
    return after if subject[1] > end else end


def find_addressee(words: list[str], verb: int, lemma: str, subject: tuple[int, int] | None,
                   particle: tuple[int, ...] = ()) -> tuple[int, int] | None:
    """Token span of the addressee in the cue verb's clause, or None."""
    start = clause_start_before(words, verb)
    if verb - 1 > start and opens_coordinated_verb(words, verb - 1):
        start = verb  # "zogen vor das Parlament und skandierten": the first verb's phrases are not the cue's
    end = cue_clause_end(words, verb, subject)
    skip = tuple(range(*subject)) if subject is not None else ()
    found = (addressee_in_phrases(words, start, end, lemma, particle + skip)
             or object_after_verb(words, verb, lemma, subject)
             or middle_field_object(words, start, verb, lemma, subject)
             or fronted_object(words, start, verb, lemma, subject)
             or passive_subject(words, start, verb, lemma))
    if found is not None and subject is not None and found[0] < subject[0] < found[1]:
        return (found[0], subject[0])  # "gegenüber Wikinews der EU-Kommissar": the speaker follows the addressee
    return found


ATTITUDE_NOUN_ENDINGS = ("ung", "heit", "keit", "trauen", "anz", "tät", "skepsis", "vorbehalte", "respekt", "kritik",
                         "gewalt", "hass", "feindschaft")


def is_attitude_noun(word: str) -> bool:
    """Nouns that take "gegenüber" as their own attribute: Abgrenzung, Misstrauen, Intoleranz, Solidarität."""
    return word[:1].isupper() and word.lower().endswith(ATTITUDE_NOUN_ENDINGS)


def addressee_after_source(words: list[str], source_end: int) -> tuple[int, int] | None:
    """"nach Angaben der Sprecherin gegenüber dem Weser-Kurier", "so der Sprecher gegenüber der Zeitung X"."""
    k = source_end
    while k + 1 < len(words) and words[k].lower() in ("des", "der", "eines", "einer"):
        phrase = phrase_at(words, k)  # the source's genitive attributes
        if phrase is None or phrase[1] <= k:
            return None
        k = phrase[1]
    if k + 1 < len(words) and words[k].lower() == "gegenüber":
        return phrase_at(words, k + 1)
    return None


def addressee_in_phrases(words: list[str], start: int, end: int, lemma: str,
                         skipped: tuple[int, ...]) -> tuple[int, int] | None:
    """Prepositional addressees anywhere in the cue clause: gegenüber X, im Interview mit X, an X, vor X;
    not inside the separated particle or the speaker's own phrase ("Joe Stork von HRW fordert")."""
    for k in range(start, end):
        lower = words[k].lower()
        if k + 1 >= len(words) or k in skipped:
            continue
        if lower == "gegenüber" and k > start and k - 1 not in skipped and is_attitude_noun(words[k - 1]):
            continue  # "mangelnde Abgrenzung gegenüber der PKK": an attribute of the noun, not the addressee
        if lower in REQUEST_NOUNS and words[k + 1].lower() in ("von", "vom", "des", "der") and k + 2 < end:
            phrase = phrase_at(words, k + 2 if words[k + 1].lower() in ("von", "vom") else k + 1)
            if phrase:
                return phrase  # "auf Anfrage von Wikinews": who asked is who was answered
        if lower == "gegenüber" or lower in INTERVIEW_NOUNS and words[k + 1].lower() == "mit":
            phrase = phrase_at(words, k + 1 if lower == "gegenüber" else k + 2)
            if phrase:
                return phrase
        if lower == "an" and lemma in AN_VERBS or lower == "von" and lemma in VON_VERBS or \
                lower == "mit" and lemma in MIT_VERBS:
            phrase = phrase_at(words, k + 1)
            if phrase:
                return phrase
        if lower == "an":
            phrase = phrase_at(words, k + 1)
            if phrase and phrase[1] < len(words) and words[phrase[1]].lower() in ("gewandt", "gerichtet"):
                return phrase  # "An die Gewerkschaften gewandt sagte Köhler"
            if phrase and k > start and words[k - 1].lower().endswith(MESSAGE_NOUN_ENDINGS):
                return phrase  # "in einer Videobotschaft an seine Unterstützer", "eine Mahnung an die Politik"
        if lower in ("zur", "zum") and words[k + 1] in ("„", '"', "»"):
            name_end = quoted_name_end(words, k + 1, len(words))
            if name_end is not None:
                return (k + 1, name_end)  # "sagte er zum „Algemeen Dagblad“": a publication
        if lower in ("vor", "zur", "zum"):
            phrase = phrase_at(words, k + 1)
            heads = AUDIENCE_HEADS if lower == "vor" else MEDIA_HEADS
            if phrase and any(w.lower().endswith(heads) for w in words[phrase[0]:phrase[1]]):
                return phrase
    return None


def object_after_verb(words: list[str], verb: int, lemma: str, subject: tuple[int, int] | None) -> tuple[int, int] | None:
    """The object right after the verb, or after an inverted subject: "sagte Peskow der Agentur Interfax"."""
    position = verb + 1
    if subject is not None and subject[0] > verb + 1:
        # "sagte der BBC ein Sprecher", "sagte am Montag dem Sender ein Sprecher": the object before the subject
        before = object_at(words, position, lemma, subject) or object_at_after_adverbial(words, position, lemma, subject)
        if before is not None and before[1] == subject[0]:
            return before
    if subject is not None and subject[0] > verb:
        position = subject[1]
        if position + 1 < len(words) and words[position].lower() in ("vom", "von"):
            phrase = phrase_at(words, position + 1)  # "Johanna Moser vom Kollektiv der Zeitung X"
            position = phrase[1] if phrase else position
    if position >= len(words):
        return None
    return object_at(words, position, lemma, subject) or object_at_after_adverbial(words, position, lemma, subject)


ADVERBS_BEFORE_OBJECT = frozenset("heute gestern dann nun jetzt später bereits zudem außerdem erneut zuletzt weiter "
                                  "dazu damals inzwischen".split())


def object_at_after_adverbial(words: list[str], position: int, lemma: str,
                              subject: tuple[int, int] | None) -> tuple[int, int] | None:
    """"sagte er am Montag der Zeitung", "erklärte er dann Reportern", "sagte ein Sprecher in Köln am Montag
    der Agentur": up to two short adverbials between verb and object."""
    for _ in range(MAX_ADVERBIALS_BEFORE_OBJECT):
        after = adverbial_end(words, position)
        if after is None or after >= len(words):
            return None
        found = object_at(words, after, lemma, subject)
        if found is not None:
            return found
        position = after
    return None


MAX_ADVERBIALS_BEFORE_OBJECT = 2
PLACE_PREPOSITIONS = frozenset({"in", "aus", "bei"})


def adverbial_end(words: list[str], position: int) -> int | None:
    """Where a one-word adverbial, "am/im + noun" or "in/aus + place name" that starts at ``position`` ends."""
    lower = words[position].lower()
    if lower in ADVERBS_BEFORE_OBJECT:
        return position + 1
    if position + 1 < len(words) and words[position + 1][:1].isupper():
        if lower in ("am", "im"):
            return position + 2
        if lower in PLACE_PREPOSITIONS and words[position + 1].lower() not in DATIVE_DETERMINERS:
            end = position + 2  # "in Köln", "in New York"
            return end + 1 if end < len(words) and words[end][:1].isupper() and \
                words[end].lower() not in DATIVE_DETERMINERS else end
    return None


def object_at(words: list[str], position: int, lemma: str, subject: tuple[int, int] | None) -> tuple[int, int] | None:
    first = words[position].lower()
    if lemma in DATIVE_VERBS:
        if first in DATIVE_DETERMINERS:
            phrase = phrase_at(words, position)
            if phrase and phrase[1] < len(words) and words[phrase[1]].lower() == "zufolge":
                return None  # "sagte er der Agentur Interfax zufolge": the medium that reports it
            if phrase and first in PLURAL_DATIVE_DETERMINERS and not words[phrase[1] - 1].lower().endswith(("n", "s")):
                return None  # "bestätigte den Stellenabbau": an accusative singular, not a dative plural
            return phrase
        if words[position][:1].isupper() and words[position].lower().endswith(AUDIENCE_HEADS + ("bürgern",)):
            return (position, position + 1)  # "erklärte er Reportern"
    # empfehlen, raten, vorwerfen take the person in the dative: an accusative article opens what is recommended
    # nennen/bezeichnen take what is named ("nannte den Entwurf „unzureichend“"); only a name can be addressed
    accusative_person = lemma in ACCUSATIVE_ADDRESSEE_VERBS or \
        lemma in BARE_OBJECT_VERBS - NAMING_VERBS and lemma not in DATIVE_VERBS
    capitalised = words[position][:1].isupper() and first not in NOT_OBJECTS
    if accusative_person and (first in ACCUSATIVE_DETERMINERS or capitalised) or \
            lemma in BARE_OBJECT_VERBS and capitalised and first not in ACCUSATIVE_DETERMINERS:
        phrase = phrase_at(words, position)
        if phrase and (subject is None or phrase[0] >= subject[1] or phrase[1] <= subject[0]):
            return phrase
    return None


PREPOSITIONS = frozenset("in im an am auf aus bei beim mit nach seit von vom vor zu zum zur über unter um durch für "
                         "gegen ohne während wegen trotz dank laut gemäß".split())


def middle_field_object(words: list[str], start: int, verb: int, lemma: str,
                        subject: tuple[int, int] | None) -> tuple[int, int] | None:
    """An object between the finite verb (or subordinator) and a verb at the clause end:
    "hat in einem Brief den Abgeordneten mitgeteilt", "der der US-Regierung vorwarf"."""
    if lemma not in DATIVE_VERBS and lemma not in ACCUSATIVE_ADDRESSEE_VERBS | BARE_OBJECT_VERBS:
        return None
    # from the subject on, but never in a relative clause between subject and verb ("Mehrere Zeugen, die den
    # Unfall beobachtet hatten, berichteten")
    k = max(subject[1], start) if subject is not None and subject[1] <= verb else start + 1
    while k < verb:
        word = words[k].lower()
        if words[k - 1].lower() in PREPOSITIONS or subject is not None and subject[0] <= k < subject[1]:
            k += 1
            continue
        wanted = DATIVE_DETERMINERS if lemma in DATIVE_VERBS else ACCUSATIVE_DETERMINERS
        if word in DATIVE_PRONOUNS and lemma in DATIVE_VERBS:
            return (k, k + 1)  # "hatten ihm vorgeworfen"
        if word in wanted:
            phrase = phrase_at(words, k)
            if phrase is not None and phrase[1] <= verb:
                return phrase
        k += 1
    return None


def fronted_object(words: list[str], start: int, verb: int, lemma: str,
                   subject: tuple[int, int] | None) -> tuple[int, int] | None:
    """"Der Politik schlug er vor", "Die Bürger forderte er auf": an object before the verb, subject after it."""
    if subject is None or subject[0] < verb or start >= verb:
        return None
    phrase = phrase_at(words, start)
    if phrase is None or phrase[1] != verb:
        return None
    first = words[start].lower()
    if lemma in DATIVE_VERBS and first in DATIVE_DETERMINERS or lemma in ACCUSATIVE_ADDRESSEE_VERBS | BARE_OBJECT_VERBS:
        return phrase
    return None


def passive_subject(words: list[str], start: int, verb: int, lemma: str) -> tuple[int, int] | None:
    """"Israel wurde aufgefordert", "Klien wurde vorgeworfen": the passive subject is the addressee."""
    if lemma not in PASSIVE_ADDRESSEE_VERBS:
        return None
    aux = next((k for k in range(start, verb) if words[k].lower() in ("wurde", "wurden", "wird", "werden")), None)
    if aux is None or aux == start:
        return None
    phrase = phrase_at(words, start)
    return phrase if phrase is not None and phrase[1] == aux else None
