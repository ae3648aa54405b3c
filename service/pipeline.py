"""The analysis pipeline: normalise, split, tag entities, find quotes, speakers and addressees.

Every stage works on the normalised text; all offsets are mapped back to the submitted text at
the very end, so ``text[start:end]`` equals the returned text for every span.
"""

from __future__ import annotations

import inspect
import time
from dataclasses import dataclass

from service.addressee import find_addressee
from service.document import EntityMention, Sentence
from service.normalize import NormalizedText, classify_lines, normalize
from service.quotes import DocumentView, QuoteCandidate, find_quotes
from service.speaker import (
    DiscourseState,
    EntityIndex,
    PERSON_PRONOUNS,
    SpeakerMention,
    finite_verb_index,
    role_word,
    subject_of_verb,
    trim_to_person,
)
from service.tokens import split_sentences

PIPELINE_VERSION = "quotes-2"


class PipelineTimeout(Exception):
    """The deadline passed between two stages."""


@dataclass
class ResolvedQuote:
    candidate: QuoteCandidate
    speaker: SpeakerMention | None
    speaker_tokens: tuple[int, int, int] | None  # (sentence, start, end)
    addressee: tuple[int, int] | None  # character span
    cue: tuple[int, int] | None = None  # character span
    confidence: float = 0.0


class Pipeline:
    def __init__(self, tagger):
        self.tagger = tagger

    def analyze(self, text: str, deadline: float | None = None) -> dict:
        normalized = normalize(text)
        check_deadline(deadline)
        sentences = split_sentences(normalized.text)
        check_deadline(deadline)
        mentions = self.tag_entities(normalized.text, sentences, deadline) if sentences else []
        check_deadline(deadline)
        return analyze_normalized(normalized, sentences, mentions, self.tagger.model_id)


    def tag_entities(self, text: str, sentences: list[Sentence], deadline: float | None) -> list[EntityMention]:
        """NER mentions with at least one letter or digit (the tagger sees the deadline when it takes one)."""
        if deadline is not None and accepts_deadline(self.tagger):
            mentions = self.tagger.tag(text, sentences, deadline=deadline)
        else:
            mentions = self.tagger.tag(text, sentences)
        return [m for m in mentions if any(ch.isalnum() for ch in m.text)]


def accepts_deadline(tagger) -> bool:
    try:
        return "deadline" in inspect.signature(tagger.tag).parameters
    except (TypeError, ValueError):
        return False


def check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise PipelineTimeout("pipeline deadline exceeded")


def analyze_normalized(normalized: NormalizedText, sentences: list[Sentence], mentions: list[EntityMention],
                       model_id: str) -> dict:
    lines = classify_lines(normalized.text)
    boilerplate = [(line.start, line.end) for line in lines if line.kind == "boilerplate"]
    headings = [(line.start, line.end) for line in lines if line.kind == "heading"]
    doc = DocumentView(normalized.text, sentences, mentions, boilerplate, headings)
    candidates = find_quotes(doc)
    entities = EntityIndex(mentions)
    resolved = resolve_all(doc, candidates, entities)
    return render(normalized, resolved, entities, model_id)


# ------------------------------------------------------------------------------------------
# Speakers


def speaker_tokens_for(doc: DocumentView, cand: QuoteCandidate) -> tuple[int, int, int] | None:
    if cand.source is not None:
        return cand.source
    cue = cand.cue
    if cue is None:
        return None
    words = doc.words[cue.sentence]
    if cue.kind == "colon":
        from service.speaker import clause_start_before, subject_of_clause

        # "Peskow: „…“", "Koppelin wörtlich: „…“": only a person-like subject, else the quote carries on
        phrase = subject_of_clause(words, clause_start_before(words, cue.start), cue.start)
        return (cue.sentence, *phrase) if phrase else None
    if cue.kind == "so":
        from service.speaker import noun_phrase_after

        phrase = noun_phrase_after(words, cue.start + 1)
        return (cue.sentence, *phrase) if phrase else None
    if cue.kind == "heisst":
        from service.speaker import source_of_heisst

        phrase = source_of_heisst(words, cue.start)
        return (cue.sentence, *phrase) if phrase else None
    if cue.verb is None:
        return None
    if cue.verb > 0 and words[cue.verb - 1].lower() == "und":
        shared = coordinated_subject(doc, cue.sentence, cue.verb)
        if shared is not None:
            return shared
    finite = finite_verb_index(words, cue.verb, cue.finite)
    phrase = subject_of_verb(words, cue.verb, finite)
    if cue.lemma == "zitieren" and (phrase is None or words[phrase[0]].lower() == "man"):
        from service.speaker import noun_phrase_after

        # "zitierte man Yolanda Alvarez": the quoted person is the object
        phrase = noun_phrase_after(words, (phrase[1] if phrase else cue.verb + 1))
    if phrase is None:
        return None
    phrase = trim_to_person(phrase, words, doc.token_entities[cue.sentence])
    if quote_contains(doc, cand, cue.sentence, phrase):
        return None
    return (cue.sentence, *phrase)


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
    role = role_word(words, start, end)
    if end - start == 1 and words[start].lower() in PERSON_PRONOUNS:
        key = state.last_person()
        cluster = entities.clusters.get(key) if key else None
        antecedent = antecedent_before(getattr(state, "antecedents", []), char_start)
        if antecedent is not None:
            resolved, _ = describe_speaker(doc, antecedent, entities, state)
            if resolved.kind in ("PER", "NOUN") or cluster is None:
                return SpeakerMention(char_start, char_end, text, "PRON", resolved.name, resolved.entity_key), None
        if cluster is not None:
            return SpeakerMention(char_start, char_end, text, "PRON", cluster.name, key), None
        named = state.last_named_speaker()
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
        key = state.role_owner.get(role) or state.last_person()
        cluster = entities.clusters.get(key) if key and not words[start].lower() in ("ein", "eine") else None
        if cluster is not None and not has_genitive_name(words, start, end):
            return SpeakerMention(char_start, char_end, text, "NOUN", cluster.name, cluster.key), None
    name = " ".join(text.split())
    return SpeakerMention(char_start, char_end, text, "NOUN", name, None), None


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


def note_people(doc: DocumentView, sentence: int, entities: EntityIndex, state: DiscourseState) -> None:
    """Remember roles written before person names ("Kreml-Sprecher Dmitri Peskow")."""
    words = doc.words[sentence]
    seen = set()
    for k, mention in enumerate(doc.token_entities[sentence]):
        if mention is None or mention.label != "PER" or id(mention) in seen:
            continue
        seen.add(id(mention))
        cluster = entities.cluster_of(mention)
        role = role_word(words, max(0, k - 3), k)
        if cluster is not None:
            state.note_person(cluster.key, role)


def subject_antecedents(doc: DocumentView, candidates: list[QuoteCandidate]) -> list[tuple[int, tuple[int, int, int]]]:
    """Person-like subjects of every sentence and of every cue verb, by position: pronoun antecedents.

    Phrases inside direct quotes do not count; sentence subjects count when they look like a person
    (a PER entity, a role noun, or a bare name without article).
    """
    from bisect import bisect_right

    from service.cues import find_verb_cues
    from service.speaker import SUBJECT_PRONOUNS, subject_of_clause

    direct = sorted((c.start, c.end) for c in candidates if c.type == "direct")
    starts = [d[0] for d in direct]

    def in_direct(position: int) -> bool:
        k = bisect_right(starts, position) - 1
        return k >= 0 and direct[k][0] <= position < direct[k][1]

    found: list[tuple[int, tuple[int, int, int]]] = []
    for s, words in enumerate(doc.words):
        if doc.skipped[s] or not words:
            continue
        phrases = []
        subject = subject_of_clause(words, 0, len(words))
        if subject is not None and looks_like_person(doc, s, subject, words):
            phrases.append(subject)
        for match in find_verb_cues(words):
            if match.strength >= 2:
                finite = finite_verb_index(words, match.index, match.is_finite)
                phrases.append(subject_of_verb(words, match.index, finite))
        for cand in candidates:
            named = cand.name_source or cand.source
            if named is not None and named[0] == s:
                phrases.append((named[1], named[2]))
        for phrase in phrases:
            if phrase is None or words[phrase[0]].lower() in SUBJECT_PRONOUNS:
                continue
            position = doc.char_span(s, *phrase)[0]
            if not in_direct(position):
                found.append((position, (s, *phrase)))
    found.sort()
    return found


def looks_like_person(doc: DocumentView, s: int, phrase: tuple[int, int], words: list[str]) -> bool:
    from service.speaker import DETERMINERS

    start, end = phrase
    if any(m is not None and m.label == "PER" for m in doc.token_entities[s][start:end]):
        return True
    if role_word(words, start, end):
        return True
    return words[start].lower() not in DETERMINERS and all(w[:1].isupper() for w in words[start:end]) and end - start <= 3


def antecedent_before(antecedents: list[tuple[int, tuple[int, int, int]]], position: int) -> tuple[int, int, int] | None:
    from bisect import bisect_left

    k = bisect_left(antecedents, (position, (-1, -1, -1)))
    return antecedents[k - 1][1] if k > 0 else None


def resolve_all(doc: DocumentView, candidates: list[QuoteCandidate], entities: EntityIndex) -> list[ResolvedQuote]:
    state = DiscourseState()
    state.antecedents = subject_antecedents(doc, candidates)
    resolved: list[ResolvedQuote] = []
    noted_until = -1
    for cand in candidates:
        first = cand.cue.sentence if cand.cue else cand.first_sentence
        for s in range(noted_until + 1, first):
            note_people(doc, s, entities, state)
        noted_until = max(noted_until, first - 1)
        speaker, where = resolve_speaker(doc, cand, resolved, entities, state)
        addressee = None
        if cand.cue is not None and cand.cue.verb is not None:
            words = doc.words[cand.cue.sentence]
            subject = (where[1], where[2]) if where and where[0] == cand.cue.sentence else None
            span = find_addressee(words, cand.cue.verb, cand.cue.lemma, subject, cand.cue.particle)
            if span is not None:
                a_start, a_end = doc.char_span(cand.cue.sentence, *span)
                if cand.type == "reported" or not (cand.start <= a_start < cand.end):
                    addressee = (a_start, a_end)
        cue_span = doc.char_span(cand.cue.sentence, cand.cue.start, cand.cue.end) if cand.cue else None
        item = ResolvedQuote(cand, speaker, where, addressee, cue_span)
        item.confidence = confidence(item)
        resolved.append(item)
    return resolved


def resolve_speaker(doc: DocumentView, cand: QuoteCandidate, resolved: list[ResolvedQuote], entities: EntityIndex,
                    state: DiscourseState) -> tuple[SpeakerMention | None, tuple[int, int, int] | None]:
    """The speaker mention of a quote and where it stands (sentence, token start, token end)."""
    where = speaker_tokens_for(doc, cand)
    if cand.cue is not None and cand.cue.kind == "colon" and where is not None and \
            not looks_like_person(doc, where[0], (where[1], where[2]), doc.words[where[0]]):
        # "Seine Zuversicht gründet sich auf ...: „…“": a non-person subject; the quote carries on
        prev = previous_quote(resolved, cand, doc)
        if prev is not None and cand.first_sentence - prev.candidate.last_sentence <= 1:
            return prev.speaker, prev.speaker_tokens
    if where is None and cand.cue is not None and cand.cue.verb is not None:
        where = fallback_source(doc, cand)
    if where is not None:
        speaker, role = describe_speaker(doc, where, entities, state)
        if cand.name_source is not None:
            named, _ = describe_speaker(doc, cand.name_source, entities, state)
            speaker.name, speaker.entity_key = named.name, named.entity_key
        state.note_speaker(speaker, role)
        return speaker, where
    if cand.speaker_rule == "continuation":
        prev = previous_quote(resolved, cand, doc)
        if prev is not None:
            return prev.speaker, prev.speaker_tokens
    return None, None


def fallback_source(doc: DocumentView, cand: QuoteCandidate) -> tuple[int, int, int] | None:
    """No subject next to the cue: a passive's agent or statement, or the subject of a coordinated verb."""
    from service.speaker import clause_start_before, passive_source, subject_of_clause

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
    from service.speaker import noun_phrase_after

    words = doc.words[sentence]
    if "und" not in [w.lower() for w in words[max(0, verb - 3):verb]]:
        return None
    phrase = noun_phrase_after(words, 0)
    if phrase is None or words[0].lower() in ("es", "man") or words[0] in ("„", '"'):
        return None
    return (sentence, *phrase)


def previous_quote(resolved: list[ResolvedQuote], cand: QuoteCandidate, doc: DocumentView) -> ResolvedQuote | None:
    if cand.previous is not None and cand.previous < len(resolved):
        prev = resolved[cand.previous]
        return prev if prev.speaker is not None else None
    for prev in reversed(resolved):
        if cand.first_sentence - prev.candidate.last_sentence <= 2 and prev.speaker is not None:
            return prev
        break
    return None


# ------------------------------------------------------------------------------------------
# Confidence


# Prior probability that a quote found by each rule is a real quote with the right speaker: the rule's
# quote precision times its speaker accuracy, measured on the SpkAtt development split (not the holdout),
# rounded; features below move a quote up or down from its rule's prior.
ORIGIN_PRIOR = {
    "direct": 0.8, "source_zufolge": 0.9, "source_so": 0.85, "source_laut": 0.85, "source_nach": 0.85,
    "wie_before": 0.85, "anaphoric": 0.8, "verb_complement_after": 0.65, "verb_complement_before": 0.55,
    "continuation": 0.5, "konjunktiv_own_source": 0.5, "direct_uncued": 0.45, "source_demnach": 0.45,
    "reported": 0.33, "labelled_fragment": 0.2, "source_nach_post": 0.3, "embedded": 0.15,
    "continuation_far": 0.1,
}
SPEAKER_KIND_BONUS = {"PER": 0.06, "ORG": 0.03, "LOC": 0.0, "NOUN": 0.0, "PRON": 0.0}


def confidence(item: ResolvedQuote) -> float:
    cand = item.candidate
    score = ORIGIN_PRIOR.get(cand.origin, 0.4)
    if cand.cue is not None:
        score += 0.03 * (cand.cue.strength - 2)
    if item.speaker is None:
        score -= 0.1
    else:
        score += SPEAKER_KIND_BONUS.get(item.speaker.kind, 0.0)
    if cand.type == "mixed":
        score += 0.05
    return round(min(1.0, max(0.0, score)), 3)


# ------------------------------------------------------------------------------------------
# Output


def render(normalized: NormalizedText, resolved: list[ResolvedQuote], entities: EntityIndex, model_id: str) -> dict:
    original = normalized.original
    entity_ids = {key: f"e{k}" for k, key in enumerate(sorted(entities.clusters, key=lambda key: entities.clusters[key].mentions[0][0]), 1)}

    def span(start: int, end: int) -> dict:
        o_start, o_end = normalized.to_original(start, end)
        return {"text": original[o_start:o_end], "start": o_start, "end": o_end}

    quotes = []
    for item in sorted(resolved, key=lambda r: (r.candidate.start, r.candidate.end)):
        cand = item.candidate
        quote = {"id": "", "type": cand.type, **span(cand.start, cand.end)}
        speaker = None
        if item.speaker is not None:
            sp = item.speaker
            speaker = {**span(sp.start, sp.end), "name": sp.name,
                       "entity_id": entity_ids.get(sp.entity_key) if sp.entity_key else None, "kind": sp.kind}
        quote["speaker"] = speaker
        quote["cue"] = span(*item.cue) if item.cue else None
        quote["addressee"] = span(*item.addressee) if item.addressee else None
        quote["confidence"] = item.confidence
        quotes.append(quote)
    for number, quote in enumerate(quotes, 1):
        quote["id"] = f"q{number}"
    return {"quotes": quotes, "entities": render_entities(entities, entity_ids, span),
            "model": {"ner": model_id, "pipeline": PIPELINE_VERSION}}


def render_entities(entities: EntityIndex, entity_ids: dict[str, str], span) -> list[dict]:
    result = []
    for key, entity_id in sorted(entity_ids.items(), key=lambda kv: int(kv[1][1:])):
        cluster = entities.clusters[key]
        mentions = [span(start, end) for start, end, _ in sorted(cluster.mentions)]
        result.append({"id": entity_id, "name": cluster.name, "type": cluster.type, "mentions": mentions})
    return result
