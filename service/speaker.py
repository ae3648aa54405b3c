"""Speakers: the grammatical subject of a cue, coreference and entity clustering.

Subject from German word order, without a parser:

* main clause, verb second: the constituent before the finite verb is the subject when it is a
  noun phrase ("Putin betonte, ..."); when it is an adverbial or a prepositional phrase
  ("Am Freitag sagte Putin") or when the verb opens the clause ("..., sagte der Minister"),
  the subject follows the finite verb.
* verb-final clauses ("wie Merz mitteilte", "..., der mitteilte") take the noun phrase after
  the subordinator, or the antecedent before a relative pronoun.
* prepositional cues take their object: "laut X", "nach Angaben X", "X zufolge", "so X"; "wonach"
  takes the report it refers to, "Demnach" stands for the report in the sentence before.
* case decides where word order cannot: a pre-field opened by a non-nominative article ("Den
  Vorschlag lehnte der Minister ab") or a time phrase ("Letzte Woche") is no subject; passives
  take their agent ("von X", not after a quantity) or the statement they stand in, never the
  patient or the dative.
* a speaker is a person, an organisation or place, a role, or a noun for people, institutions and
  media that speak; a thing as the subject of a weak cue, or a clause in Konjunktiv I before a
  colon, hands the words on to the previous speaker.
* correlative subjects are one phrase ("Sowohl die Behörde als auch das Militär", "Weder X noch
  Y"); a fronted state word ("Besorgt äußerte sich X") is no subject; a finite hervorgehen / sich
  ergeben takes the document in its aus-phrase ("Wie aus dem Bericht hervorgeht").
* a continuation after a wonach-report inside X's indirect speech goes on in X's voice.

A speaker noun phrase keeps its written role or title ("Kreml-Sprecher Dmitri Peskow",
"Frankreichs Präsident Emmanuel Macron"); a name in the genitive before a noun ("Putins
Sprecher") is a modifier, never the head, so it never makes the phrase refer to that person.

Coreference: "er"/"sie" go to the most recent person speaker (then the most recent person
subject); role nouns ("der Kremlchef", "der Minister") go to the person introduced with a
matching role word, else to the most recent person speaker.  Entities cluster person mentions
by surname (genitive -s removed), others by their normalised text; the canonical name drops a
final s only where the entity is also written without it ("Putins" next to "Putin", but
"António Guterres").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from service.cues import find_verb_cues, is_konjunktiv_i
from service.document import EntityMention
from service.quotes import DocumentView, QuoteCandidate

DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner "
    "sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres unser unsere unserem "
    "unseren unserer dieser diese dieses diesem diesen jener jene beide beiden mehrere viele einige "
    "zahlreiche alle andere anderen weitere weiteren jede jeder jeden jedem jedes jegliche jeglichen jeglicher "
    "manche manchen solche solchen".split()
)
SUBJECT_PRONOUNS = frozenset({"er", "sie", "man", "wir", "ich", "es"})
PERSON_PRONOUNS = frozenset({"er", "sie"})
NAME_PARTICLES = frozenset({"von", "van", "de", "del", "der", "zu", "bin", "al", "el", "da", "di", "ten", "ter", "le", "la"})
RELATIVE_PRONOUNS = frozenset({"der", "die", "das", "welcher", "welche", "welches"})
SUBORDINATORS = frozenset({"wie", "als", "dass", "nachdem", "während", "weil", "da", "ob", "wenn", "obwohl"})
LEADING_PARTICLES = frozenset({"und", "aber", "auch", "doch", "denn", "sondern", "selbst", "sogar", "nur", "oder"})
# Lower-case words ending like adjectives that are not adjectives.
NOT_ADJECTIVES = frozenset(
    "aber oder oben unten unter über hinter wieder immer außer sehr seine seinen seiner ihre ihren ihrer "
    "diese dieser diesen eine einer einen einem keine keiner deren dessen jeder jede jeden jedem wenige "
    "gerne gestern ferner später früher lange ebenfalls bereits bisher weiter sicher gegenüber".split()
)
FUNCTION_WORDS_CAPITALISED = frozenset(
    "Der Die Das Den Dem Des Ein Eine Einen Einem Einer Er Sie Es Wir Ich Man Auch Und Aber Doch Denn "
    "So Wie Als Dass Ob Wenn Nach Laut Am Im In Bei Mit Von Vor Zu Zum Zur Für Auf Aus Über Unter Dabei "
    "Dazu Damit Darauf Daher Deshalb Zudem Außerdem Zunächst Zuvor Gleichzeitig Zugleich Allerdings "
    "Jedoch Trotzdem Dennoch Inzwischen Heute Gestern Morgen Nun Jetzt Hier Dort Dies Diese Dieser Dieses "
    "Seine Ihr Ihre Sein Unser Unsere Mehrere Viele Einige Alle Andere Weitere Bereits Schon Noch Nur Erst "
    "Per Gegenüber Wegen Trotz Seit Ab Bis Durch Gegen Ohne Um Während Angesichts Aufgrund Hinsichtlich Zwischen "
    "Neben Hinter Innerhalb Außerhalb Mittels Dank Statt Anstatt Beim Vom Ins Ans Aufs Fürs Unterdessen Indes "
    "Bezüglich Betreffend Entsprechend Gemäß Infolge Zufolge Da Nachdem Weil Obwohl Obgleich Falls Sofern Sobald "
    "Seitdem Bevor Ehe Sodass Indem Solange Soweit".split()
)
# Sentence-initial adverbs and connectives: capitalised at the start, never a subject.
ADVERBS = frozenset(
    """aktuell weiter weiterhin insbesondere dagegen darin darauf daraufhin darüber dabei dafür damit danach
    daneben dann damals deshalb deswegen daher dazu dort hier heute gestern morgen jetzt nun nunmehr zudem
    außerdem ferner ebenso ebenfalls gleichzeitig zugleich zuvor zunächst zuerst später schließlich
    letztlich allerdings jedoch trotzdem dennoch indes indessen inzwischen mittlerweile bislang bisher
    bereits schon noch nur auch sogar selbst vor allem vielmehr stattdessen andernfalls anschließend
    abschließend ausdrücklich offenbar offensichtlich angeblich möglicherweise vermutlich wahrscheinlich
    tatsächlich grundsätzlich generell insgesamt ebenfalls überdies zusätzlich erneut wiederum erst
    kürzlich jüngst unlängst derzeit momentan gegenwärtig seither seitdem so also somit folglich demnach
    demzufolge hingegen umgekehrt immerhin zumindest wenigstens eigentlich natürlich sicherlich gewiss
    ebenso genauso hierzu hierbei hierfür hierauf deren dessen gerade besonders vor nach währenddessen
    unterdessen mithin ebenfalls jedenfalls außerdem anfangs zuletzt zuerst nochmals wieder da zwar
    davon daran darum dadurch darunter davor""".split()
)

ROLE_SUFFIXES = (
    "präsident", "präsidentin", "kanzler", "kanzlerin", "minister", "ministerin", "sprecher", "sprecherin",
    "chef", "chefin", "vorsitzende", "vorsitzender", "sekretär", "sekretärin", "politiker", "politikerin",
    "staatschef", "regierungschef", "bürgermeister", "bürgermeisterin", "abgeordnete", "abgeordneter",
    "direktor", "direktorin", "leiter", "leiterin", "trainer", "trainerin", "anwalt", "anwältin",
    "experte", "expertin", "botschafter", "botschafterin", "general", "kommissar", "kommissarin",
    "premier", "premierminister", "könig", "königin", "papst", "bischof", "richter", "richterin",
    "gouverneur", "senator", "senatorin", "professor", "professorin", "autor", "autorin", "sprecher",
    "amtskollege", "amtskollegin", "manager", "managerin", "gründer", "gründerin", "kandidat", "kandidatin",
    "preisträger", "preisträgerin", "vorgänger", "vorgängerin", "nachfolger", "nachfolgerin", "amtsinhaber",
    "amtsinhaberin", "herausforderer", "herausforderin", "führer", "führerin", "kapitän", "kapitänin", "spieler",
    "spielerin", "sänger", "sängerin", "journalist", "journalistin", "virologe", "virologin", "ökonom", "ökonomin",
    "volkswirt", "volkswirtin", "diplomat", "diplomatin", "verteidiger", "verteidigerin", "funktionär", "funktionärin",
    "historiker", "historikerin",
    "jährige", "jähriger",  # "der 45-Jährige" takes up the person named before
)
AGE_ROLES = frozenset({"jährige", "jähriger"})


@dataclass(frozen=True)
class Span:
    """A token range [start, end) of one sentence."""

    sentence: int
    start: int
    end: int


@dataclass
class SpeakerMention:
    start: int  # character offsets into the normalised text
    end: int
    text: str
    kind: str  # PER, ORG, LOC, PRON, NOUN
    name: str
    entity_key: str | None = None  # cluster key of the entity, resolved later to an id


AGENCY_ABBREVIATIONS = frozenset({"dpa", "afp", "ap", "ddp", "epd", "kna", "rtr", "apa", "sda", "dapd"})


ADVERBS_BEFORE_VERB = frozenset({"hingegen", "dagegen", "jedoch", "aber", "indes", "indessen", "wiederum",
                                 "seinerseits", "ihrerseits", "selbst", "allerdings", "nun", "ebenfalls"})
DEMONSTRATIVE_SUBJECTS = frozenset({"dieser", "diese", "jener", "jene", "letzterer", "letztere", "ersterer", "erstere"})


MAX_PHRASE_TOKENS = 24  # no speaker phrase is longer; keeps every scan bounded


@lru_cache(maxsize=65536)
def is_capitalised(word: str) -> bool:
    """A capitalised word, or a noun compound that starts with a number ("45-Jährige", "G7-Staaten")."""
    if word[:1].isdigit() and "-" in word:
        return word.rsplit("-", 1)[1][:1].isupper()
    return word[:1].isupper() and any(ch.isalpha() for ch in word)


@lru_cache(maxsize=65536)
def is_adjective(word: str) -> bool:
    lower = word.lower()
    return (
        word[:1].islower()
        and word.replace("-", "").isalpha()
        and lower not in NOT_ADJECTIVES
        and lower not in DETERMINERS
        and len(word) > 3
        and lower.endswith(("e", "en", "er", "es", "em"))
    )


NUMBER_WORDS = frozenset("zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig fünfzig "
                         "hundert tausend dutzend".split())


def is_number(word: str) -> bool:
    """"45", "drei", "100-prozentige"; not a noun compound such as "45-Jährige"."""
    return word[:1].isdigit() and not is_capitalised(word) or word.lower() in NUMBER_WORDS


QUANTIFIER_PRONOUNS = frozenset({"einige", "viele", "manche", "beide", "alle", "mehrere", "wenige", "andere"})


def noun_phrase_after(words: list[str], i: int, limit: int | None = None) -> tuple[int, int] | None:
    """A subject-like noun phrase starting at token i: a pronoun, or det + adjectives + nouns/names."""
    limit = min(len(words) if limit is None else limit, len(words), i + MAX_PHRASE_TOKENS)
    if i >= limit:
        return None
    if words[i].lower() in SUBJECT_PRONOUNS or words[i].lower() in ("niemand", "jemand"):
        return (i, i + 1)
    if words[i] in ("„", '"', "»"):
        close = quoted_name_end(words, i, limit)
        # a name in quote marks is short; a longer quoted sentence is a quote, not a noun phrase
        return (i, close) if close is not None and close - i <= 6 else None
    approximate = approximation_end(words, i, limit)
    if approximate is not None:  # "Mehr als 100 Wissenschaftler", "Knapp die Hälfte der Befragten"
        counted = noun_phrase_after(words, approximate, limit)
        return (i, counted[1]) if counted is not None else None
    if words[i].lower() in PARTITIVE_PRONOUNS and i + 1 < limit and words[i + 1].lower() in ("der", "des"):
        partitive = noun_phrase_after(words, i + 1, limit)  # "Einer der Putschisten", "eine der Organisatorinnen"
        return (i, partitive[1]) if partitive is not None else None
    j = i
    if words[j].lower() in DETERMINERS:
        j += 1
        if j + 1 < limit and words[j].lower() in INNER_QUANTIFIERS:
            j += 1  # "die beiden Mitglieder", "die anderen Parteien"
    elif is_capitalised(words[j]) and words[j].endswith("s") and len(words[j]) > 3 and j + 2 < limit \
            and is_adjective(words[j + 1]) and is_capitalised(words[j + 2]):
        j += 1  # "Berlins früherer Bürgermeister": a genitive name in place of the article
    if j + 2 < limit and is_number(words[j]) and words[j + 1] in ("Jahre", "Monate", "Wochen", "Tage") and \
            is_adjective(words[j + 2]):
        j += 3  # "Der 45 Jahre alte Mann"
    while j < limit and (is_adjective(words[j]) or is_number(words[j]) or words[j] in ("und", ",", "oder")
                         and j > i and j + 1 < limit and is_adjective(words[j - 1]) and is_adjective(words[j + 1])
                         or words[j].lower() in ATTRIBUTE_ADVERBS and j > i and j + 1 < limit
                         and is_adjective(words[j + 1])):
        j += 1  # "einer gestern verbreiteten Erklärung": an adverb inside an extended attribute
    if j > i and words[i].lower() in DETERMINERS and j < limit and not is_capitalised(words[j]):
        j = extended_attribute_end(words, j, limit) or j  # "der seit Jahren in Berlin lebende Autor"
    head_start = j
    if j + 1 < limit and words[j].lower() in ("de", "von", "van", "al", "el") and j == i and is_capitalised(words[j + 1]):
        j += 1  # "de Maizière", "von der Leyen" without a first name
    while j < limit:
        word = words[j]
        if word in ("„", '"', "»") and (j > head_start or j > i):
            close = quoted_name_end(words, j, limit)
            if close is None:
                break
            j = close
            break  # the quoted name ends the phrase: "nach einem Bericht des „Spiegel“ Steuererhöhungen"
        elif is_capitalised(word) and (word not in FUNCTION_WORDS_CAPITALISED or j == head_start and j > i or
                                       j > head_start and is_capitalised(words[j - 1])):
            j += 1  # mid-sentence a capitalised "Weil" after a first name is a surname ("Stephan Weil")
        elif word.lower() in AGENCY_ABBREVIATIONS and j > head_start or is_lower_case_name(word):
            j += 1  # "die Nachrichtenagentur dpa", "die Gewerkschaft ver.di", "eBay", "der ai-Bericht"
        elif word.lower() in NAME_PARTICLES and j > head_start and j + 1 < limit and is_capitalised(words[j + 1]) \
                and words[j + 1] not in FUNCTION_WORDS_CAPITALISED and not words[j].lower() in DETERMINERS:
            j += 1
        else:
            break
    if j == head_start:
        # "Diese baten ihn um Zigaretten", "Einige vertreten die Auffassung": a pronoun of its own
        alone = words[i].lower() in DEMONSTRATIVE_SUBJECTS or words[i].lower() in QUANTIFIER_PRONOUNS and \
            words[i][:1].isupper()  # "Viele sagten", not the floating "forderten beide"
        # without a head noun the "adjectives" after a demonstrative were verbs: "Diese baten ihn"
        verbs_followed = words[i].lower() in DEMONSTRATIVE_SUBJECTS and j > i + 1 and words[i + 1][:1].islower()
        return (i, i + 1) if alone and (j == i + 1 or verbs_followed) else None
    return (i, extend_with_party(words, j, limit))


APPROXIMATORS = frozenset({"rund", "etwa", "knapp", "fast", "gut", "mindestens", "nahezu", "annähernd", "circa", "ca.",
                           "insgesamt", "über"})


def approximation_end(words: list[str], i: int, limit: int) -> int | None:
    """Where the counted phrase starts after "mehr als", "rund", "knapp", ... before a number or an article."""
    lower = words[i].lower()
    j = i + 2 if lower in ("mehr", "weniger") and i + 1 < limit and words[i + 1].lower() == "als" else \
        i + 1 if lower in APPROXIMATORS else None
    if j is None or j + 1 >= limit:
        return None
    following = words[j].lower()
    return j if words[j][:1].isdigit() or following in NUMBER_WORDS or following in ("die", "der", "ein", "eine") \
        and words[j + 1].lower() in ("hälfte", "mehrheit", "drittel", "viertel", "dutzend") else None


INNER_QUANTIFIERS = frozenset({"beiden", "anderen", "weiteren", "vielen", "zahlreichen", "meisten", "übrigen",
                               "einzelnen", "wenigen", "mehreren", "beide", "andere", "weitere"})
MAX_ATTRIBUTE_TOKENS = 12
PARTICIPLE_ATTRIBUTE_ENDINGS = ("nde", "nden", "ndem", "nder", "ndes", "te", "ten", "tem", "ter", "tes")


def extended_attribute_end(words: list[str], j: int, limit: int) -> int | None:
    """After an article, an extended participle attribute ("der sich selbst als Gegner Thaksins inszenierende
    Medienunternehmer"): the index of the noun after the participle, if the attribute holds no punctuation."""
    for k in range(j, min(limit - 1, j + MAX_ATTRIBUTE_TOKENS)):
        if not words[k][:1].isalnum() or words[k].lower() in AUXILIARY_FORMS:
            return None
        if k > j and words[k][:1].islower() and words[k].endswith(PARTICIPLE_ATTRIBUTE_ENDINGS) and \
                is_adjective(words[k]) and is_capitalised(words[k + 1]) and words[k + 1] not in FUNCTION_WORDS_CAPITALISED:
            return k + 1
    return None


@lru_cache(maxsize=65536)
def is_lower_case_name(word: str) -> bool:
    """A name written in lower case: an inner dot or capital ("ver.di", "eBay", "t-online.de")."""
    return word[:1].islower() and len(word) > 2 and not word.endswith(".") and (
        "." in word[1:-1] or any(ch.isupper() for ch in word[1:])) and word.replace(".", "").replace("-", "").isalnum()


# Adverbs that modify a participle or adjective between a determiner and its noun.
ATTRIBUTE_ADVERBS = frozenset("gestern heute vorgestern bereits kürzlich zuvor erst soeben jüngst eben schon noch "
                              "damals zuletzt ebenfalls oft häufig sehr besonders nicht näher".split())
PARTITIVE_PRONOUNS = frozenset({"einer", "eine", "eines", "keiner", "keine", "jeder", "jede", "viele", "einige",
                                "mehrere", "zwei", "drei", "beide"})


def quoted_name_end(words: list[str], j: int, limit: int) -> int | None:
    """'Die Zeitung „Yemen Observer“', '„heise online“': a short quoted name inside a noun phrase."""
    for k in range(j + 1, min(limit, j + 9)):
        if words[k] in ("“", '"', "«", "”"):
            return k + 1 if k > j + 1 and words[j + 1][:1].isalnum() else None
    return None


def extend_with_party(words: list[str], j: int, limit: int) -> int:
    """Include a party, country or age tag in brackets ("Johann Wadephul (CDU)", "Müller (45)") and an
    inserted remark between dashes ("Müller – seit 2010 im Amt –")."""
    if j + 2 < limit and words[j] == "(" and words[j + 2] == ")" and (words[j + 1][:1].isupper() or
                                                                       words[j + 1].isdigit()):
        return j + 3
    if j + 2 < limit and words[j] in ("–", "—"):
        close = next((k for k in range(j + 2, min(limit, j + 10)) if words[k] == words[j]), None)
        if close is not None and (close + 1 == limit or close + 1 < limit and words[close + 1][:1].islower()):
            return close + 1  # the verb follows the second dash
    return j


TIME_NOUNS = frozenset(
    "woche wochen jahr jahre monat monate tag tage nacht abend morgen mittag vormittag nachmittag wochenende "
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag januar februar märz april mai juni juli "
    "august september oktober november dezember frühjahr frühling sommer herbst winter stunde stunden".split()
)


def is_time_phrase(words: list[str], start: int, end: int) -> bool:
    """"Letzte Woche", "Jeden Montag": a noun phrase of time in the accusative is an adverbial, no subject."""
    if end - start >= 2:
        before = words[end - 2]
        if is_capitalised(before) and not is_adjective(before.lower()) and before.lower() not in DETERMINERS:
            return False  # "Michael Sommer": a surname that is also a season
    return end - start <= 3 and words[end - 1].lower() in TIME_NOUNS and \
        (words[start].lower() not in ("der", "die", "das") or end - start == 1)


ADVERB_ENDINGS = ("lich", "weise", "ig", "isch", "end", "mals", "falls", "dings", "wärts", "halber")


# Participles and adjectives of a speaker's state that stand alone before the verb ("Besorgt äußerte
# sich Kofi Annan über ..."); their endings are not those of adverbs.
FRONTED_STATE_WORDS = frozenset(
    "besorgt erfreut enttäuscht überrascht verärgert empört entsetzt erleichtert erschüttert bestürzt beunruhigt "
    "zufrieden unzufrieden gelassen verwundert irritiert alarmiert begeistert betroffen geschockt schockiert "
    "erstaunt verbittert gereizt zuversichtlich".split())


def is_fronted_adverbial(words: list[str], start: int, verb: int) -> bool:
    """"Unmissverständlich erklärte ...", "Des Weiteren verwies ...": a pre-field that is no subject."""
    if verb - start == 1 and (words[start].lower().endswith(ADVERB_ENDINGS) or words[start].lower() in FRONTED_STATE_WORDS):
        return True
    return verb - start == 2 and words[start].lower() == "des" and words[start + 1].lower() == "weiteren"


def genitive_attribute_end(words: list[str], j: int, limit: int) -> int:
    """Extend "ein Sprecher" with "des Weißen Hauses" / "der Regierung"."""
    if j < limit and words[j].lower() in ("des", "der"):
        phrase = noun_phrase_after(words, j, limit)
        if phrase:
            return phrase[1]
    return j


CORRELATIVE_OPENERS = frozenset({"sowohl", "weder", "entweder"})


def noun_phrase_before(words: list[str], verb: int, clause_start: int) -> tuple[int, int] | None:
    """The noun phrase that fills the whole pre-verb field of a verb-second clause, if any."""
    start = clause_start
    while start < verb and words[start].lower() in LEADING_PARTICLES:
        start += 1
    correlative = start + 1 < verb and words[start].lower() in CORRELATIVE_OPENERS
    start += correlative  # "Sowohl die Behörde als auch das Militär", "Weder X noch Y"
    while verb - 1 > start and words[verb - 1].lower() in ADVERBS_BEFORE_VERB:
        verb -= 1  # "Die Kanadier hingegen sagen"
    possessive = words[start].lower() in ("deren", "dessen") and start + 1 < verb and is_capitalised(words[start + 1])
    if start >= verb or words[start].lower() in ADVERBS and not possessive or is_fronted_adverbial(words, start, verb):
        return None  # "Deren Innenexperte Alexander Throm sagte": a possessive, not an adverb
    if verb - start == 1 and words[start].lower() in DEMONSTRATIVE_SUBJECTS:
        return (start, verb)  # "Dieser bestätigte, dass ..."
    phrase = noun_phrase_after(words, start, verb)
    if phrase is None or is_time_phrase(words, *phrase):
        return None
    end = phrase[1]
    if end == start + 1 and words[start].lower().endswith(ADVERB_ENDINGS) and end < verb and words[end][:1].islower():
        return None  # "Stellvertretend für die Kommission empfahl ...": an adverbial, not a noun
    while end < verb:
        lower = words[end].lower()
        if lower in ("des", "der", "eines", "einer"):
            nxt = noun_phrase_after(words, end, verb)  # genitive: "Die Befürworter einer Einstellung"
        elif lower in ("von", "vom", "aus", "im", "in", "beim", "bei", "für", "ohne", "um") and end + 1 < verb:
            nxt = noun_phrase_after(words, end + 1, verb) if lower not in ("vom", "im", "beim") else (
                noun_phrase_after(words, end + 1, verb) or None)
        elif lower in ("und", "sowie") and end + 1 < verb:
            nxt = noun_phrase_after(words, end + 1, verb)
        elif correlative and lower in ("als", "noch", "oder") and end + 1 < verb:
            second = end + 2 if lower == "als" and words[end + 1].lower() == "auch" else end + 1
            nxt = noun_phrase_after(words, second, verb)
        else:
            nxt = None
        if nxt is None or nxt[1] <= end:
            return None
        end = nxt[1]
    return (phrase[0] - correlative, end)


def clause_start_before(words: list[str], index: int) -> int:
    """Index of the first token of the clause containing ``index`` (after , ; : a dash or a full stop the
    sentence splitter kept inside the sentence, as before a lower-case name: "... im Angebot. eBay hält")."""
    j = index
    while j > 0 and not is_inner_full_stop(words, j - 1):
        if words[j - 1] in ("–", "—"):
            opening = inserted_remark_start(words, j - 1)
            if opening is None:
                break
            j = opening  # "Müller – seit 2010 im Amt – sagte": the remark between dashes is inside the clause
        elif words[j - 1] in (",", ";", ":"):
            break
        j -= 1
    return j


def inserted_remark_start(words: list[str], closing: int) -> int | None:
    """The opening dash of a remark "– … –" that closes at ``closing``, after a name or noun."""
    for k in range(closing - 2, max(0, closing - 10), -1):
        if words[k] in (",", ";", ":"):
            return None
        if words[k] == words[closing]:
            return k if k > 0 and is_capitalised(words[k - 1]) else None
    return None


def is_inner_full_stop(words: list[str], k: int) -> bool:
    """A full stop after a word (not after "Elisabeth II" or a number): a sentence end inside the sentence."""
    return words[k] == "." and k > 0 and len(words[k - 1]) > 1 and words[k - 1].isalpha() and \
        not words[k - 1].isupper()


PREPOSITIONS_BETWEEN_PEOPLE = frozenset({"zu", "mit", "an", "gegenüber", "über"})


def trim_to_person(span: tuple[int, int], words: list[str], token_entities: list[EntityMention | None]) -> tuple[int, int]:
    """Cut trailing words after the last person name ("Putin Ende August" -> "Putin")."""
    start, end = span
    last_person = None
    for k in range(start, end):
        mention = token_entities[k]
        if mention is not None and mention.label == "PER":
            if last_person is not None and mention is not token_entities[last_person] and \
                    k - last_person == 2 and words[k - 1].lower() in PREPOSITIONS_BETWEEN_PEOPLE:
                break  # "Anelka zu Domenech": a second person after a preposition is not part of the name
            last_person = k
    if last_person is None:
        return span
    last_word = words[last_person]
    if last_person + 1 < end and last_word.endswith("s") and words[last_person + 1][:1].isupper():
        return span  # "Putins Sprecher": the name is a genitive modifier, the phrase is about someone else
    return (start, extend_with_affiliation(words, extend_with_party(words, last_person + 1, end), end, token_entities))


def extend_with_affiliation(words: list[str], j: int, limit: int,
                            token_entities: list[EntityMention | None]) -> int:
    """Include "von/vom" + an organisation the phrase already holds: "Joe Stork von HRW"."""
    if j + 1 >= limit or words[j].lower() not in ("von", "vom"):
        return j
    k = j + 1
    if words[k].lower() in ("der", "dem", "den"):
        k += 1
    organisation = token_entities[k] if k < limit else None
    if organisation is None or organisation.label != "ORG":
        return j
    while k < limit and token_entities[k] is organisation:
        k += 1
    return k


@dataclass
class EntityCluster:
    key: str
    type: str
    names: list[str] = field(default_factory=list)  # as written, whitespace normalised
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The longest name, without a genitive -s where the entity is also written without it
        ("Putins" next to "Putin"; but "António Guterres" keeps its s)."""
        if not self.names:
            return self.key
        written_last_words = {n.split()[-1] for n in self.names if n.split()}

        def canonical(name: str) -> str:
            words = name.split()
            stripped = strip_genitive(words[-1]) if words else name
            return " ".join(words[:-1] + [stripped]) if stripped in written_last_words else name

        return max((canonical(n) for n in self.names), key=lambda n: (len(n.split()), len(n)))


def strip_genitive(name: str) -> str:
    if name.endswith("s") and len(name) > 3 and not name.endswith(("ss", "us", "is", "os", "as")):
        return name[:-1]
    if name.endswith(("’", "'")):
        return name[:-1]
    return name


def cluster_key(mention: EntityMention) -> str:
    words = mention.text.split()
    if mention.label == "PER" and words:
        return "PER:" + strip_genitive(words[-1]).lower()
    return f"{mention.label}:" + strip_genitive(" ".join(words)).lower()


class EntityIndex:
    """Clusters of NER mentions: "Wladimir Putin", "Putin", "Putins" are one entity."""

    def __init__(self, mentions: list[EntityMention]):
        self.clusters: dict[str, EntityCluster] = {}
        for mention in sorted(mentions, key=lambda m: m.start):
            self.add(mention)

    def add(self, mention: EntityMention) -> EntityCluster:
        key = cluster_key(mention)
        cluster = self.clusters.get(key)
        if cluster is None:
            cluster = self.clusters[key] = EntityCluster(key, mention.label)
        cluster.names.append(" ".join(mention.text.split()))
        cluster.mentions.append((mention.start, mention.end, mention.text))
        return cluster

    def cluster_of(self, mention: EntityMention) -> EntityCluster | None:
        return self.clusters.get(cluster_key(mention))


def role_word(words: list[str], start: int, end: int) -> str | None:
    """The role noun of a phrase ("Kreml-Sprecher" -> "sprecher", "der Kremlchef" -> "chef")."""
    for k in range(start, end):
        lower = words[k].lower()
        for suffix in ROLE_SUFFIXES:
            if lower.endswith(suffix) and is_capitalised(words[k]) and not is_plural_role(words, start, k, suffix):
                return suffix
    return None


def is_plural_role(words: list[str], start: int, k: int, suffix: str) -> bool:
    """"die Spieler", "viele Politiker": a masculine role noun after "die" or a quantifier is a plural, no one
    person."""
    return words[start].lower() in PLURAL_DETERMINERS and not suffix.endswith(("in", "e")) and \
        words[k].lower().endswith(suffix)


PLURAL_DETERMINERS = frozenset({"die", "viele", "einige", "mehrere", "zahlreiche", "alle", "beide", "andere", "manche",
                                "wenige", "zwei", "drei", "vier", "fünf"})


@dataclass(frozen=True)
class Role:
    """A role noun and what narrows it: "der russische Präsident" / "Russlands Präsident" are both
    ("präsident", {"russ"}). Compound prefixes do not narrow: "Kremlchef" and "Staatschef" name the
    same man."""

    noun: str
    qualifiers: frozenset[str]


PARTY_PREFIXES = frozenset({"cdu", "csu", "spd", "fdp", "afd", "grünen", "linken", "bsw", "övp", "spö", "fpö",
                            "neos", "svp", "union", "unions", "piraten", "npd", "dkp", "cvp", "fdp/dvp"})
QUALIFIER_PREFIX = 4  # "russische", "Russlands" -> "russ": an adjective and a country's genitive agree


def role_of(words: list[str], start: int, end: int) -> Role | None:
    noun = role_word(words, start, end)
    if noun is None:
        return None
    qualifiers = set()
    for k in range(start, end):
        word = words[k]
        lower = word.lower()
        if lower.endswith(noun) and is_capitalised(word):
            party = lower.split("-")[0] if "-" in lower else ""
            if party in PARTY_PREFIXES:
                qualifiers.add(party[:QUALIFIER_PREFIX])  # "die CDU-Vorsitzende" is not "der FDP-Vorsitzende"
            break
        if is_adjective(word) or is_capitalised(word) and lower.endswith("s") and lower not in DETERMINERS:
            qualifiers.add(lower[:QUALIFIER_PREFIX])  # "ukrainische", "Russlands"
    return Role(noun, frozenset(qualifiers))


class DiscourseState:
    """What coreference needs to remember while reading the article from the top."""

    def __init__(self) -> None:
        self.recent_person_speakers: list[str] = []  # cluster keys, most recent last
        self.recent_speakers: list[tuple[str | None, SpeakerMention]] = []
        self.named_speaker: SpeakerMention | None = None  # the latest written as a name or noun phrase
        self.role_owners: dict[str, list[tuple[frozenset[str], str]]] = {}  # role noun -> (qualifiers, key)
        self.last_mentioned_person: str | None = None  # the latest person named anywhere

    def note_role(self, role: Role | None, key: str) -> None:
        if role is not None:
            self.role_owners.setdefault(role.noun, []).append((role.qualifiers, key))

    def role_owner(self, role: Role) -> str | None:
        """The latest person written with this role: one with a shared qualifier first ("der ukrainische
        Präsident" is not the "Ex-Präsident Donald Trump" named since), else one written without any."""
        owners = self.role_owners.get(role.noun, [])
        if not role.qualifiers:
            return owners[-1][1] if owners else None
        for qualifiers, key in reversed(owners):
            if qualifiers & role.qualifiers:
                return key
        return next((key for qualifiers, key in reversed(owners) if not qualifiers), None)

    def note_speaker(self, mention: SpeakerMention, role: Role | None) -> None:
        if mention.entity_key and mention.kind == "PER":
            self.recent_person_speakers.append(mention.entity_key)
            self.note_role(role, mention.entity_key)
        self.recent_speakers.append((mention.entity_key, mention))
        if mention.kind in ("PER", "NOUN"):
            self.named_speaker = mention

    def note_person(self, key: str, role: Role | None) -> None:
        self.last_mentioned_person = key
        self.note_role(role, key)

    def last_person(self) -> str | None:
        return self.recent_person_speakers[-1] if self.recent_person_speakers else None

    def last_named_speaker(self) -> SpeakerMention | None:
        """The most recent speaker written as a name or noun phrase (for pronouns without NER persons)."""
        return self.named_speaker


def noun_phrase_before_loose(words: list[str], end: int) -> tuple[int, int] | None:
    """The noun phrase ending right before ``end`` ("der Agentur Interfax" in "... zufolge")."""
    j = end
    while j > max(0, end - MAX_PHRASE_TOKENS):
        word = words[j - 1]
        if is_adjective(word) and j - 2 >= 0 and is_capitalised(words[j - 2]) and words[j - 2].lower() not in DETERMINERS:
            break  # "bestätigte Berichte": a verb before the noun, not an adjective of it
        if is_capitalised(word) or is_adjective(word) or is_number(word) or word.lower() in DETERMINERS \
                or word.lower() in NAME_PARTICLES and j - 1 > 0 and is_capitalised(words[j - 2]):
            j -= 1
            if word.lower() in DETERMINERS and not (j > 0 and words[j - 1].lower() in ("des", "der")):
                break
        else:
            break
    if j == end or not any(is_capitalised(w) for w in words[j:end]):
        return None
    while j < end and words[j] in FUNCTION_WORDS_CAPITALISED and words[j].lower() not in DETERMINERS:
        j += 1
    return (j, end) if j < end else None


PREPOSITIONS_BEFORE_RELATIVE = frozenset("bei in an auf mit nach von vor zu unter über aus".split())
SUBJECT_SUBORDINATORS = frozenset({"wie", "als", "dass", "nachdem", "weil", "ob", "während", "da", "wenn", "obwohl",
                                   "indem", "sodass", "damit", "bevor", "seit", "seitdem", "sobald", "solange",
                                   "falls", "wobei", "womit", "worauf", "weshalb", "warum", "wodurch", "wogegen"})
PASSIVE_AUXILIARIES = frozenset({"wurde", "wurden", "wird", "werden", "worden"})


def finite_verb_index(words: list[str], cue_verb: int, cue_is_finite: bool) -> int:
    """The finite verb of the cue's clause: the cue itself or an auxiliary before it."""
    if cue_is_finite:
        return cue_verb
    k = cue_verb - 1
    while k >= 0 and words[k] not in (",", ";", ":"):
        if words[k].lower() in AUXILIARY_FORMS:
            return k
        k -= 1
    fronted = clause_start_before(words, cue_verb)
    if cue_verb + 1 < len(words) and words[cue_verb + 1].lower() in AUXILIARY_FORMS and \
            (cue_verb == fronted or cue_verb == fronted + 1 and words[fronted][:1].isupper()
             and words[fronted].lower() in SEPARABLE_CUE_PARTICLES):
        return cue_verb + 1  # "Gesagt hat er: …", "Bekannt gegeben wurde, …": the auxiliary follows the participle
    return cue_verb


# Particles of cue verbs that can stand before the participle at the start of a clause ("Bekannt gegeben wurde")
SEPARABLE_CUE_PARTICLES = frozenset({"bekannt", "klar", "fest", "offen", "zugegeben"})
AUXILIARY_FORMS = frozenset(
    "hat haben hatte hatten habe hätte hätten ist sind war waren sei wäre wird werden wurde wurden würde "
    "würden kann können konnte konnten könne will wollen wollte wollten wolle möchte möchten soll sollen sollte "
    "sollten solle muss müssen musste mussten müsse darf dürfen durfte lässt ließ ließen lasse lassen".split()
)


def subject_of_verb(words: list[str], verb: int, finite: int) -> tuple[int, int] | None:
    """Subject noun phrase of the clause whose finite verb is at ``finite``."""
    if finite != verb and (words[finite].lower() in PASSIVE_AUXILIARIES or verb + 1 < len(words)
                           and words[verb + 1].lower() == "worden"):  # "war von der Junta abgelehnt worden"
        return passive_source(words, verb)  # "X wurde aufgefordert": X is addressed, not speaking
    start = clause_start_before(words, finite)
    while start + 1 < finite and words[start].lower() in COORDINATING_CONJUNCTIONS and \
            words[start + 1].lower() in SUBJECT_SUBORDINATORS:
        start += 1  # "Denn wie die Zeitung berichtete": the conjunction stands outside the clause
    first = words[start].lower() if start < len(words) else ""
    if start == finite:
        if start >= 2 and words[start - 1] == "," and finite + 1 < len(words) and \
                words[finite + 1].lower() in ("er", "wir", "ich"):
            # "Das Angebot, Verwundete aufzunehmen, lehnt er ab": a nominative pronoun after the verb
            return (finite + 1, finite + 2)
        if start >= 2 and words[start - 1] == ",":
            before = apposition_before(words, start - 1)
            if before is not None and before[0] == 0 and words[0] not in ("„", '"', "»", "«", "“"):
                return before  # "Die Regierung, vertreten durch X, hat ... bezeichnet"
            initial = sentence_initial_subject(words, start - 1)
            if initial is not None:
                return initial  # "Sadiq Khan, eines der Mitglieder, die ... unterschrieben, verurteilte"
        shared = shared_subject_of_contrast(words, start, finite)
        if shared is not None:
            return shared
        # after a comma the verb-first clause is an inverted cue ("…, sagte am Montag ein Sprecher"), whose
        # settings and dative may stand before the subject; after "und" what follows the verb is its object
        inverted = start >= 1 and words[start - 1] == ","
        skip = skip_adverbials(words, finite + 1, len(words)) if inverted else skip_adverbs(words, finite + 1)
        phrase = noun_phrase_after(words, skip_object_es(words, skip))
        if phrase is not None and is_object_case(words, phrase[0]) and not inverted:
            return None  # "und drohten dem Mann an": a verb-first conjunct's dative is its object
        if phrase is not None and is_object_case(words, phrase[0]):
            # "sagte dem Sender ein Sprecher": the subject follows the dative
            after = noun_phrase_after(words, skip_adverbials(words, phrase[1], len(words)))
            return finish_phrase(words, after) if after is not None and not is_object_case(words, after[0]) else None
        if phrase is not None and inverted and words[phrase[0]].lower() == "der":
            after = noun_phrase_after(words, skip_adverbials(words, genitive_attribute_end(words, phrase[1], len(words)),
                                                             len(words)))
            if after is not None and words[after[0]].lower() in ("ein", "eine"):
                return finish_phrase(words, after)  # "sagte der BBC ein Sprecher": "der" was a dative
        if phrase is None and start >= 2 and words[start - 1] == ",":
            return apposition_before(words, start - 1)
        if inverted and phrase == (finite + 1, finite + 2) and words[finite + 1].lower() == "es" and \
                words[finite].lower() not in ("hieß", "heißt", "hiess", "heisst"):
            return phrase  # "…, teilte es am Dienstag mit": "es" (das Unternehmen) speaks; "hieß es" names nobody
        return with_conjoined_subject(words, finite, finish_phrase(words, phrase)) or apposition_after(words, finite)
    if is_verb_final(words, finite) and finite + 1 < len(words) and words[finite + 1].lower() in PASSIVE_AUXILIARIES \
            and (first in SUBJECT_SUBORDINATORS or first in PREPOSITIONS_BEFORE_RELATIVE or first in RELATIVE_PRONOUNS):
        return passive_source(words, verb)  # "wie der Zeitung von der Gruppe berichtet wird": the agent
    if first in SUBJECT_SUBORDINATORS and (is_verb_final(words, finite) or first != "als" and finite + 1 < len(words)
                                           and words[finite + 1].lower() in VERB_FINAL_AUXILIARIES):
        # "wie die Sender berichten sind ...": a missing comma; the main clause's verb follows the cue
        phrase = noun_phrase_after(words, skip_adverbs(words, start + 1), finite)  # "wie schon die WHO sagte"
        return finish_phrase(words, phrase)
    if first in PREPOSITIONS_BEFORE_RELATIVE and start + 1 < finite and words[start + 1].lower() in (
            "dem", "der", "denen", "welchem", "welcher") and is_verb_final(words, finite):
        phrase = noun_phrase_after(words, start + 2, finite)  # "bei dem Macron bekanntgab"
        return finish_phrase(words, phrase)
    if first in PREPOSITIONS_BEFORE_RELATIVE and start + 3 < finite and words[start + 1].lower() in ("dessen", "deren") \
            and is_verb_final(words, finite):
        phrase = noun_phrase_after(words, start + 3, finite)  # "in dessen Folge das Gericht festgestellt hatte"
        return finish_phrase(words, phrase)
    if first not in SUBJECT_SUBORDINATORS and start >= 2 and words[start - 1] == "," and is_verb_final(words, finite):
        phrase = subject_of_interrupted_subordinate(words, start)
        if phrase is not None:
            return phrase
    if first in ("die", "das", "den", "dem") and start >= 2 and words[start - 1] == "," and is_verb_final(words, finite):
        name = noun_phrase_after(words, start + 1, finite)
        if name is not None and words[start + 1] not in FUNCTION_WORDS_CAPITALISED and is_capitalised(words[start + 1]):
            return name  # "die Marke, die Gerhard Schröder ... erklärt hatte": the relative pronoun is the object
    if first in RELATIVE_PRONOUNS and start >= 2 and words[start - 1] == ",":
        antecedent = noun_phrase_before_loose(words, start - 1)
        if antecedent:
            return antecedent
        if first in ("der", "die", "das") and is_verb_final(words, finite):
            return (start, start + 1)  # "Clark war anwesend, der der Regierung vorwarf": the pronoun itself
    before = noun_phrase_before(words, finite, start) or conjunct_subject(words, finite, start)
    if before is not None and before[0] <= verb < before[1]:
        before = None  # "Gesagt hat er": the fronted participle is the cue itself, not a noun
    if before is not None and finite + 1 < len(words) and words[before[0]].lower() not in SUBJECT_PRONOUNS and \
            is_nominative_pronoun_after(words, finite + 1, before):
        return (finite + 1, finite + 2)  # "Der Politik schlug er vor": the pronoun is the subject
    if before is not None and (is_object_case(words, before[0]) or is_feminine_dative(words, *before)):
        # "Ihren Gegner forderte May auf, ...", "Der Regierung warf die Opposition vor, ...": an accusative or
        # dative pre-field, the subject follows the verb
        phrase = finish_phrase(words, noun_phrase_after(words, skip_adverbs(words, finite + 1)))
        return phrase if phrase is not None and not is_object_case(words, phrase[0]) else None
    if before is not None:
        pronoun = words[before[0]].lower()
        # "Es weist den Vorwurf zurück" (es = das Gericht) names a speaker; "man" and a non-finite cue do not
        return before if pronoun != "man" and (pronoun != "es" or verb == finite) else None
    phrase = noun_phrase_after(words, skip_object_es(words, skip_addressee(words, finite + 1, len(words))))
    return finish_phrase(words, phrase) or apposition_after(words, finite)


def with_conjoined_subject(words: list[str], finite: int, phrase: tuple[int, int] | None) -> tuple[int, int] | None:
    """"sagten Merkel und Macron": after a plural verb a subject joined by "und" is part of it."""
    if phrase is None or not words[finite].lower().endswith("en") or phrase[1] + 1 >= len(words) or \
            words[phrase[1]].lower() not in ("und", "sowie"):
        return phrase
    other = finish_phrase(words, noun_phrase_after(words, phrase[1] + 1))
    if other is None or words[other[0]].lower() in SUBJECT_PRONOUNS or is_object_case(words, other[0]):
        return phrase
    return (phrase[0], other[1])


def skip_object_es(words: list[str], k: int) -> int:
    """"sah es das Gericht als erwiesen an": "es" before an article is the object, the subject follows."""
    if k + 1 < len(words) and words[k].lower() == "es" and words[k + 1].lower() in ("der", "die", "das", "ein", "eine"):
        return k + 1
    return k


def is_nominative_pronoun_after(words: list[str], k: int, prefield: tuple[int, int]) -> bool:
    """"er/wir/ich" after the verb are the subject; "sie" only when the pre-field cannot be ("Der Politik
    schlug sie vor"), not in "Ihre Trainerin Anna Schmidt lobte sie", where "sie" is the object."""
    pronoun = words[k].lower()
    if pronoun in ("er", "wir", "ich"):
        return True
    if pronoun != "sie":
        return False
    start, end = prefield
    return is_object_case(words, start) or words[start].lower() == "der" and not is_masculine_nominative(words, start, end)


# Determiners that are never nominative: a noun phrase opened by one is an object, not a subject.
OBJECT_CASE_DETERMINERS = frozenset("den dem einen einem seinen seinem ihren ihrem diesen diesem keinen keinem "
                                    "unseren unserem jenen jenem jeden jedem".split())


def is_object_case(words: list[str], start: int) -> bool:
    return words[start].lower() in OBJECT_CASE_DETERMINERS


def subject_of_interrupted_subordinate(words: list[str], start: int) -> tuple[int, int] | None:
    """"Wie Steve Marshall, Sprecher der UN, in Bangkok mitteilte": a subordinate clause whose subject has an
    apposition in commas; the verb-final part after the apposition takes the subject after the subordinator."""
    commas = [k for k in range(start - 1, max(-1, start - MAX_PHRASE_TOKENS), -1) if words[k] == ","][:2]
    if len(commas) != 2:
        return None
    opener = clause_start_before(words, commas[1])
    if words[opener].lower() not in SUBJECT_SUBORDINATORS or words[opener].lower() == "als":
        return None
    subject = noun_phrase_after(words, skip_adverbs(words, opener + 1), commas[1])
    apposition = noun_phrase_before(words, commas[0], commas[1] + 1)
    if subject is None or subject[1] != commas[1] or apposition is None:
        return None
    return (subject[0], commas[0])


COORDINATING_CONJUNCTIONS = frozenset({"und", "aber", "oder", "doch", "denn", "sondern"})


def conjunct_subject(words: list[str], finite: int, start: int) -> tuple[int, int] | None:
    """"Dies war nicht der erste Streit und die Anwohner befürchten, dass": a main clause joined by a
    coordinating conjunction has a pre-field of its own."""
    for k in range(finite - 1, start, -1):
        if words[k].lower() in COORDINATING_CONJUNCTIONS:
            phrase = noun_phrase_before(words, finite, k + 1)
            if phrase is not None and words[phrase[0]].lower() not in ("es", "man"):
                return phrase
            return None
    return None


def apposition_after(words: list[str], finite: int) -> tuple[int, int] | None:
    """"sagte der für die Region zuständige Koordinator, Deftalgne Tessema, dass": the name in commas."""
    k = finite + 1
    while k < len(words) and words[k] not in (",", ":", ";", ".", "!", "?"):
        k += 1
    if k < len(words) and words[k] == ",":
        phrase = noun_phrase_after(words, k + 1)
        if phrase is not None and phrase[1] < len(words) and words[phrase[1]] == "," and \
                words[k + 1].lower() not in SUBJECT_PRONOUNS and words[k + 1].lower() not in DETERMINERS:
            return phrase
    return None


ADVERBS_AFTER_VERB = frozenset(
    "sich jedoch auch nun zudem außerdem dazu allerdings aber ebenfalls zunächst später gestern heute daraufhin "
    "weiter noch bereits schon erneut dann damals ferner indes jetzt inzwischen mittlerweile abschließend "
    "zufolge wörtlich kürzlich ausdrücklich nur lediglich sogar selbst ebenso zuletzt seinerseits ihrerseits "
    "dagegen hingegen wiederum".split()
)


def skip_adverbs(words: list[str], k: int) -> int:
    while k < len(words) and words[k].lower() in ADVERBS_AFTER_VERB:
        k += 1
    return k


CONTRAST_ADVERBS = frozenset({"aber", "jedoch", "allerdings"})


def shared_subject_of_contrast(words: list[str], start: int, finite: int) -> tuple[int, int] | None:
    """"Wadephul sagte nicht, auf welche Staaten …, kündigte aber Gespräche an": a verb-first clause with
    "aber/jedoch" after a sentence that opens with subject and verb shares that subject."""
    if start < 2 or words[start - 1] != "," or finite + 1 >= len(words) or \
            words[finite + 1].lower() not in CONTRAST_ADVERBS:
        return None
    subject = noun_phrase_after(words, 0, start)
    if subject is None or subject[0] != 0 or subject[1] >= start - 1:
        return None
    verb, after = words[subject[1]], words[subject[1] + 1]
    attributive = is_adjective(verb) and is_capitalised(after)  # "Wadephul sagte nicht", not "X neue Y"
    return subject if verb[:1].islower() and verb.isalpha() and verb not in DETERMINERS and not attributive else None


INFINITIVE_CLAUSE_OPENERS = frozenset({"um", "ohne", "statt", "anstatt"})


def sentence_initial_subject(words: list[str], comma: int) -> tuple[int, int] | None:
    """The sentence opens with a bare noun phrase followed by appositions or relative clauses up to the
    verb: that noun phrase (with a directly following apposition) is the subject."""
    if not words or words[0] in ("„", '"', "»", "«", "“") or words[0].lower() in ADVERBS:
        return None
    first_comma = next((k for k in range(comma + 1) if words[k] == ","), None)
    if first_comma is None or first_comma == 0:
        return None
    head = noun_phrase_before(words, first_comma, 0)
    if head is None or head[0] != 0:
        return None
    last_start = clause_start_before(words, comma)
    while last_start >= 2 and words[last_start].lower() in INFINITIVE_CLAUSE_OPENERS and \
            words[last_start - 1] == "," and clause_start_before(words, last_start - 1) > first_comma:
        last_start = clause_start_before(words, last_start - 1)  # "…, der … war, um … zu beraten, sagte"
    last_first = words[last_start].lower()
    is_relative = last_first in RELATIVE_PRONOUNS | {"denen", "deren", "dessen", "welche", "welcher"} or \
        last_first in PREPOSITIONS_BEFORE_RELATIVE and last_start + 1 < comma and \
        words[last_start + 1].lower() in ("dem", "der", "denen", "welchem", "welcher")
    # "Die Sicherheit der Ukraine, die ..., dürfe nicht ..., sagte Peskow" is an inverted cue; a role or bare
    # noun apposition passes ("Eva Stein, Sprecherin von X / Y, sagte", "X, Obmann der Fraktion im Ausschuss, warf")
    if not is_relative and noun_phrase_before(words, comma, last_start) is None and \
            not role_word(words, last_start, last_start + 1) and not is_appositive_noun(words, last_start, comma):
        return None
    second = next((k for k in range(first_comma + 1, comma + 1) if words[k] == ","), None)
    if second is not None:
        apposition = noun_phrase_before(words, second, first_comma + 1)
        if apposition is not None and apposition[0] == first_comma + 1:
            return (0, second)
    return head


def is_appositive_noun(words: list[str], start: int, end: int) -> bool:
    """"Obmann der CDU/CSU-Fraktion im Ausschuss": a bare noun with its attributes between commas."""
    return end - start >= 3 and is_capitalised(words[start]) and words[start] not in FUNCTION_WORDS_CAPITALISED \
        and words[start + 1].lower() in ("des", "der", "von", "vom", "im", "für", "bei", "beim") and \
        not any(w[:1].islower() and w.isalpha() and w.lower() not in CLAUSE_VERB_BLOCKERS and not is_adjective(w)
                for w in words[start + 1:end])


def apposition_before(words: list[str], comma: int) -> tuple[int, int] | None:
    """"Der Leiter des Programms, Klaus Stöhr, sagte": both noun phrases before the verb."""
    inner_start = clause_start_before(words, comma)
    if words[inner_start].lower() in RELATIVE_PRONOUNS and inner_start >= 2 and words[inner_start - 1] == ",":
        antecedent_start = clause_start_before(words, inner_start - 1)
        return noun_phrase_before(words, inner_start - 1, antecedent_start)
    inner = noun_phrase_before(words, comma, inner_start)
    if inner is None:
        # a parenthetical that is no noun phrase: "Stamminger, zuständig für das US-Geschäft, hatte"
        if inner_start >= 2 and words[inner_start - 1] == "," and words[inner_start][:1].islower():
            outer_start = clause_start_before(words, inner_start - 1)
            if outer_start == 0 or words[outer_start - 1] in (":", ";"):
                return noun_phrase_before(words, inner_start - 1, outer_start)
        return None
    if inner_start >= 2 and words[inner_start - 1] == ",":
        outer_start = clause_start_before(words, inner_start - 1)
        outer = noun_phrase_before(words, inner_start - 1, outer_start)
        if outer is not None:
            return (outer[0], inner[1])
    return inner


VERB_FINAL_AUXILIARIES = frozenset("hatte hat habe hatten haben hätte war ist sei sind seien waren wurde wurden wird "
                                   "werden worden würde".split())


def is_verb_final(words: list[str], finite: int) -> bool:
    """Does the clause end at the finite verb (subordinate order: "wie X mitteilte,")?"""
    k = finite + 1
    while k < len(words) and words[k].lower() in VERB_FINAL_AUXILIARIES:
        k += 1
    return k >= len(words) or words[k] in (",", ".", ";", ":", "!", "?", "“", '"', "»", "«", ")", "–")


CLAUSE_VERB_BLOCKERS = DETERMINERS | NAME_PARTICLES | frozenset(
    "in im an am auf aus bei beim mit nach seit von vom vor zu zum zur über unter um durch für gegen ohne als wie "
    "und oder sich nicht auch noch schon".split()
)


SENTENCE_PREPOSITIONS = frozenset(
    "an auf aus bei mit nach seit von vor zu über unter um durch für gegen ohne trotz wegen angesichts gemäß "
    "zwischen neben hinter entgegen".split()
)


def subject_of_clause(words: list[str], start: int, end: int) -> tuple[int, int] | None:
    """Subject of a clause without a known cue verb ("Koppelin wörtlich:", "Hier sparte der Präsident ...:")."""
    k = start
    while k < end and words[k].lower() in LEADING_PARTICLES:
        k += 1
    if k >= end:
        return None
    first = words[k].lower()
    if first in SUBJECT_PRONOUNS and k + 1 < end and words[k + 1][:1].islower():
        return None  # a pronoun subject; "von X" in "Er habe sich von X bestechen lassen" is no subject
    if first == "für":
        holder = holder_of_certainty(words, k, end)
        if holder is not None:
            return holder
    if first in SUBJECT_SUBORDINATORS and first not in ("wie", "als"):
        # "Nachdem er ... hat, habe er versucht": the subordinate clause fills the pre-field, the subject
        # follows the main clause's finite verb after the comma
        comma = next((c for c in range(k + 1, end) if words[c] == ","), None)
        if comma is None or comma + 2 >= end:
            return None
        return finish_phrase(words, noun_phrase_after(words, skip_adverbs(words, comma + 2), end))
    fronted = first in SENTENCE_PREPOSITIONS or k + 1 < end and words[k + 1][:1].islower() and \
        is_fronted_adverbial(words, k, k + 1)  # "An die Adresse ... hatte X", "Ursprünglich wollte er"
    if not fronted and (first not in ADVERBS and words[k] not in FUNCTION_WORDS_CAPITALISED or first in DETERMINERS):
        phrase = noun_phrase_after(words, k, end)
        if phrase is not None and is_object_case(words, phrase[0]):
            # "Den Termin hat Köhler festgesetzt": an object in the pre-field, the subject follows the verb
            finite = first_verb_like(words, phrase[1], end)
            if finite is None:
                return None
            return finish_phrase(words, noun_phrase_after(words, skip_adverbs(words, finite + 1), end))
        if phrase is not None and (phrase[1] == end or words[phrase[1]][:1].islower()):
            return finish_phrase(words, phrase) if words[phrase[0]].lower() not in ("es", "man") else None
        if phrase is not None and k == 0 and words[phrase[1]] == ",":
            # "Sadiq Khan, einer der Abgeordneten, die ..., verurteilte": the verb follows the last comma
            for comma in range(phrase[1], end - 1):
                if words[comma] == "," and words[comma + 1][:1].islower() and words[comma + 1].isalpha() and \
                        words[comma + 1].lower() not in CLAUSE_VERB_BLOCKERS | RELATIVE_PRONOUNS | SUBJECT_SUBORDINATORS:
                    initial = sentence_initial_subject(words, comma)
                    if initial is not None:
                        return initial
                    break
    # fronted adverbial: the finite verb is the first lower-case word after it, the subject follows
    j = k + 1
    if words[k].lower() in ADVERBS or is_fronted_adverbial(words, k, k + 1):
        phrase = noun_phrase_after(words, skip_adverbs(words, k + 2), end)  # "Hier sparte der Präsident"
        if phrase is not None:
            return finish_phrase(words, phrase)
    while j < end and not (words[j][:1].islower() and words[j].isalpha() and words[j].lower() not in CLAUSE_VERB_BLOCKERS
                           and (not is_adjective(words[j]) or words[j].lower() in AUXILIARY_FORMS
                                or is_verb_before_subject(words, j, end))):
        j += 1
    if j < end and words[j].lower() in PERSON_PRONOUNS | {"wir", "ich"} and words[j - 1][:1].islower() \
            and words[j - 1].isalpha():
        return (j, j + 1)  # "Im Januar legte er ...": the verb looked like an adjective, the pronoun follows it
    reflexive = next((r for r in range(k + 1, j) if words[r] == "sich" and words[r - 1][:1].islower()
                      and words[r - 1].isalpha() and words[r - 1].lower() not in CLAUSE_VERB_BLOCKERS), None)
    if reflexive is not None:
        # "Auf Twitter zeigte sich die Regierung bestürzt": the verb before "sich" looked like an adjective
        return finish_phrase(words, noun_phrase_after(words, skip_addressee(words, reflexive + 1, end), end))
    if j >= end:
        return None
    phrase = noun_phrase_after(words, skip_addressee(words, j + 1, end), end)
    return finish_phrase(words, phrase)


def skip_addressee(words: list[str], k: int, end: int) -> int:
    """Past adverbs and a "gegenüber X" before the subject: "hat sich gegenüber Wikinews der Kommissar geäußert"."""
    k = skip_adverbs(words, k)
    if k < end and words[k].lower() == "gegenüber":
        addressee = noun_phrase_after(words, k + 1, end)
        k = skip_adverbs(words, addressee[1]) if addressee is not None else k
    return k


# Prepositions of the setting, the time and the addressee that can stand between a verb and its subject
SETTING_PREPOSITIONS = frozenset("am im in an auf bei beim nach vor während gegenüber zu zum zur mit vom".split())


def skip_adverbials(words: list[str], k: int, end: int) -> int:
    """Past adverbs and up to three prepositional phrases before the subject: "sagte am Montag ein
    Sprecher", "hat sich gegenüber Wikinews der Kommissar geäußert", "sagte am Rande des Gipfels X"."""
    for _ in range(3):
        k = skip_adverbs(words, k)
        if k >= end or words[k].lower() not in SETTING_PREPOSITIONS:
            return k
        phrase = noun_phrase_after(words, k + 1, end)
        if phrase is None or words[phrase[0]].lower() in SUBJECT_PRONOUNS:
            return k  # "teilte … mit, …" ends in the particle; "zu ihm" is no setting of a subject
        role = next((r for r in range(phrase[0] + 1, phrase[1]) if is_capitalised(words[r - 1])
                     and role_word(words, r, r + 1)), None)
        if role is not None:
            return role  # "nach der Sitzung Fraktionschef Friedrich Merz": the title opens the subject
        k = genitive_attribute_end(words, phrase[1], end)
        if words[phrase[1]].lower() == "der" and noun_phrase_after(words, skip_adverbs(words, k), end) is None:
            k = phrase[1]  # "in Berlin der Minister": the "der" phrase was the subject, not a genitive
    return skip_adverbs(words, k)


CERTAINTY_VERBS = frozenset({"ist", "war", "steht", "stand", "scheint", "schien", "bleibt", "blieb"})
CERTAINTY_WORDS = frozenset({"klar", "fest", "sicher", "eindeutig", "ausgemacht", "offensichtlich", "unstrittig"})


def holder_of_certainty(words: list[str], fuer: int, end: int) -> tuple[int, int] | None:
    """"Für den Verband ist klar: „…“", "Für Merkel steht fest: …": the one for whom it is certain speaks."""
    phrase = noun_phrase_after(words, fuer + 1, end)
    if phrase is None or phrase[1] >= end or words[phrase[1]].lower() not in CERTAINTY_VERBS:
        return None
    rest = {w.lower() for w in words[phrase[1] + 1:end]}
    return phrase if rest & CERTAINTY_WORDS and len(rest) <= 4 else None


def is_verb_before_subject(words: list[str], j: int, end: int) -> bool:
    """"Am Samstag zogen die Demonstranten": a plural verb looks like an adjective, but an adjective is
    followed by its noun, never by an article."""
    return j + 2 < end and words[j + 1].lower() in ("der", "die", "das", "ein", "eine") and words[j - 1][:1].isupper()


def first_verb_like(words: list[str], start: int, end: int) -> int | None:
    """The first lower-case word from ``start`` that can be a finite verb (no preposition, article, adjective)."""
    for j in range(start, end):
        word = words[j]
        if word[:1].islower() and word.isalpha() and word.lower() not in CLAUSE_VERB_BLOCKERS and \
                (not is_adjective(word) or word.lower() in AUXILIARY_FORMS):
            return j
    return None


STATEMENT_HEADS = ("erklärung", "mitteilung", "bericht", "stellungnahme", "interview", "brief", "schreiben",
                   "pressemitteilung", "presseerklärung", "meldung", "studie", "urteil", "antrag", "papier",
                   "dokument", "resolution", "gutachten", "beschluss", "entwurf", "artikel", "beitrag", "kommuniqué",
                   "anweisung", "anordnung", "verfügung", "rede", "ansprache", "aufruf", "appell", "mail", "tweet")


def passive_source(words: list[str], verb: int) -> tuple[int, int] | None:
    """Passive cue ("wurde verkündet, dass"): the agent "von X", else a statement "In einer Erklärung X"."""
    start = clause_start_before(words, verb)
    if is_prepositional_relative(words, start, verb):
        antecedent = antecedent_with_head(words, start - 1)  # "ein Schreiben, in dem er informiert wird"
        if antecedent and any(is_source_noun(w) for w in words[antecedent[0]:antecedent[1]]):
            return antecedent
    for k in range(start, verb):
        lower = words[k].lower()
        if lower == "seitens" or lower in ("von", "vom") and k + 1 < verb and not is_partitive_von(words, k):
            after = k + 2 if k + 2 < verb and words[k + 1].lower() == "seiten" else k + 1  # "von Seiten der X"
            phrase = noun_phrase_after(words, after, verb)
            if phrase:
                return (phrase[0], genitive_attribute_end(words, phrase[1], verb))
    candidates = [k for k in range(start, verb) if words[k].lower() in ("in", "im")]
    if start >= 2 and words[start - 1] == "," and words[0].lower() in ("in", "im"):
        candidates.append(0)  # "In einer Erklärung, die ... veröffentlicht wurde, wurde verkündet"
    for k in candidates:
        phrase = noun_phrase_after(words, k + 1, verb if k >= start else start)
        if phrase and any(w.lower().endswith(STATEMENT_HEADS) for w in words[phrase[0]:phrase[1]]):
            return (phrase[0], genitive_attribute_end(words, phrase[1], verb if k >= start else start))
    return None


QUANTITY_NOUNS = frozenset("anzahl zahl reihe mehrheit minderheit teil großteil gruppe vielzahl hälfte dutzend "
                           "drittel viertel prozent".split())


def is_partitive_von(words: list[str], k: int) -> bool:
    """"einer Anzahl von Medienvertretern", "27 von 35 Stimmen": "von" after a quantity is no passive agent."""
    return k > 0 and (words[k - 1].lower() in QUANTITY_NOUNS or is_number(words[k - 1]))


def is_prepositional_relative(words: list[str], start: int, verb: int) -> bool:
    """", in der es heißt" / ", in dem er informiert wird": a relative clause opened by a preposition."""
    return start >= 2 and words[start - 1] == "," and words[start].lower() in ("in", "auf", "bei", "mit") and \
        start + 1 < verb and words[start + 1].lower() in ("der", "dem", "denen", "welcher", "welchem")


def antecedent_with_head(words: list[str], comma: int) -> tuple[int, int] | None:
    """The noun phrase before a relative clause, with the head noun of a genitive attribute that ends it
    ("ein Schreiben der Twitter-Rechtsabteilung, in dem")."""
    phrase = noun_phrase_before_loose(words, comma)
    if phrase is None:
        return None
    start = phrase[0]
    if words[start].lower() in ("des", "der") and start >= 1 and is_capitalised(words[start - 1]):
        head = noun_phrase_before_loose(words, start)
        if head is not None:
            start = head[0]
    return (start, phrase[1])


# "heißt es in der Erklärung / auf der Webseite / bei der Agentur / aus Paris / vom Ministerium"
HEISST_SOURCE_PREPOSITIONS = frozenset({"in", "im", "auf", "bei", "beim", "aus", "von", "vom", "seitens"})


def source_of_heisst(words: list[str], verb: int) -> tuple[int, int] | None:
    """"In der Erklärung heißt es" / "heißt es in einer Mitteilung der Polizei": the document is the source."""
    start = clause_start_before(words, verb)
    if is_prepositional_relative(words, start, verb):
        return antecedent_with_head(words, start - 1)  # "eine Erklärung, in der es heißt": its antecedent
    k = start
    while k < len(words) and words[k] not in (",", ":", ";", ".", "!", "?"):
        if words[k].lower() in HEISST_SOURCE_PREPOSITIONS and k + 1 < len(words):
            phrase = noun_phrase_after(words, k + 1)
            if phrase:
                return (phrase[0], genitive_attribute_end(words, phrase[1], len(words)))
        k += 1
    if words[start].lower() in ("darin", "darauf") and start < verb:
        return (start, start + 1)  # "Darin heißt es", "Darauf war zu lesen": the adverb stands for the text
    if start == verb and words and words[0].lower() in HEISST_SOURCE_PREPOSITIONS:
        # "In dieser Resolution, die ... angenommen wurde, heißt es": the fronted phrase before a relative clause
        phrase = noun_phrase_after(words, 1, start)
        if phrase:
            return (phrase[0], genitive_attribute_end(words, phrase[1], start))
    return None


def finish_phrase(words: list[str], phrase: tuple[int, int] | None) -> tuple[int, int] | None:
    if phrase is None:
        return None
    start, end = phrase
    if words[start].lower() in SUBJECT_PRONOUNS and words[start].lower() in ("es", "man"):
        return None
    # a role noun without a name takes its genitive attribute: "ein Sprecher des Weißen Hauses"
    if role_word(words, end - 1, end) and end - start <= 3:
        end = genitive_attribute_end(words, end, len(words))
    return (start, end)


# ------------------------------------------------------------------------------------------
# Attribution: the speaker of each quote in a document


@dataclass
class ResolvedQuote:
    candidate: QuoteCandidate
    speaker: SpeakerMention | None
    speaker_tokens: tuple[int, int, int] | None  # (sentence, start, end)
    addressee: tuple[int, int] | None  # character span
    cue: tuple[int, int] | None = None  # character span
    confidence: float = 0.0


def speaker_tokens_for(doc: DocumentView, cand: QuoteCandidate) -> tuple[int, int, int] | None:
    if cand.source is not None:
        sentence, start, end = cand.source
        if doc.words[sentence][start].lower() == "wonach":
            antecedent = wonach_antecedent(doc.words[sentence], start)
            if antecedent is not None:
                return (sentence, *antecedent)
        if cand.cue is not None and cand.cue.kind == "nach" and not names_an_actor(doc, sentence, (start, end)):
            speaker = speaker_of_enclosing_speech(doc, sentence, cand.cue.start)
            if speaker is not None:
                return speaker
        return cand.source
    cue = cand.cue
    if cue is None:
        return None
    words = doc.words[cue.sentence]
    if cue.kind == "colon":
        clause_start = clause_start_before(words, cue.start)
        heisst = heisst_before_colon(words, cue.start)
        if heisst is not None:  # "In dem Antrag heißt es wörtlich: „…“"
            phrase = source_of_heisst(words, heisst)
            return (cue.sentence, *phrase) if phrase else None
        # "Peskow: „…“", "Koppelin wörtlich: „…“": only a person-like subject, else the quote carries on
        if words[clause_start].lower() == "so" and clause_start > 0 and clause_start + 1 < cue.start:
            phrase = noun_phrase_after(words, clause_start + 1, cue.start)  # "…, so Elshorst weiter: „…“"
            if phrase is not None:
                return (cue.sentence, *phrase)
        phrase = subject_of_clause(words, clause_start, cue.start)
        if phrase is None and clause_start >= 2 and words[clause_start - 1] == "," and words[clause_start][:1].islower():
            # "Die Kernaussage von X, dem Präsidenten von Y, lautete dazu: „…“": the subject before the apposition;
            # "X hat weniger Hemmungen, seine Sympathien zu zeigen: „…“": the subject of the main clause
            phrase = sentence_initial_subject(words, clause_start - 1) or apposition_before(words, clause_start - 1)
            if phrase is None and ends_in_zu_infinitive(words, clause_start, cue.start):
                phrase = subject_of_clause(words, clause_start_before(words, clause_start - 1), clause_start - 1)
            return (cue.sentence, *phrase) if phrase else None
        if phrase is not None and phrase[1] - phrase[0] == 2 and is_source_noun(words[phrase[0] + 1]) and \
                words[phrase[0]].endswith("s") and is_capitalised(words[phrase[0]]) and \
                words[phrase[0]].lower() not in DETERMINERS:
            cand.name_source = (cue.sentence, phrase[0], phrase[0] + 1)  # "Habecks Fazit: „…“" is Habeck's
        elif phrase is not None and is_source_noun(words[phrase[1] - 1]):
            holder = statement_holder(words, phrase[1] - 1)  # "Das Fazit des Einsatzleiters: „…“" is his
            if holder is not None and holder[1] <= cue.start:
                cand.name_source = (cue.sentence, *holder)
        finite = first_verb_like(words, phrase[1], cue.start) if phrase is not None else None
        if phrase is not None and phrase[0] == clause_start and finite is not None:
            # "Jede Verantwortung weist Hartmann von sich: „…“": object first, the person follows the verb
            phrase = person_after_verb(words, doc.token_entities[cue.sentence], phrase, finite) or phrase
        return (cue.sentence, *phrase) if phrase else None
    if cue.kind == "so":
        phrase = noun_phrase_after(words, cue.start + 1)
        verb = cue.start + 1
        if phrase is None and any(m.index == verb and m.strength >= 2 for m in find_verb_cues(words)):
            # "„…“ – so beschreibt ein Anwohner die Nacht": the subject follows the speech verb after "so"
            k = skip_adverbs(words, verb + 1)
            if k < len(words) and words[k].lower() == "es":
                k = skip_adverbs(words, k + 1)  # "so sieht es auch die Polizei": "es" is the object
            phrase = finish_phrase(words, noun_phrase_after(words, k))
            if phrase is not None and is_object_case(words, phrase[0]):
                phrase = None
        return (cue.sentence, *phrase) if phrase else None
    if cue.kind == "bracket":  # "Mohammed ElBaradei („…“)"
        phrase = noun_phrase_before_loose(words, cue.start)
        return (cue.sentence, *phrase) if phrase else None
    if cue.kind == "heisst":
        phrase = source_of_heisst(words, cue.start)
        return (cue.sentence, *phrase) if phrase else None
    if cue.verb is None:
        return None
    if is_noun_cue(words, cue.verb):
        # "Aussagen, dass ...", "Vorwürfe werden laut, dass ...": a statement noun, not a verb; the holder
        # in its genitive or von-phrase speaks, else the statement itself is the source
        holder = statement_holder(words, cue.verb)
        return (cue.sentence, *(holder or statement_phrase(words, cue.verb)))
    if cue.lemma in DOCUMENT_SOURCE_VERBS and cue.finite:
        document = aus_phrase_in_clause(words, cue.verb)
        if document is not None:  # "Wie aus dem Bericht hervorgeht", "Aus dem Urteil ergibt sich"
            return (cue.sentence, *document)
    if cue.verb > 0 and words[cue.verb - 1].lower() == "und":
        shared = coordinated_subject(doc, cue.sentence, cue.verb)
        if shared is not None:
            return shared
    finite = finite_verb_index(words, cue.verb, cue.finite)
    phrase = subject_of_verb(words, cue.verb, finite)
    if cue.lemma == "zitieren" and phrase is None and finite != cue.verb and \
            words[finite].lower() in PASSIVE_AUXILIARIES:
        phrase = passive_subject_phrase(words, finite)  # "wird der Minister zitiert": he is the one quoted
    elif cue.lemma == "zitieren" and (phrase is None or words[phrase[0]].lower() == "man"):
        # "zitierte man Yolanda Alvarez": the quoted person is the object
        after = phrase[1] if phrase else cue.verb + 1
        if after < len(words) and words[after].lower() == "man":
            after += 1
        phrase = noun_phrase_after(words, after)
    elif cue.lemma == "zitieren" and cue.finite:
        # "zitierte die Agentur Reuters einen Diplomaten", "Die Zeitung zitiert den Minister mit den Worten":
        # the medium quotes, the one quoted spoke
        quoted = noun_phrase_after(words, skip_adverbs(words, max(phrase[1], cue.verb + 1)))
        if quoted is not None and words[quoted[0]].lower() in QUOTED_OBJECT_STARTS:
            phrase = quoted
    if phrase is not None and phrase[1] <= finite and cue.lemma not in PERSON_OBJECT_VERBS:
        phrase = person_after_verb(words, doc.token_entities[cue.sentence], phrase, finite) or phrase
    if phrase is None and cue.verb > 0 and words[cue.verb - 1].lower() == "zu":
        phrase = subject_of_governing_clause(words, cue.verb)  # "X hat kaum Hemmungen, das zu zeigen: „…“"
    if phrase is None:
        return None
    phrase = trim_to_person(phrase, words, doc.token_entities[cue.sentence])
    if phrase[0] > cue.verb:
        phrase = without_dative_medium(words, phrase, cue.lemma)
        phrase = with_name_apposition(words, doc.token_entities[cue.sentence], phrase)
    if quote_contains(doc, cand, cue.sentence, phrase):
        return None
    reporter = laut_source_in_cue_clause(words, max(cue.verb + 1, phrase[1]))
    if reporter is not None:
        return (cue.sentence, *reporter)  # "sagte der Minister laut Spiegel Online": the named source vouches
    relative = clause_start_before(words, finite)
    if phrase[1] < relative and words[relative].lower() in ("der", "die", "das") and words[relative - 1] == ",":
        # "Ägypten, das vorschlug, ...": the relative pronoun is the subject where it stands; the name is
        # its antecedent's
        cand.name_source = (cue.sentence, *phrase)
        return (cue.sentence, relative, relative + 1)
    return (cue.sentence, *phrase)


def with_name_apposition(words: list[str], entities: list[EntityMention | None],
                         phrase: tuple[int, int]) -> tuple[int, int]:
    """"sagte der Sprecher des Ministeriums, Peter Müller.": the name in commas after a role belongs to it."""
    start, end = phrase
    if end + 1 >= len(words) or words[end] != "," or role_word(words, start, end) is None:
        return phrase
    name = entities[end + 1]
    if name is None or name.label != "PER" or any(m is not None and m.label == "PER" for m in entities[start:end]):
        return phrase
    k = end + 1
    while k < len(words) and entities[k] is name:
        k += 1
    return (start, k) if k >= len(words) or words[k] in (",", ".", ";", "!", "?") else phrase


MEDIA_ROLE_ENDINGS = ("redakteur", "redakteurin", "herausgeber", "herausgeberin", "korrespondent", "korrespondentin",
                      "reporter", "reporterin", "journalist", "journalistin", "moderator", "moderatorin", "intendant",
                      "intendantin", "kolumnist", "kolumnistin")  # "der Chefredakteur der Zeitung" is a genitive


def without_dative_medium(words: list[str], phrase: tuple[int, int], lemma: str) -> tuple[int, int]:
    """"sagte die Ministerin der Süddeutschen Zeitung": after a verb that takes a dative, "der" + a medium
    is the addressee, not a genitive of the speaker."""
    from service.addressee import DATIVE_VERBS, MEDIA_HEADS

    start, end = phrase
    if lemma not in DATIVE_VERBS or any(w.lower().endswith(MEDIA_ROLE_ENDINGS) for w in words[start:end]):
        return phrase
    for k in range(start + 1, end - 1):
        if words[k].lower() == "der" and words[k - 1][:1].isupper() and \
                any(w.lower().endswith(MEDIA_HEADS) for w in words[k + 1:end] if w[:1].isupper()):
            return (start, k)
    return phrase


def passive_subject_phrase(words: list[str], finite: int) -> tuple[int, int] | None:
    """The subject of a passive clause: after an inverted auxiliary, else the phrase before it."""
    start = clause_start_before(words, finite)
    if start == finite:
        return noun_phrase_after(words, skip_adverbs(words, finite + 1))
    return noun_phrase_before(words, finite, start)


QUOTED_OBJECT_STARTS = frozenset({"den", "einen", "seinen", "ihren", "die", "eine", "seine", "ihre"})
DOCUMENT_SOURCE_VERBS = frozenset({"hervorgehen", "ergeben"})
CLAUSE_END_TOKENS = frozenset({",", ";", ":", ".", "!", "?", "„", "“", '"', "(", "–"})


def aus_phrase_in_clause(words: list[str], verb: int) -> tuple[int, int] | None:
    """The document in "aus X" within the clause of hervorgehen/sich ergeben: it is what says so."""
    k = clause_start_before(words, verb)
    while k < len(words) and (k == verb or words[k] not in CLAUSE_END_TOKENS):
        if words[k].lower() == "aus":
            phrase = noun_phrase_after(words, k + 1)
            if phrase is not None:
                return (phrase[0], genitive_attribute_end(words, phrase[1], len(words)))
        k += 1
    return None


def laut_source_in_cue_clause(words: list[str], start: int) -> tuple[int, int] | None:
    """"laut X" later in the cue's own clause: the medium that reports the statement is its source."""
    k = start
    while k + 1 < len(words) and words[k] not in (",", ";", ":", ".", "„", "“", '"', "(", "–"):
        if words[k] == "laut":
            return noun_phrase_after(words, k + 1)
        k += 1
    return None


CLOSING_QUOTES = frozenset({"“", '"', "«", "”", "»"})


def speaker_of_enclosing_speech(doc: DocumentView, sentence: int, cue_start: int) -> tuple[int, int, int] | None:
    """"Der Sprecher sagte, nach neuesten Erkenntnissen habe ...": a "nach" phrase that names no actor inside
    the complement of a speech verb is part of that speaker's statement, not its source."""
    words = doc.words[sentence]
    if cue_start < 2 or words[cue_start - 1] != ",":
        return None  # the "nach" phrase opens the complement clause
    clause = clause_start_before(words, cue_start - 1)
    for match in find_verb_cues(words):
        if match.strength >= 2 and clause <= match.index < cue_start:
            finite = finite_verb_index(words, match.index, match.is_finite)
            subject = subject_of_verb(words, match.index, finite)
            if subject is not None and subject[1] <= cue_start and names_an_actor(doc, sentence, subject):
                return (sentence, *subject)
    return None


def is_noun_cue(words: list[str], k: int) -> bool:
    """A capitalised cue word inside the sentence, or at its start before a lower-case verb, is a noun."""
    if not words[k][:1].isupper() or words[k].isupper():
        return False
    if k == 0 and words[k].lower().startswith("ge") and words[k].lower().endswith(("t", "en")) and \
            k + 1 < len(words) and words[k + 1].lower() in ("hat", "hatte", "haben", "hatten", "habe"):
        return False  # "Gesagt hat er": a fronted participle
    if k > 0 and words[k - 1] not in ("„", '"', "»", "«", "“", "(", "–", ":"):
        return True
    return k + 1 < len(words) and words[k + 1][:1].islower() and words[k + 1].lower() in AUXILIARY_FORMS


def statement_phrase(words: list[str], noun: int) -> tuple[int, int]:
    start = noun
    while start > 0 and (is_adjective(words[start - 1]) or words[start - 1].lower() in DETERMINERS):
        start -= 1
        if words[start].lower() in DETERMINERS:
            break
    return (start, noun + 1)


def statement_holder(words: list[str], noun: int) -> tuple[int, int] | None:
    """"die Aussagen des Ministers", "Vorwürfe von Umweltschützern": who made the statement."""
    k = noun + 1
    if k < len(words) and words[k].lower() in ("des", "der"):
        return noun_phrase_after(words, k)
    if k + 1 < len(words) and words[k].lower() in ("von", "vom"):
        return noun_phrase_after(words, k + 1)
    return None


def wonach_antecedent(words: list[str], wonach: int) -> tuple[int, int] | None:
    """"Wonach" is a relative adverb: its antecedent is the report it belongs to, also when a verb stands
    between them ("hat Berichte der Zeitung zurückgewiesen, wonach ...") or the name is quoted
    ("ein Bericht der Agentur „Interfax“, wonach ...")."""
    for n in range(wonach - 1, -1, -1):
        if is_source_noun(words[n]):
            # from its determiner when one stands within three words ("ein Bericht", "die jüngsten Berichte")
            start = next((k for k in range(max(0, n - 3), n) if words[k].lower() in DETERMINERS and
                          (noun_phrase_after(words, k) or (k, k))[1] > n), n)
            return (start, genitive_attribute_end(words, n + 1, wonach))
    if wonach >= 3 and words[wonach - 1] == "," and words[wonach - 2] in CLOSING_QUOTES:
        opening = next((k for k in range(wonach - 3, max(-1, wonach - 10), -1) if words[k] in ("„", '"', "»", "«")), None)
        if opening is not None:
            phrase = noun_phrase_before_loose(words, opening)
            return (phrase[0] if phrase else opening, wonach - 1)
    return None


# Nouns naming a statement, document or opinion: "nach <noun>" can name a source with them.
SOURCE_NOUN_STEMS = STATEMENT_HEADS + (
    "vorlage", "beschuldigung", "vorwurf", "vorwürf", "untersuchung", "angabe", "information", "umfrage",
    "analyse", "auskunft", "aussage", "ermittlung", "protokoll", "anklage", "gesetz", "abkommen", "vertrag",
    "prognose", "schätzung", "darstellung", "quelle", "medienbericht", "aufstellung", "statistik", "befund",
    "meinung", "ansicht", "einschätzung", "auffassung", "überzeugung", "wort", "vernehmen", "erkenntnis",
    "bekanntmachung", "verlautbarung", "erhebung", "satzung", "verordnung", "richtlinie", "vereinbarung",
    "botschaft", "fazit", "devise", "kernaussage", "forderung", "warnung", "antwort", "credo",
    "spekulation", "gerücht", "vermutung", "befürchtung", "mutmaßung", "behauptung", "verdacht",
)
SOURCE_NOUN_ENDINGS = ("", "e", "en", "n", "s", "es", "er", "ern")


def is_source_noun(word: str) -> bool:
    lower = word.lower()
    return word[:1].isupper() and any(lower.endswith(stem + ending) for stem in SOURCE_NOUN_STEMS
                                      for ending in SOURCE_NOUN_ENDINGS)


# Verbs whose object is often a person ("kritisierte Putin"): a person after them is no subject.
PERSON_OBJECT_VERBS = frozenset(
    "kritisieren warnen auffordern bitten loben beschuldigen vorwerfen anklagen zitieren fragen informieren "
    "unterrichten anrufen ermahnen verurteilen beschimpfen würdigen angreifen ansprechen auffordern drängen "
    "überzeugen unterstützen verteidigen danken gratulieren".split()
)


def person_after_verb(words: list[str], entities: list[EntityMention | None], prefield: tuple[int, int],
                      finite: int) -> tuple[int, int] | None:
    """Object-first order ("Die Äußerungen bezeichnete Wiefelspütz als ...", "Das sagte Putin"): when the
    pre-field holds no person and a person name follows the finite verb, that person is the subject."""
    start, end = prefield
    for k in range(start, end):
        mention = entities[k]
        if mention is not None and mention.label in ("ORG", "LOC") and not is_feminine_dative(words, start, end):
            return None  # an organisation or place as actor, not "Der Zeitung „Welt“ sagte Lindner"
        if mention is not None and mention.label == "PER" and not (k > start and words[k].endswith("s")):
            return None  # a person, not a genitive attribute ("Die Äußerungen Hassemers")
    if words[start].lower() in SUBJECT_PRONOUNS or role_word(words, start, end) or \
            words[start].lower() not in DETERMINERS and words[start][:1].isupper() and end - start <= 2:
        return None
    k = skip_adverbs(words, finite + 1)
    role_start = k
    if k + 1 < len(entities) and words[k].lower() in ("der", "die") and entities[k + 1] is None and \
            role_word(words, k + 1, k + 2):
        k += 1  # "stellte der SPD-Vorsitzende Franz Müller in Frage"
    if k + 1 < len(entities) and entities[k] is None and role_word(words, k, k + 1):
        k += 1  # "wies Kanzlerin Petra Lang zurück"
    if k < len(entities) and (entities[k] is None or entities[k].label != "PER"):
        return organisation_after_verb(words, entities, prefield, role_start)
    if k >= len(entities) or entities[k] is None or entities[k].label != "PER":
        return None
    if k > 0 and entities[k - 1] is entities[k]:
        return None
    end = k
    while end < len(entities) and entities[end] is entities[k]:
        end += 1
    if end < len(words) and words[end][:1].isupper() and words[k + (end - k) - 1].endswith("s"):
        return None  # "Putins Sprecher": a genitive modifier of a noun
    return (role_start, extend_with_party(words, end, len(words)))


FEMININE_NOUN_ENDINGS = ("ung", "heit", "keit", "ion", "schaft", "ei", "tät", "ik", "ur", "enz", "anz", "ie", "e")


def is_masculine_nominative(words: list[str], start: int, end: int) -> bool:
    """"Der Sicherheitsrat": "der" before a noun that is not feminine (a feminine one makes it dative or
    genitive: "Der Regierung warf er vor")."""
    if words[start].lower() != "der" or end - start < 2:
        return False
    head = next((w for w in words[start + 1:end] if w[:1].isupper()), "")
    return bool(head) and not head.lower().endswith(FEMININE_NOUN_ENDINGS)


# Endings of nouns that are feminine whatever the word ("-e" and "-eur" are not: der Experte, der Gouverneur)
CLEARLY_FEMININE_ENDINGS = ("ung", "heit", "keit", "ion", "schaft", "tät", "enz", "anz", "tur", "ei")


def is_feminine_dative(words: list[str], start: int, end: int) -> bool:
    """"Der Zeitung", "Der Regierung", "Der Opposition" in the pre-field: "der" before a feminine noun is a
    dative (or genitive), never the subject."""
    if words[start].lower() != "der" or end - start < 2:
        return False
    head = next((w for w in words[start + 1:end] if w[:1].isupper()), "")
    return head.lower().endswith(CLEARLY_FEMININE_ENDINGS)


def organisation_after_verb(words: list[str], entities: list[EntityMention | None], prefield: tuple[int, int],
                            k: int) -> tuple[int, int] | None:
    """"Die Zahl der Toten bezifferte die Agentur Xinhua mit 22": a definite noun phrase after the verb that
    names an organisation or an institution is the subject when the pre-field names none."""
    start, end = prefield
    feminine_dative = words[start].lower() == "der" and end - start >= 2 and not is_masculine_nominative(words, start, end)
    if not feminine_dative and any(w[:1].isupper() and w.lower().endswith(ACTOR_NOUN_ENDINGS) for w in words[start:end]):
        return None  # "Der Regierung warf die Opposition ... vor": a feminine "der" is no subject
    if is_masculine_nominative(words, start, end) and k < len(words) and words[k].lower() in ("die", "das"):
        return None  # "Der Sicherheitsrat rief die Regierung auf": "der" + masculine noun is the subject
    if k >= len(words) or words[k].lower() not in ("der", "die", "das"):
        return None
    phrase = noun_phrase_after(words, k)
    if phrase is None:
        return None
    if is_feminine_dative(words, start, end) and words[k].lower() in ("die", "das"):
        return phrase  # "Der Regierung warf die Opposition vor": the first phrase after the verb is the subject
    if any(m is not None and m.label == "ORG" for m in entities[phrase[0]:phrase[1]]) or \
            any(w[:1].isupper() and w.lower().endswith(ACTOR_NOUN_ENDINGS) for w in words[phrase[0]:phrase[1]]):
        return phrase
    return None


def subject_of_governing_clause(words: list[str], verb: int) -> tuple[int, int] | None:
    """The subject of the clause before the comma that opens a zu-infinitive clause."""
    start = clause_start_before(words, verb)
    if start < 2 or words[start - 1] != ",":
        return None
    return subject_of_clause(words, clause_start_before(words, start - 1), start - 1)


def ends_in_zu_infinitive(words: list[str], start: int, end: int) -> bool:
    """"…, seine Sympathien öffentlich zu zeigen": a zu-infinitive clause has no subject of its own."""
    return end - start >= 2 and (words[end - 2].lower() == "zu" or "zu" in words[end - 1].lower()[2:-2] and
                                 words[end - 1][:1].islower() and words[end - 1].endswith("en"))


def heisst_before_colon(words: list[str], colon: int) -> int | None:
    """Index of "heißt"/"hieß" in the clause that ends at a colon ("Im Bericht heißt es:")."""
    start = clause_start_before(words, colon)
    return next((k for k in range(start, colon) if words[k].lower() in ("heißt", "hieß", "geheißen") or
                 is_written_in(words, start, k, colon)), None)


def is_written_in(words: list[str], start: int, k: int, colon: int) -> bool:
    """"Auf dem Plakat stand: „…“", "Auf der Homepage fand sich der Satz:", "Darauf war zu lesen:": words
    written somewhere, whose source is the place (if the clause names one)."""
    lower = words[k].lower()
    if lower in ("stand", "steht", "standen", "stehen"):
        return words[start].lower() in HEISST_SOURCE_PREPOSITIONS | {"darauf", "darin", "dort", "hier"} and \
            all(w.lower() != "sich" for w in words[k:colon])
    if lower in ("fand", "findet", "fanden", "finden") and k + 1 < colon and words[k + 1].lower() == "sich":
        return True
    return lower == "lesen" and k > 0 and words[k - 1].lower() == "zu"


def quote_contains(doc: DocumentView, cand: QuoteCandidate, sentence: int, phrase: tuple[int, int]) -> bool:
    """Is the phrase inside the quoted words themselves (not in the attribution of an interrupted quote)?"""
    start, end = doc.char_span(sentence, *phrase)
    if cand.type == "direct" and start < cand.end and cand.start < end and not (cand.start <= start and end <= cand.end):
        return True  # the phrase straddles the quote marks
    if cand.type != "direct" or not (cand.start <= start and end <= cand.end):
        return False
    cue_start, _ = doc.char_span(cand.cue.sentence, cand.cue.start, cand.cue.end)
    return not cand.start < cue_start < cand.end


def describe_speaker(doc: DocumentView, where: tuple[int, int, int], entities: EntityIndex,
                     state: DiscourseState) -> tuple[SpeakerMention, str | None]:
    sentence, start, end = where
    words = doc.words[sentence]
    char_start, char_end = doc.char_span(sentence, start, end)
    text = doc.text[char_start:char_end]
    role = role_of(words, start, end)
    if end - start == 1 and words[start].lower() in ("demnach", "danach") and sentence > 0:
        # "Demnach" (= "nach dem") points back to the report or source named in the sentence before
        antecedent = report_named_in(doc, sentence - 1)
        if antecedent is not None:
            named, _ = describe_speaker(doc, antecedent, entities, state)
            return SpeakerMention(char_start, char_end, text, "PRON", named.name, named.entity_key), None
    if end - start == 1 and words[start].lower() == "es":
        # "Das Ministerium … Es teilte mit": "es" takes up a neuter subject ("das Ministerium, das Gericht")
        antecedent = neuter_antecedent_before(getattr(state, "antecedents", []), char_start, doc)
        if antecedent is not None:
            resolved, _ = describe_speaker(doc, antecedent, entities, state)
            return SpeakerMention(char_start, char_end, text, "PRON", resolved.name, resolved.entity_key), None
    pronoun = words[start].lower() if end - start == 1 else possessive_holder(words, start, end)
    if pronoun in DEMONSTRATIVE_SUBJECTS:
        named = person_named_last(doc, sentence, char_start)
        cluster = entities.cluster_of(named) if named is not None else None
        if cluster is not None:  # "Merkel traf Macron. Dieser sagte": the person named last, not the topic
            return SpeakerMention(char_start, char_end, text, "PRON", cluster.name, cluster.key), None
    if pronoun in PERSON_PRONOUNS | DEMONSTRATIVE_SUBJECTS:
        key = state.last_person()
        cluster = entities.clusters.get(key) if key else None
        antecedent = antecedent_before(getattr(state, "antecedents", []), char_start, doc, pronoun)
        if antecedent is not None:
            resolved, _ = describe_speaker(doc, antecedent, entities, state)
            sentence_end = doc.char_span(antecedent[0], 0, len(doc.words[antecedent[0]]))[1]
            if resolved.kind == "NOUN" and named_only_after(entities, resolved.entity_key, sentence_end):
                # "Der Außenminister reiste … traf er Präsident Selenskyj. „…“, versicherte er": the role
                # stands for nobody named before it, not for the person named since
                resolved = SpeakerMention(resolved.start, resolved.end, resolved.text, "NOUN",
                                          " ".join(resolved.text.split()), None)
            if resolved.kind in ("PER", "NOUN") or cluster is None:
                return SpeakerMention(char_start, char_end, text, "PRON", resolved.name, resolved.entity_key), None
        if cluster is not None:
            return SpeakerMention(char_start, char_end, text, "PRON", cluster.name, key), None
        named = state.last_named_speaker()
        if named is not None and named.text.split()[0].lower() in ARTICLES_NOT_FOR.get(pronoun, ()):
            named = None  # "Die Staatsanwaltschaft ... Er bestreitet": not her; leave the pronoun unresolved
        return SpeakerMention(char_start, char_end, text, "PRON", named.name if named else text,
                              named.entity_key if named else None), None
    labelled = [m for m in doc.token_entities[sentence][start:end] if m is not None]
    persons = [m for m in labelled if m.label == "PER" and not is_genitive_modifier(doc, sentence, m, end)]
    if persons:
        cluster = entities.cluster_of(persons[-1])
        return SpeakerMention(char_start, char_end, text, "PER", cluster.name if cluster else persons[-1].text,
                              cluster.key if cluster else None), role
    others = [m for m in labelled if m.label in ("ORG", "LOC") and not is_genitive_modifier(doc, sentence, m, end)]
    if others and words[start].lower() not in ("der", "die", "das", "ein", "eine") or others and end - start <= 2:
        cluster = entities.cluster_of(others[-1])
        return SpeakerMention(char_start, char_end, text, others[-1].label, cluster.name if cluster else text,
                              cluster.key if cluster else None), None
    if role:
        key = state.last_mentioned_person if role.noun in AGE_ROLES else \
            state.role_owner(role) or fallback_person(state, role)
        cluster = entities.clusters.get(key) if key and not words[start].lower() in ("ein", "eine") else None
        if cluster is not None and not has_genitive_name(words, start, end):
            return SpeakerMention(char_start, char_end, text, "NOUN", cluster.name, cluster.key), None
    name = " ".join(text.split())
    return SpeakerMention(char_start, char_end, text, "NOUN", name, None), None


POSSESSIVE_HOLDERS = {"sein": "er", "seine": "er", "seinen": "er", "seinem": "er", "seiner": "er", "seines": "er",
                      "ihr": "sie", "ihre": "sie", "ihren": "sie", "ihrem": "sie", "ihrer": "sie", "ihres": "sie"}


def named_only_after(entities: EntityIndex, key: str | None, position: int) -> bool:
    """Is the entity first named after ``position`` (the end of the sentence of a role noun that was
    taken to stand for it)?"""
    cluster = entities.clusters.get(key) if key else None
    return cluster is not None and bool(cluster.mentions) and min(m[0] for m in cluster.mentions) > position


def possessive_holder(words: list[str], start: int, end: int) -> str | None:
    """"nach seinen Worten", "ihren Angaben zufolge": the pronoun whose holder is the source."""
    if end - start == 2 and is_source_noun(words[start + 1]):
        return POSSESSIVE_HOLDERS.get(words[start].lower())
    return None


def person_named_last(doc: DocumentView, sentence: int, before: int) -> EntityMention | None:
    """The last person entity written before ``before`` in this sentence or the one before it."""
    first = doc.sentences[max(0, sentence - 1)].start
    people = [m for m in doc.entities if m.label == "PER" and first <= m.start and m.end <= before]
    return people[-1] if people else None


def report_named_in(doc: DocumentView, sentence: int) -> tuple[int, int, int] | None:
    """The last report, statement or document named in a sentence ("... einer Gesetzesvorlage zugestimmt."),
    else the source the sentence names itself."""
    words = doc.words[sentence]
    for n in range(len(words) - 1, -1, -1):
        if is_source_noun(words[n]):
            start = n
            while start > 0 and (is_adjective(words[start - 1]) or is_number(words[start - 1])) and \
                    words[start - 1].lower() not in DETERMINERS:
                start -= 1
            if start > 0 and words[start - 1].lower() in DETERMINERS:
                start -= 1
            elif start < n:
                start = n  # no article: the adjectives may be verbs
            return (sentence, start, genitive_attribute_end(words, n + 1, len(words)))
    return own_statement_source(doc, sentence)


def is_genitive_modifier(doc: DocumentView, sentence: int, mention: EntityMention, phrase_end: int) -> bool:
    """"Putins" in "Putins Sprecher": a genitive name before the head noun."""
    last = mention.text.split()[-1] if mention.text.split() else ""
    if not (last.endswith("s") and len(last) > 3):
        return False
    words = doc.words[sentence]
    tokens = doc.sentences[sentence].tokens
    index = next((k for k, t in enumerate(tokens) if t.end == mention.end), None)
    return index is not None and index + 1 < phrase_end and words[index + 1][:1].isupper()


def has_genitive_name(words: list[str], start: int, end: int) -> bool:
    return any(w.endswith("s") and w[:1].isupper() and k + 1 < end for k, w in enumerate(words[start:end], start))


def fallback_person(state: DiscourseState, role: Role) -> str | None:
    """No one was written with this role: the last person who spoke or was named, unless the role is
    qualified ("der russische Präsident") and roles with other qualifiers are known."""
    other_holders = {key for qualifiers, key in state.role_owners.get(role.noun, []) if qualifiers}
    if role.qualifiers and other_holders:
        # "die CDU-Vorsitzende" after "der FDP-Vorsitzende X": not X, but perhaps the person just named
        named = state.last_mentioned_person
        return named if named not in other_holders else None
    return state.last_person() or state.last_mentioned_person


def note_people(doc: DocumentView, sentence: int, entities: EntityIndex, state: DiscourseState) -> None:
    """Remember roles written before person names ("Kreml-Sprecher Dmitri Peskow")."""
    words = doc.words[sentence]
    seen = set()
    for k, mention in enumerate(doc.token_entities[sentence]):
        if mention is None or mention.label != "PER" or id(mention) in seen:
            continue
        seen.add(id(mention))
        cluster = entities.cluster_of(mention)
        role = role_of(words, max(0, k - 3), k)
        if cluster is not None:
            state.note_person(cluster.key, role)


def subject_antecedents(doc: DocumentView, candidates: list[QuoteCandidate]) -> list[tuple[int, tuple[int, int, int]]]:
    """Person-like subjects of every sentence and of every cue verb, by position: pronoun antecedents.

    Phrases inside direct quotes do not count; sentence subjects count when they look like a person
    (a PER entity, a role noun, or a bare name without article).
    """
    from bisect import bisect_right

    direct = sorted((c.start, c.end) for c in candidates if c.type == "direct")
    starts = [d[0] for d in direct]

    def in_direct(position: int) -> bool:
        k = bisect_right(starts, position) - 1
        return k >= 0 and direct[k][0] <= position < direct[k][1]

    messages = [(c.start, c.end) for c in candidates if c.type == "indirect"]

    def in_message(position: int) -> bool:
        return any(start <= position < end for start, end in messages)

    named_in_sentence: dict[int, list[tuple[int, int]]] = {}
    for cand in candidates:
        named = cand.name_source or cand.source
        if named is not None:
            named_in_sentence.setdefault(named[0], []).append((named[1], named[2]))
    found: list[tuple[int, tuple[int, int, int]]] = []
    for s, words in enumerate(doc.words):
        if doc.skipped[s] or not words:
            continue
        phrases = []
        subject = subject_of_clause(words, 0, len(words))
        if subject is not None and looks_like_person(doc, s, subject, words) and \
                not in_message(doc.char_span(s, *subject)[0]):
            phrases.append(subject)  # not "Fehler" in "Fehler seien gemacht worden, räumte er ein"
        for match in find_verb_cues(words):
            if match.strength >= 2:
                finite = finite_verb_index(words, match.index, match.is_finite)
                phrases.append(subject_of_verb(words, match.index, finite))
        phrases.extend(named_in_sentence.get(s, ()))
        for phrase in phrases:
            if phrase is None or words[phrase[0]].lower() in SUBJECT_PRONOUNS:
                continue
            position = doc.char_span(s, *phrase)[0]
            if not in_direct(position):
                found.append((position, (s, *phrase)))
    found.sort()
    return found


def looks_like_person(doc: DocumentView, s: int, phrase: tuple[int, int], words: list[str]) -> bool:
    start, end = phrase
    if any(m is not None and m.label == "PER" for m in doc.token_entities[s][start:end]):
        return True
    if role_word(words, start, end):
        return True
    return words[start].lower() not in DETERMINERS and all(w[:1].isupper() for w in words[start:end]) and end - start <= 3


# The article of a nominative noun phrase tells its gender: "er" cannot take up "die Staatsanwaltschaft",
# "sie" cannot take up "der Minister"; names without an article agree with both.
ARTICLES_NOT_FOR = {"er": frozenset({"die", "eine", "das"}), "dieser": frozenset({"die", "eine", "das"}),
                    "sie": frozenset({"der", "ein", "das"}), "diese": frozenset({"der", "ein", "das"})}
MAX_ANTECEDENT_STEPS = 4


def antecedent_before(antecedents: list[tuple[int, tuple[int, int, int]]], position: int,
                      doc: DocumentView | None = None, pronoun: str = "") -> tuple[int, int, int] | None:
    """The nearest person-like subject before ``position`` whose article agrees with the pronoun."""
    from bisect import bisect_left

    k = bisect_left(antecedents, (position, (-1, -1, -1)))
    excluded = ARTICLES_NOT_FOR.get(pronoun.lower(), frozenset())
    for j in range(k - 1, max(-1, k - 1 - MAX_ANTECEDENT_STEPS), -1):
        s, start, _ = antecedents[j][1]
        if doc is None or doc.words[s][start].lower() not in excluded:
            return antecedents[j][1]
    return None


def neuter_antecedent_before(antecedents: list[tuple[int, tuple[int, int, int]]], position: int,
                             doc: DocumentView) -> tuple[int, int, int] | None:
    """The nearest subject before ``position`` that opens with "das": what "es" can take up."""
    from bisect import bisect_left

    k = bisect_left(antecedents, (position, (-1, -1, -1)))
    for j in range(k - 1, max(-1, k - 1 - MAX_ANTECEDENT_STEPS), -1):
        s, start, _ = antecedents[j][1]
        if doc.words[s][start].lower() == "das":
            return antecedents[j][1]
    return None


def resolve_speaker(doc: DocumentView, cand: QuoteCandidate, resolved: list[ResolvedQuote], entities: EntityIndex,
                    state: DiscourseState) -> tuple[SpeakerMention | None, tuple[int, int, int] | None]:
    """The speaker mention of a quote and where it stands (sentence, token start, token end)."""
    where = speaker_tokens_for(doc, cand)
    if cand.cue is not None and cand.cue.kind == "colon" and where is not None and \
            not looks_like_person(doc, where[0], (where[1], where[2]), doc.words[where[0]]) and \
            heisst_before_colon(doc.words[cand.cue.sentence], cand.cue.start) is None:
        # "Seine Zuversicht gründet sich auf ...: „…“": a non-person subject; the quote carries on
        prev = previous_quote(resolved, cand, doc)
        if prev is not None and cand.first_sentence - prev.candidate.last_sentence <= 1:
            return prev.speaker, prev.speaker_tokens
    if cand.cue is not None and cand.cue.kind == "colon" and where is not None and \
            any(is_konjunktiv_i(w) for w in doc.words[cand.cue.sentence][where[2]:cand.cue.start]):
        # "Queensland sei Neuseeland zu Dank verpflichtet: „…“": a clause in Konjunktiv I before the colon is
        # itself reported speech; its subject is part of the report, the reporting speaker goes on
        prev = previous_quote(resolved, cand, doc)
        if prev is not None and cand.first_sentence - prev.candidate.last_sentence <= 1:
            return prev.speaker, prev.speaker_tokens
        reporter = reporter_of_konjunktiv_clause(doc, where)
        if reporter is not None:
            speaker, _ = describe_speaker(doc, reporter, entities, state)
            return speaker, reporter
    if cand.cue is not None and cand.cue.kind == "verb" and cand.cue.strength < 2 and where is not None and \
            not speaks(doc, where):
        # "Aktuell bestehe diese Gefahr noch nicht": a weak cue verb with a thing as its subject; the
        # Konjunktiv carries on the previous speaker's words
        prev = previous_quote(resolved, cand, doc)
        if prev is not None and cand.first_sentence - prev.candidate.last_sentence <= 1:
            return prev.speaker, prev.speaker_tokens
    if where is None and cand.cue is not None and cand.cue.kind == "colon":
        # "Und weiter: „…“", "Wörtlich: „…“": a colon without a subject carries on the previous speaker
        # (a "hieß es" without a named source stays without one: that is how the annotations read it)
        prev = previous_quote(resolved, cand, doc)
        if prev is not None and cand.first_sentence - prev.candidate.last_sentence <= 1:
            return prev.speaker, prev.speaker_tokens
    if reported_pronoun_clause(doc, cand, where):
        # "Man hoffe aber, dass …", "Er sei zuversichtlich, da …": a pronoun's cue verb in Konjunktiv I is
        # itself reported, the previous speaker is still talking
        prev = previous_quote(resolved, cand, doc)
        if prev is not None and cand.first_sentence - prev.candidate.last_sentence <= 1:
            return prev.speaker, prev.speaker_tokens
    if where is None and cand.cue is not None and cand.cue.verb is not None:
        where = fallback_source(doc, cand) or reason_given_for_earlier_act(doc, cand)
    if where is not None:
        speaker, role = describe_speaker(doc, where, entities, state)
        if cand.name_source is not None:
            named, _ = describe_speaker(doc, cand.name_source, entities, state)
            speaker.name, speaker.entity_key = named.name, named.entity_key
        state.note_speaker(speaker, role)
        return speaker, where
    if cand.speaker_rule == "embedded":
        where = own_statement_source(doc, cand.first_sentence)  # "Pérez hoffte, dass der „…“", "Nach X soll „…“"
        if where is not None:
            speaker, role = describe_speaker(doc, where, entities, state)
            return speaker, where
    if cand.speaker_rule in ("continuation", "embedded"):
        prev = previous_quote(resolved, cand, doc)
        if prev is not None:
            before = cand.first_sentence - 1
            while before > prev.candidate.last_sentence and doc.is_heading(before):
                before -= 1  # a subheading ("Moskau fordert Garantien") is no speaker of the text under it
            if prev.candidate.last_sentence < before:
                # a sentence without a quote lies between: its person-like subject may have taken over
                between = own_statement_source(doc, before)
                if between is not None and between[2] - between[1] == 1 and \
                        doc.words[between[0]][between[1]].lower() in PERSON_PRONOUNS:
                    between = None  # "er" in between refers back to the speaker: keep the speaker's mention
                if between is not None:
                    speaker, _ = describe_speaker(doc, between, entities, state)
                    return speaker, between
            actor = actor_around_report(doc, prev.candidate)
            if actor is not None:
                speaker, _ = describe_speaker(doc, actor, entities, state)
                return speaker, actor
            if prev.candidate.name_source is not None and prev.candidate.cue is not None and \
                    prev.candidate.cue.kind == "nach":
                # "X war nach eigenem Bekunden eingeweiht. „…“": the words go on in X's voice
                speaker, _ = describe_speaker(doc, prev.candidate.name_source, entities, state)
                return speaker, prev.candidate.name_source
            return prev.speaker, prev.speaker_tokens
        for s in range(cand.first_sentence - 1, max(-1, cand.first_sentence - 4), -1):
            if doc.is_heading(s):
                continue
            earlier = own_statement_source(doc, s)  # no earlier speaker: the last actor named before
            if earlier is not None:
                speaker, _ = describe_speaker(doc, earlier, entities, state)
                return speaker, earlier
    return None, None


def actor_around_report(doc: DocumentView, report: QuoteCandidate) -> tuple[int, int, int] | None:
    """"Berichte, wonach …, konnte der Minister nicht bestätigen. Der Vorgang werde geprüft.": the actor
    who answered the report goes on speaking, not the report."""
    cue = report.cue
    if cue is None or cue.kind != "demnach" or doc.words[cue.sentence][cue.start].lower() != "wonach":
        return None
    words = doc.words[cue.sentence]
    msg_end = doc.token_at(cue.sentence, report.end - 1) + 1
    if not (msg_end + 1 < len(words) and words[msg_end] == "," and words[msg_end + 1][:1].islower()):
        return None  # "Die Polizei konnte Berichte nicht bestätigen, wonach …": what follows is the report's
    phrase = noun_phrase_after(words, skip_adverbs(words, msg_end + 2))  # "…, konnte der Minister"
    if phrase is None or not names_an_actor(doc, cue.sentence, phrase):
        return None
    return (cue.sentence, *phrase)


def reporter_of_konjunktiv_clause(doc: DocumentView, where: tuple[int, int, int]) -> tuple[int, int, int] | None:
    """Who reports the Konjunktiv clause before a colon when no quote came just before: the actor of the main
    clause it depends on ("X wandte sich gegen die Behauptung, die Kartoffel werde …: „…“"), else the actor
    of the sentence before ("Figeľ bekräftigte … . Die Pflichten seien … festgelegt: „…“")."""
    sentence, start, _ = where
    words = doc.words[sentence]
    clause = clause_start_before(words, start)
    if clause >= 2 and words[clause - 1] == ",":
        phrase = subject_of_clause(words, 0, clause - 1)
        return (sentence, *phrase) if phrase is not None and names_an_actor(doc, sentence, phrase) else None
    if clause == 0 and sentence > 0 and not doc.is_heading(sentence - 1):
        earlier = own_statement_source(doc, sentence - 1)
        if earlier is not None and names_an_actor(doc, earlier[0], (earlier[1], earlier[2])):
            return earlier
    return None


REASON_NOUNS = frozenset({"begründung", "rechtfertigung"})


def reason_given_for_earlier_act(doc: DocumentView, cand: QuoteCandidate) -> tuple[int, int, int] | None:
    """"Die Stadt hat die Gebühren erhöht. Als Begründung wurde angegeben, …" / "… Zur Begründung hieß es, …":
    an impersonal statement of reasons is given by the actor of the sentence before."""
    cue = cand.cue
    words = doc.words[cue.sentence]
    clause = words[clause_start_before(words, cue.start):cue.start + 1]
    if cue.sentence == 0 or not any(w.lower() in REASON_NOUNS for w in clause) or doc.is_heading(cue.sentence - 1):
        return None
    earlier = own_statement_source(doc, cue.sentence - 1)
    return earlier if earlier is not None and names_an_actor(doc, earlier[0], (earlier[1], earlier[2])) else None


def reported_pronoun_clause(doc: DocumentView, cand: QuoteCandidate, where: tuple[int, int, int] | None) -> bool:
    """A cue verb in Konjunktiv I whose subject is "man", "er" or "sie" ("Man hoffe, dass …", "Er sei
    zuversichtlich", "habe sie … akzeptiert und frage Corbyn, ob")."""
    cue = cand.cue
    if cue is None or cue.kind != "verb" or cue.verb is None:
        return False
    words = doc.words[cue.sentence]
    finite = finite_verb_index(words, cue.verb, cue.finite)
    if where is None:
        beside = {words[k].lower() for k in (finite - 1, finite + 1) if 0 <= k < len(words)}
        pronoun = "man" in beside
    else:
        pronoun = where[0] == cue.sentence and where[2] - where[1] == 1 and \
            words[where[1]].lower() in PERSON_PRONOUNS | {"man"}
    return pronoun and words[finite][:1].islower() and is_konjunktiv_i(words[finite])


def own_statement_source(doc: DocumentView, sentence: int) -> tuple[int, int, int] | None:
    """The source a sentence names itself: "Nach/Laut/In X ..." or its noun-phrase or pronoun subject."""
    words = doc.words[sentence]
    if len(words) > 2 and words[0].lower() in ("nach", "laut", "in", "im", "für"):
        phrase = noun_phrase_after(words, 1)
        if phrase is not None and (words[0].lower() in ("nach", "laut") or names_an_actor(doc, sentence, phrase)
                                   or any(is_source_noun(w) for w in words[phrase[0]:phrase[1]])):
            return (sentence, phrase[0], genitive_attribute_end(words, phrase[1], len(words)))
    phrase = subject_of_clause(words, 0, len(words))
    if phrase is not None and (words[phrase[0]].lower() in ("er", "sie") or names_an_actor(doc, sentence, phrase)):
        return (sentence, *phrase)
    return None


# Nouns for people and institutions that act and speak, besides the role nouns: "Vertreter aller Parteien",
# "die Ermittler", "die Staatsanwaltschaft"; and the media a statement appears in ("In der Zeitung ...").
ACTOR_NOUN_ENDINGS = (
    "vertreter", "vertreterin", "mitarbeiter", "mitarbeiterin", "helfer", "helferin", "beamte", "beamten", "beamter",
    "ermittler", "ermittlerin", "kritiker", "kritikerin", "forscher", "forscherin", "wissenschaftler",
    "wissenschafter", "analyst", "analysten", "augenzeuge", "augenzeugen", "zeugin", "aktivist", "aktivisten",
    "aktivistin",
    "veranstalter", "organisatoren", "initiatoren", "kläger", "klägerin", "anwälte", "ärzte", "arzt", "ärztin",
    "gegner", "befürworter", "anhänger", "unterstützer", "bewohner", "bürger", "demonstranten", "teilnehmer",
    "mitglieder", "beobachter", "angehörige", "angehörigen", "eltern", "studenten", "schützer", "menschenrechtler",
    "polizei", "regierung", "ministerium", "gericht", "gerichtshof", "staatsanwaltschaft", "gewerkschaft",
    "verband", "partei", "fraktion", "kommission", "konzern", "behörde", "behörden", "militär", "senat",
    "opposition", "koalition", "zeitung", "agentur", "sender", "magazin", "webseite", "website", "homepage",
    "stadt", "gemeinde", "landkreis", "kommune", "verwaltung", "unternehmen", "firma", "verein", "bank", "vorstand",
    "betriebsrat", "ausschuss", "stadtrat", "gemeinderat", "sicherheitsrat", "aufsichtsrat", "bundesrat", "rathaus",
    "feuerwehr", "bundesregierung", "landesregierung", "kirche",
)


def speaks(doc: DocumentView, where: tuple[int, int, int]) -> bool:
    """Can this phrase be a speaker: a pronoun, an actor, or a statement or document?"""
    s, start, end = where
    words = doc.words[s]
    return words[start].lower() in SUBJECT_PRONOUNS | DEMONSTRATIVE_SUBJECTS | RELATIVE_PRONOUNS or \
        names_an_actor(doc, s, (start, end)) or looks_like_person(doc, s, (start, end), words) or \
        any(is_source_noun(w) for w in words[start:end])


def names_an_actor(doc: DocumentView, s: int, phrase: tuple[int, int]) -> bool:
    """A person, organisation or place named by the NER model, a role noun ("der Minister") or a noun for
    people or institutions that speak ("die Ermittler", "die Staatsanwaltschaft")."""
    start, end = phrase
    words = doc.words[s]
    return any(m is not None and m.label in ("PER", "ORG", "LOC") for m in doc.token_entities[s][start:end]) or \
        role_word(words, start, end) is not None or words[start].lower() not in ("ein", "eine", "einer", "eines") and \
        any(w[:1].isupper() and w.lower().endswith(ACTOR_NOUN_ENDINGS) for w in words[start:end])


def fallback_source(doc: DocumentView, cand: QuoteCandidate) -> tuple[int, int, int] | None:
    """No subject next to the cue: a passive's agent or statement, or the subject of a coordinated verb."""
    sentence, verb = cand.cue.sentence, cand.cue.verb
    words = doc.words[sentence]
    if not cand.cue.finite:
        phrase = passive_source(words, verb)
        if phrase is not None:
            return (sentence, *phrase)
    shared = coordinated_subject(doc, sentence, verb)
    if shared is not None:
        return shared
    start = clause_start_before(words, verb)
    message_after_cue = cand.start >= doc.char_span(sentence, verb, verb + 1)[1]
    if cand.cue.kind == "verb" and message_after_cue and start >= 2 and start == verb and words[start - 1] == ",":
        # "Die Vereinten Nationen bestätigten den Zwischenfall, teilten jedoch mit, ...": shared subject
        phrase = subject_of_clause(words, 0, start - 1)
        if phrase is not None and words[phrase[0]].lower() not in ("es", "man"):
            return (sentence, *phrase)
    return None


def coordinated_subject(doc: DocumentView, sentence: int, verb: int) -> tuple[int, int, int] | None:
    """"Die Regierung hat ... bezeichnet und argumentiert, dass": the sentence subject serves both verbs."""
    words = doc.words[sentence]
    if "und" not in [w.lower() for w in words[max(0, verb - 3):verb]]:
        return None
    conjunction = max(k for k in range(max(0, verb - 3), verb) if words[k].lower() == "und")
    own_clause = clause_start_before(words, conjunction)
    if own_clause > 0 and words[own_clause].lower() in SUBJECT_SUBORDINATORS:
        # ", während die Initiative den Vorschlag unterstützt und fordert, dass": the subordinate clause's subject
        phrase = finish_phrase(words, noun_phrase_after(words, own_clause + 1, conjunction))
        if phrase is not None and words[phrase[0]].lower() not in ("es", "man"):
            return (sentence, *phrase)
    start = 0
    while start < len(words) and words[start].lower() in LEADING_PARTICLES:
        start += 1  # "Auch der Außenminister sprach sich ... aus und sagte"
    phrase = noun_phrase_after(words, start)
    if phrase is None and start < len(words) and words[start] in FUNCTION_WORDS_CAPITALISED and \
            words[start].lower() not in SUBJECT_SUBORDINATORS:
        # "Im Januar legte er sein Amt nieder und verkündete": the subject after a fronted phrase
        phrase = subject_of_clause(words, start, conjunction)
    if phrase is None and start < len(words) and words[start].lower() in SUBJECT_SUBORDINATORS:
        # "Als ein Fluggast half, biss der Mann ihn und rief:": the subject of the first conjunct's clause
        clause_start = own_clause
        if clause_start > start and words[clause_start][:1].islower():
            phrase = finish_phrase(words, noun_phrase_after(words, skip_adverbs(words, clause_start + 1), conjunction))
    if phrase is None:
        # "Als scheidende Premierministerin habe sie … akzeptiert und frage Corbyn": the first conjunct's subject
        phrase = subject_of_clause(words, own_clause, conjunction)
    if phrase is None or words[phrase[0]].lower() in ("es", "man") or words[phrase[0]] in ("„", '"'):
        return None
    return (sentence, *phrase)


def previous_quote(resolved: list[ResolvedQuote], cand: QuoteCandidate, doc: DocumentView) -> ResolvedQuote | None:
    if cand.previous is not None and cand.previous < len(resolved):
        prev = resolved[cand.previous]
        return reporting_speaker_quote(resolved, prev) if prev.speaker is not None else None
    for prev in reversed(resolved):
        if cand.first_sentence - prev.candidate.last_sentence <= 2 and prev.speaker is not None:
            return reporting_speaker_quote(resolved, prev)
        break
    return None


def reporting_speaker_quote(resolved: list[ResolvedQuote], prev: ResolvedQuote) -> ResolvedQuote:
    """"X sagte, es sei der Eindruck entstanden, wonach …": the wonach-report is part of X's speech, so
    the speech goes on in X's voice, not the report's."""
    cue = prev.candidate.cue
    if prev.speaker is not None and prev.speaker.text.lower() == "dem vernehmen":
        # "Dem Vernehmen nach …" names nobody; the Konjunktiv after it goes on in the earlier speaker's voice
        earlier = [q for q in resolved if q.speaker is not None and q.candidate.end <= prev.candidate.start
                   and q.speaker.text.lower() != "dem vernehmen"
                   and prev.candidate.first_sentence - q.candidate.last_sentence <= 2]
        return earlier[-1] if earlier else prev
    if cue is None or cue.kind != "demnach":
        return prev
    for quote in resolved:
        outer = quote.candidate.cue
        if quote is not prev and outer is not None and outer.kind == "verb" and quote.speaker is not None and \
                quote.candidate.last_sentence == cue.sentence and quote.candidate.end <= prev.candidate.start:
            return quote
    return prev
