"""Quote spans: direct, indirect, mixed and reported speech, with their cue.

Decisions (aligned with the SpkAtt annotation conventions where that is also what a user wants):

* Direct quotes include their quote marks. „…“ ‚…‘ »…« «…» “…” and straight "…" are paired in
  one linear pass over the quote marks; a quote may run over several paragraphs when each new
  paragraph opens with a quote mark again.
* Interrupted quotes („…“, sagte er, „…“ in one sentence) are ONE quote from the first opening
  to the last closing mark, with the interrupting cue and its speaker.
* Short quoted fragments (at most ``FRAGMENT_MAX_WORDS`` words, no sentence punctuation inside)
  are terms, titles or scare quotes, not quotes of their own; inside indirect speech they turn
  the indirect quote into a "mixed" one.
* Indirect speech: a cue verb with a complement clause after it (dass/ob/w-clause, a clause in
  Konjunktiv, a zu-infinitive, or after a colon) or before it ("..., betonte Peskow"), and "so X".
  The message excludes the cue clause and the final full stop.
* "laut X", "nach Angaben X", "X zufolge", "wie X mitteilte", "– so X –": the rest of the sentence
  is an indirect quote of X (SpkAtt annotates these as indirect, and the content is X's statement);
  a mid-sentence "wonach" clause is the message of the report it follows, never the complement of
  the verb before it ("wies Berichte zurück, wonach ...").
* Support verbs with a statement noun are cues: "ist der Ansicht/Meinung", "kam zu dem Schluss",
  "hegt den Verdacht", "erhob den Vorwurf", "steht auf dem Standpunkt" (service/cues.py).
* Reported: a speech-act verb without a reproduced proposition ("Peskow forderte Garantien");
  the message is the whole clause including its speaker. It needs a reported content: stance verbs
  (kritisieren, begrüßen, ...) only with a predicative "als", perfect/passive participles only with
  "als" or as a warning/demand/charge, never with an ich/wir subject or a bare "dies" object.
* Continuations: sentences in Konjunktiv I (or with reportative "soll") right after a quote, with
  no cue of their own, carry on the previous speaker; consecutive ones form one quote that
  includes the final full stop. First-person sentences are never continuations (indirect speech
  shifts ich/wir to the third person); weak markers (soll, Konjunktiv II) count only in a main
  clause and not in conditions; Konjunktiv I with no quote before it takes the subject of a speech
  verb in the two sentences before.
* No indirect speech in the writer's own voice (kann man sagen, ist davon auszugehen), under a
  negated cue (wollte nicht bestätigen), or from a clause that is not a complement (the main clause
  after a fronted clause, an apposition, the narrator's next coordinated clause).
* Lines classified as boilerplate never produce quotes.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import dataclass, field

from service.cues import (
    CueMatch,
    is_statement_noun,
    find_verb_cues,
    is_konjunktiv_i,
    is_konjunktiv_ii,
    nach_cue_noun,
    is_clause_break,
    postposed_nach_noun,
    is_reported_speech_verb,
    SOURCE_AFTER_CUES,
    SOURCE_BEFORE_CUES,
    SEPARABLE_PARTICLES,
    AUXILIARIES,
    PRETERITE_LIKE_KONJUNKTIV_II,
    CONTINUATION_MODALS,
)
from service.document import EntityMention, Sentence

FRAGMENT_MAX_WORDS = 5
OPENERS = {"„": "“”\"", "»": "«", "«": "»", "“": "”", "‚": "‘’", "›": "‹", "‹": "›"}
SENTENCE_PUNCT = frozenset(".!?…")
W_WORDS = frozenset({"dass", "ob", "wie", "warum", "weshalb", "wieso", "wann", "wo", "wer", "was", "welche",
                     "welcher", "welches", "wohin", "woher", "inwiefern", "inwieweit", "damit"})
COMPLEMENT_CUE_MIN_STRENGTH = 1
REPORTED_MIN_STRENGTH = 2
QUOTE_MARK_CHARS = frozenset("„“”\"»«‚‘’›‹")


@dataclass
class Cue:
    sentence: int
    start: int  # token range [start, end) of the cue words that stand together
    end: int
    kind: str  # verb, laut, nach, zufolge, so, colon, heisst
    strength: int
    lemma: str = ""
    verb: int | None = None  # token index of the cue verb
    particle: tuple[int, ...] = ()
    finite: bool = True


@dataclass
class QuoteCandidate:
    type: str  # direct, indirect, mixed, reported
    start: int  # character offsets into the normalised text
    end: int
    cue: Cue | None
    speaker_rule: str  # how to find the speaker, see service.speaker.find_speaker
    source: tuple[int, int, int] | None = None  # (sentence, token start, token end) of an explicit source
    name_source: tuple[int, int, int] | None = None  # whose name the source stands for ("nach eigenen Angaben")
    previous: int | None = None  # index of the quote whose speaker a continuation carries on
    fragments: list[tuple[int, int]] = field(default_factory=list)
    first_sentence: int = 0
    last_sentence: int = 0
    origin: str = ""  # which rule made it (confidence feature)


@dataclass
class DocumentView:
    """Sentences with the lookups every rule needs."""

    text: str
    sentences: list[Sentence]
    entities: list[EntityMention]
    skip_spans: list[tuple[int, int]] = field(default_factory=list)
    heading_spans: list[tuple[int, int]] = field(default_factory=list)
    words: list[list[str]] = field(init=False)
    token_entities: list[list[EntityMention | None]] = field(init=False)
    skipped: list[bool] = field(init=False)

    def __post_init__(self) -> None:
        self.words = [[token.text for token in sentence.tokens] for sentence in self.sentences]
        self.entities = sorted(self.entities, key=lambda m: (m.start, m.end))
        self._mention_starts = [m.start for m in self.entities]
        self.token_entities = [self._entities_of(sentence) for sentence in self.sentences]
        for words, entities in zip(self.words, self.token_entities):
            mark_name_words(words, entities)
        self.skipped = [inside_any(sentence, self.skip_spans) for sentence in self.sentences]
        self.headings = [inside_any(sentence, self.heading_spans) for sentence in self.sentences]
        self.sentence_starts = [sentence.start for sentence in self.sentences]

    def _entities_of(self, sentence: Sentence) -> list[EntityMention | None]:
        result: list[EntityMention | None] = [None] * len(sentence.tokens)
        first = max(0, bisect_right(self._mention_starts, sentence.start) - 1)
        last = bisect_right(self._mention_starts, sentence.end)
        mentions = [m for m in self.entities[first:last] if m.start < sentence.end and m.end > sentence.start]
        for k, token in enumerate(sentence.tokens):
            for mention in mentions:
                if mention.start <= token.start and token.end <= mention.end:
                    result[k] = mention
                    break
        return result

    def is_heading(self, sentence: int) -> bool:
        return self.headings[sentence]

    def sentence_at(self, offset: int) -> int:
        return max(0, bisect_right(self.sentence_starts, offset) - 1)

    def token_at(self, sentence: int, offset: int) -> int:
        tokens = self.sentences[sentence].tokens
        for k, token in enumerate(tokens):
            if token.end > offset:
                return k
        return len(tokens) - 1

    def char_span(self, sentence: int, start: int, end: int) -> tuple[int, int]:
        tokens = self.sentences[sentence].tokens
        return tokens[start].start, tokens[end - 1].end


NAME_WORD_MARK = "\u2060"  # word joiner: invisible, keeps a lower-case word inside a name from ending it


def mark_name_words(words: list[str], entities: list[EntityMention | None]) -> None:
    """Lower-case words inside a multi-word name ("Ärzte ohne Grenzen", "Alternative für Deutschland")
    are capitalised and marked so that noun-phrase rules keep them in the name; texts of returned
    spans come from character offsets, never from these words."""
    for k, mention in enumerate(entities):
        word = words[k]
        if mention is not None and k > 0 and entities[k - 1] is mention and word[:1].islower() and word.isalpha():
            words[k] = word[:1].upper() + word[1:] + NAME_WORD_MARK


def inside_any(sentence: Sentence, spans: list[tuple[int, int]]) -> bool:
    """Is the sentence inside one of the sorted, disjoint line spans?"""
    k = bisect_right(spans, (sentence.start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= sentence.start and sentence.end <= spans[k][1]


# ------------------------------------------------------------------------------------------
# Quote marks


# Nouns that introduce a name or title in quote marks ("den Titel „…“", "unter dem Motto „…“").
TITLE_NOUNS = ("titel", "motto", "lied", "song", "film", "buch", "roman", "album", "gesetz", "gesetzes", "name",
               "namen", "aufschrift", "schlagzeile", "slogan", "parole", "parolen", "kampagne", "operation",
               "programm", "sendung", "serie", "stück", "ausstellung", "projekt", "spruch", "sprüche", "thema",
               "themen", "begriff", "bezeichnung", "stichwort", "vortrag", "vorträge")


def names_a_title(words: list[str], t_open: int) -> bool:
    """Is the quote at ``t_open`` a name: right after an article ("des „Gesetzes über …“") or a title
    noun ("dem Lied „…“", "Parolen wie „…“")?"""
    before = words[t_open - 1]
    if before.lower() in ALL_DETERMINERS:
        return True
    if before.lower() == "wie" and t_open >= 2:
        before = words[t_open - 2]
    return before[:1].isupper() and before.lower().endswith(TITLE_NOUNS)


def is_opening_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{–—-/:;,>" or before in QUOTE_MARK_CHARS) and not after.isspace()


MAX_OPEN_QUOTE_CHARS = 1500  # a quote left open at a paragraph end continues at most this far


def closes_before_opening(text: str, marks: list[tuple[int, str]], k: int, open_char: str, open_at: int) -> bool:
    """Does the next mark after a paragraph break close the open typographic quote (not open a new one)?"""
    if open_char == '"':
        return False  # a straight quote mark cannot tell opening from closing
    closers = OPENERS.get(open_char, "").replace('"', "")
    for i, ch in marks[k:]:
        if i - open_at > MAX_OPEN_QUOTE_CHARS:
            return False
        if ch == "\n":
            continue
        return ch in closers
    return False


def find_quote_mark_pairs(text: str) -> list[tuple[int, int]]:
    """(open, close) character indices of quotation mark pairs, in one pass over the marks.

    A quote left open at a line break continues only if the next line opens with a mark again
    (multi-paragraph quotes); otherwise it is dropped as unbalanced.
    """
    marks = [(i, ch) for i, ch in enumerate(text) if ch in OPENERS or ch in QUOTE_MARK_CHARS or ch == "\n"]
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    open_char = ""
    k = 0
    while k < len(marks):
        i, ch = marks[k]
        k += 1
        if open_at is None:
            if ch == '"' and is_opening_context(text, i) or ch in OPENERS and ch != '"' and (
                    ch not in "“«»" or is_opening_context(text, i)):
                open_at, open_char = i, ch
            continue
        if ch == "\n":
            nxt = k
            while nxt < len(marks) and marks[nxt][1] == "\n":
                nxt += 1
            if nxt < len(marks) and marks[nxt][1] == open_char and marks[nxt][0] - marks[k - 1][0] < 20 and \
                    not text[marks[k - 1][0]:marks[nxt][0]].strip():
                k = nxt + 1  # the next paragraph re-opens the same quote
                continue
            if closes_before_opening(text, marks, k, open_char, open_at):
                continue  # the quote runs on over the paragraph without a new opening mark
            open_at = None
            continue
        closers = OPENERS.get(open_char, '"') if open_char != '"' else '"“”'
        if ch in closers:
            pairs.append((open_at, i))
            open_at = None
        elif ch == open_char and ch not in closers:
            open_at = i  # an earlier opening mark was never closed
    return pairs


# ------------------------------------------------------------------------------------------
# Helpers on token lists


def clause_end(words: list[str], start: int) -> int:
    """First index at or after start where the clause ends (comma, colon, sentence punctuation)."""
    j = start
    while j < len(words) and (words[j] not in (",", ";", ":") and words[j] not in SENTENCE_PUNCT or
                              words[j] == "," and j > start and is_truncated_compound(words[j - 1])):
        j += 1
    return j


def is_truncated_compound(word: str) -> bool:
    """"Presse-, Meinungs- und Versammlungsfreiheit": the comma after a hyphen-truncated word lists parts
    of one noun phrase (Ergänzungsstrich), it does not end a clause."""
    return len(word) > 2 and word.endswith("-") and word[:-1].isalpha()


def clause_start(words: list[str], index: int) -> int:
    j = index
    while j > 0 and words[j - 1] not in (",", ";", ":"):
        j -= 1
    return j


def strip_final_punct(words: list[str], end: int) -> int:
    while end > 0 and words[end - 1] in SENTENCE_PUNCT:
        end -= 1
    return end


def verb_like(words: list[str], start: int, end: int) -> list[str]:
    """Words that may be verbs: lower-case, or capitalised only at the start of the sentence."""
    return [w for k, w in enumerate(words[start:end], start) if w[:1].islower() or k == 0]


def has_reported_verb(words: list[str], start: int, end: int) -> bool:
    return any(is_reported_speech_verb(w) or is_konjunktiv_ii(w) for w in verb_like(words, start, end))


PERFECT_INFINITIVE_ENDINGS = frozenset({"haben", "sein", "worden", "gewesen"})
# Indirect speech shifts the speaker's "ich/wir" to the third person: a sentence that still speaks in
# the first person is the writer's (or an interviewee's) own voice, not a report.
FIRST_PERSON = frozenset("ich mich mir wir".split())
FIRST_PERSON_POSSESSIVES = frozenset("mein meine meinem meiner meines".split())  # "meine" is also Konjunktiv I


def speaks_in_first_person(words: list[str]) -> bool:
    return any(w.lower() in FIRST_PERSON or w.lower() in FIRST_PERSON_POSSESSIVES and k + 1 < len(words) and
               (words[k + 1][:1].isupper() or words[k + 1][:1].islower() and words[k + 1].endswith(("e", "en", "er")))
               for k, w in enumerate(words))


def reported_speech_marker(words: list[str]) -> str | None:
    """"strong": Konjunktiv I or reportative "soll ... haben/sein"; "weak": "soll" or Konjunktiv II."""
    candidates = verb_like(words, 0, len(words))
    lowered = [w.lower() for w in words]
    if any(is_konjunktiv_i(w) for w in candidates) or pronoun_with_konjunktiv_ending(words):
        return "strong"
    if "soll" in lowered or "sollen" in lowered:
        clause_ends = [lowered[k - 1] for k in range(1, len(lowered)) if lowered[k] in (",", ".", ";", "!", "?")]
        if any(end in PERFECT_INFINITIVE_ENDINGS for end in clause_ends + lowered[-1:]):
            return "strong"
        if any(w in ("soll", "sollen") and not in_embedded_clause(words, k) for k, w in enumerate(lowered)):
            return "weak"
        return None  # "das erste Projekt, das privat finanziert werden soll": a plan inside a relative clause
    if any(is_konjunktiv_ii(w) and w.lower() not in PRETERITE_LIKE_KONJUNKTIV_II and not in_embedded_clause(words, k)
           for k, w in enumerate(words) if w[:1].islower() or k == 0) and not is_conditional(lowered):
        return "weak"
    return None


def pronoun_with_konjunktiv_ending(words: list[str]) -> bool:
    """"Sie berücksichtige die Interessen nicht": after er/sie/es/man the indicative ends in -t, so a verb in
    -e (not a preterite -te) is Konjunktiv I, whatever verb it is."""
    if len(words) < 4 or words[0].lower() not in ("er", "sie", "es", "man"):
        return False
    return has_konjunktiv_ending(words[1])


def noun_subject_with_konjunktiv_ending(words: list[str], start: int, end: int) -> bool:
    """"die Wirtschaft erhole sich", "der Fall bleibe offen": after a noun phrase subject a finite verb in -e
    (not -te) is Konjunktiv I too: the singular indicative ends in -t, the plural in -en."""
    from service.speaker import genitive_attribute_end, noun_phrase_after

    phrase = noun_phrase_after(words, start, end)
    if phrase is None or words[start].lower() in ("er", "sie", "es", "man", "ich", "wir"):
        return False
    verb = genitive_attribute_end(words, phrase[1], end)
    return verb < end and has_konjunktiv_ending(words[verb])


def has_konjunktiv_ending(verb: str) -> bool:
    return verb.isalpha() and verb[:1].islower() and verb.endswith("e") and not verb.endswith("te") and \
        len(verb) > 4 and verb.lower() not in KONJUNKTIV_I_HOMOGRAPHS_EXTRA and verb.lower() != "wurde" and \
        not is_konjunktiv_ii(verb)  # "Er wurde festgenommen" is a preterite; Konjunktiv II is weaker evidence


KONJUNKTIV_I_HOMOGRAPHS_EXTRA = frozenset({"gerne", "ohne", "alle", "eine", "keine", "seine", "ihre", "diese", "jene",
                                          "wieder", "selbe", "gleiche", "beide", "schon", "immer", "heute", "daher",
                                          "gerade", "etwa", "jedoch", "aber", "ebenfalls", "bereits", "nie", "lange",
                                          "später", "außerdem", "zudem", "offenbar", "eigene", "gestern", "einzige",
                                          "sowie", "manche", "einige", "solche", "welche", "jede", "unsere"})


def reported_clause_start(words: list[str]) -> int:
    """Where the reported part of a sentence starts: 0, or the main clause after a comma that holds the
    first Konjunktiv I when the clause before it is the narrator's indicative ("Zwölf Mitglieder wurden
    verletzt, die Verletzten seien Touristen")."""
    for k, word in enumerate(words):
        if (word[:1].islower() or k == 0) and is_konjunktiv_i(word):
            start = clause_start(words, k)
            d_word = words[start].lower() in ("der", "die", "das", "den", "dem")
            embedded = opens_relative(words, start) if d_word else in_embedded_clause(words, k)
            if start == 0 or words[start - 1] != "," or embedded:
                return 0
            before = words[:start - 1]
            narrated = any(w.lower() in INDICATIVE_FINITE or is_indicative_main_verb(words, j, after_comma=False)
                           for j, w in enumerate(before) if w[:1].islower())
            opens_main = words[start].lower() in ALL_DETERMINERS | CLAUSE_OPENERS | NON_RELATIVE_DETERMINERS or \
                words[start][:1].isupper()
            return start if narrated and opens_main and start >= 3 and not opens_relative(words, start) else 0
    return 0


def opens_relative(words: list[str], start: int) -> bool:
    """"die gegen ...", "der von ...": a d-word followed by a lower-case word that is no finite verb."""
    nxt = words[start + 1] if start + 1 < len(words) else ""
    return words[start].lower() in ("der", "die", "das", "den", "dem", "denen", "deren", "dessen") and \
        nxt[:1].islower() and not is_konjunktiv_i(nxt) and nxt.lower() not in AUXILIARIES


def in_embedded_clause(words: list[str], k: int) -> bool:
    """Is token k in a relative or adverbial clause (verb-final), not in a main clause?"""
    start = clause_start(words, k)
    opener = words[start].lower()
    if start == 0:
        return opener in NON_SPEECH_SUBORDINATORS or opener in W_WORDS and opener != "damit"
    if opener in SUBORDINATE_OPENERS or opener in W_WORDS or opener in ("bis", "um", "ohne", "wobei"):
        return True
    return start + 1 < len(words) and opener in RELATIVE_PREPOSITIONS and \
        words[start + 1].lower() in RELATIVE_WORDS | {"dem", "der", "denen", "den", "die", "das"}


def is_conditional(lowered: list[str]) -> bool:
    """"Wenn/Falls ..., könnte ..." or a verb-first "Sollte ..., ...": Konjunktiv II of a condition, not of a report."""
    return lowered[0] in CONDITIONAL_VERBS | {"wenn", "falls"} or lowered[:2] in (["im", "falle"], ["im", "fall"]) or \
        any(lowered[k] in ("wenn", "falls") for k in range(1, len(lowered)) if lowered[k - 1] == ",")


def wie_clause_start(words: list[str], index: int) -> int | None:
    """Index of "wie" when the cue verb at ``index`` closes a wie-clause, across appositions in commas."""
    k = clause_start(words, index)
    if k + 1 < index and words[k].lower() in ("denn", "und", "aber", "doch") and words[k + 1].lower() == "wie":
        k += 1  # "Denn wie die Zeitung berichtete, ..."
    for _ in range(3):
        if k < len(words) and words[k].lower() == "wie":
            return k
        end = k
        while end < index and words[end] != ",":
            end += 1
        if k < 2 or words[k - 1] != "," or not is_only_noun_phrases(words, k, end):
            return None
        k = clause_start(words, k - 1)
    return None


RELATIVE_CLAUSE_VERB_ENDS = frozenset({"wurde", "wurden", "worden", "ist", "war", "hat", "hatte", "wird", "liegt",
                                       "vorliegt", "lag", "vorlag", "erschien", "erschienen"})


def skip_apposition(words: list[str], comp: int) -> int:
    """"sagte der Koordinator, Deftalgne Tessema, dass ...": the complement follows the apposition."""
    from service.speaker import noun_phrase_after

    if comp < len(words) and words[comp].lower() in ("die", "der", "das", "welche", "welcher", "welches"):
        close = next((c for c in range(comp + 2, min(len(words) - 1, comp + 16)) if words[c] == ","), None)
        if close is not None and words[close - 1][:1].islower() and is_clause_break(words[close]) and \
                words[close - 1].lower() in RELATIVE_CLAUSE_VERB_ENDS:
            return close + 1  # "schrieb in einer Erklärung, die auf ihrer Homepage veröffentlicht wurde, sie wolle"
    if comp < len(words) and words[comp].lower() == "wie" and "sich" in words[comp:comp + 4]:
        close = next((c for c in range(comp + 2, min(len(words) - 1, comp + 12)) if words[c] == ","), None)
        if close is not None:
            return close + 1  # "erklärte der Rat, wie sich die Junta nennt, die Lage sei ruhig"
    phrase = noun_phrase_after(words, comp)
    if phrase is not None and phrase[1] + 1 < len(words) and words[phrase[1]] == "," and \
            words[comp].lower() not in ("er", "sie", "es", "man", "wir", "ich") and \
            words[phrase[1] + 1].lower() in ("dass", "ob"):
        return phrase[1] + 1
    return comp


def is_comparative(word: str) -> bool:
    """"mehr als 100", "größer als": a comparison, not a predicative "als"."""
    lower = word.lower()
    return lower in ("mehr", "weniger", "anders", "eher", "lieber") or word[:1].islower() and lower.endswith("er") \
        and len(lower) > 4


CASUALTY_NOUNS = ("opfer", "tote", "toten", "menschenleben", "verletzte")  # capitalised nouns only: "forderte 92 Tote"


def is_reporting_use(words: list[str], match: CueMatch, after: int) -> bool:
    """A reporting verb as the main verb of its clause: finite, or a participle after its auxiliary;
    "berichten" only with von/über ("berichtet in ihrer Ausgabe vom Einsturz")."""
    if match.lemma in PP_REPORTED_VERBS:
        start, end = clause_start(words, match.index), clause_end(words, after)
        clause = [w.lower() for w in words[start:end]]
        if not any(w in PP_REPORTED_VERBS[match.lemma] for w in clause):
            return False
        if match.lemma in ("berichten", "erzählen", "informieren"):
            return True
    if match.lemma == "fordern" and any(w[:1].isupper() and w.lower().endswith(CASUALTY_NOUNS) for w in
                                        words[clause_start(words, match.index):clause_end(words, after)]):
        return False  # "Die Flut forderte 92 Menschenleben": casualties, not a demand
    if match.lemma == "sprechen":
        clause = {w.lower() for w in words[clause_start(words, match.index):clause_end(words, after)]}
        if not clause & {"von", "vom", "über"}:
            return False  # "Die Praxis spricht für ein Ende", "sprach vor dem Bundestag": no content given
    if match.lemma not in REPORTED_VERBS:
        return False
    if match.is_finite:
        return True
    return match.kind == "participle" and (after >= len(words) or words[after] in SENTENCE_PUNCT)


RELATIVE_OPENERS = frozenset("der die das denen deren dessen welche welcher welches wo wobei dass ob weil da "
                             "nachdem während obwohl wenn als was".split())
OWN_WORDS = frozenset({"eigenen", "eigener", "eigenem"})
GENITIVE_STARTS = frozenset({"des", "der", "eines", "einer"})


def names_a_source(doc: DocumentView, s: int, phrase: tuple[int, int]) -> bool:
    """Can "nach <phrase>" name a source: a statement noun, a person or organisation, or a bare name?"""
    from service.speaker import is_source_noun

    words = doc.words[s]
    start, end = phrase
    if any(is_source_noun(w) for w in words[start:end]):
        return True
    labels = {m.label for m in doc.token_entities[s][start:end] if m is not None}
    if labels & {"PER", "ORG"}:
        return True
    # a bare name ("Nach Frankreichs Angaben" aside): capitalised and not a place ("Nach Hessen wäre ...")
    return words[start].lower() not in ALL_DETERMINERS and words[start][:1].isupper() and "LOC" not in labels


def dative_phrase_before(words: list[str], end: int) -> tuple[int, int] | None:
    """The dative phrase before "zufolge" when it holds quote marks, brackets or lower-case names
    ("dem „Figaro“", "Einer Presseerklärung des Verbandes (VDR)", "der Website worldreferree.com"):
    back over such words to the first determiner."""
    from service.speaker import DETERMINERS, is_adjective

    j = end
    while j > max(0, end - 12):
        word = words[j - 1]
        if word[:1].isupper() or word[:1].isdigit() or word.lower() in DETERMINERS or is_adjective(word) or \
                word in QUOTE_MARK_CHARS or word in ("(", ")") or ("-" in word or "." in word) and word[:1].isalpha():
            j -= 1
        else:
            break
    starts = [k for k in range(j, end) if words[k].lower() in DETERMINERS]
    if not starts or not any(w[:1].isupper() for w in words[starts[0]:end]):
        return None
    return starts[0], end


RUMOUR_NOUNS = frozenset({"gerüchte", "gerüchten", "berichte", "berichten", "meldungen", "angaben", "aussagen",
                          "informationen", "hinweise", "spekulationen", "vermutungen", "antrag", "beschluss",
                          "gesetz", "gesetzentwurf", "plan", "pläne", "vorschlag", "vorschläge"})


def relative_after_statement(words: list[str], k: int) -> bool:
    """"Es gibt Gerüchte, nach denen ...", "ein Antrag, nach welchem ...": "nach" + relative pronoun after a
    noun that names a statement or a proposal, like "wonach"."""
    return 2 <= k and k + 2 < len(words) and words[k - 1] == "," and \
        words[k + 1].lower() in ("denen", "dem", "welchem", "welcher", "der") and \
        (words[k - 2].lower() in RUMOUR_NOUNS or is_statement_noun(words[k - 2]))


def end_of_source_phrase(words: list[str], k: int, genitive: bool) -> int:
    """Past the genitive attributes and a "gegenüber X" that follow a named source ("so der Mitarbeiter einer
    Produktionsfirma gegenüber der Zeitung X"): they belong to the attribution, not to the message. Genitives
    only after a source with an article: in "laut Polizei der Täter" the article opens the message."""
    from service.speaker import noun_phrase_after

    attached = GENITIVE_STARTS | {"gegenüber"} if genitive else {"gegenüber"}
    while k + 1 < len(words) and words[k].lower() in attached:
        phrase = noun_phrase_after(words, k + (words[k].lower() == "gegenüber"))
        if phrase is None or phrase[1] <= k:
            break
        k = phrase[1]
    return k


def opens_complement_of_speech_verb(words: list[str], k: int) -> bool:
    """"X sagte, nach neuesten Erkenntnissen habe ...": the nach-phrase opens X's reported words."""
    if k < 2 or words[k - 1] != ",":
        return False
    before = clause_start(words, k - 2)
    return any(m.is_finite and m.strength >= 2 for m in find_verb_cues(words[before:k - 1]))


ABSTRACT_NOUN_ENDINGS = ("ung", "heit", "keit", "sucht", "angst", "sorge", "wut", "rache", "not", "zorn", "furcht",
                         "liebe", "hass", "neid", "verzweiflung", "gründen", "mangel")


def is_cause_after_aus(words: list[str], aus: int) -> bool:
    """"nach ersten Ermittlungen aus Eifersucht": "aus" + an abstract noun gives a motive, not who said it
    ("nach Angaben aus Moskau", "aus Regierungskreisen")."""
    return words[aus].lower() == "aus" and words[aus + 1][:1].isupper() and \
        words[aus + 1].lower().endswith(ABSTRACT_NOUN_ENDINGS)


def closes_ausgehen_von(words: list[str], von: int) -> bool:
    """"gehen nach ersten Erkenntnissen von Brandstiftung aus": the von-phrase is the object of
    "ausgehen von", closed by its particle, not the holder of the Erkenntnisse."""
    end = von + 1
    while end < len(words) and not is_clause_break(words[end]):
        end += 1
    start = von
    while start > 0 and not is_clause_break(words[start - 1]):
        start -= 1
    gehen = any(w.lower() in GEHEN_FORMS for w in words[start:end])  # not "reicht nach Ansicht von X nicht aus"
    return words[von].lower() == "von" and end - 1 > von + 1 and words[end - 1].lower() == "aus" and gehen


GEHEN_FORMS = frozenset("geht gehen ging gingen gehe gehest ginge gingen".split())


def source_spans(words: list[str], cue_start: int, cue_end: int, kind: str
                 ) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(source tokens, tokens of the whole cue phrase) for laut/nach/zufolge/so/demnach cues."""
    from service.speaker import genitive_attribute_end, noun_phrase_after, noun_phrase_before_loose

    if kind == "zufolge":
        phrase = noun_phrase_before_loose(words, cue_start) or dative_phrase_before(words, cue_start)
        return (phrase, (phrase[0], cue_end)) if phrase else None
    if kind == "nach_post":
        return (cue_start - 2, cue_start), (cue_start - 2, cue_end)
    if kind == "demnach":
        if words[cue_start].lower() in ("wonach", "nach") and cue_start >= 2 and words[cue_start - 1] == ",":
            phrase = noun_phrase_before_loose(words, cue_start - 1)  # "Berichte, wonach ..."
            if phrase is not None:
                return phrase, (cue_start, cue_end)
        return (cue_start, cue_end), (cue_start, cue_end)
    np_start = cue_end
    if kind == "nach":
        # "nach Angaben der Polizei / von X / aus Moskau / Frankreichs"; else the phrase itself is the source
        if cue_end + 1 < len(words) and words[cue_end].lower() in ("von", "aus", "vom") and \
                not closes_ausgehen_von(words, cue_end) and not is_cause_after_aus(words, cue_end):
            np_start = cue_end + 1
        elif cue_end >= len(words) or not (words[cue_end].lower() in GENITIVE_STARTS or
                                           words[cue_end][:1].isupper() and words[cue_end].endswith("s")):
            return (cue_start + 1, cue_end), (cue_start, cue_end)
    phrase = noun_phrase_after(words, np_start, len(words))
    if phrase is not None:
        source = (phrase[0], name_apposition_end(words, genitive_attribute_end(words, phrase[1], len(words))))
    elif kind == "nach":
        source = (cue_start + 1, cue_end)
    elif cue_end < len(words) and words[cue_end][:1].isalnum() and words[cue_end].lower() not in ALL_DETERMINERS:
        source = (cue_end, cue_end + 1)  # "laut bildblog.de"
    elif cue_end + 1 < len(words) and words[cue_end][:1].isalpha():
        source = (cue_end, cue_end + 2)  # an unparsed phrase: its first words
    else:
        return None
    span_end = max(source[1], cue_end)
    if kind == "so" and span_end < len(words) and words[span_end].lower() == "weiter":
        span_end += 1
    return source, (cue_start, span_end)


def name_apposition_end(words: list[str], end: int) -> int:
    """"laut dem Sprecher des Ministeriums, Steve Alter, …": a name in commas after a role noun belongs to it."""
    from service.speaker import FUNCTION_WORDS_CAPITALISED, role_word

    if end + 2 >= len(words) or words[end] != "," or not role_word(words, max(0, end - 4), end):
        return end
    k = end + 1
    while k < len(words) and words[k][:1].isupper() and words[k] not in FUNCTION_WORDS_CAPITALISED:
        k += 1
    return k if 1 <= k - end - 1 <= 4 and k < len(words) and words[k] == "," else end


AUXILIARY_VERBS = frozenset("ist sind war waren hat haben hatte hatten wird werden wurde wurden kann können konnte "
                            "konnten muss müssen musste mussten soll sollen will wollen darf dürfen".split())


WORDS_NOUNS = frozenset({"worten", "worte"})  # "mit den Worten „…“", "seine Worte „…“"


CLOSING_MARKS = frozenset({"“", "”", '"', "«", "»", "‘", "’"})


# Finite auxiliaries and modals that open an inverted attribution whose cue comes last ("hat er gesagt").
INVERTED_AUXILIARIES = AUXILIARY_VERBS | frozenset("hatte habe hätte hätten wollte wollten möchte möchten sollte "
                                                   "sollten durfte ließ ließen lässt lassen".split())


def has_first_person_subject(words: list[str], verb: int) -> bool:
    """"Wir sind überzeugt", "glaube ich": the cue's subject is "ich" or "wir"."""
    before = verb - 1
    return before >= 0 and words[before].lower() in ("ich", "wir") and \
        (before == 0 or is_clause_break(words[before - 1])) or \
        verb + 1 < len(words) and words[verb + 1].lower() in ("ich", "wir")


def is_writers_reference(words: list[str], wie: int, match: CueMatch) -> bool:
    """"Wie bereits berichtet", "wie angekündigt": a bare participle closing the wie-clause, with no one who
    spoke (the finite reading "berichtet" needs a subject between "wie" and the verb)."""
    closes_clause = match.index + 1 < len(words) and words[match.index + 1] == ","
    return closes_clause and not match.particle_indices and all(
        w.lower() in ADVERBS_IN_REFERENCES for w in words[wie + 1:match.index])


ADVERBS_IN_REFERENCES = frozenset({"bereits", "schon", "zuvor", "vorab", "gestern", "erst", "kürzlich", "ebenfalls"})


def inverted_perfect(words: list[str], start: int, match: CueMatch) -> bool:
    """"Die Steuern würden steigen, hatte der Minister gesagt": a clause opened by a tense auxiliary or
    modal with the cue last, after a single fronted clause (not a subordinate or relative one)."""
    if match.is_finite or words[start].lower() not in INVERTED_AUXILIARIES - PASSIVE_FORMS:
        return False
    if match.index - start > 8 or start < 2 or words[start - 1] != ",":
        return False
    fronted = words[message_start_before(words, start - 1):start - 1]
    if not fronted or fronted[0].lower() in NON_SPEECH_SUBORDINATORS | W_WORDS:
        return False
    # "Sie wisse, dass …, hatte sie gesagt": several clauses only when the first one is in Konjunktiv
    first_clause = fronted[:fronted.index(",")] if "," in fronted else fronted
    return "," not in fronted or any(w[:1].islower() and (is_konjunktiv_i(w) or is_konjunktiv_ii(w))
                                     for w in first_clause)


PASSIVE_FORMS = frozenset({"wird", "werden", "wurde", "wurden"})


# Words between a cue and the comma before its quote that leave the cue governing the quote: objects
# and adverbials ("schilderte gegenüber der Zeitung seinen ersten Eindruck, „…“").
CUE_GAP_WORDS = frozenset("gegenüber zu zum zur am im vor in bei beim auf nach damit dabei dazu nun dann auch noch "
                          "bereits später den dem der die das des einen einem einer ein seinen seinem seiner ihren "
                          "ihrem ihrer".split())
MAX_CUE_GAP = 8


def cue_governs_comma(words: list[str], start: int, match: CueMatch, comma: int) -> bool:
    """Is the cue the verb of the clause that ends at the comma, so that the quote after it is its object?

    Close to the comma always; further away only over an object or adverbial without another verb.
    """
    cue_end = max((match.index, *match.particle_indices)) + start
    if cue_end >= comma - 3:
        return True
    gap = words[cue_end + 1:comma]
    return len(gap) <= MAX_CUE_GAP and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in CUE_GAP_WORDS or
        is_inflected_attribute(w) and w.lower() not in AUXILIARY_VERBS for w in gap)


def comma_follows_cue(words: list[str], comma: int, match: CueMatch) -> bool:
    """Does the comma come right after the cue verb, its particle or a pronoun subject ("sagte er,")?"""
    before = comma - 1
    if before >= 0 and words[before].lower() in PERSON_PRONOUN_SUBJECTS:
        before -= 1
    return before == max((match.index, *match.particle_indices))


PERSON_PRONOUN_SUBJECTS = frozenset({"er", "sie", "man", "wir", "ich"})


ATTRIBUTE_LINKS = frozenset({"und", ",", "-", "–", "/"})  # "junge und alte Menschen"


def is_only_noun_phrases(words: list[str], start: int, end: int) -> bool:
    """Names, articles, adjectives and commas only: no clause that could be a statement."""
    from service.speaker import DETERMINERS, NAME_PARTICLES, is_adjective

    glue = DETERMINERS | NAME_PARTICLES | {"und", "von", "vom", "im", "in", "aus", "bei", "für", ",", "(", ")", "-", "–",
                                           "/"}
    if has_reported_verb(words, start, end) or any(w.lower() in AUXILIARY_VERBS for w in words[start:end]):
        return False
    if end > start and words[end - 1].isalpha() and words[end - 1][:1].islower() and words[end - 1].lower() not in glue:
        return False  # a noun phrase ends in its noun; "Die Steuern steigen" ends in a verb
    if any(w[:1].islower() and w.lower() not in glue and words[k + 1].lower() in glue - ATTRIBUTE_LINKS
           for k, w in enumerate(words[start:end - 1], start)):
        return False  # "steigen im nächsten Jahr": an attributive adjective stands before its noun
    if any(w[:1].islower() and w.isalpha() and w.lower() not in glue and words[k - 1][:1].isupper() and
           words[k + 1][:1].isupper() for k, w in enumerate(words[start + 2:end - 1], start + 2)):
        return False  # "Den Arbeitern drohen Kürzungen": a lower-case word between two nouns is a verb
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in glue or is_adjective(w) for w in words[start:end])


# Verbs whose negation still asserts something ("schloss nicht aus, dass", "bestritt nicht, dass").
NEGATED_ASSERTIONS = frozenset({"ausschließen", "bestreiten", "leugnen", "verhehlen", "verschweigen", "zurückweisen",
                                "dementieren", "abstreiten", "verheimlichen", "müde werden"})
MODALS = frozenset("kann können konnte konnten muss müssen musste mussten darf dürfen durfte sollte sollten möchte "
                   "möchten will wollen".split())
COPULAS = frozenset("ist sind war waren bleibt blieb gilt".split())


def is_negated(words: list[str], match: CueMatch, start: int, end: int) -> bool:
    """"nicht" in the cue's own conjunct ("Dies war nicht X und sie befürchten" is not), not as part of an
    attribute ("beklagen nicht ausgezahlte Prämien")."""
    if match.lemma in NEGATED_ASSERTIONS:
        return False
    for k in range(match.index - 1, start - 1, -1):
        if words[k].lower() in ("und", "oder", "aber", "sondern"):
            start = k + 1
            break
    quoted = False
    for k in range(start, end):
        if words[k] in QUOTE_MARK_CHARS:
            quoted = not quoted  # "nannte die Kosten „nicht tragbar“": the negation is the speaker's label
        elif words[k].lower() == "nicht" and k != match.index and not quoted:
            attribute = k + 2 < len(words) and words[k + 1][:1].islower() and words[k + 2][:1].isupper()
            if not attribute:
                return True
    return False


def is_writers_own_statement(words: list[str], match: CueMatch) -> bool:
    """Impersonal modal constructions give the writer's own assessment, not someone's statement:
    "kann man sagen, dass", "darf festgehalten werden, dass", "ist davon auszugehen, dass",
    "ist es als Sensation zu bewerten, dass"."""
    start, end = clause_start(words, match.index), clause_end(words, match.index + 1)
    clause = [w.lower() for w in words[start:end]]
    has_modal = any(w in MODALS for w in clause)
    if "man" in clause and has_modal:
        return True
    nxt = words[match.index + 1].lower() if match.index + 1 < len(words) else ""
    if match.kind == "participle" and nxt == "werden" and has_modal:
        return True  # modal passive without an agent
    zu_infinitive = match.kind == "zu_infinitive" or match.index > 0 and words[match.index - 1].lower() == "zu"
    if zu_infinitive and any(w in COPULAS for w in clause):
        return True
    if is_negated(words, match, start, end):
        return True  # "wollte nicht bestätigen, dass ...": what was not said
    return match.index + 1 < len(words) and words[match.index + 1] == "Sie" and start == match.index  # "Bedenken Sie, dass"


def names_a_speaker_in_wie_clause(words: list[str], wie: int, match: CueMatch) -> bool:
    """"…, wie die Polizei mitteilte": a subject between "wie" and the verb that is not "man"
    ("wie man sagt", "wie zunächst angenommen" attribute nothing), and a verb of saying, not of naming
    ("wie er sich selbst nannte")."""
    between = [w.lower() for w in words[wie + 1:match.index]]
    if not between or "man" in between or match.lemma in ("nennen", "bezeichnen"):
        return False
    return any(w[:1].isupper() or w in ("er", "sie", "es") for w in words[wie + 1:match.index])


def is_non_speech_reflexive(words: list[str], match: CueMatch) -> bool:
    """"bestätigt sich die Befürchtung": reflexive use of a cue verb that is no speech act."""
    if match.lemma not in NON_SPEECH_REFLEXIVE:
        return False
    following = [w.lower() for w in words[match.index + 1:match.index + 3]]
    # "nennt sich", also after a pronoun subject: "Dann nennt sie sich „documenta 12“"
    if following[:1] == ["sich"] or following[:2] in (["er", "sich"], ["sie", "sich"], ["es", "sich"]):
        return True
    own_clause = words[clause_start(words, match.index):match.index]
    return bool(own_clause) and own_clause[0].lower() in ("wie", "als", "was") and "sich" in own_clause  # "wie sich X nennt"


EXAMPLE_WORDS = frozenset({"zum", "beispiel", "etwa", "beispielsweise", "u.", "a."})
# Words before a quote mark that do not make the quote part of the running clause: "so", "wörtlich",
# "mit den Worten", and examples ("Parolen wie zum Beispiel „…“")
EMBEDDING_EXCEPTIONS = frozenset({"wörtlich", "so", "worten", "worte", "wie"}) | EXAMPLE_WORDS
LABELLING_VERBS = frozenset({"bezeichnen", "nennen", "sprechen", "warnen", "kritisieren", "loben", "würdigen",
                             "beschreiben", "werten", "bewerten", "verurteilen", "ankündigen", "fordern",
                             "skandieren", "rufen", "schreiben", "konstatieren", "raten", "versprechen",
                             "kommentieren", "feststellen", "einräumen", "zugeben", "beklagen", "titeln",
                             "beurteilen"})


def is_inflected_attribute(word: str) -> bool:
    return word[:1].islower() and word.isalpha() and word.endswith(("e", "en", "er", "es", "em")) and len(word) > 3


LABEL_INTRODUCERS = frozenset({"als", "von", "vor", "wie", "zu", "zum", "zur", "einen", "eine", "ein", "einem",
                               "einer", ":"})


def clause_end_skipping_quotes(words: list[str], start: int) -> int:
    """Clause end that does not stop inside a quoted label."""
    j, inside = start, False
    while j < len(words):
        if words[j] in QUOTE_MARK_CHARS:
            inside = not inside
        elif not inside and (words[j] in (",", ";", ":") or words[j] in SENTENCE_PUNCT):
            break
        j += 1
    return j


def report_fills_prefield(words: list[str], wonach: int) -> bool:
    """"Berichte, wonach …, wies die Sprecherin zurück": the report and its wonach-clause open the sentence."""
    from service.speaker import wonach_antecedent

    antecedent = wonach_antecedent(words, wonach)
    return antecedent is not None and antecedent[0] == 0 and antecedent[1] == wonach - 1


CLAUSE_LINKS = RELATIVE_OPENERS | {"und", "oder", "sondern", "aber", "doch", "wie", "als", "um", "ohne"}


def relative_clause_end(words: list[str], start: int, end: int) -> int:
    """The comma that closes a verb-final clause before the main clause's finite verb ("…, wolle, konnte")."""
    for c in range(start + 1, end - 1):
        if words[c] == "," and words[c - 1][:1].islower() and words[c + 1][:1].islower() and \
                words[c + 1].isalpha() and words[c + 1].lower() not in CLAUSE_LINKS:
            return c
    return end


def message_start_before(words: list[str], end: int) -> int:
    """Start of a message that ends at ``end``: the sentence start or after the last colon."""
    for k in range(end - 1, -1, -1):
        if words[k] == ":":
            return k + 1
    return 0


ZU_PARTICLES = tuple(sorted(SEPARABLE_PARTICLES | {"statt", "teil", "zurecht", "weiter", "wieder", "entgegen",
                                                   "gegenüber", "hinweg", "vorbei", "zurück", "nahe", "frei",
                                                   "nieder", "hoch", "fest", "kennen", "fern"},
                             key=len, reverse=True))


def is_particle_zu_infinitive(word: str) -> bool:
    """"anzukündigen", "stattzugeben", "zurückzustellen": separable particle + zu + infinitive."""
    lower = word.lower()
    return lower.endswith("n") and any(lower.startswith(p + "zu") and len(lower) > len(p) + 4 for p in ZU_PARTICLES)


def has_zu_infinitive(words: list[str]) -> bool:
    """Does the clause end in a zu-infinitive ("zu prüfen", "verletzt zu haben", "anzukündigen")?"""
    lowered = [w.lower() for w in words]
    if len(lowered) >= 2 and lowered[-2] == "zu" and lowered[-1][:1].isalpha() and lowered[-1].endswith("n"):
        return True
    return any(is_particle_zu_infinitive(w) for w in lowered[-1:])


def opens_with_speech_clause(words: list[str], start: int, end: int) -> bool:
    """Does the stretch open with "subject + indicative speech verb" ("Wadephul sagte nicht, …")?"""
    from service.speaker import is_object_case, noun_phrase_after

    subject = noun_phrase_after(words, start, end)
    if subject is None or subject[1] >= end or is_object_case(words, subject[0]):
        return False  # "Den Beschäftigten droht die Entlassung": a dative, not the subject of a speech verb
    return any(m.index == 0 and m.kind in ("present", "preterite") and m.strength >= 2
               for m in find_verb_cues(words[subject[1]:end]))


def describes_the_speaker(words: list[str], start: int, end: int) -> bool:
    """"…, sagte Mark O'Keefe, der Sprecher der „EVAC-Ambulanz“" / "…, sagte Müller, der das Projekt leitet":
    an apposition or a relative clause after the speaker, not the rest of the message."""
    from service.speaker import is_adjective, noun_phrase_after

    if words[start].lower() in ("der", "die", "das", "welcher", "welche") and words[end - 1][:1].islower():
        return True  # a relative clause ends in its verb
    phrase = noun_phrase_after(words, start, end)
    if phrase is None or has_reported_verb(words, start, end) or \
            any(w.lower() in AUXILIARY_VERBS for w in words[start:end]):
        return False
    return not any(w[:1].islower() and w.isalpha() and w.endswith(("t", "te", "ten")) and not is_adjective(w)
                   for w in words[phrase[1]:end])  # no verb: "der Sprecher der so genannten „EVAC-Ambulanz“"


def is_apposition(words: list[str], start: int, end: int) -> bool:
    """"Leiter der Inspektoren", "ein Anwalt des Verbands": noun phrases only; one that opens with an article
    must hold no lower-case word but articles and prepositions ("diese Sorte erspare ..." is a clause)."""
    if not is_only_noun_phrases(words, start, end):
        return False
    if words[start][:1].isupper() and words[start].lower() not in ALL_DETERMINERS:
        return True
    return all(w[:1].isupper() or w.lower() in ALL_DETERMINERS | {"von", "vom", "für", "und", "in", "(", ")"}
               for w in words[start:end])


INDICATIVE_FINITE = frozenset("hat hatte hatten ist war waren wurde wurden will wollte wollten kann konnte konnten "
                              "muss musste mussten".split())


def is_indicative_main_verb(words: list[str], k: int, after_comma: bool) -> bool:
    """A lower-case finite indicative verb right after a comma or "und": a coordinated clause of the
    narrator ("..., erkannte die Autorität nicht an und weigerte sich ..."). An auxiliary right after a
    comma more often opens the main clause after an embedded one, so it counts only after "und"."""
    word = words[k]
    if not word[:1].islower():
        return False
    if word in INDICATIVE_FINITE:
        return not after_comma
    if not (word.endswith(("te", "ten")) and len(word) > 4 and word.isalpha()):
        return False
    nxt = words[k + 1] if k + 1 < len(words) else ""
    if not nxt[:1].isalpha():
        return False  # "..., die ... begünstigten." closes an embedded clause
    return not nxt[:1].isupper() and not is_attributive_form(words, k) and not is_konjunktiv_i(word) and \
        not is_konjunktiv_ii(word)


def is_attributive_form(words: list[str], k: int) -> bool:
    return k > 0 and words[k - 1].lower() in ALL_DETERMINERS


def opens_with_finite_verb(word: str) -> bool:
    """A lower-case finite auxiliary, modal or Konjunktiv form: a verb-first clause, which after a comma
    is the main clause following a fronted subordinate clause, never a complement of what was said."""
    lower = word.lower()
    return word[:1].islower() and (lower in AUXILIARIES or is_konjunktiv_i(word) or is_konjunktiv_ii(word))


CONDITIONAL_VERBS = frozenset("sollte sollten hätte hätten wäre wären würde würden".split())
SUBORDINATE_OPENERS = frozenset("wenn falls als nachdem weil obwohl während sobald solange bevor seit seitdem "
                                 "da indem sofern damit der die das den dem deren dessen denen welche welcher "
                                 "welches".split())


def in_subordinate_clause(words: list[str], index: int) -> bool:
    """Is the verb at ``index`` in a fronted or embedded verb-final clause (wenn/nachdem/relative
    pronoun), or in a verb-first conditional ("Sollte der Antrag angenommen werden, ...")?"""
    start = clause_start(words, index)
    opener = words[start].lower()
    if start == 0:
        return opener in NON_SPEECH_SUBORDINATORS or opener in CONDITIONAL_VERBS
    return opener in SUBORDINATE_OPENERS or start + 1 < len(words) and opener in RELATIVE_PREPOSITIONS and \
        words[start + 1].lower() in RELATIVE_WORDS | {"dem", "der", "denen"}


def looks_like_relative_clause(clause: list[str]) -> bool:
    """"der zum Leben reicht", "das im Eilverfahren beschlossen wurde": der/die/das followed by no noun of its
    own, and no Konjunktiv or reportive "soll" anywhere, is a relative clause on the object, not what was said."""
    if len(clause) < 3 or clause[0].lower() not in ("der", "die", "das"):
        return False
    nxt = clause[1]
    opens_relative = nxt.lower() in ALL_DETERMINERS or nxt.lower() in RELATIVE_PREPOSITIONS or nxt.lower() in (
        "im", "am", "zum", "zur", "vom", "beim", "ins") or nxt.lower() in ("sich", "nicht", "auch", "bereits", "schon")
    return opens_relative and not any(is_konjunktiv_i(w) or is_konjunktiv_ii(w) or w.lower() in CONTINUATION_MODALS
                                      for w in clause[1:])  # "der 2010 in Serie gehen soll" reports a plan


def is_complement(words: list[str], comp: int, separator: str, match: CueMatch) -> bool:
    """Does the clause at ``comp`` reproduce what was said (dass/ob/w-clause, Konjunktiv, zu-infinitive)?"""
    first = words[comp].lower()
    clause = words[comp:clause_end(words, comp)]
    if separator == ":":
        return len(clause) >= 3 and match.strength >= 2  # "zeigt die Statistik: ..." is no speech
    if first in ("dass", "ob"):
        return True
    if opens_with_finite_verb(words[comp]) and not is_konjunktiv_i(words[comp]) and \
            in_subordinate_clause(words, match.index):
        return False  # "Sollte der Antrag angenommen werden, könnte ...": the main clause after a fronted clause
    if first in NOT_COMPLEMENT_OPENERS or first in RELATIVE_PREPOSITIONS and len(clause) > 1 and \
            clause[1].lower() in RELATIVE_WORDS:
        return False
    if match.strength >= 2 and has_zu_infinitive(clause):
        return True  # "warf ihm vor, seit 2014 Regeln verletzt zu haben"
    if first in ("weil", "da", "zumal") and not has_reported_verb(words, comp, comp + len(clause)):
        return False  # "angeordnet, weil er ... erleichtert haben soll" is the narrator's reason; "..., weil er
        # krank sei" gives the speaker's
    if first in ("nachdem", "bevor", "seit", "seitdem", "während", "obwohl", "sodass", "indem", "sobald", "solange",
                 "obgleich"):
        return False  # "bekannt gegeben, nachdem ...": an adverbial clause, not what was said
    if first == "was" and comp - 1 - max((match.index, *match.particle_indices)) > 2:
        return False  # "kritisierte die Pläne, was ... zur Folge hat": relative "was"
    if first in ("welche", "welcher", "welches", "welchen", "welchem") and not (
            comp + 1 < len(words) and words[comp + 1][:1].isupper()):
        return False  # relative "..., welche schließlich zu der Tragödie führte", not "fragte, welche Maßnahmen"
    if first in W_WORDS:
        from service.cues import find_verb_cues as verbs_in

        ends_with_cue = any(m.index >= len(clause) - 2 for m in verbs_in(clause))
        return match.strength >= 2 and not (first == "wie" and ends_with_cue)
    if looks_like_relative_clause(clause):
        return False  # "kündigte Reformen an, die das Rentensystem stabilisieren sollen"
    if has_reported_verb(words, comp, comp + len(clause)) or noun_subject_with_konjunktiv_ending(words, comp, comp + len(clause)):
        return True
    # "sagte, Russland fühle sich bedroht": a speech verb's clause opening with a pronoun or a name
    opens_like_main_clause = first in CLAUSE_OPENERS or words[comp][:1].isupper() and first not in ALL_DETERMINERS and \
        any(w[:1].islower() for w in clause) or \
        first in NON_RELATIVE_DETERMINERS and len(clause) >= 4  # "argumentiert, diese Sorte erspare ..."
    if first in CLAUSE_OPENERS and match.strength >= 2 and len(clause) >= 2:
        return True  # "meinte, es handle sich um ..."
    if first in ALL_DETERMINERS and match.strength >= 3 and comma_follows_cue(words, comp - 1, match) and \
            len(clause) >= 3 and clause[1][:1].isupper():
        return True  # "sagte, die Steuern steigen": right after the verb "die" has no noun to be relative to
    if is_apposition(words, comp, comp + len(clause)):
        return False  # "sagte Hugo Salcedo, Leiter der Inspektoren, ...": an apposition, no clause
    return match.strength >= 3 and len(clause) >= 2 and opens_like_main_clause


# Verbs whose object names the content of a statement: "Peskow forderte Garantien für Russland".
REPORTED_VERBS = frozenset({
    "fordern", "kritisieren", "ankündigen", "warnen", "ablehnen", "zurückweisen", "begrüßen", "verurteilen",
    "bezeichnen", "loben", "vorwerfen", "beschuldigen", "dementieren", "bestreiten", "bestätigen", "einräumen",
    "zugeben", "verlangen", "beklagen", "bemängeln", "anprangern", "vorschlagen", "empfehlen", "androhen",
    "versprechen", "zusagen", "zusichern", "appellieren", "aufrufen", "auffordern", "protestieren", "äußern",
    "sich äußern", "kommentieren", "beantragen", "würdigen", "rügen", "monieren", "bekräftigen",
    "rechtfertigen", "begründen", "anmahnen", "einfordern", "verkünden",
    "bekanntgeben", "vorhalten", "widersprechen", "abstreiten", "leugnen",
    "prophezeien", "vorhersagen", "prognostizieren", "attackieren", "angreifen", "drängen", "mahnen", "beschwören",
    "zitieren", "nennen", "sprechen", "ankreiden", "anklagen",
    "voraussagen", "einschätzen", "bewerten", "werten", "plädieren", "anregen", "beziffern", "verweisen",
    "hinweisen", "erwägen",
})
# Verbs that report a statement only with their prepositional object somewhere in the clause
# ("berichtete in ihrer Ausgabe vom Montag von 41 Toten", "plädiert für eine Reform").
PP_REPORTED_VERBS = {"berichten": ("von", "vom", "über"), "erzählen": ("von", "vom", "über"),
                     "informieren": ("über",), "plädieren": ("für", "auf"), "verweisen": ("auf",), "hinweisen": ("auf",)}
# Verbs of stance towards an object (kritisierte den Vertrag, begrüßte das Urteil): they report a
# statement only with a predicative "als" that gives its content (kritisierte den Vertrag als unsozial).
STANCE_VERBS = frozenset({"kritisieren", "begrüßen", "würdigen", "loben", "verurteilen", "bestätigen", "kommentieren",
                          "angreifen", "attackieren", "anprangern", "rügen", "monieren", "rechtfertigen"})
# In the perfect or the passive (hat ... angekündigt, wurde ... kritisiert) a speech act is background
# narration unless its content is given ("als ...") or it is a warning, demand or charge addressed to someone.
PERFECT_REPORTED_VERBS = frozenset({"warnen", "auffordern", "vorwerfen"})
NOT_COMPLEMENT_OPENERS = frozenset({"um", "ohne", "anstatt", "statt", "denen", "deren", "dessen", "welchem",
                                    "welchen", "wobei", "woraufhin", "wodurch", "sodass",
                                    "wonach"})  # "wies Berichte zurück, wonach ...": the report's content
RELATIVE_PREPOSITIONS = frozenset("aus in mit von bei nach zu für über unter an auf gegen durch vor hinter neben".split())
RELATIVE_WORDS = frozenset("denen deren dessen welchem welcher welchen welche".split())
# Cue verbs whose reflexive use is no speech act: "bestätigt sich", "ergibt sich", "hält sich".
NON_SPEECH_REFLEXIVE = frozenset({"bestätigen", "finden", "halten", "wiederholen", "beweisen", "stellen",
                                  "entscheiden", "belegen", "ankündigen", "verbieten", "schließen", "nennen",
                                  "versprechen"})  # "versprechen sich ... Gewinne": they hope
ALL_DETERMINERS = frozenset("der die das den dem des ein eine einen einem einer eines".split())
# Determiners that cannot be relative pronouns: after a speech verb and a comma they open a main clause.
NON_RELATIVE_DETERMINERS = frozenset("diese dieser dieses diesen ein eine einer einen kein keine keiner keinen jede "
                                     "jeder jedes alle viele mehrere beide manche einige sein seine ihr ihre unser "
                                     "unsere".split())
# Indicative complements ("sagte, er ist ...") must open with a pronoun: "die"/"der" may start a relative clause.
CLAUSE_OPENERS = frozenset("er sie es wir ich man".split())
NON_SPEECH_SUBORDINATORS = frozenset({"wenn", "weil", "als", "nachdem", "falls", "obwohl", "während", "bevor", "seit",
                                      "seitdem", "um", "damit", "sobald", "solange", "indem", "obgleich"})
ATTITUDE_COPULAS = frozenset({"ist", "sind", "war", "waren", "zeigte", "zeigten", "zeigt", "zeigen", "gab", "gibt",
                              "reagierte", "reagierten", "äußerte", "äußerten"})
ATTITUDE_WORDS = frozenset("skeptisch empört besorgt zufrieden unzufrieden zuversichtlich enttäuscht kritisch "
                           "optimistisch pessimistisch überzeugt verärgert erleichtert entsetzt schockiert "
                           "gelassen zurückhaltend alarmiert erfreut irritiert verwundert anderer".split())
QUESTION_FRAMES = frozenset({"auf", "angesprochen", "gefragt"})
# Nouns of a reaction to something said or done: "Kritik kam von den Grünen: …"
REACTION_NOUNS = ("kritik", "lob", "widerspruch", "zustimmung", "protest", "proteste", "reaktion", "reaktionen",
                  "ablehnung", "beifall", "unterstützung", "warnungen", "mahnungen")
NEGATED_OBJECTS = frozenset({"keine", "keinen", "keinerlei", "nichts"})
# Verbs that answer someone else's statement: "Das lehnte X ab" does not make the sentence before X's words.
COUNTER_VERBS = frozenset({"ablehnen", "zurückweisen", "dementieren", "bestreiten", "abstreiten", "widersprechen",
                           "kritisieren", "verurteilen", "begrüßen", "loben", "bedauern", "anzweifeln", "leugnen"})
DENIAL_VERBS = frozenset({"dementieren", "bestreiten", "abstreiten", "leugnen"})
CLAIM_NOUNS = ("vorwurf", "vorwürfe", "anschuldigung", "beschuldigung", "behauptung", "bericht", "gerücht",
               "spekulation", "darstellung", "verdacht", "kritik", "unterstellung", "anklage")


def is_bare_denial(clause: list[str], lemma: str) -> bool:
    """A denial of a claim with no content of its own: "bestreitet die Vorwürfe", "wies die Vorwürfe zurück".
    Rejecting a demand or plan is a position and stays ("Putin wies die Forderung … zurück", "lehnt … ab")."""
    lowered = [w.lower() for w in clause]
    if {"als", "„", '"', "»"} & set(lowered):
        return False  # "wies die Vorwürfe als haltlos zurück": the denial says something
    if lemma in DENIAL_VERBS:
        return True
    return lemma == "zurückweisen" and any(w[:1].isupper() and w.lower().startswith(CLAIM_NOUNS) for w in clause)
ANAPHORIC_OPENERS = frozenset({"sie", "er", "es", "dies", "das", "diese", "dieser", "dieses"})
ANAPHORIC_OBJECTS = frozenset({"dies", "das", "dieses", "diese", "dieser"})


# ------------------------------------------------------------------------------------------
# The finder


class QuoteFinder:
    def __init__(self, doc: DocumentView):
        self.doc = doc
        self.candidates: list[QuoteCandidate] = []
        self.in_speech: list[list[bool]] = [[False] * len(w) for w in doc.words]
        self.fragments: list[tuple[int, int]] = []
        self.reported: list[QuoteCandidate] = []
        self.embedded: list[int] = []  # sentences with a long quote inside a clause
        self._inverted_commas: dict[int, set[int]] = {}
        self._cue_positions: dict[int, set[int]] = {}

    # -- direct -------------------------------------------------------------------------------

    def find_direct(self) -> None:
        doc = self.doc
        spans = []
        for open_at, close_at in find_quote_mark_pairs(doc.text):
            s_open, s_close = doc.sentence_at(open_at), doc.sentence_at(close_at)
            if doc.skipped[s_open] or doc.skipped[s_close]:
                continue
            inner = doc.text[open_at + 1:close_at]
            t_open = doc.token_at(s_open, open_at)
            t_close = doc.token_at(s_close, close_at)
            is_speech = self.is_speech(inner, s_open, t_open, s_close, t_close)
            if is_speech and self.is_embedded(s_open, t_open) and s_open == s_close:
                self.embedded.append(s_open)
            if not is_speech or self.is_embedded(s_open, t_open):
                self.fragments.append((open_at, close_at + 1))
                continue
            spans.append((open_at, close_at + 1, s_open, t_open, s_close, t_close))
        merged = self.merge_interrupted(spans)
        for start, end, s_open, t_open, s_close, t_close, cue, rule in merged:
            for s in range(s_open, s_close + 1):
                lo = t_open if s == s_open else 0
                hi = t_close + 1 if s == s_close else len(doc.words[s])
                for k in range(lo, hi):
                    self.in_speech[s][k] = True
            self.candidates.append(QuoteCandidate(
                "direct", start, end, cue, rule, first_sentence=s_open, last_sentence=s_close,
                origin="direct" if cue else "direct_uncued"))

    def is_embedded(self, s_open: int, t_open: int) -> bool:
        """A quote that continues a clause begun before it ("Er habe „keine Zweifel“") is part of that clause."""
        if t_open == 0:
            return False
        words = self.doc.words[s_open]
        before = words[t_open - 1]
        if before == ",":
            start = clause_start(words, t_open - 1)
            after_quote = start >= 2 and words[start - 1] == "," and words[start - 2] in CLOSING_MARKS
            attribution = bool(find_verb_cues(words[start:t_open - 1])) or after_quote and (
                words[start].lower() == "so" or bool(heisst_es_cues(words[start:t_open - 1])))
            # "„…“, so Peskow, „…“" interrupts one direct quote; in "Er sei, so Gall, „…“" the words are a fragment
            return not attribution and not any(self.in_speech[s_open][start:t_open - 1])
        listed = before.lower() in ("oder", "und") and t_open >= 2 and words[t_open - 2] in CLOSING_MARKS
        return before[:1].isalnum() and before.lower() not in EMBEDDING_EXCEPTIONS and not listed  # "„…“ oder „…“"

    def is_speech(self, inner: str, s_open: int, t_open: int, s_close: int, t_close: int) -> bool:
        words = inner.split()
        if t_open > 0 and names_a_title(self.doc.words[s_open], t_open):
            return False  # "das Lied „Für dich soll's rote Rosen regnen“", "des „Gesetzes über ...“": a name
        if len(words) > FRAGMENT_MAX_WORDS:
            return True
        stripped = inner.rstrip()
        if stripped[-1:] in SENTENCE_PUNCT and len(words) >= 2:
            return True
        before = self.doc.words[s_open][t_open - 1] if t_open > 0 else ""
        after_words = self.doc.words[s_close][t_close + 1:t_close + 3]
        if before == ":" and (len(words) >= 3 or stripped[-1:] in SENTENCE_PUNCT):
            return True  # "antwortete der Minister: „Nein.“"
        if t_open == 0 and after_words[:1] and after_words[0] in SENTENCE_PUNCT and len(words) >= 3:
            return True  # "„Ja, es gibt Zumutungen“.": a whole sentence in quote marks
        if before == "," and len(words) >= 3 and self.attribution_before(s_open, t_open) is not None:
            return True  # "schilderte seinen Eindruck, „dass sie …“"
        if before.lower() in WORDS_NOUNS and len(words) >= 3:
            return True  # "Mit den Worten „Das ist ein schwarzer Tag“ kommentierte Scholz ..."
        if before == "(" and len(words) >= 3 and self.attribution_before(s_open, t_open) is not None:
            return True  # "lobte die Einigung („ein wichtiger Schritt für Europa“)"
        if after_words[:1] in ([","], ["–"], ["—"]) and len(words) >= 3 and self.verb_cue_at(s_close, t_close + 2):
            return True
        return False

    def verb_cue_at(self, sentence: int, index: int) -> CueMatch | None:
        words = self.doc.words[sentence]
        if index >= len(words):
            return None
        if words[index].lower() == "so" and index + 1 < len(words):
            return CueMatch(SO_VERB, index, "present")
        framed = words_frame_end(words, index)
        if framed is not None:  # "„…“, mit diesen Worten meldete er sich zurück": the frame makes any verb a cue
            return CueMatch(WORDS_VERB, framed, "present")
        clause = words[index:clause_end(words, index) + 1]
        if attitude_after_quote(clause):
            return CueMatch(WORDS_VERB, index, "present")  # "„…“, gab sich X kämpferisch" / "ist sich X sicher"
        opens_with_auxiliary = words[index].lower() in INVERTED_AUXILIARIES
        for match in find_verb_cues(clause):
            # "„…“, sagte er" or, after an auxiliary, "„…“, hat er gesagt" / "wollte er wissen"
            if match.index == 0 or opens_with_auxiliary and match.kind in ("participle", "infinitive"):
                return CueMatch(match.verb, match.index + index, match.kind,
                                tuple(p + index for p in match.particle_indices))
        if words[index].lower() in ("heißt", "hieß") and index + 1 < len(words) and words[index + 1] == "es":
            return CueMatch(HEISST_VERB, index, "present")
        return None

    def attribution_after(self, s_close: int, t_close: int, s_open: int, t_open: int):
        """'„…“, sagte X' / '„…“, so X' / 'Mit den Worten „…“ kommentierte X': the cue right after the
        closing mark."""
        words = self.doc.words[s_close]
        k = t_close + 1
        with_words_noun = t_open > 0 and self.doc.words[s_open][t_open - 1].lower() in WORDS_NOUNS
        if k < len(words) and words[k] in (",", "–", "—"):
            k += 1  # "„…“, sagte X" / "„…“ – so X"
        elif not (k < len(words) and (words[k][:1].islower() or with_words_noun)):
            return None
        match = self.verb_cue_at(s_close, k)
        if match is None:
            return None
        return cue_from_match(s_close, match)

    def attribution_before(self, s_open: int, t_open: int):
        """'X sagte: „…“' / 'Peskow: „…“' / 'Die Polizei bekräftigt, „…“'."""
        words = self.doc.words[s_open]
        if t_open == 0 and s_open > 0 and self.doc.words[s_open - 1][-1:] == [":"] and \
                not self.doc.skipped[s_open - 1]:
            return self.attribution_before(s_open - 1, len(self.doc.words[s_open - 1]))  # "sagte:" + new line
        if t_open >= 2 and words[t_open - 1] == "(" and self.in_parentheses(s_open, t_open):
            named = self.doc.token_entities[s_open][t_open - 2]
            if named is not None and named.label in ("PER", "ORG") and \
                    not find_verb_cues(words[clause_start(words, t_open - 2):t_open - 1]):
                # "Mohammed ElBaradei („Mir fällt niemand ein …“)": the name before the brackets said it
                return Cue(s_open, t_open - 1, t_open, "bracket", 1)
            # "lobte die Einigung („ein wichtiger Schritt“)": the quote in brackets is what the clause's speaker said
            matches = [m for m in find_verb_cues(words[:t_open - 1]) if m.strength >= 2]
            return cue_from_match(s_open, matches[-1]) if matches else None
        if t_open == 0 or words[t_open - 1] not in (":", ","):
            return None
        start = clause_start(words, t_open - 1)
        if words[t_open - 1] == ",":
            matches = find_verb_cues(words[start:t_open - 1])
            if matches and matches[-1].strength >= 2 and cue_governs_comma(words, start, matches[-1], t_open - 1):
                match = matches[-1]
                return cue_from_match(s_open, CueMatch(match.verb, match.index + start, match.kind,
                                                       tuple(p + start for p in match.particle_indices)))
            return None
        if self.names_list_item_before_colon(s_open, t_open - 1):
            return Cue(s_open, t_open - 1, t_open, "colon", 1)
        matches = [m for m in find_verb_cues(words[:t_open - 1]) if not is_non_speech_reflexive(words, m)]
        main = [m for m in matches if not in_embedded_clause(words, m.index) and
                not (m.index > 0 and words[m.index - 1].lower() == "zu")]
        if main or matches:
            # "Er glaubt, dass das Team gestärkt hervorgegangen sei: „…“": the main clause's cue, not the dass-clause's
            return cue_from_match(s_open, (main or matches)[-1])
        return Cue(s_open, t_open - 1, t_open, "colon", 1)

    def names_list_item_before_colon(self, s: int, colon: int) -> bool:
        """"gratulierten, darunter X, und der Ministerpräsident Jens Stoltenberg: „…“": a named person in the
        colon's own clause, with no verb of its own, is the one who speaks (not the subject of the verb before)."""
        words = self.doc.words[s]
        own = clause_start(words, colon)
        named = self.doc.token_entities[s][colon - 1] if colon > 0 else None
        return own > 0 and named is not None and named.label == "PER" and not find_verb_cues(words[own:colon]) and \
            not any(w[:1].islower() and w.isalpha() and w.lower() not in ("und", "sowie", "der", "die", "das", "von")
                    and not is_inflected_attribute(w) for w in words[own:colon])

    def in_parentheses(self, s_open: int, t_open: int) -> bool:
        """Does a ")" close right after the quote that opens at ``t_open``?"""
        words = self.doc.words[s_open]
        close = next((k for k in range(t_open + 1, len(words)) if words[k] in CLOSING_MARKS), None)
        return close is not None and close + 1 < len(words) and words[close + 1] == ")"

    def merge_interrupted(self, spans):
        doc = self.doc
        result = []
        k = 0
        while k < len(spans):
            start, end, s_open, t_open, s_close, t_close = spans[k]
            cue = self.attribution_after(s_close, t_close, s_open, t_open)
            rule = "cue"
            if cue is None:
                cue = self.attribution_before(s_open, t_open)
            if cue is not None and k + 1 < len(spans):
                n_start, n_end, n_s_open, n_t_open, n_s_close, n_t_close = spans[k + 1]
                words = doc.words[s_close]
                if n_s_open == s_close and cue.sentence == s_close and cue.start > t_close:
                    gap_end = clause_end(words, cue.end)
                    if gap_end < len(words) and words[gap_end] == "," and gap_end + 1 == n_t_open:
                        result.append((start, n_end, s_open, t_open, n_s_close, n_t_close, cue, rule))
                        k += 2
                        continue
            if cue is None:
                rule = "continuation"
            result.append((start, end, s_open, t_open, s_close, t_close, cue, rule))
            k += 1
        return result

    # -- indirect and reported -------------------------------------------------------------------

    def find_transcript_turns(self) -> None:
        """An interview printed as a transcript, without quote marks ("SPIEGEL: Wie geht es weiter?" /
        "Scholz: Wir werden …"): each line opened by a speaker label and a colon is that speaker's words,
        once the article has at least two such lines by two different speakers."""
        turns = [turn for turn in map(self.transcript_turn, range(len(self.doc.words))) if turn is not None]
        labels = {self.doc.text[self.doc.char_span(s, 0, colon)[0]:self.doc.char_span(s, 0, colon)[1]].upper()
                  for s, colon, _ in turns}
        if len(turns) < 2 or len(labels) < 2:
            return
        for s, colon, last in turns:
            words = self.doc.words[s]
            start = self.doc.char_span(s, colon + 1, colon + 2)[0]
            end = self.doc.sentences[last].end
            if " ".join(words[:colon]).lower() in TRANSCRIPT_SLOTS:  # "Frage:" names no one
                cue, rule, source = None, "transcript_slot", None
            else:
                cue, rule, source = Cue(s, colon, colon + 1, "colon", 2), "source", (s, 0, colon)
            self.candidates.append(QuoteCandidate("direct", start, end, cue, rule, source=source, first_sentence=s,
                                                  last_sentence=last, origin="transcript"))
            for t in range(s, last + 1):
                lo = colon + 1 if t == s else 0
                self.in_speech[t][lo:] = [True] * (len(self.doc.words[t]) - lo)

    def transcript_turn(self, s: int) -> tuple[int, int, int] | None:
        """(sentence, colon, last sentence of the line) where a line opens with "Label: words"."""
        doc, words = self.doc, self.doc.words[s]
        if doc.skipped[s] or doc.is_heading(s) or ":" not in words[:5] or any(self.in_speech[s]):
            return None
        start = doc.sentences[s].start
        if doc.text[:start].rstrip(" \t")[-1:] not in ("", "\n"):
            return None  # not at the start of a line
        colon = words.index(":")
        label = words[:colon]
        if not label or len(words) - colon < 4 or words[colon + 1] in QUOTE_MARK_CHARS or \
                not all(w[:1].isupper() for w in label) or " ".join(label).lower() in NOT_SPEAKER_LABELS:
            return None
        last = s
        line_end = doc.text.find("\n", start)
        line_end = len(doc.text) if line_end == -1 else line_end
        while last + 1 < len(doc.sentences) and doc.sentences[last + 1].start < line_end:
            last += 1
        return s, colon, last

    def find_indirect(self) -> None:
        for s, words in enumerate(self.doc.words):
            if self.doc.skipped[s] or not words:
                continue
            self.find_source_cues(s, words)
            self.attribute_previous_direct(s, words)
            impersonal = heisst_es_cues(words)
            taken = {m.index for m in impersonal}  # "verlautete aus X": the impersonal reading wins
            verbs = [m for m in find_verb_cues(words) if m.index not in taken]
            for match in verbs + impersonal + became_known_cues(words):
                if self.in_speech[s][match.index]:
                    continue
                self.indirect_for_verb(s, words, match)

    def reported_in_konjunktiv(self, s: int, words: list[str], match: CueMatch) -> bool:
        """"Man gehe davon aus, dass sie tot sind" right after reported speech: the whole sentence goes on
        reporting (a continuation), the Konjunktiv cue is part of what is reported."""
        if not (match.kind == "konj1" and match.index <= 1 and s > 0 and words[0].lower() in ("man", "er", "sie")):
            return False
        return reported_speech_marker(self.doc.words[s - 1]) == "strong" or \
            any(c.last_sentence == s - 1 and c.type != "reported" for c in self.candidates)

    def attribute_previous_direct(self, s: int, words: list[str]) -> None:
        """"„…“ Das sagte X am Montag." / "„…“ Mit diesen Worten reagierte X." / "„…“ So reagierte X.": a
        sentence that points back gives the uncued direct quote before it its cue."""
        from service.speaker import noun_phrase_after

        source = None
        cue = attribution_pointing_back(words)
        if cue is None and len(words) > 4 and words[1].lower() in QUOTATION_NOUNS and \
                words[2].lower() in ("stammen", "stammt", "stammten", "stammte") and words[3].lower() in ("von", "vom"):
            cue = CueMatch(WORDS_VERB, 2, "present")  # "„…“ Diese Worte stammen von X."
            phrase = noun_phrase_after(words, 4)
            source = (s, *phrase) if phrase is not None else None
        if cue is None or s == 0:
            return
        for cand in self.candidates:
            if cand.origin == "direct_uncued" and cand.last_sentence == s - 1 and cand.cue is None:
                cand.cue, cand.speaker_rule, cand.origin = cue_from_match(s, cue), "cue", "direct"
                cand.source = source

    def outside_speech(self, s: int, start: int, end: int) -> bool:
        return not any(self.in_speech[s][start:end])

    def add(self, kind: str, s: int, start: int, end: int, cue: Cue | None, rule: str, origin: str,
            source: tuple[int, int, int] | None = None) -> None:
        if end <= start:
            return
        c_start, c_end = self.doc.char_span(s, start, end)
        self.candidates.append(QuoteCandidate(kind, c_start, c_end, cue, rule, source=source,
                                              first_sentence=s, last_sentence=s, origin=origin))

    def indirect_for_verb(self, s: int, words: list[str], match: CueMatch) -> None:
        own_statement = match.verb is not HEISST_VERB and is_writers_own_statement(words, match)  # not "ist zu lesen"
        if is_non_speech_reflexive(words, match) or own_statement or has_first_person_subject(words, match.index):
            return  # "Wir sind überzeugt, dass …" outside quote marks is a quote whose marks went missing
        if self.reported_in_konjunktiv(s, words, match):
            return  # the sentence is a continuation of the reported speech before it
        cue = cue_from_match(s, match)
        after = max((match.index, *match.particle_indices)) + 1
        end_of_clause = clause_end(words, after)
        separator = words[end_of_clause] if end_of_clause < len(words) else ""
        if separator in (",", ":"):
            comp = end_of_clause + 1
            if comp < len(words) and self.in_speech[s][comp]:
                return  # "sagte: „…“" is a direct quote with this cue
            # "bezeichnet und argumentiert, dass": the verb nearest the complement takes it
            later_cue = any(m.strength >= 2 for m in find_verb_cues(words[after:end_of_clause]))
            comp = skip_apposition(words, comp)
            if comp < len(words) and not later_cue and is_complement(words, comp, separator, match):
                comp_end = self.message_end(words, comp, s, stop_at_narration=True)
                if comp_end - comp >= 2 and self.outside_speech(s, comp, comp_end):
                    self.add("indirect", s, comp, comp_end, cue, "verb", "verb_complement_after")
                    return
        start = clause_start(words, match.index)
        if self.anaphoric_statement(s, words, match, start, separator, cue):
            return
        if self.parenthetical_so(s, words, match, start, separator, end_of_clause, cue):
            return
        opens_clause = start == match.index or (start == match.index - 1 and words[start].lower() == "wie") or \
            inverted_perfect(words, start, match)
        if start >= 2 and words[start - 1] == "," and opens_clause:
            msg_start = message_start_before(words, start - 1)
            msg_end = start - 1
            if not self.outside_speech(s, msg_start, msg_end):
                return  # a direct quote attributed by this cue
            sentence_end = strip_final_punct(words, len(words))
            surrounds = separator == "," and sentence_end > end_of_clause + 2 and \
                not describes_the_speaker(words, end_of_clause + 1, sentence_end)
            # "Er sei, betonte der Minister, zu Unrecht entlassen worden": two words before the cue suffice
            # when they are in Konjunktiv and the clause goes on after it
            shortest = 2 if surrounds and any(is_konjunktiv_i(w) for w in words[msg_start:msg_end]) else 3
            if self.is_message_before(words, msg_start, msg_end, match, shortest):
                rule = "subordinate" if words[start].lower() == "wie" else "inverted"
                if surrounds:
                    # "Das hatte er, wie sein Anwalt mitteilte, längst getan": the message surrounds the cue
                    msg_end = sentence_end
                self.add("indirect", s, msg_start, msg_end, cue, rule, "verb_complement_before")
                return
        wie = wie_clause_start(words, match.index)
        if wie is not None and is_writers_reference(words, wie, match):
            return  # "Wie bereits berichtet, …": the paper's own earlier report, nobody's words
        if (wie == 0 or wie == 1 and words[0].lower() in ("denn", "und", "aber", "doch")) and separator == ",":
            msg_start = end_of_clause + 1
            msg_end = self.message_end(words, msg_start, s)
            if msg_end - msg_start >= 2 and self.outside_speech(s, msg_start, msg_end):
                self.add("indirect", s, msg_start, msg_end, cue, "subordinate", "wie_before")
                return
        if wie is not None and wie >= 2 and words[wie - 1] == "," and (separator in SENTENCE_PUNCT or separator == ","):
            # "…, wie Burt Rutan, Chef der Firma, mitteilte." / "Das hatte er, wie sein Anwalt mitteilte, getan."
            sentence_end = strip_final_punct(words, len(words))
            msg_start = message_start_before(words, wie - 1)
            msg_end = sentence_end if separator == "," and sentence_end > end_of_clause + 2 else wie - 1
            if msg_end - msg_start >= 3 and self.outside_speech(s, msg_start, msg_end) and \
                    names_a_speaker_in_wie_clause(words, wie, match):
                self.add("indirect", s, msg_start, msg_end, cue, "subordinate", "wie_after")
                return
        self.reported_for_verb(s, words, match, cue, after, separator)

    def parenthetical_so(self, s: int, words: list[str], match: CueMatch, start: int, separator: str,
                         end_of_clause: int, cue: Cue) -> bool:
        """"Tatsächlich, so betont die Polizei, ist dies falsch." / "..., so glaubt man.": an inserted
        "so" + speech verb + subject attributes the sentence around it."""
        if not (start >= 1 and start == match.index - 1 and words[start].lower() == "so" and words[start - 1] == ","
                and match.is_finite and match.strength >= 2):
            return False
        from service.speaker import subject_of_verb

        subject = subject_of_verb(words, match.index, match.index)
        if subject is None or subject[0] < match.index:
            return False
        msg_start = message_start_before(words, start - 1)
        after = strip_final_punct(words, len(words)) if separator == "," else start - 1
        size = (start - 1 - msg_start) + max(0, after - end_of_clause - 1)
        if size < 3 or not self.outside_speech(s, msg_start, max(after, start - 1)):
            return False
        self.add("indirect", s, msg_start, max(after, start - 1), cue, "inverted", "verb_complement_before")
        return True

    def is_message_before(self, words: list[str], start: int, end: int, match: CueMatch, shortest: int = 3) -> bool:
        if end - start < shortest or match.strength < 2:
            return False
        first = words[start].lower()
        if first in NON_SPEECH_SUBORDINATORS and not has_reported_verb(words, start, end):
            return False
        if first in QUESTION_FRAMES and start + 1 < end and words[start + 1].lower() in ("die", "eine", "nachfrage"):
            return False  # "Auf die Frage, ob er zurücktrete, antwortete X": the question, not X's words
        from service.speaker import finite_verb_index, subject_of_verb

        if is_only_noun_phrases(words, start, end):
            return False  # "Einer der Putschisten, Harouna Adamou, dankte ...": the speaker, not a message
        if opens_with_speech_clause(words, start, end):
            return False  # "Wadephul sagte nicht, …, kündigte aber Gespräche an": the narrator's own clause
        subject = subject_of_verb(words, match.index, finite_verb_index(words, match.index, match.is_finite))
        if subject is not None and subject[0] < end:
            return False  # "Albrecht Conze, der Direktor der Mission, warnte": the part before is the speaker
        return subject is not None or words[match.index].lower() == "so" or match.verb is HEISST_VERB

    def anaphoric_statement(self, s: int, words: list[str], match: CueMatch, start: int, separator: str,
                            cue: Cue) -> bool:
        """"Dies bestätigte Westerwelle." : the previous sentence is the message."""
        if not (s > 0 and start == 0 and match.index == 1 and words[0].lower() in ANAPHORIC_OBJECTS):
            return False
        if match.strength < 2 or separator not in SENTENCE_PUNCT and separator != "" or match.lemma in COUNTER_VERBS:
            return False  # "Das lehnte Abhisit ab": what he rejected is someone else's demand
        prev = s - 1
        prev_words = self.doc.words[prev]
        if self.doc.skipped[prev] or len(prev_words) < 4 or any(self.in_speech[prev]):
            return False
        end = strip_final_punct(prev_words, len(prev_words))
        self.add("indirect", prev, 0, end, cue, "verb", "anaphoric")
        return True

    def reported_for_verb(self, s: int, words: list[str], match: CueMatch, cue: Cue, after: int,
                          separator: str) -> None:
        """A speech act with a content object and no reproduced proposition: the whole clause.

        Only verbs that report the content of a statement (fordern, kritisieren, ankündigen, ...), in a
        main clause with a noun-phrase subject, and only in sentences without another quote.
        """
        if separator == ":" or self.doc.is_heading(s) or not is_reporting_use(words, match, after):
            return
        c_start = clause_start(words, match.index)
        c_end = clause_end(words, after)
        if c_end + 1 < len(words) and words[c_end] == "," and \
                looks_like_relative_clause(words[c_end + 1:clause_end(words, c_end + 1)]):
            c_end = clause_end(words, c_end + 1)  # "forderte einen Mindestlohn, der zum Leben reicht"
        if c_end - c_start < 3 or not self.outside_speech(s, c_start, c_end):
            return
        if words[c_start].lower() in W_WORDS | NON_SPEECH_SUBORDINATORS | RELATIVE_WORDS | {"der", "die", "das"} and c_start > 0:
            return
        if words[c_start].lower() in NON_SPEECH_SUBORDINATORS and after >= c_end - 1:
            return  # "Als die Frau der Presse davon erzählte, ...": a fronted verb-final adverbial clause
        from service.speaker import finite_verb_index, subject_of_verb

        subject = subject_of_verb(words, match.index, finite_verb_index(words, match.index, match.is_finite))
        if subject is None or subject[1] - subject[0] == 1 and words[subject[0]].lower() in (
                "es", "man", "das", "dies", "ich", "wir"):
            return  # "Das forderte er", not "das Parlament"
        if not self.reports_content(words, match, c_start, c_end):
            return
        if is_bare_denial(words[c_start:c_end], match.lemma):
            return  # "Der Minister wies die Vorwürfe zurück": a denial that gives no content of its own
        if subject[0] < c_start and self.outside_speech(s, subject[0], c_start) and \
                is_only_noun_phrases(words, subject[1], c_start):
            c_start = subject[0]  # "Der Vorsitzende, Frank Bsirske, kündigte ... an": the clause holds its subject
        end = c_end + 1 if c_end < len(words) and words[c_end] in SENTENCE_PUNCT else c_end
        c_from, c_to = self.doc.char_span(s, c_start, end)
        self.reported.append(QuoteCandidate("reported", c_from, c_to, cue, "verb", first_sentence=s,
                                            last_sentence=s, origin="reported"))

    @staticmethod
    def reports_content(words: list[str], match: CueMatch, c_start: int, c_end: int) -> bool:
        """Does the clause give what was said, not just that someone spoke (äußerte sich) or took a stance?"""
        if match.lemma in ("äußern", "sich äußern") and "sich" in (w.lower() for w in words[c_start:c_end]):
            return False  # "äußerte sich zu dem Vorfall": that he spoke, not what
        if any(w.lower() in NEGATED_OBJECTS for w in words[match.index + 1:c_end]):
            return False  # "Die Bahn nannte keine Gründe": nothing was said
        if any(w.lower() in ("dies", "dieses") for w in words[match.index + 1:c_end]) or \
                words[c_start].lower() in ("das", "dies", "dieses") and c_start + 1 == match.index:
            return False  # "Der Minister bestritt dies", "Das lehnte Abhisit ab": the content is elsewhere
        has_predicate = any(words[k].lower() == "als" and not is_comparative(words[k - 1])
                            for k in range(c_start + 1, c_end))
        if match.lemma in STANCE_VERBS and not has_predicate:
            return False
        if not match.is_finite and not has_predicate and match.lemma not in PERFECT_REPORTED_VERBS:
            return False
        return True

    def add_reported(self) -> None:
        """Reported speech only where no other quote was found in the sentence."""
        taken = {s for cand in self.candidates for s in range(cand.first_sentence, cand.last_sentence + 1)}
        self.candidates.extend(cand for cand in self.reported if cand.first_sentence not in taken)

    def add_labelled_fragments(self) -> None:
        """'bezeichnete die Vorschläge als „definitiv nicht akzeptabel“': a quoted label with a naming cue
        in its clause is a (short) direct quote of the cue's speaker, unless a quote already covers it."""
        # a quoted label inside reported speech is a quote of its own ("nannte die Absage einen „Vertrauensbruch“")
        covered = sorted((c.start, c.end) for c in self.candidates if c.type != "reported")
        starts = [c[0] for c in covered]
        for f_start, f_end in self.fragments:
            k = bisect_right(starts, f_start) - 1
            if k >= 0 and covered[k][0] <= f_start and f_end <= covered[k][1]:
                continue
            s = self.doc.sentence_at(f_start)
            words = self.doc.words[s]
            t_open = self.doc.token_at(s, f_start)
            lo, hi = clause_start(words, t_open), clause_end_skipping_quotes(words, t_open)
            matches = [m for m in find_verb_cues(words[lo:hi]) if m.lemma in LABELLING_VERBS]
            if not matches or self.doc.sentence_at(f_end - 1) != s:
                continue
            k = t_open - 1
            while k > lo and is_inflected_attribute(words[k]) and words[k - 1].lower() in LABEL_INTRODUCERS:
                k -= 1  # "konstatierte eine wachsende „Kluft zwischen Arm und Reich“"
            while k > lo and words[k].lower() in EXAMPLE_WORDS:
                k -= 1  # "skandierten Parolen wie zum Beispiel „…“"
            continues_list = k > lo and words[k].lower() in ("oder", "und") and words[k - 1] in CLOSING_MARKS and \
                self.labelled_before(s, k - 1)  # "„…“ oder „…“": the list of labels goes on
            before = words[k].lower() if k >= 0 else ""
            # "nannte den Entwurf „völlig unzureichend“": nennen puts the label right after its object
            # (a predicate in lower case; „Phaeton“ after "nennt" is a name it gives)
            names_object = any(m.lemma == "nennen" and m.index + lo < k and "sich" not in words[m.index + lo:t_open]
                               for m in matches) and \
                t_open + 1 < len(words) and words[t_open + 1][:1].islower()
            if before not in LABEL_INTRODUCERS and not continues_list and not names_object and \
                    not any(m.index + lo == t_open - 1 for m in matches):
                continue  # "der „Koalition der Willigen“": a name, not the label the cue gives
            match = matches[0]
            cue = cue_from_match(s, CueMatch(match.verb, match.index + lo, match.kind,
                                             tuple(p + lo for p in match.particle_indices)))
            self.candidates.append(QuoteCandidate("direct", f_start, f_end, cue, "cue", first_sentence=s,
                                                  last_sentence=s, origin="labelled_fragment"))

    def labelled_before(self, s: int, close: int) -> bool:
        """Is the quote that closes at token ``close`` already a labelled fragment?"""
        end = self.doc.char_span(s, close, close + 1)[1]
        return any(c.origin == "labelled_fragment" and c.end == end for c in self.candidates)

    def add_embedded(self) -> None:
        """A sentence that quotes a whole statement inside its own clause, with no cue: a mixed quote
        that carries on the previous speaker ("Man könne „nicht die Sicherheit ... gewährleisten“.")."""
        taken = {s for cand in self.candidates for s in range(cand.first_sentence, cand.last_sentence + 1)}
        for s in sorted(set(self.embedded) - taken):
            words = self.doc.words[s]
            end = strip_final_punct(words, len(words))
            if end >= 3:
                c_start, c_end = self.doc.char_span(s, 0, end)
                self.candidates.append(QuoteCandidate("indirect", c_start, c_end, None, "embedded",
                                                      first_sentence=s, last_sentence=s, origin="embedded"))

    def message_end(self, words: list[str], start: int, s: int | None = None, stop_at_narration: bool = False) -> int:
        """End of a message that runs to the end of the sentence: before a trailing ', so X' or
        ', erklärte X, ...' (the next speaker's cue) and before a direct quote introduced by ':'."""
        end = strip_final_punct(words, len(words))
        in_speech = self.in_speech[s] if s is not None else [False] * len(words)
        inverted = self.inverted_cue_commas(s, words) if s is not None else set()
        cue_positions = self._cue_positions.get(s, set()) if s is not None else set()
        for k in range(start + 1, end):
            if in_speech[k] and words[k - 1] in (":", ","):
                return k - 1
            if stop_at_narration and words[k] == ";" and not any(in_speech[start:k]):
                return k  # a semicolon closes the reported clause
            if stop_at_narration and words[k] in (",", "und") and k + 1 < end and \
                    is_indicative_main_verb(words, k + 1, after_comma=words[k] == ",") and not any(in_speech[start:k]):
                # "er sei unschuldig, erkannte das Gericht nicht an und weigerte sich": the speaker acts again
                return k - 1 if words[k] == "und" and words[k - 1] == "," else k
            if words[k] == "," and k + 1 < end:
                nxt = words[k + 1].lower()
                if nxt == "so" and k + 2 < end and words[k + 2][:1].isupper():
                    return k
                if k in inverted or nxt in ("wonach", "demnach") or nxt in ("nach", "laut") and k + 2 < end and \
                        words[k + 2].lower() in ("welchem", "welcher", "dem", "der", "denen"):
                    return k  # the next speaker's cue, or a new source ("…, nach welchem …")
                if nxt in ("doch", "aber", "während", "jedoch", "sondern") and any(
                        j in cue_positions for j in range(k + 2, min(end, k + 9))):
                    return k  # "Annabi sei tot, doch UN-Sprecher Birnback erklärte, …"
        return end

    def inverted_cue_commas(self, s: int, words: list[str]) -> set[int]:
        """Commas followed by a finite speech verb (', erklärte der Präsident, ...'), once per sentence."""
        if s not in self._inverted_commas:
            cues = {m.index for m in find_verb_cues(words) if m.is_finite and m.strength >= 2}
            self._cue_positions[s] = cues
            self._inverted_commas[s] = {k for k in range(len(words) - 1)
                                        if words[k] == "," and k + 1 in cues and words[k + 1][:1].islower()}
        return self._inverted_commas[s]

    def find_source_cues(self, s: int, words: list[str]) -> None:
        """laut X / gemäß X / nach Angaben X / X zufolge / ..., so X."""
        if words and words[-1] == "?":
            return  # a question ("Sind diese Pläne Ihrer Meinung nach verfassungswidrig?") asserts nothing
        end = strip_final_punct(words, len(words))
        for k, word in enumerate(words):
            lower = word.lower()
            if self.in_speech[s][k]:
                continue
            if lower in SOURCE_AFTER_CUES:
                self.add_source_quote(s, words, k, k + 1, "laut", end)
            elif nach_cue_noun(words, k) is not None:
                self.add_source_quote(s, words, k, nach_cue_noun(words, k) + 1, "nach", end)
            elif postposed_nach_noun(words, k) is not None:
                self.add_source_quote(s, words, k, k + 1, "nach_post", end)
            elif lower in ("demnach", "wonach"):  # "danach" is mostly temporal ("und danach", "kurz danach")
                self.add_source_quote(s, words, k, k + 1, "demnach", end)
            elif lower == "nach" and relative_after_statement(words, k):
                self.add_source_quote(s, words, k, k + 2, "demnach", end)  # "Gerüchte, nach denen ..."
            elif lower in SOURCE_BEFORE_CUES and k > 0:
                self.add_source_quote(s, words, k, k + 1, "zufolge", end)
            elif lower == "zu" and k > 0 and k + 1 < len(words) and words[k + 1] == "Folge" and \
                    words[k - 1][:1].isupper():
                self.add_source_quote(s, words, k, k + 2, "zufolge", end)  # "Gerüchten zu Folge": zufolge, apart
            elif lower == "so" and k > 0 and words[k - 1] in (",", "–", "—") and k + 1 < len(words) and (
                    words[k + 1][:1].isupper() or words[k + 1].lower() in ("der", "die", "das", "ein", "eine") or
                    "-" in words[k + 1] and words[k + 1][:1].isalpha()):  # ", so verdi-Chef X"
                if self.verb_cue_at(s, k) is not None:
                    self.add_source_quote(s, words, k, k + 1, "so", end)

    def add_source_quote(self, s: int, words: list[str], cue_start: int, cue_end: int, kind: str, end: int) -> None:
        """The rest of the sentence is the message of the source named around the cue."""
        spans = source_spans(words, cue_start, cue_end, kind)
        if spans is None or kind == "nach" and opens_complement_of_speech_verb(words, cue_start):
            return
        (src_start, src_end), (span_start, span_end) = spans
        if span_end >= src_end:
            span_end = end_of_source_phrase(words, span_end, genitive=words[src_start].lower() in ALL_DETERMINERS)
        name_source = None
        if kind == "nach" and any(w.lower() in OWN_WORDS for w in words[cue_start:cue_end]):
            from service.speaker import subject_of_clause

            own = subject_of_clause(words, 0, len(words))  # "nach eigenen Angaben": the subject's own words
            if own is not None and not (own[0] >= cue_start and own[1] <= cue_end):
                name_source = (s, *own)
        if span_start <= 1 or kind == "demnach" and words[cue_start].lower() == "wonach":
            # "Wonach ...", and "ein Eindruck, wonach ...": the message is what follows the cue
            msg_start = span_end + (1 if span_end < len(words) and words[span_end] == "," else 0)
            msg_end = self.message_end(words, msg_start, s) if msg_start < end else end
            if words[cue_start].lower() == "wonach" and report_fills_prefield(words, cue_start):
                msg_end = relative_clause_end(words, msg_start, msg_end)
        elif span_end >= end:
            msg_start, msg_end = 0, span_start - (1 if words[span_start - 1] == "," else 0)
        else:
            msg_start, msg_end = self.clause_around(words, span_start, span_end, end)
        if msg_end - msg_start < 2 or (kind != "so" and not self.outside_speech(s, msg_start, msg_end)):
            return
        if msg_start >= 2 and words[msg_start - 1] == "," and words[msg_start - 2] in QUOTE_MARK_CHARS:
            return  # "„…“, sagte er der Agentur X zufolge": the medium of a direct quote's attribution, no quote
        cue = Cue(s, cue_start, cue_end, kind, 2 if kind == "nach" else 3, lemma=kind)
        self.add("indirect", s, msg_start, msg_end, cue, "source", "source_" + kind, source=(s, src_start, src_end))
        self.candidates[-1].name_source = name_source

    def clause_around(self, words: list[str], start: int, end: int, sentence_end: int) -> tuple[int, int]:
        """The comma-delimited clause around a source cue in mid-sentence ("die nach dessen Angaben die
        Bombe enthalten sollte"); the whole sentence when that clause is too short to be a statement."""
        lo, hi = clause_start(words, start), clause_end(words, end)
        hi = min(hi, sentence_end)
        opener = words[lo].lower() if lo > 0 else ""
        is_subordinate = opener in RELATIVE_OPENERS or opener in RELATIVE_PREPOSITIONS and lo + 1 < len(words) and \
            words[lo + 1].lower() in RELATIVE_WORDS | {"dem", "der", "denen"}
        if is_subordinate and (start - lo) + (hi - end) >= 4:
            return lo, hi
        fronted = words[0].lower() in NON_SPEECH_SUBORDINATORS | W_WORDS | {"falls", "da"}
        if not is_subordinate and not fronted and lo >= 4 and words[lo - 1] == "," and words[lo][:1].islower() and \
                opener not in ("und", "oder", "sowie") and start - lo >= 2 and hi - end >= 1:
            # "..., diese Taten seien aber laut der Staatsanwältin verjährt": the source vouches for its own
            # main clause, not for the one before the comma
            return lo, self.message_end(words, lo)
        return 0, sentence_end

    # -- continuations ---------------------------------------------------------------------------

    def find_continuations(self) -> None:
        """Konjunktiv sentences without a cue carry on the previous quote's speaker."""
        doc = self.doc
        last_in_sentence = self.last_candidate_per_sentence()
        previous: int | None = None
        pending: QuoteCandidate | None = None
        gap = 99
        for s, words in enumerate(doc.words):
            if s in last_in_sentence:
                previous, pending, gap = last_in_sentence[s], None, 0
                continue
            gap += 1
            if doc.skipped[s] or doc.is_heading(s) or len(words) < 4 or any(self.in_speech[s]) or \
                    speaks_in_first_person(words):
                pending = None
                continue
            marker = reported_speech_marker(words)
            colon_source = self.source_before_colon(s, words)
            earlier = self.earlier_speech_act(s) if previous is None and marker == "strong" else None
            if previous is not None and (marker == "strong" or marker == "weak" and gap <= 2) or earlier is not None \
                    or colon_source is not None:
                start, end = doc.sentences[s].tokens[0].start, doc.sentences[s].tokens[-1].end
                own = colon_source or self.own_source(s, words) or earlier
                if own is not None:
                    cue, source = own
                    if colon_source is not None:  # "Peskow wurde deutlich: Russland werde …": the words after it
                        start = doc.sentences[s].tokens[words.index(":") + 1].start
                    pending = QuoteCandidate("indirect", start, end, cue, "source", source=source,
                                             first_sentence=s, last_sentence=s, origin="konjunktiv_own_source")
                    self.candidates.append(pending)
                    previous = len(self.candidates) - 1
                elif pending is not None and pending.last_sentence == s - 1 and pending.origin != "konjunktiv_own_source":
                    pending.end, pending.last_sentence = end, s
                else:
                    origin = "continuation" if gap <= 2 else "continuation_far"
                    first = reported_clause_start(words)
                    if first > 0:  # "Zwölf wurden verletzt, die Verletzten seien Touristen": the report only
                        start = doc.sentences[s].tokens[first].start
                    pending = QuoteCandidate("indirect", start, end, None, "continuation", previous=previous,
                                             first_sentence=s, last_sentence=s, origin=origin)
                    self.candidates.append(pending)
                gap = 0
            else:
                pending = None

    def earlier_speech_act(self, s: int) -> tuple[Cue | None, tuple[int, int, int]] | None:
        """Konjunktiv I with no quote before it still reports someone: the subject of a speech verb in one of
        the two sentences before ("Die Inspektoren stellten Mängel fest. Auch sei die Dokumentation ...")."""
        from service.speaker import finite_verb_index, speaks, subject_of_verb

        for earlier in range(s - 1, max(-1, s - 3), -1):
            words = self.doc.words[earlier]
            if self.doc.skipped[earlier] or self.doc.is_heading(earlier):
                continue
            for match in reversed(find_verb_cues(words)):
                if match.strength < 2 or match.lemma in STANCE_VERBS and earlier != s - 1:
                    continue  # "Die Gewerkschaft kritisierte die Pläne. Sie seien unsozial": the criticism's content
                subject = subject_of_verb(words, match.index, finite_verb_index(words, match.index, match.is_finite))
                if subject is not None and words[subject[0]].lower() not in ("es", "man", "ich", "wir") and \
                        speaks(self.doc, (earlier, *subject)):  # "Jetzt droht ein Streik." reports nobody
                    return cue_from_match(earlier, match), (earlier, *subject)
        return self.stated_attitude(s - 1)

    def source_before_colon(self, s: int, words: list[str]) -> tuple[Cue | None, tuple[int, int, int]] | None:
        """"Peskow wurde deutlich: Russland werde …", "Die Botschaft des Kanzlers war klar: Man werde …": an actor
        or a statement noun before a colon whose clause after it is reported speech."""
        from service.speaker import is_source_noun, names_an_actor, noun_phrase_after, statement_holder

        if ":" not in words:
            return None
        colon = words.index(":")
        if colon < 2 or colon + 3 >= len(words) or reported_speech_marker(words[colon + 1:]) != "strong" or \
                find_verb_cues(words[:colon]):
            return None
        if words[0].lower() in ("von", "vom", "seitens") and not is_source_noun(words[1]):
            holder = noun_phrase_after(words, 1, colon)  # "Von der Opposition kam scharfe Kritik: …"
            if holder is not None and names_an_actor(self.doc, s, holder):
                return Cue(s, colon, colon + 1, "colon", 1), (s, *holder)
        reacting = self.reaction_holder(s, words, colon)
        if reacting is not None:  # "Kritik kam auch von den Grünen: …", "Die Kritik der Grünen war deutlich: …"
            return Cue(s, colon, colon + 1, "colon", 1), (s, *reacting)
        phrase = noun_phrase_after(words, 0, colon)
        if phrase is None:
            return None
        noun = next((k for k in range(phrase[0], phrase[1]) if is_source_noun(words[k])), None)
        if noun is not None:
            holder = statement_holder(words, noun)
            return Cue(s, colon, colon + 1, "colon", 1), (s, *(holder or phrase))
        return (Cue(s, colon, colon + 1, "colon", 1), (s, *phrase)) if names_an_actor(self.doc, s, phrase) else None

    def reaction_holder(self, s: int, words: list[str], colon: int) -> tuple[int, int] | None:
        """Who reacts, where the clause before a colon names a reaction (Kritik, Lob, Widerspruch) and its
        holder in a von-phrase or a genitive."""
        from service.speaker import names_an_actor, noun_phrase_after

        if not any(w[:1].isupper() and w.lower().endswith(REACTION_NOUNS) for w in words[:colon]):
            return None
        for k in range(colon - 1):
            lower = words[k].lower()
            if lower in ("von", "vom", "seitens"):
                holder = noun_phrase_after(words, k + 1, colon)
            elif lower in ("der", "des") and k > 0 and words[k - 1].lower().endswith(REACTION_NOUNS):
                holder = noun_phrase_after(words, k, colon)  # the genitive: "Die Kritik der Grünen"
            else:
                continue
            if holder is not None and names_an_actor(self.doc, s, holder):
                return holder
        return None

    def stated_attitude(self, s: int) -> tuple[Cue | None, tuple[int, int, int]] | None:
        """"Der Bürgermeister ist empört. Das sei ein Skandal.": an actor's stated attitude right before a
        Konjunktiv sentence is whose words it gives."""
        from service.speaker import names_an_actor, noun_phrase_after

        if s < 0 or self.doc.skipped[s] or self.doc.is_heading(s):
            return None
        words = self.doc.words[s]
        start = 1 if words and words[0].lower() in ("auch", "doch", "aber") else 0
        subject = noun_phrase_after(words, start)
        if subject is None or not names_an_actor(self.doc, s, subject) or subject[1] + 1 >= len(words):
            return None
        rest = [w.lower() for w in words[subject[1]:]]
        if rest[0] not in ATTITUDE_COPULAS or not any(w in ATTITUDE_WORDS for w in rest[1:5]):
            return None
        return None, (s, *subject)

    def own_source(self, s: int, words: list[str]) -> tuple[Cue | None, tuple[int, int, int]] | None:
        """A Konjunktiv sentence that names its own source: "Nach X soll ...", "Für X sei ...",
        or a cue verb with a subject ("Ein Sprecher verwies auf ...")."""
        from service.speaker import genitive_attribute_end, noun_phrase_after, subject_of_verb

        if words[0].lower() in ("nach", "laut", "für", "gemäß") and len(words) > 2:
            phrase = noun_phrase_after(words, 1)
            if phrase is not None and words[0].lower() in ("nach", "für") and not names_a_source(self.doc, s, phrase):
                phrase = None  # "Nach dem Angriff sollen ...": a time, not a source; "Für die Kirchen": a beneficiary
            if phrase is not None:
                end = genitive_attribute_end(words, phrase[1], len(words))
                return Cue(s, 0, 1, "nach", 2, lemma=words[0].lower()), (s, phrase[0], end)
        for match in find_verb_cues(words):
            # a cue verb in Konjunktiv is itself part of the reported content ("Die NATO sehe ...")
            if match.is_finite and match.strength >= 2 and not is_reported_speech_verb(words[match.index]) and \
                    not in_embedded_clause(words, match.index):  # "Grund sei, dass die USA … befürchtet"
                subject = subject_of_verb(words, match.index, match.index)
                if subject is not None and words[subject[0]].lower() not in ("es", "man", "er", "sie"):
                    return cue_from_match(s, match), (s, *subject)
        return None

    def last_candidate_per_sentence(self) -> dict[int, int]:
        """Sentence -> index of the candidate that starts last in it (one pass, sorted by start)."""
        result: dict[int, int] = {}
        for idx in sorted(range(len(self.candidates)), key=lambda i: self.candidates[i].start):
            cand = self.candidates[idx]
            for s in range(cand.first_sentence, cand.last_sentence + 1):
                result[s] = idx
        return result

    # -- mixed and clean-up ------------------------------------------------------------------

    def mark_mixed(self) -> None:
        fragments = sorted(self.fragments)
        starts = [f[0] for f in fragments]
        for cand in self.candidates:
            if cand.type != "indirect":
                continue
            k = bisect_right(starts, cand.start - 1)
            inside = []
            attribution = self.attribution_spans(cand)
            while k < len(fragments) and fragments[k][0] < cand.end:
                if fragments[k][1] <= cand.end and not any(a <= fragments[k][0] and fragments[k][1] <= b
                                                           for a, b in attribution):
                    inside.append(fragments[k])  # not the source's quoted name: "nach einem Bericht des „Spiegel“"
                k += 1
            if inside and inside == [(cand.start, cand.end)]:
                cand.type = "direct"  # "„Nein“, sagte sie": a short quote that is the whole message
            elif inside:
                cand.type = "mixed"
                cand.fragments = inside

    def attribution_spans(self, cand: QuoteCandidate) -> list[tuple[int, int]]:
        """Character spans of the cue and the named source inside or around a message."""
        spans = []
        for where in (cand.source, (cand.cue.sentence, cand.cue.start, cand.cue.end) if cand.cue else None):
            if where is not None:
                spans.append(self.doc.char_span(*where))
        return spans

    def resolve_overlaps(self) -> list[QuoteCandidate]:
        # "Laut X appellierte Y an ...": the named source wins over the verb inside the reported sentence
        priority = {"direct": 0, "direct_uncued": 0, "source_laut": 1, "source_nach": 1, "source_zufolge": 1,
                    "source_so": 1, "verb_complement_after": 2, "verb_complement_before": 2, "wie_before": 2,
                    "source_nach_post": 2, "source_demnach": 2, "anaphoric": 2, "wie_after": 2, "continuation": 3,
                    "continuation_far": 3, "konjunktiv_own_source": 3, "reported": 4, "labelled_fragment": 5}
        order = sorted(range(len(self.candidates)),
                       key=lambda i: (priority.get(self.candidates[i].origin, 5), self.candidates[i].start))
        kept: list[tuple[int, int, int]] = []  # (start, end, index), sorted
        for i in order:
            cand = self.candidates[i]
            if overlaps_kept(cand, kept, self.candidates):
                continue
            insort(kept, (cand.start, cand.end, i))
        return [self.candidates[i] for _, _, i in kept]

    def run(self) -> list[QuoteCandidate]:
        self.find_direct()
        self.find_transcript_turns()
        self.find_indirect()
        self.add_reported()
        self.add_embedded()
        self.find_continuations()
        self.add_labelled_fragments()
        self.mark_mixed()
        kept = self.resolve_overlaps()
        # continuations point at candidate indices; remap them to the kept list
        index_of = {id(c): k for k, c in enumerate(kept)}
        for cand in kept:
            if cand.previous is not None:
                prev = self.candidates[cand.previous]
                cand.previous = index_of.get(id(prev))
        return kept


MAX_INTERRUPTION_GAP_WORDS = 4  # adverbials between the attribution and the comma that closes it ("am Montag")


def message_parts(text: str, start: int, end: int, attribution: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The message without the attribution that interrupts it: "Er sei, betonte X, entlassen worden" and
    "„Wir sind bereit“, sagte er, „aber …“" are two parts each. ``attribution`` holds the cue, speaker and
    addressee spans; a message they do not interrupt is one part."""
    inner = [(a, b) for a, b in attribution if start < a and b < end]
    if not inner:
        return [(start, end)]
    lo, hi = min(a for a, _ in inner), max(b for _, b in inner)
    left = text.rfind(",", start, lo)
    right = text.find(",", hi, end)
    if left < 0 or right < 0 or len(text[left + 1:lo].split()) > 1 or \
            len(text[hi:right].split()) > MAX_INTERRUPTION_GAP_WORDS or any(c in text[hi:right] for c in ".!?:;"):
        return [(start, end)]
    first_end = len(text[:left].rstrip())
    second_start = right + 1 + (len(text[right + 1:end]) - len(text[right + 1:end].lstrip()))
    if first_end <= start or second_start >= end:
        return [(start, end)]
    return [(start, first_end), (second_start, end)]


# Labels before a colon that open a line but name no speaker
NOT_SPEAKER_LABELS = frozenset({"hinweis", "update", "fazit", "quelle", "quellen", "foto", "bild", "anmerkung",
                                "achtung", "wichtig", "tipp", "stand", "datum", "ort", "zeit", "titel", "thema",
                                "siehe", "mehr", "lesen sie auch", "auch interessant", "video", "grafik", "korrektur",
                                "transparenzhinweis", "offenlegung", "disclaimer", "kommentar", "analyse", "hintergrund",
                                "info", "infos", "kontakt", "termin", "termine", "preis", "ergebnis", "ergebnisse"})
TRANSCRIPT_SLOTS = frozenset({"frage", "antwort", "f", "a"})  # the turn's speaker is not written in the label


def overlaps_kept(cand: QuoteCandidate, kept: list[tuple[int, int, int]], candidates: list[QuoteCandidate]) -> bool:
    """Does ``cand`` overlap a kept candidate by more than half? Kept ones barely overlap, so look nearby.
    A labelled fragment may sit inside reported speech (both are kept)."""
    k = bisect_right(kept, (cand.start, float("inf"), 0))
    for j in range(max(0, k - 8), min(len(kept), k + 8)):
        other = candidates[kept[j][2]]
        if kept[j][0] >= cand.end:
            break
        if {cand.origin, other.origin} == {"labelled_fragment", "reported"}:
            continue
        if overlap_ratio(cand, other) > 0.5:
            return True
    return False


def overlap_ratio(a: QuoteCandidate, b: QuoteCandidate) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / max(1, min(a.end - a.start, b.end - b.start))


NACH_NOUN_LIKE = frozenset({"angaben", "worten", "ansicht", "auffassung", "einschätzung", "informationen", "meinung"})


class _PseudoVerb:
    def __init__(self, lemma: str, strength: int):
        self.lemma = lemma
        self.particle = ""
        self.strength = strength


SO_VERB = _PseudoVerb("so", 3)
WORDS_VERB = _PseudoVerb("mit Worten", 3)
HEISST_VERB = _PseudoVerb("heißen", 2)
BECAME_KNOWN = _PseudoVerb("bekannt werden", 2)
WORDS_FRAME_DETERMINERS = frozenset({"diesen", "den", "seinen", "ihren", "folgenden", "jenen"})


QUOTATION_NOUNS = frozenset({"worte", "zitat", "aussage", "äußerung", "sätze", "satz"})
REACTION_VERBS = frozenset({"reagierte", "reagierten", "äußerte", "äußerten", "kommentierte", "kommentierten",
                            "antwortete", "antworteten"})


def attribution_pointing_back(words: list[str]) -> CueMatch | None:
    """The cue of a sentence that attributes the quote before it: "Das sagte X", "Mit diesen Worten
    reagierte X", "So reagierte X"."""
    if len(words) < 3:
        return None
    framed = words_frame_end(words, 0)
    if framed is not None:
        return CueMatch(WORDS_VERB, framed, "present")
    opener = words[0].lower()
    if opener == "davon" and words[1].lower() in ("ist", "sind", "war", "waren", "zeigte", "zeigt") and \
            "überzeugt" in [w.lower() for w in words[2:clause_end(words, 1) + 1]]:
        return CueMatch(WORDS_VERB, 1, "present")  # "„…“ Davon ist der Minister überzeugt."
    if opener == "dieser" and words[1].lower() in STANCE_NOUNS and len(words) > 3 and \
            words[2].lower() in ("ist", "sind", "war", "waren"):
        return CueMatch(WORDS_VERB, 2, "present")  # "„…“ Dieser Meinung ist auch die Opposition."
    if opener not in ("das", "dies", "so"):
        return None
    match = next((m for m in find_verb_cues(words[:2]) if m.index == 1 and m.is_finite), None)
    if match is None and opener != "so" and words[1].lower() in INVERTED_AUXILIARIES:
        # "Das musste Bundesfinanzminister Peer Steinbrück einräumen": the cue closes the clause
        match = next((m for m in find_verb_cues(words[:clause_end(words, 1) + 1])
                      if m.kind in ("participle", "infinitive")), None)
    if match is not None and match.strength >= 2:
        return match
    return CueMatch(WORDS_VERB, 1, "present") if opener == "so" and words[1].lower() in REACTION_VERBS else None


def attitude_after_quote(clause: list[str]) -> bool:
    """"gab sich die Gewerkschaftschefin kämpferisch", "ist sich die Kanzlerin sicher": a reflexive attitude
    right after a quote attributes it like a verb of saying."""
    if len(clause) < 4 or clause[1].lower() != "sich":
        return False
    verb = clause[0].lower()
    if verb in ("gab", "gibt", "gaben", "geben"):
        return True
    return verb in ("ist", "war", "sind", "waren") and any(w.lower() in ("sicher", "gewiss", "einig", "bewusst")
                                                           for w in clause[2:])


STANCE_NOUNS = frozenset({"meinung", "ansicht", "auffassung", "überzeugung", "einschätzung"})


def words_frame_end(words: list[str], index: int) -> int | None:
    """Index of the finite verb after "mit diesen/den/seinen Worten" at ``index``, if one follows."""
    if index + 3 < len(words) and words[index].lower() == "mit" and \
            words[index + 1].lower() in WORDS_FRAME_DETERMINERS and words[index + 2].lower() in WORDS_NOUNS and \
            words[index + 3][:1].islower() and words[index + 3].isalpha():
        return index + 3
    return None



def is_verb_final_es_clause(words: list[str], verb: int) -> bool:
    """"wie es in der Erklärung hieß": a subordinate clause with "es" before its final verb."""
    start = clause_start(words, verb)
    return words[start].lower() in ("wie", "als", "wo") and start + 1 < verb and words[start + 1].lower() == "es"


def heisst_es_cues(words: list[str]) -> list[CueMatch]:
    """"heißt es" / "hieß es" / "es heißt": the statement is the source ("In der Erklärung heißt es, ...")."""
    found = []
    for k, word in enumerate(words):
        if word.lower() in ("heißt", "hieß", "hieße", "heiße") and (
                k + 1 < len(words) and words[k + 1].lower() == "es" or k > 0 and words[k - 1].lower() == "es"
                or is_verb_final_es_clause(words, k)):
            found.append(CueMatch(HEISST_VERB, k, "present"))
        elif word.lower() == "geheißen" and "es" in [w.lower() for w in words[max(0, k - 4):k]]:
            found.append(CueMatch(HEISST_VERB, k, "participle"))  # "hatte es zunächst geheißen"
        elif word.lower() in ("verlautete", "verlautet") and not {"ließ", "lässt", "ließen", "lassen"} & {
                w.lower() for w in words[clause_start(words, k):clause_end(words, k)]}:
            found.append(CueMatch(HEISST_VERB, k, "present"))  # "…, verlautete aus Regierungskreisen"
        elif is_written_there(words, k):
            found.append(CueMatch(HEISST_VERB, k, "present"))  # "In dem Schreiben ist zu lesen, …"
    return found


def is_written_there(words: list[str], k: int) -> bool:
    """"ist zu lesen", "war zu hören", "steht geschrieben": where it is written or said is the source."""
    lower = words[k].lower()
    if lower in ("lesen", "hören", "vernehmen") and k > 1 and words[k - 1].lower() == "zu":
        return bool({w.lower() for w in words[clause_start(words, k):k]} & {"ist", "war", "waren", "sind", "steht"})
    return lower == "geschrieben" and k > 0 and words[k - 1].lower() in ("steht", "stand", "stehe")


def became_known_cues(words: list[str]) -> list[CueMatch]:
    """"wurde bekannt, dass ..." / "war bekannt geworden, dass ...": a statement without a named source."""
    found = []
    for k, word in enumerate(words):
        if word.lower() == "bekannt" and k + 2 < len(words):
            nxt = k + 1 if words[k + 1].lower() != "geworden" else k + 2
            near = {w.lower() for w in words[max(0, k - 4):k]} | {words[k + 1].lower()}
            if words[nxt] == "," and nxt + 1 < len(words) and words[nxt + 1].lower() in ("dass", "ob") and \
                    near & {"wurde", "wurden", "wird", "geworden", "war", "ist"}:
                found.append(CueMatch(BECAME_KNOWN, k, "present"))
    return found


def cue_from_match(s: int, match: CueMatch) -> Cue:
    kind = "so" if match.verb is SO_VERB else "heisst" if match.verb is HEISST_VERB else "verb"
    return Cue(s, match.index, match.index + 1, kind, match.verb.strength, lemma=match.verb.lemma,
               verb=match.index, particle=match.particle_indices, finite=kind != "verb" or match.is_finite)


def find_quotes(doc: DocumentView) -> list[QuoteCandidate]:
    return QuoteFinder(doc).run()
