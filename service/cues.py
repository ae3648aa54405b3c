"""Cue lexicon: German speech, writing and thought verbs, cue nouns and mood.

The verb lexicon lives in ``service/data/cue_verbs.tsv`` as lemma + particle +
(for strong verbs) principal parts; this module generates the inflected forms
(present, preterite, participle, Konjunktiv I/II, zu-infinitive, the particle
joined to the verb as in subordinate clauses) and matches them in a sentence,
including separated particles ("räumte ... ein", "gab ... zu verstehen").

Konjunktiv I is detected from the 3rd-person-singular form stem + "e" of the
cue verbs and of the common verbs in ``service/data/konjunktiv_verbs.txt``;
those forms differ from the indicative (stem + "t") and mark reported speech.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

INSEPARABLE_PREFIXES = ("be", "emp", "ent", "er", "ge", "miss", "ver", "zer", "über", "unter", "wider", "hinter")
CLAUSE_BREAKS = frozenset(",;:.!?()[]\"„“”»«‚‘›‹–—")
QUOTE_CHARS = frozenset("\"„“”»«‚‘›‹'")

# Prepositional / nominal cues: a source follows (laut X, nach Angaben X) or precedes (X zufolge).
SOURCE_AFTER_CUES = frozenset({"laut", "gemäß", "lt."})
SOURCE_BEFORE_CUES = frozenset({"zufolge"})
NACH_CUE_NOUNS = frozenset({
    "angaben", "worten", "ansicht", "auffassung", "einschätzung", "informationen", "meinung",
    "aussage", "aussagen", "darstellung", "schätzung", "schätzungen", "berichten", "bericht",
    "erkenntnissen", "auskunft", "überzeugung", "einschätzungen", "meldungen", "recherchen",
    "beobachtungen", "vorstellung", "vorstellungen", "überlegungen", "ermittlungen", "zählungen",
    "berechnungen", "umfragen", "mitteilung", "erklärung", "äußerungen", "medienberichten",
})
# Nouns naming a statement, used for "die Erklärung, dass ..." and as compound heads ("Polizeiangaben").
STATEMENT_NOUNS = frozenset({
    "aussage", "erklärung", "mitteilung", "stellungnahme", "äußerung", "behauptung", "forderung",
    "warnung", "ankündigung", "angaben", "vorwurf", "vorwürfe", "kritik", "hinweis", "einschätzung",
    "meldung", "bericht", "berichte", "berichten", "pressemitteilung", "presseerklärung", "interview",
    "appell", "zusage", "versprechen", "drohung", "dementi", "bestätigung", "vermutung", "befürchtung",
    "überzeugung", "ansicht", "auffassung", "meinung",
})
CONTINUATION_MODALS = frozenset({"soll", "sollen", "sollte", "sollten"})

KONJUNKTIV_II = frozenset({
    "hätte", "hätten", "wäre", "wären", "würde", "würden", "könnte", "könnten", "müsste", "müssten",
    "dürfte", "dürften", "möchte", "möchten", "gäbe", "gäben", "käme", "kämen", "ginge", "gingen",
    "stünde", "stünden", "läge", "lägen", "ließe", "ließen", "bliebe", "blieben", "hielte", "hielten",
    "sähe", "sähen", "wüsste", "wüssten", "bräuchte", "bräuchten", "täte", "täten", "fände", "fänden",
    # umlaut forms of strong verbs, and singular "-ie-" forms: no indicative reads the same
    "befände", "befänden", "entstünde", "entstünden", "verstünde", "verstünden", "gälte", "gälten", "stürbe",
    "stürben", "träfe", "träfen", "spräche", "sprächen", "bräche", "brächen", "nähme", "nähmen", "säße", "säßen",
    "trüge", "trügen", "schlüge", "schlügen", "zöge", "zögen", "flöge", "flögen", "wüchse", "wüchsen", "gewönne",
    "gewönnen", "begänne", "begännen", "verlöre", "verlören", "brächte", "brächten", "dächte", "dächten",
    "geschähe", "geschähen", "fiele", "liefe", "riefe", "schiene", "schriebe", "stiege", "hieße", "wiese",
    "schwiege", "verließe", "erschiene", "bewiese", "entschiede",
})
# Plurals without umlaut equal the indicative preterite ("Die Grenzen blieben geschlossen"): Konjunktiv only
# after a speech verb ("heißt es, die Grenzen blieben geschlossen"), never a marker on their own.
PRETERITE_LIKE_KONJUNKTIV_II = frozenset({"gingen", "blieben", "hielten", "ließen"})
# stem + e forms that are far more often a pronoun, adjective, ordinal or particle.
KONJUNKTIV_I_HOMOGRAPHS = frozenset({
    "meine", "reiche", "sichere", "achte", "bitte", "danke", "eine", "seine", "keine", "ende", "alle",
    "lange", "sie", "die", "ihre", "stärke", "schwäche", "wende", "rechte", "übrige", "letzte", "einige",
})
# Forms of cue verbs that are mostly adjectives or other words in news text.
NOT_CUE_FORMS = frozenset({"bekannt", "bekannte", "bekannten", "verboten", "wiederholt", "erwartet", "gefragt",
                           "verurteilt", "bestimmt", "geraten", "gesehen", "überzeugt", "bedacht", "einigen"})
SEPARABLE_PARTICLES = frozenset({"ab", "an", "auf", "aus", "bei", "ein", "fest", "mit", "nach", "vor", "weg", "zu",
                                 "zurück", "hinzu", "hervor", "los", "fort", "um", "her", "hin", "dar", "durch", "zusammen",
                                 "heraus", "hinaus", "voran", "vorbei", "bekannt", "klar", "offen"})
IRREGULAR_KONJUNKTIV_I = frozenset({"sei", "seien", "seiest", "sei's", "habe", "werde", "wisse"})
AUXILIARIES = frozenset({
    "hat", "haben", "hatte", "hatten", "habe", "hätte", "hätten", "ist", "sind", "war", "waren", "sei",
    "seien", "wäre", "wären", "wird", "werden", "wurde", "wurden", "werde", "würde", "würden",
    "kann", "können", "konnte", "konnten", "könne", "könnte", "könnten", "muss", "müssen", "musste",
    "mussten", "müsse", "müsste", "soll", "sollen", "sollte", "sollten", "solle", "will", "wollen",
    "wollte", "wollten", "wolle", "darf", "dürfen", "durfte", "dürfe", "dürfte", "mag", "möchte",
})


@dataclass(frozen=True)
class CueVerb:
    """One lexicon entry."""

    lemma: str
    particle: str  # separable part, may be several words ("zu verstehen"); "" if none
    strength: int  # 3 speech act proper, 2 likely reporting, 1 weak (thought/stance)


@dataclass(frozen=True)
class VerbForm:
    verb: CueVerb
    kind: str  # present, preterite, participle, konj1, konj2, infinitive, zu_infinitive
    needs_particle: bool  # the form is the bare base of a particle verb; the particle must follow


@dataclass(frozen=True)
class CueMatch:
    """A cue verb found in a token list: verb token index and, if separated, its particle tokens."""

    verb: CueVerb
    index: int
    kind: str
    particle_indices: tuple[int, ...] = ()

    @property
    def lemma(self) -> str:
        return self.verb.lemma

    @property
    def strength(self) -> int:
        return self.verb.strength

    @property
    def is_finite(self) -> bool:
        return self.kind in ("present", "preterite", "konj1", "konj2")


def verb_stem(infinitive: str) -> str:
    if infinitive.endswith(("ern", "eln")):
        return infinitive[:-1]
    if infinitive.endswith("en"):
        return infinitive[:-2]
    if infinitive.endswith("n"):
        return infinitive[:-1]
    return infinitive


def needs_e_insertion(stem: str) -> bool:
    """arbeit-et, red-et, rechn-et, atm-et: an e before the t ending."""
    if stem.endswith(("t", "d")):
        return True
    if len(stem) >= 3 and stem[-1] in "mn" and stem.endswith(("chn", "chm")):
        return True  # zeichn-et, rechn-et
    return len(stem) >= 2 and stem[-1] in "mn" and stem[-2] not in "aeiouäöülrmnh"


def takes_ge_prefix(base: str) -> bool:
    return not (base.endswith("ieren") or base.startswith(INSEPARABLE_PREFIXES))


def weak_forms(base: str) -> dict[str, str]:
    stem = verb_stem(base)
    e = "e" if needs_e_insertion(stem) else ""
    participle = ("ge" if takes_ge_prefix(base) else "") + stem + e + "t"
    preterite = stem + e + "te"
    return {"present": stem + e + "t", "preterite": preterite, "participle": participle, "konj2": preterite}


def plural_of_past(form: str) -> str:
    return form + ("n" if form.endswith("e") else "en")


def inflect(verb: CueVerb, base: str, parts: list[str]) -> dict[str, str]:
    """All interesting forms of the base verb (without particle): form -> kind."""
    principal = weak_forms(base)
    for key, value in zip(("present", "preterite", "participle", "konj2"), parts):
        if value:
            principal[key] = value
    stem = verb_stem(base)
    forms: dict[str, str] = {}

    def add(form: str, kind: str) -> None:
        forms.setdefault(form.lower(), kind)

    add(principal["present"], "present")
    add(principal["preterite"], "preterite")
    add(plural_of_past(principal["preterite"]), "preterite")
    add(principal["konj2"], "konj2")
    add(plural_of_past(principal["konj2"]), "konj2")
    add(stem + "e", "konj1")
    add(principal["participle"], "participle")
    add(base, "infinitive")
    return forms


def forms_participle(base: str, parts: list[str]) -> str:
    return (parts[2] if len(parts) > 2 and parts[2] else weak_forms(base)["participle"]).lower()


def parse_lexicon_line(line: str) -> tuple[CueVerb, str, list[str]] | None:
    if not line.strip() or line.startswith("#"):
        return None
    cols = line.rstrip("\n").split("\t")
    cols += [""] * (7 - len(cols))
    lemma, particle, strength = cols[0].strip(), cols[1].strip(), cols[2].strip()
    verb = CueVerb(lemma=lemma, particle=particle, strength=int(strength or 1))
    if lemma.startswith("sich "):
        base = lemma[len("sich "):]
    elif particle and " " in lemma:
        base = lemma.split()[-1]
    elif particle:
        base = lemma[len(particle):]
    else:
        base = lemma
    return verb, base, cols[3:7]


class CueLexicon:
    """Inflected cue-verb forms, indexed by lower-cased token text."""

    def __init__(self, lines: list[str]):
        self.forms: dict[str, list[VerbForm]] = {}
        self.verbs: list[CueVerb] = []
        self.participle_forms: set[str] = set()
        for line in lines:
            parsed = parse_lexicon_line(line)
            if parsed:
                self._add_verb(*parsed)

    def _add(self, form: str, entry: VerbForm) -> None:
        if form in KONJUNKTIV_I_HOMOGRAPHS or form in NOT_CUE_FORMS:
            return
        bucket = self.forms.setdefault(form, [])
        if not any(e.verb == entry.verb and e.needs_particle == entry.needs_particle for e in bucket):
            bucket.append(entry)

    def _add_verb(self, verb: CueVerb, base: str, parts: list[str]) -> None:
        self.verbs.append(verb)
        forms = inflect(verb, base, parts)
        single_word_particle = verb.particle.lower() if verb.particle and " " not in verb.particle else ""
        participle = forms_participle(base, parts)
        self.participle_forms.add(participle)
        if single_word_particle:
            self.participle_forms.add(single_word_particle + participle)
        for form, kind in forms.items():
            # The bare base of a particle verb (teilte, gewiesen) is a cue only with its particle.
            self._add(form, VerbForm(verb, kind, needs_particle=bool(verb.particle)))
            if single_word_particle:
                # Subordinate clauses and participles join the particle: mitteilte, hinzugefügt.
                joined_kind = "participle" if kind == "participle" else kind
                self._add(single_word_particle + form, VerbForm(verb, joined_kind, needs_particle=False))
        if single_word_particle:
            self._add(single_word_particle + "zu" + base.lower(), VerbForm(verb, "zu_infinitive", False))

    def can_be_participle(self, word: str) -> bool:
        """Weak verbs with be-/er-/ver- share present and participle: "erklärt", "begründet"."""
        lower = word.lower()
        if lower in self.participle_forms:
            return True
        return False

    def lookup(self, word: str) -> list[VerbForm]:
        return self.forms.get(word.lower(), [])


@lru_cache(maxsize=1)
def load_cue_lexicon() -> CueLexicon:
    with open(DATA_DIR / "cue_verbs.tsv", encoding="utf-8") as handle:
        return CueLexicon(handle.readlines())


@lru_cache(maxsize=1)
def konjunktiv_i_forms() -> frozenset[str]:
    forms = set(IRREGULAR_KONJUNKTIV_I)
    with open(DATA_DIR / "konjunktiv_verbs.txt", encoding="utf-8") as handle:
        infinitives = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    infinitives += [verb.lemma.split()[-1] for verb in load_cue_lexicon().verbs]
    for infinitive in infinitives:
        if infinitive.endswith("en") and infinitive not in ("sein",):
            forms.add(verb_stem(infinitive) + "e")
        elif infinitive.endswith(("eln", "ern")):
            forms.add(infinitive[:-1] + "e")  # handele / handle, ändere
            forms.add(infinitive[:-3] + infinitive[-2] + "e")
    return frozenset((forms | {"seien"}) - KONJUNKTIV_I_HOMOGRAPHS)


def is_konjunktiv_i(word: str) -> bool:
    """3rd-person Konjunktiv I forms that cannot be read as indicative (sei, habe, könne, betone); any
    lower-case "-iere" of an -ieren verb (existiere, funktioniere) is one too."""
    lower = word.lower()
    return lower in konjunktiv_i_forms() or word[:1].islower() and lower.endswith("iere") and len(lower) > 6 and \
        lower.isalpha()


def is_konjunktiv_ii(word: str) -> bool:
    return word.lower() in KONJUNKTIV_II


def is_reported_speech_verb(word: str) -> bool:
    """Finite verbs that mark a clause as reported: Konjunktiv I or the reportative 'soll'."""
    lower = word.lower()
    return lower in konjunktiv_i_forms() or lower in CONTINUATION_MODALS


def is_clause_break(token_text: str) -> bool:
    return token_text in CLAUSE_BREAKS or (len(token_text) == 1 and token_text in QUOTE_CHARS)


def find_particle(words: list[str], start: int, particle: str) -> tuple[int, ...] | None:
    """Indices of the separated particle (one or more words) after ``start`` inside the same clause."""
    parts = particle.lower().split()
    limit = min(len(words), start + 40)
    i = start
    while i + 1 < limit:
        i += 1
        if words[i] == "(":
            close = next((k for k in range(i + 1, limit) if words[k] == ")"), None)
            if close is not None:  # "wirft Wolfgang Schäuble (CDU) dem Minister ... vor"
                i = close
                continue
        if words[i] in CLAUSE_BREAKS and words[i] not in QUOTE_CHARS:
            return None  # quoted words inside the clause ("rief zum „Heiligen Krieg“ auf") do not end it
        if words[i].lower() == parts[0] and [w.lower() for w in words[i:i + len(parts)]] == parts:
            after = i + len(parts)
            # a separated particle closes the clause; "warnte ... vor einer Entsendung" is a preposition
            if after >= len(words) or is_clause_break(words[after]) and words[after] not in QUOTE_CHARS or \
                    words[after].lower() in ("und", "oder", "sowie"):
                return tuple(range(i, after))  # "riet zu „Gelassenheit“": a preposition before a quote
    return None


def particle_precedes(words: list[str], index: int, particle: str) -> tuple[int, ...] | None:
    """'davon ausgehen' style phrases where the phrase words stand before the verb in subordinate order."""
    parts = particle.lower().split()
    n = len(parts)
    if index - n >= 0 and [w.lower() for w in words[index - n:index]] == parts:
        return tuple(range(index - n, index))
    return None


def _light_verb(lemma: str, phrases: tuple[str, ...], strength: int,
                forms: dict[str, str]) -> list[tuple[str, VerbForm]]:
    """One support verb with the noun phrases that make it a cue ("ist der Ansicht", "hegt den Verdacht")."""
    verbs = [CueVerb(lemma=f"{phrase} {lemma}", particle=phrase, strength=strength) for phrase in phrases]
    return [(form, VerbForm(verb, kind, needs_particle=True)) for verb in verbs for form, kind in forms.items()]


def _index_forms(entries: list[tuple[str, VerbForm]]) -> dict[str, list[VerbForm]]:
    index: dict[str, list[VerbForm]] = {}
    for form, entry in entries:
        index.setdefault(form, []).append(entry)
    return index


# Support verbs whose noun phrase carries the speech or thought act: the noun phrase is found like a
# separated particle, at the end of the clause in verb-second order and before the verb in verb-final order.
LIGHT_VERB_CUES: dict[str, list[VerbForm]] = _index_forms(
    _light_verb("sein", ("der Ansicht", "der Meinung", "der Auffassung", "der Überzeugung"), 2, {
        "ist": "present", "sind": "present", "war": "preterite", "waren": "preterite", "sei": "konj1",
        "seien": "konj1", "wäre": "konj2", "wären": "konj2", "gewesen": "participle", "sein": "infinitive"})
    + _light_verb("kommen", ("zu dem Schluss", "zum Schluss", "zu dem Ergebnis", "zum Ergebnis"), 2, {
        "kommt": "present", "kommen": "present", "kam": "preterite", "kamen": "preterite", "komme": "konj1",
        "käme": "konj2", "kämen": "konj2", "gekommen": "participle"})
    + _light_verb("ansehen", ("als erwiesen an", "als bewiesen an"), 2, {  # "sahen es als erwiesen an, dass"
        "sieht": "present", "sehen": "present", "sah": "preterite", "sahen": "preterite", "sehe": "konj1"})
    + _light_verb("halten", ("für erwiesen", "für bewiesen"), 2, {
        "hält": "present", "halten": "present", "hielt": "preterite", "hielten": "preterite", "halte": "konj1"})
    + _light_verb("hegen", ("den Verdacht",), 2, {
        "hegt": "present", "hegen": "present", "hegte": "preterite", "hegten": "preterite", "hege": "konj1",
        "gehegt": "participle"})
    + _light_verb("erheben", ("den Vorwurf", "Vorwürfe", "die Forderung"), 3, {
        "erhebt": "present", "erheben": "present", "erhob": "preterite", "erhoben": "preterite",
        "erhebe": "konj1", "erhöbe": "konj2"})
    + _light_verb("sein", ("überzeugt", "zuversichtlich", "optimistisch", "sich sicher", "sich einig",
                           "der gegenteiligen Auffassung", "der gegenteiligen Ansicht", "der gegenteiligen Meinung"), 2, {
        "ist": "present", "sind": "present", "war": "preterite", "waren": "preterite", "sei": "konj1",
        "seien": "konj1", "wäre": "konj2", "wären": "konj2"})
    + _light_verb("vertreten", ("die Auffassung", "die Ansicht", "die Meinung", "die These", "die Position",
                                "den Standpunkt"), 2, {
        "vertritt": "present", "vertreten": "present", "vertrat": "preterite", "vertraten": "preterite",
        "vertrete": "konj1"})
    + _light_verb("machen", ("zur Bedingung",), 2, {
        "macht": "present", "machen": "present", "machte": "preterite", "machten": "preterite", "mache": "konj1"})
    + _light_verb("bestehen", ("darauf",), 2, {
        "besteht": "present", "bestehen": "present", "bestand": "preterite", "bestanden": "preterite",
        "bestehe": "konj1"})
    + _light_verb("legen", ("Wert darauf", "großen Wert darauf"), 2, {
        "legt": "present", "legen": "present", "legte": "preterite", "legten": "preterite", "lege": "konj1"})
    + _light_verb("wollen", ("wissen",), 3, {  # "wollte wissen, ob ...": a question
        "will": "present", "wollen": "present", "wollte": "preterite", "wollten": "preterite", "wolle": "konj1"})
    + _light_verb("stehen", ("auf dem Standpunkt",), 2, {
        "steht": "present", "stehen": "present", "stand": "preterite", "standen": "preterite", "stehe": "konj1",
        "stünde": "konj2", "gestanden": "participle"})
)


def find_verb_cues(words: list[str]) -> list[CueMatch]:
    """Cue verbs in a token list, with separated particles resolved."""
    lexicon = load_cue_lexicon()
    matches: list[CueMatch] = []
    for i, word in enumerate(words):
        if not word[:1].isalpha():
            continue
        entries = lexicon.lookup(word) + LIGHT_VERB_CUES.get(word.lower(), [])
        if not entries or (word[:1].isupper() and i > 0 and not is_clause_break(words[i - 1])):
            continue  # capitalised inside a sentence: a noun (das Sagen, die Bitten), not a verb
        if is_attributive(words, i):
            continue  # "in der bereits erwähnten Videobotschaft": an adjective, not a verb
        if is_naming_apposition(words, i):
            continue  # "Dem Zerkratzen der Scheiben, auch Scratching genannt, soll …": a name given, no speech
        best: CueMatch | None = None
        for entry in entries:
            if entry.needs_particle:
                particle = find_particle(words, i, entry.verb.particle) or (
                    particle_precedes(words, i, entry.verb.particle))
                if not particle:
                    continue
                candidate = CueMatch(entry.verb, i, entry.kind, particle)
            else:
                if entry.kind in ("present", "preterite", "konj1", "konj2") and foreign_particle(words, i):
                    continue  # "sagte ... ab" is absagen, "sah ... aus" is aussehen
                candidate = CueMatch(entry.verb, i, entry.kind)
            if candidate.is_finite and lexicon.can_be_participle(word) and auxiliary_before(words, i):
                candidate = CueMatch(candidate.verb, i, "participle", candidate.particle_indices)
            if candidate.kind == "participle" and is_state_passive(words, i):
                continue  # "die Sicht sei eingeschränkt": a state, nobody speaks
            elif candidate.kind == "infinitive" and not governed_infinitive(words, i):
                candidate = CueMatch(candidate.verb, i, "present", candidate.particle_indices)  # "sie sagen"
            if best is None or rank(candidate) > rank(best):
                best = candidate
        if best is not None:
            matches.append(best)
    return matches


def is_naming_apposition(words: list[str], i: int) -> bool:
    """", auch Scratching genannt," / "(„Rosinenbomber“ genannt)": a participle of naming closing an apposition."""
    if words[i].lower() not in ("genannt", "bezeichnet", "getauft") or i + 1 >= len(words) or i == 0:
        return False
    return words[i + 1] in (",", ")", "–") and (words[i - 1][:1].isupper() or words[i - 1] in QUOTE_CHARS)


ATTRIBUTE_DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines "
    "sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres diese dieser diesen diesem dieses "
    "jene jener jenen jenem".split()
)
ATTRIBUTE_ADVERBS = frozenset("bereits schon oben eingangs zuvor vorher ebenfalls kürzlich jüngst häufig oft viel "
                              "mehrfach bisher so nicht noch".split())


def is_attributive(words: list[str], index: int) -> bool:
    """Is the verb-like form an inflected participle between a determiner and its noun ("die genannten
    Zahlen", "der bereits erwähnten Studie")?"""
    if index + 1 >= len(words) or not words[index + 1][:1].isupper() or not words[index].endswith(("e", "en", "em", "er", "es")):
        return False
    k = index - 1
    while k >= 0 and index - k <= 3 and words[k].lower() in ATTRIBUTE_ADVERBS:
        k -= 1
    if k < 0 or words[k].lower() not in ATTRIBUTE_DETERMINERS:
        return False
    # a clause-initial "Das" is usually the demonstrative object of a verb-second clause ("Das sagte Peskow")
    return not (words[k].lower() == "das" and (k == 0 or is_clause_break(words[k - 1])))


PERFECT_AUXILIARIES = frozenset({"hat", "haben", "hatte", "hatten", "habe", "hätte", "hätten", "wird", "werden",
                                 "wurde", "wurden", "worden", "ist", "sind", "war", "waren", "sei", "seien"})


def auxiliary_before(words: list[str], index: int) -> bool:
    k = index - 1
    while k >= 0 and words[k] not in (",", ";", ":", ".", "!", "?"):
        if words[k].lower() in PERFECT_AUXILIARIES:
            return True
        k -= 1
    return False


STATE_AUXILIARIES = frozenset({"ist", "sind", "war", "waren", "sei", "seien", "wäre", "wären"})
TENSE_AND_PASSIVE_AUXILIARIES = PERFECT_AUXILIARIES - STATE_AUXILIARIES
SEIN_PERFECT_ENDINGS = ("gangen", "kommen")  # ausgehen, kommen: their perfect takes "sein"


def is_state_passive(words: list[str], index: int) -> bool:
    """A participle whose only auxiliary is "sein" ("seien im Vertrag festgelegt") describes a state.

    Speech verbs form their perfect with "haben" and their passive with "werden"/"worden"; only
    "davon ausgegangen"/"zum Schluss gekommen" take "sein" and stay cues.
    """
    if words[index].lower().endswith(SEIN_PERFECT_ENDINGS):
        return False
    start, end = index, index + 1
    while start > 0 and not is_clause_break(words[start - 1]):
        start -= 1
    while end < len(words) and not is_clause_break(words[end]):
        end += 1
    clause = {w.lower() for w in words[start:end]}
    return bool(clause & STATE_AUXILIARIES) and not clause & TENSE_AND_PASSIVE_AUXILIARIES


MODAL_AND_FUTURE = frozenset({"will", "wollen", "wollte", "wollten", "wolle", "kann", "können", "konnte", "konnten",
                              "könne", "könnte", "könnten", "muss", "müssen", "musste", "mussten", "müsse", "müsste",
                              "soll", "sollen", "sollte", "sollten", "solle", "darf", "dürfen", "durfte", "dürfe",
                              "dürfte", "möchte", "möchten", "mag", "wird", "werden", "werde", "würde", "würden",
                              "wurde", "wurden", "lässt", "ließ", "ließen", "lassen"})


def governed_infinitive(words: list[str], index: int) -> bool:
    """Is the infinitive-looking form governed by zu, a modal or werden (else it is a plural present)?"""
    if index > 0 and words[index - 1].lower() == "zu":
        return True
    k = index - 1
    while k >= 0 and words[k] not in (",", ";", ":", ".", "!", "?"):
        if words[k].lower() in MODAL_AND_FUTURE:
            return True
        k -= 1
    return False


def foreign_particle(words: list[str], index: int) -> bool:
    """A separable particle closes the clause of a simple verb, so the verb is another one."""
    k = index + 1
    limit = min(len(words), index + 40)
    while k < limit and not (is_clause_break(words[k]) and words[k] not in QUOTE_CHARS):
        k += 1  # quote marks inside the clause ("nannte ihn einen „Lügner“") do not end it
    last = k - 1
    while last > index and words[last] in QUOTE_CHARS:
        last -= 1
    return last > index and words[last].lower() in SEPARABLE_PARTICLES


def rank(match: CueMatch) -> tuple[int, int, int]:
    return (len(match.particle_indices), match.strength, len(match.verb.particle))


SOURCE_NOUN_SUFFIXES = (
    "angaben", "angabe", "aussage", "aussagen", "meinung", "ansicht", "auffassung", "einschätzung", "einschätzungen",
    "bericht", "berichten", "berichte", "informationen", "darstellung", "erkenntnissen", "erkenntnisstand", "studie",
    "umfrage", "umfragen", "untersuchung", "untersuchungen", "schätzung", "schätzungen", "berechnung",
    "berechnungen", "planungen", "stellungnahme", "mitteilung", "erklärung", "meldung", "meldungen", "urteil",
    "auskunft", "überzeugung", "worten", "zählung", "zählungen", "prognose", "prognosen", "ergebnis",
    "ergebnissen", "vorüberlegungen", "recherchen", "gutachten", "schilderung", "schilderungen", "beobachtungen",
    "bekunden", "darstellungen", "vorstellungen", "überlegungen", "ermittlungen", "quellen", "medienberichten",
    "polizeiangaben", "expertenmeinung", "statistik", "daten", "zahlen", "einschätzung", "sicht", "lesart",
    "vorhersage", "vorhersagen", "medien",
)
NACH_MODIFIERS = frozenset(
    "den dem der des eigenen eigener eigenem seinen seiner seinem ihren ihrer ihrem deren dessen offiziellen offizieller "
    "ersten neuen neuesten bisherigen bisherigem vorläufigen vorläufigem übereinstimmenden jüngsten unbestätigten "
    "inoffiziellen einer einem eines amtlichen amtlicher aktuellen aktuellem letzten".split()
)


def is_source_noun(word: str) -> bool:
    lower = word.lower()
    return word[:1].isupper() and (lower in NACH_CUE_NOUNS or lower.endswith(SOURCE_NOUN_SUFFIXES))


def nach_cue_noun(words: list[str], index: int) -> int | None:
    """'nach Angaben', 'nach dem vorläufigen Endergebnis', 'nach Polizeiangaben': index of the noun after 'nach'."""
    if words[index].lower() != "nach":
        return None
    k = index + 1
    while k < len(words) and k <= index + 3 and (words[k].lower() in NACH_MODIFIERS or is_inflected_adjective(words[k])
                                                  or is_genitive_name(words, k)):
        k += 1
    if k < len(words) and is_source_noun(words[k]):
        return k
    return None


def is_genitive_name(words: list[str], k: int) -> bool:
    """"Grupps" in "Nach Grupps Meinung": a capitalised genitive before a capitalised noun."""
    word = words[k]
    return word[:1].isupper() and word.endswith("s") and len(word) > 3 and k + 1 < len(words) and \
        words[k + 1][:1].isupper()


def is_inflected_adjective(word: str) -> bool:
    """"israelischen", "offiziellen": lower-case words with an adjective ending."""
    return word[:1].islower() and word.isalpha() and len(word) > 4 and word.endswith(("en", "er", "em", "es"))


def is_nach_cue(words: list[str], index: int) -> bool:
    return nach_cue_noun(words, index) is not None


def postposed_nach_noun(words: list[str], index: int) -> int | None:
    """'Seiner Meinung nach', 'ihrer Ansicht nach': index of the noun before 'nach'."""
    if words[index].lower() != "nach" or index < 2:
        return None
    noun, det = words[index - 1], words[index - 2].lower()
    if noun.lower() in ("meinung", "ansicht", "auffassung", "einschätzung", "überzeugung", "angaben", "worten") and det in (
            "seiner", "ihrer", "deren", "dessen", "eigener") and words[index - 2] != "Ihrer":
        # "meiner/unserer Meinung nach" is the speaker's own voice, "Ihrer Meinung nach" asks the addressee
        return index - 1
    if noun.lower() == "vernehmen" and det == "dem":
        return index - 1  # "Dem Vernehmen nach": hearsay without a named source
    return None


def is_statement_noun(word: str) -> bool:
    lower = word.lower()
    return lower in STATEMENT_NOUNS or any(lower.endswith(noun) for noun in ("angaben", "erklärung", "mitteilung"))
