"""The analysis pipeline: normalise, split, tag entities, find quotes, speakers and addressees.

Every stage works on the normalised text; all offsets are mapped back to the submitted text at
the very end, so ``text[start:end]`` equals the returned text for every span.
"""

from __future__ import annotations

import inspect
import time

from service.addressee import addressee_after_source, find_addressee
from service.document import EntityMention, Sentence, without_trailing_particles
from service.normalize import NormalizedText, classify_lines, normalize
from service.quotes import DocumentView, QuoteCandidate, find_quotes, message_parts
from service.speaker import (
    DiscourseState,
    EntityIndex,
    ResolvedQuote,
    note_people,
    previous_quote,
    resolve_speaker,
    subject_antecedents,
)
from service.tokens import split_sentences

PIPELINE_VERSION = "quotes-8"


class PipelineTimeout(Exception):
    """The deadline passed between two stages."""


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
        return [trimmed for m in mentions if (trimmed := without_trailing_particles(m)) is not None]


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
# Speakers, addressees and confidence of every quote


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
        if cand.cue is not None:
            words = doc.words[cand.cue.sentence]
            subject = (where[1], where[2]) if where and where[0] == cand.cue.sentence else None
            if cand.cue.verb is not None:
                span = find_addressee(words, cand.cue.verb, cand.cue.lemma, subject, cand.cue.particle)
            else:
                span = addressee_after_source(words, cand.source[2]) if cand.source and \
                    cand.source[0] == cand.cue.sentence else None
            cue_start = doc.char_span(cand.cue.sentence, cand.cue.start, cand.cue.end)[0]
            if span is not None:
                a_start, a_end = doc.char_span(cand.cue.sentence, *span)
                # inside the quote only where the attribution itself interrupts it ("„…“, sagte X der Agentur, „…“")
                interrupting = cand.start <= cue_start < cand.end and a_start > cue_start
                if cand.type == "reported" or not (cand.start <= a_start < cand.end) or interrupting:
                    addressee = (a_start, a_end)
        # a bracket after a name ("Merkel („…“)") attributes the quote but is no cue word
        shown_cue = cand.cue is not None and cand.cue.kind != "bracket"
        cue_span = doc.char_span(cand.cue.sentence, cand.cue.start, cand.cue.end) if shown_cue else None
        if cue_span is None and cand.type == "direct" and cand.speaker_rule == "continuation":
            cue_span = cue_of_the_quote_carried_on(doc, cand, resolved, speaker)
        item = ResolvedQuote(cand, speaker, where, addressee, cue_span)
        item.confidence = confidence(item)
        resolved.append(item)
    return resolved


def cue_of_the_quote_carried_on(doc: DocumentView, cand: QuoteCandidate, resolved: list[ResolvedQuote],
                                speaker) -> tuple[int, int] | None:
    """"„A“, sagte Beck. „B“": B goes on with A's speaker and A's cue."""
    prev = previous_quote(resolved, cand, doc)
    if prev is None or prev.cue is None or prev.speaker is not speaker or \
            cand.first_sentence - prev.candidate.last_sentence > 1:
        return None
    return prev.cue


# ------------------------------------------------------------------------------------------
# Confidence


# Prior probability that a quote found by each rule is a real quote with the right speaker: the rule's
# quote precision times its speaker accuracy, measured on the SpkAtt development split (not the holdout),
# rounded; features below move a quote up or down from its rule's prior.
ORIGIN_PRIOR = {
    "direct": 0.8, "source_zufolge": 0.9, "source_so": 0.85, "source_laut": 0.85, "source_nach": 0.85,
    "wie_before": 0.85, "wie_after": 0.8, "anaphoric": 0.8, "verb_complement_after": 0.65, "verb_complement_before": 0.55,
    "continuation": 0.5, "konjunktiv_own_source": 0.5, "direct_uncued": 0.45, "source_demnach": 0.45,
    "reported": 0.33, "labelled_fragment": 0.2, "source_nach_post": 0.3, "embedded": 0.15,
    "continuation_far": 0.1,
    "transcript": 0.7,  # too rare in SpkAtt to measure (9 sentences); a labelled interview line is strong evidence
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
        attribution = [item.cue] if item.cue else []
        attribution += [(item.speaker.start, item.speaker.end)] if item.speaker is not None else []
        attribution += [item.addressee] if item.addressee else []
        quote["parts"] = [span(a, b) for a, b in message_parts(normalized.text, cand.start, cand.end, attribution)]
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
