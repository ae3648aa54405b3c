"""Evaluate the quote pipeline on SpkAtt-style JSON documents (``zitat evaluate``).

For every document the text is rebuilt from its tokens (see ``detokenize``), run through
``service.pipeline.Pipeline`` with the configured NER tagger, and our character spans are mapped
back to their tokens.  The metrics and the matching rules are documented in docs/evaluation.md;
in short:

* gold quotes are the annotations with ``IsNested`` false; a prediction that only matches a
  nested annotation counts neither for nor against precision, and nested recall is reported
  on its own;
* a prediction matches a gold quote when the Dice overlap of their message tokens (quote marks
  left out on both sides) is >= 0.5, one to one, greedily by best Dice;
* speaker, cue and addressee are right when our mention shares a token with theirs.

Run ``python -m service.evaluation --help``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
HOLDOUT_MODULUS = 5  # holdout = documents whose sha256(id) mod 5 == 0 (about 20 %)

QUOTE_MARK_TOKENS = frozenset({"„", "“", "”", '"', "‚", "‘", "’", "'", "»", "«", "›", "‹", "''", "``", "´", "´´", ",,"})
_ALWAYS_OPENING = frozenset({"„", "‚", ",,", "``", "(", "[", "{"})
_CLOSING_BRACKETS = frozenset({")", "]", "}"})
_NO_SPACE_BEFORE = frozenset({",", ".", ":", ";", "!", "?", "%", "…", "...", "):"}) | _CLOSING_BRACKETS

FORM_TO_TYPE = {
    "Direct": "direct",
    "Indirect": "indirect",
    "FreeIndirect": "indirect",
    "IndirectFreeIndirect": "indirect",
    "Reported": "reported",
}
ROLES = ("speaker", "cue", "addressee")


def shared_dir() -> Path:
    return Path(os.environ.get("ZITAT_SHARED_DIR") or REPO_ROOT.parent / "shared")


def default_data_dir() -> Path:
    return shared_dir() / "data" / "spkatt-news" / "train"


# --------------------------------------------------------------------------------------------
# Documents and their text


@dataclass
class DetokenizedDocument:
    """The rebuilt text of one SpkAtt document and where each of its tokens lies in it."""

    doc_id: str
    name: str
    text: str
    token_ids: list[tuple[int, int]]  # (sentence id, token index) in text order
    token_spans: list[tuple[int, int]]  # [start, end) of each token in text
    token_texts: list[str]
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [start for start, _ in self.token_spans]
        self._index = {token_id: i for i, token_id in enumerate(self.token_ids)}

    def token_index(self, token_id: tuple[int, int]) -> int | None:
        return self._index.get(token_id)

    def tokens_in_span(self, start: int, end: int) -> frozenset[int]:
        """Indices of the tokens that share at least one character with ``[start, end)``."""
        if end <= start:
            return frozenset()
        first = max(bisect_right(self._starts, start) - 1, 0)
        last = bisect_left(self._starts, end)
        return frozenset(i for i in range(first, last) if self.token_spans[i][1] > start)

    def span_text(self, tokens: Iterable[int]) -> str:
        ordered = sorted(tokens)
        if not ordered:
            return ""
        return self.text[self.token_spans[ordered[0]][0]:self.token_spans[ordered[-1]][1]]


def detokenize(doc_id: str, name: str, sentences: Sequence[Sequence[str]], layout: str = "spaces") -> DetokenizedDocument:
    """Rebuild readable text from tokens, recording every token's character span.

    No space goes before , . : ; ) ! ? % and closing quote marks, none after opening quote
    marks and brackets.  Whether an ambiguous mark (" “ ” » « ' '') opens or closes is decided
    by whether a quote is open at that point.  ``layout="spaces"`` joins sentences with a
    space (one paragraph: SpkAtt has no paragraph information, and quotes may span sentences);
    ``layout="lines"`` puts every sentence on its own line.
    """
    pieces: list[str] = []
    length = 0
    token_ids: list[tuple[int, int]] = []
    token_spans: list[tuple[int, int]] = []
    token_texts: list[str] = []
    open_marks: set[str] = set()
    glue_next = True  # nothing before the first token of the text
    for sentence_id, tokens in enumerate(sentences):
        for token_index, token in enumerate(tokens):
            role = _quote_role(token, open_marks)
            if not glue_next and not (token in _NO_SPACE_BEFORE or role == "close"):
                # SpkAtt sometimes splits sentences before a comma; those stay glued.
                separator = "\n" if token_index == 0 and layout == "lines" else " "
                pieces.append(separator)
                length += 1
            pieces.append(token)
            token_ids.append((sentence_id, token_index))
            token_spans.append((length, length + len(token)))
            token_texts.append(token)
            length += len(token)
            glue_next = role == "open" or token in _ALWAYS_OPENING
    return DetokenizedDocument(doc_id, name, "".join(pieces), token_ids, token_spans, token_texts)


def _quote_role(token: str, open_marks: set[str]) -> str | None:
    """'open', 'close' or None for a token, updating which quote families are open."""
    family = _quote_family(token)
    if family is None:
        return None
    if token in _ALWAYS_OPENING:
        open_marks.add(family)
        return "open"
    if family in open_marks:
        open_marks.discard(family)
        return "close"
    open_marks.add(family)
    return "open"


def _quote_family(token: str) -> str | None:
    if token in {"„", "“", "”", '"', "''", "``", "´´", ",,"}:
        return "double"
    if token in {"‚", "‘", "’", "'"} :
        return "single"
    if token in {"»", "«"}:
        return "guillemet"
    if token in {"›", "‹"}:
        return "single guillemet"
    return None


def load_spkatt_document(path: Path, layout: str = "spaces") -> tuple[DetokenizedDocument, list["GoldQuote"]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    sentences_by_id = {s["SentenceId"]: s["Tokens"] for s in data["Sentences"]}
    ordered_ids = sorted(sentences_by_id)
    renumber = {sentence_id: i for i, sentence_id in enumerate(ordered_ids)}
    document = detokenize(
        document_id(path), data.get("DocumentName", path.stem), [sentences_by_id[i] for i in ordered_ids], layout
    )

    def role(refs: list[str]) -> frozenset[int]:
        indices = set()
        for ref in refs:
            sentence, token = (int(part) for part in ref.split(":"))
            index = document.token_index((renumber.get(sentence, -1), token))
            if index is not None:
                indices.add(index)
        return frozenset(indices)

    gold = [
        GoldQuote(
            message=role(a.get("Message", [])),
            source=role(a.get("Source", [])),
            cue=role(a.get("Cue", [])),
            addressee=role(a.get("Addr", [])),
            form=a.get("Form", ""),
            nested=bool(a.get("IsNested")),
        )
        for a in data.get("Annotations", [])
    ]
    return document, gold


def document_id(path: Path) -> str:
    match = re.match(r"\s*(\d+)", path.name)
    return match.group(1) if match else path.stem


def in_holdout(doc_id: str) -> bool:
    """The fixed holdout: sha256 of the document id, mod 5 == 0 (about a fifth of the set)."""
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % HOLDOUT_MODULUS == 0


def select_documents(paths: Iterable[Path], split: str) -> list[Path]:
    chosen = []
    for path in sorted(paths, key=lambda p: p.name):
        holdout = in_holdout(document_id(path))
        if split == "all" or (split == "holdout") == holdout:
            chosen.append(path)
    return chosen


# --------------------------------------------------------------------------------------------
# Gold, predictions and matching


@dataclass(frozen=True)
class GoldQuote:
    message: frozenset[int]
    source: frozenset[int] = frozenset()
    cue: frozenset[int] = frozenset()
    addressee: frozenset[int] = frozenset()
    form: str = "Direct"
    nested: bool = False
    has_quote_marks: bool = False  # quote marks inside the message (a mixed quote)

    @property
    def type(self) -> str:
        return FORM_TO_TYPE.get(self.form, self.form.lower())


@dataclass(frozen=True)
class PredictedQuote:
    message: frozenset[int]
    type: str
    confidence: float = 0.0
    speaker: frozenset[int] | None = None
    cue: frozenset[int] | None = None
    addressee: frozenset[int] | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def content_tokens(tokens: frozenset[int], texts: Sequence[str]) -> frozenset[int]:
    """Tokens minus quote marks, so that including the marks or not does not matter."""
    return frozenset(i for i in tokens if texts[i] not in QUOTE_MARK_TOKENS)


def dice(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def match_quotes(gold: Sequence[frozenset[int]], predicted: Sequence[frozenset[int]], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, predicted index, dice) pairs, greedily by best Dice >= threshold."""
    by_token: dict[int, list[int]] = defaultdict(list)
    for g, tokens in enumerate(gold):
        for token in tokens:
            by_token[token].append(g)
    candidates = []
    for p, tokens in enumerate(predicted):
        overlapping = {g for token in tokens for g in by_token.get(token, ())}
        for g in overlapping:
            score = dice(gold[g], tokens)
            if score >= threshold:
                candidates.append((score, g, p))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for score, g, p in candidates:
        if g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        pairs.append((g, p, score))
    return pairs


def type_is_right(gold: GoldQuote, predicted_type: str) -> bool:
    """Our "mixed" is right for a Direct or Indirect gold quote whose message has quote marks."""
    if predicted_type == "mixed":
        return gold.form in ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect") and gold.has_quote_marks
    return predicted_type == gold.type


def role_is_right(gold_role: frozenset[int], predicted_role: frozenset[int] | None) -> bool:
    return bool(predicted_role) and bool(gold_role & predicted_role)


def speaker_is_right(gold: GoldQuote, predicted: PredictedQuote) -> bool:
    """Overlap with the gold Source; where gold names no source, right only if we name none."""
    if not gold.source:
        return not predicted.speaker
    return role_is_right(gold.source, predicted.speaker)


@dataclass
class DocumentResult:
    doc_id: str
    gold: list[GoldQuote]
    nested_gold: list[GoldQuote]
    predicted: list[PredictedQuote]
    pairs: list[tuple[int, int, float]]  # (gold index, predicted index, dice)
    ignored_predictions: set[int]  # predictions that match only a nested gold quote
    nested_found: int
    seconds: float = 0.0
    offset_errors: int = 0


def evaluate_document(doc_id: str, gold_quotes: Sequence[GoldQuote], predicted: Sequence[PredictedQuote], token_texts: Sequence[str], seconds: float = 0.0, offset_errors: int = 0) -> DocumentResult:
    gold = [g for g in gold_quotes if not g.nested and g.message]
    nested = [g for g in gold_quotes if g.nested and g.message]
    gold_tokens = [content_tokens(g.message, token_texts) for g in gold]
    predicted_tokens = [content_tokens(p.message, token_texts) for p in predicted]
    pairs = match_quotes(gold_tokens, predicted_tokens)
    matched_predictions = {p for _, p, _ in pairs}
    unmatched = [i for i in range(len(predicted)) if i not in matched_predictions]
    nested_pairs = match_quotes(
        [content_tokens(g.message, token_texts) for g in nested], [predicted_tokens[i] for i in unmatched]
    )
    ignored = {unmatched[p] for _, p, _ in nested_pairs}
    return DocumentResult(doc_id, gold, nested, list(predicted), pairs, ignored, len(nested_pairs), seconds, offset_errors)


# --------------------------------------------------------------------------------------------
# Aggregation


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "tp": tp, "predicted": predicted, "gold": gold}


def _ratio(right: int, total: int) -> dict[str, float]:
    return {"accuracy": round(right / total, 4) if total else None, "right": right, "total": total}


def aggregate(results: Sequence[DocumentResult], token_texts_by_doc: dict[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """All metrics over the documents' results (see docs/evaluation.md)."""
    counts: Counter[str] = Counter()
    per_gold_type: dict[str, Counter[str]] = defaultdict(Counter)
    per_predicted_type: dict[str, Counter[str]] = defaultdict(Counter)
    scored: list[tuple[float, bool]] = []
    thresholded: list[tuple[float, bool, bool]] = []
    per_document: list[Counter[str]] = []
    for result in results:
        before = counts.copy()
        texts = (token_texts_by_doc or {}).get(result.doc_id)
        counts["documents"] += 1
        counts["gold"] += len(result.gold)
        counts["nested_gold"] += len(result.nested_gold)
        counts["nested_found"] += result.nested_found
        counts["offset_errors"] += result.offset_errors
        counted_predictions = [i for i in range(len(result.predicted)) if i not in result.ignored_predictions]
        counts["predicted"] += len(counted_predictions)
        counts["matched"] += len(result.pairs)
        matched_by_prediction = {p: g for g, p, _ in result.pairs}
        _count_message_tokens(result, counted_predictions, texts, counts)
        for g, p, _ in result.pairs:
            _count_pair(result.gold[g], result.predicted[p], counts, per_gold_type)
        for gold in result.gold:
            per_gold_type[gold.type]["gold"] += 1
        for i in counted_predictions:
            prediction = result.predicted[i]
            per_predicted_type[prediction.type]["predicted"] += 1
            per_predicted_type[prediction.type]["matched"] += i in matched_by_prediction
            scored.append((prediction.confidence, i in matched_by_prediction))
            joint_right = i in matched_by_prediction and speaker_is_right(result.gold[matched_by_prediction[i]], prediction)
            thresholded.append((prediction.confidence, i in matched_by_prediction, joint_right))
        per_document.append(counts - before)
    report = _report(counts, per_gold_type, per_predicted_type, scored, [r.seconds for r in results])
    report["by_confidence_threshold"] = threshold_sweep(thresholded, counts["gold"])
    report["intervals"] = bootstrap_intervals(per_document)
    return report


BOOTSTRAP_SAMPLES = 1000


def bootstrap_intervals(per_document: Sequence[Counter[str]], samples: int = BOOTSTRAP_SAMPLES,
                        seed: int = 0) -> dict[str, list[float]]:
    """95 % intervals of quote F1, speaker accuracy and joint F1 when the documents are resampled.

    Quotes in one article share a writer and a topic, so the document is the unit that is drawn
    (with replacement, as many as there are): the interval says how much the numbers could move
    on another set of articles of the same kind, e.g. between the dev and the holdout split.
    """
    import random

    if not per_document:
        return {}
    rng = random.Random(seed)
    metrics: dict[str, list[float]] = {"quote_f1": [], "speaker_accuracy": [], "joint_f1": []}
    for _ in range(samples):
        total: Counter[str] = Counter()
        for _ in range(len(per_document)):
            total.update(per_document[rng.randrange(len(per_document))])
        metrics["quote_f1"].append(_prf(total["matched"], total["predicted"], total["gold"])["f1"])
        metrics["joint_f1"].append(_prf(total["joint_tp"], total["predicted"], total["gold"])["f1"])
        if total["speaker_total"]:
            metrics["speaker_accuracy"].append(total["speaker_right"] / total["speaker_total"])
    return {name: _percentiles(values, (0.025, 0.975)) for name, values in metrics.items() if values}


def _percentiles(values: list[float], quantiles: tuple[float, ...]) -> list[float]:
    ordered = sorted(values)
    return [round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 4) for q in quantiles]


def threshold_sweep(predictions: Sequence[tuple[float, bool, bool]], gold: int) -> list[dict[str, float]]:
    """Quote and joint P/R/F1 when only predictions with confidence >= t are kept."""
    rows = []
    for step in range(10):
        threshold = step / 10
        kept = [p for p in predictions if p[0] >= threshold]
        quotes = _prf(sum(matched for _, matched, _ in kept), len(kept), gold)
        joint = _prf(sum(right for _, _, right in kept), len(kept), gold)
        rows.append({"threshold": threshold, "kept": len(kept), "quote_f1": quotes["f1"],
                     "quote_precision": quotes["precision"], "quote_recall": quotes["recall"], "joint_f1": joint["f1"]})
    return rows


def _count_message_tokens(result: DocumentResult, counted: list[int], texts: Sequence[str] | None, counts: Counter[str]) -> None:
    def content(tokens: frozenset[int]) -> frozenset[int]:
        return content_tokens(tokens, texts) if texts is not None else tokens

    gold_tokens = frozenset().union(*(content(g.message) for g in result.gold)) if result.gold else frozenset()
    predicted_tokens = frozenset().union(*(content(result.predicted[i].message) for i in counted)) if counted else frozenset()
    counts["message_tokens_gold"] += len(gold_tokens)
    counts["message_tokens_predicted"] += len(predicted_tokens)
    counts["message_tokens_tp"] += len(gold_tokens & predicted_tokens)


def _count_pair(gold: GoldQuote, predicted: PredictedQuote, counts: Counter[str], per_gold_type: dict[str, Counter[str]]) -> None:
    speaker_right = speaker_is_right(gold, predicted)
    counts["joint_tp"] += speaker_right
    type_counts = per_gold_type[gold.type]
    type_counts["matched"] += 1
    if gold.source:
        counts["speaker_total"] += 1
        counts["speaker_right"] += speaker_right
        type_counts["speaker_total"] += 1
        type_counts["speaker_right"] += speaker_right
    else:
        counts["no_gold_speaker"] += 1
        counts["no_gold_speaker_and_none_predicted"] += speaker_right
    if gold.cue:
        counts["cue_total"] += 1
        counts["cue_right"] += role_is_right(gold.cue, predicted.cue)
    if gold.addressee:
        counts["addressee_total"] += 1
        counts["addressee_right"] += role_is_right(gold.addressee, predicted.addressee)
    else:
        counts["no_gold_addressee"] += 1
        counts["addressee_predicted_without_gold"] += bool(predicted.addressee)
    type_right = type_is_right(gold, predicted.type)
    counts["type_right"] += type_right
    type_counts["type_right"] += type_right


def _report(counts: Counter[str], per_gold_type: dict[str, Counter[str]], per_predicted_type: dict[str, Counter[str]], scored: list[tuple[float, bool]], seconds: list[float]) -> dict[str, Any]:
    joint = _prf(counts["joint_tp"], counts["predicted"], counts["gold"])
    report: dict[str, Any] = {
        "documents": counts["documents"],
        "quotes": _prf(counts["matched"], counts["predicted"], counts["gold"]),
        "message_tokens": _prf(counts["message_tokens_tp"], counts["message_tokens_predicted"], counts["message_tokens_gold"]),
        "speaker": _ratio(counts["speaker_right"], counts["speaker_total"]),
        "speaker_none_when_gold_has_none": _ratio(counts["no_gold_speaker_and_none_predicted"], counts["no_gold_speaker"]),
        "joint": joint,
        "cue": _ratio(counts["cue_right"], counts["cue_total"]),
        "addressee": _ratio(counts["addressee_right"], counts["addressee_total"]),
        "addressee_predicted_without_gold": _ratio(counts["addressee_predicted_without_gold"], counts["no_gold_addressee"]),
        "type": _ratio(counts["type_right"], counts["matched"]),
        "nested": {"gold": counts["nested_gold"], "found": counts["nested_found"],
                   "recall": round(counts["nested_found"] / counts["nested_gold"], 4) if counts["nested_gold"] else None},
        "per_gold_type": {
            t: {"gold": c["gold"], "recall": round(c["matched"] / c["gold"], 4) if c["gold"] else None,
                "speaker_accuracy": round(c["speaker_right"] / c["speaker_total"], 4) if c["speaker_total"] else None,
                "type_accuracy": round(c["type_right"] / c["matched"], 4) if c["matched"] else None}
            for t, c in sorted(per_gold_type.items())
        },
        "per_predicted_type": {
            t: {"predicted": c["predicted"], "precision": round(c["matched"] / c["predicted"], 4) if c["predicted"] else None}
            for t, c in sorted(per_predicted_type.items())
        },
        "confidence": confidence_check(scored),
        "offset_errors": counts["offset_errors"],
        "seconds_per_document": round(sum(seconds) / len(seconds), 4) if seconds else None,
        "seconds_total": round(sum(seconds), 2),
    }
    return report


def confidence_check(scored: Sequence[tuple[float, bool]]) -> dict[str, Any]:
    """Precision of the more confident half of the predictions against the less confident half."""
    ranked = sorted(scored, key=lambda item: -item[0])  # stable: ties keep document order
    half = len(ranked) // 2
    top, bottom = ranked[:half], ranked[half:]
    top_precision = sum(right for _, right in top) / len(top) if top else None
    bottom_precision = sum(right for _, right in bottom) / len(bottom) if bottom else None
    return {
        "top_half_precision": round(top_precision, 4) if top_precision is not None else None,
        "bottom_half_precision": round(bottom_precision, 4) if bottom_precision is not None else None,
        "ordered": bool(top and bottom and top_precision > bottom_precision),
        "predictions": len(ranked),
    }


# --------------------------------------------------------------------------------------------
# Running the pipeline


def predictions_from_output(output: dict[str, Any], document: DetokenizedDocument) -> tuple[list[PredictedQuote], int]:
    """Our quotes as token sets, and how many returned spans break ``text[start:end] == span``."""
    predicted = []
    offset_errors = 0
    for quote in output.get("quotes", []):
        offset_errors += _offset_error(quote, document.text)
        spans = quote.get("parts") or quote.get("spans") or [quote]
        message = frozenset().union(*(document.tokens_in_span(s["start"], s["end"]) for s in spans))
        roles = {}
        for role in ROLES:
            mention = quote.get(role)
            offset_errors += _offset_error(mention, document.text) if mention else 0
            roles[role] = document.tokens_in_span(mention["start"], mention["end"]) if mention else None
        predicted.append(PredictedQuote(
            message=message, type=quote.get("type", ""), confidence=float(quote.get("confidence") or 0.0),
            speaker=roles["speaker"], cue=roles["cue"], addressee=roles["addressee"], raw=quote,
        ))
    return predicted, offset_errors


def _offset_error(span: dict[str, Any], text: str) -> int:
    return int(text[span["start"]:span["end"]] != span.get("text"))


def mark_mixed_gold(gold: list[GoldQuote], document: DetokenizedDocument) -> list[GoldQuote]:
    """Note which gold messages contain quote marks between their first and last token."""
    marked = []
    for quote in gold:
        if quote.message:
            first, last = min(quote.message), max(quote.message)
            inside = any(document.token_texts[i] in QUOTE_MARK_TOKENS for i in range(first + 1, last))
            quote = GoldQuote(quote.message, quote.source, quote.cue, quote.addressee, quote.form, quote.nested, inside)
        marked.append(quote)
    return marked


def run(paths: Sequence[Path], pipeline: Any, layout: str = "spaces", errors_path: Path | None = None, progress: bool = True) -> dict[str, Any]:
    results = []
    token_texts: dict[str, Sequence[str]] = {}
    error_records: list[dict[str, Any]] = []
    for number, path in enumerate(paths, 1):
        document, gold = load_spkatt_document(path, layout)
        gold = mark_mixed_gold(gold, document)
        started = time.perf_counter()
        output = pipeline.analyze(document.text)
        seconds = time.perf_counter() - started
        predicted, offset_errors = predictions_from_output(output, document)
        result = evaluate_document(document.doc_id, gold, predicted, document.token_texts, seconds, offset_errors)
        results.append(result)
        token_texts[document.doc_id] = document.token_texts
        if errors_path is not None:
            error_records.extend(error_records_for(result, document))
        if progress:
            print(f"[{number}/{len(paths)}] {document.doc_id}: gold {len(result.gold)}, predicted "
                  f"{len(predicted)}, matched {len(result.pairs)} ({seconds:.2f}s)", file=sys.stderr)
    report = aggregate(results, token_texts)
    if errors_path is not None:
        errors_path.parent.mkdir(parents=True, exist_ok=True)
        with errors_path.open("w", encoding="utf-8") as handle:
            for record in error_records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        report["error_categories"] = dict(Counter(error_category(r) for r in error_records).most_common())
    return report


# --------------------------------------------------------------------------------------------
# Error records


def _context(document: DetokenizedDocument, tokens: Iterable[int], width: int = 150) -> str:
    ordered = sorted(tokens)
    if not ordered:
        return ""
    start, end = document.token_spans[ordered[0]][0], document.token_spans[ordered[-1]][1]
    return document.text[max(0, start - width):min(len(document.text), end + width)]


def _role_text(document: DetokenizedDocument, tokens: frozenset[int] | None) -> str | None:
    return document.span_text(tokens) if tokens else None


def error_records_for(result: DocumentResult, document: DetokenizedDocument) -> list[dict[str, Any]]:
    """One JSON record per false positive, false negative and wrong role or type."""
    records = []
    base = {"doc": document.doc_id, "name": document.name}
    matched_gold = {g: (p, d) for g, p, d in result.pairs}
    matched_predictions = {p for _, p, _ in result.pairs}
    for g, gold in enumerate(result.gold):
        gold_view = _gold_view(gold, document)
        if g not in matched_gold:
            best = _best_overlap(gold, result.predicted, document.token_texts)
            records.append({**base, "error": "false_negative", "gold": gold_view,
                            "closest_prediction": _prediction_view(result.predicted[best[0]], document) if best else None,
                            "closest_dice": round(best[1], 3) if best else 0.0,
                            "context": _context(document, gold.message)})
            continue
        p, score = matched_gold[g]
        predicted = result.predicted[p]
        problems = []
        if not speaker_is_right(gold, predicted):
            problems.append("speaker")
        if gold.cue and not role_is_right(gold.cue, predicted.cue):
            problems.append("cue")
        if gold.addressee and not role_is_right(gold.addressee, predicted.addressee):
            problems.append("addressee")
        if not type_is_right(gold, predicted.type):
            problems.append("type")
        for problem in problems:
            records.append({**base, "error": f"wrong_{problem}", "dice": round(score, 3), "gold": gold_view,
                            "predicted": _prediction_view(predicted, document),
                            "context": _context(document, gold.message | gold.source)})
    for p, predicted in enumerate(result.predicted):
        if p in matched_predictions or p in result.ignored_predictions:
            continue
        records.append({**base, "error": "false_positive", "predicted": _prediction_view(predicted, document),
                        "context": _context(document, predicted.message)})
    return records


def _best_overlap(gold: GoldQuote, predicted: Sequence[PredictedQuote], texts: Sequence[str]) -> tuple[int, float] | None:
    target = content_tokens(gold.message, texts)
    scores = [(i, dice(target, content_tokens(p.message, texts))) for i, p in enumerate(predicted)]
    scores = [s for s in scores if s[1] > 0]
    return max(scores, key=lambda s: s[1]) if scores else None


def _gold_view(gold: GoldQuote, document: DetokenizedDocument) -> dict[str, Any]:
    return {"form": gold.form, "message": document.span_text(gold.message), "source": _role_text(document, gold.source),
            "cue": _role_text(document, gold.cue), "addressee": _role_text(document, gold.addressee)}


def _prediction_view(predicted: PredictedQuote, document: DetokenizedDocument) -> dict[str, Any]:
    raw = predicted.raw
    return {"type": predicted.type, "confidence": predicted.confidence, "message": raw.get("text", document.span_text(predicted.message)),
            "speaker": (raw.get("speaker") or {}).get("text"), "speaker_name": (raw.get("speaker") or {}).get("name"),
            "cue": (raw.get("cue") or {}).get("text"), "addressee": (raw.get("addressee") or {}).get("text")}


_PRONOUNS = frozenset("er sie es ihr ihm ihn man wir ich du uns".split())


def error_category(record: dict[str, Any]) -> str:
    """A coarse failure category for one error record, for the summary printed with --errors."""
    error = record["error"]
    gold = record.get("gold") or {}
    predicted = record.get("predicted") or {}
    if error == "false_negative":
        if record.get("closest_prediction"):
            return f"missed {gold['form']}: overlapping prediction with Dice < 0.5"
        return f"missed {gold['form']}" + ("" if gold.get("cue") else " (gold has no cue)")
    if error == "false_positive":
        return f"false positive {predicted['type']}" + ("" if predicted.get("cue") else " (no cue)")
    if error == "wrong_speaker":
        if not gold.get("source"):
            return "speaker given where gold has none"
        if not predicted.get("speaker"):
            return "speaker missing"
        if (gold["source"] or "").lower() in _PRONOUNS:
            return "speaker wrong (gold is a pronoun)"
        return "speaker wrong"
    if error == "wrong_type":
        return f"type {gold['form']} predicted as {predicted['type']}"
    if error == "wrong_addressee":
        return "addressee missing" if not predicted.get("addressee") else "addressee wrong"
    if error == "wrong_cue":
        return "cue missing" if not predicted.get("cue") else "cue wrong"
    return error


# --------------------------------------------------------------------------------------------
# Command line


def format_report(report: dict[str, Any]) -> str:
    def prf(name: str, values: dict[str, Any]) -> str:
        return (f"{name:<22} P {values['precision']:.3f}  R {values['recall']:.3f}  F1 {values['f1']:.3f}"
                f"  (tp {values['tp']}, predicted {values['predicted']}, gold {values['gold']})")

    def ratio(name: str, values: dict[str, Any]) -> str:
        accuracy = "n/a" if values["accuracy"] is None else f"{values['accuracy']:.3f}"
        return f"{name:<22} {accuracy}  ({values['right']}/{values['total']})"

    confidence = report["confidence"]
    lines = [
        f"documents              {report['documents']}",
        prf("quotes", report["quotes"]),
        prf("message tokens", report["message_tokens"]),
        ratio("speaker accuracy", report["speaker"]),
        ratio("  none when gold none", report["speaker_none_when_gold_has_none"]),
        prf("joint (quote+speaker)", report["joint"]),
        ratio("cue accuracy", report["cue"]),
        ratio("addressee accuracy", report["addressee"]),
        ratio("  addressee, gold none", report["addressee_predicted_without_gold"]),
        ratio("type accuracy", report["type"]),
        f"nested (not scored)    found {report['nested']['found']} of {report['nested']['gold']}",
        f"confidence             top half precision {confidence['top_half_precision']}, bottom half "
        f"{confidence['bottom_half_precision']} -> {'ordered' if confidence['ordered'] else 'NOT ordered'}",
        f"offset errors          {report['offset_errors']}",
        f"seconds per document   {report['seconds_per_document']} (total {report['seconds_total']})",
    ]
    intervals = report.get("intervals") or {}
    if intervals:
        lines.append("95% intervals, documents resampled: " + ", ".join(
            f"{name.replace('_', ' ')} {low:.3f}-{high:.3f}" for name, (low, high) in intervals.items()))
    lines.append("per gold type:")
    for name, values in report["per_gold_type"].items():
        lines.append(f"  {name:<10} gold {values['gold']:>5}  recall {values['recall']}  speaker {values['speaker_accuracy']}  type {values['type_accuracy']}")
    sweep = report.get("by_confidence_threshold") or []
    if sweep:
        lines.append("keeping only confidence >= t:")
        lines.extend(
            f"  t={row['threshold']:.1f}  kept {row['kept']:>5}  quote P {row['quote_precision']:.3f} "
            f"R {row['quote_recall']:.3f} F1 {row['quote_f1']:.3f}  joint F1 {row['joint_f1']:.3f}"
            for row in sweep if row["kept"]
        )
    lines.append("per predicted type:")
    for name, values in report["per_predicted_type"].items():
        lines.append(f"  {name:<10} predicted {values['predicted']:>5}  precision {values['precision']}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zitat evaluate",
        description="Evaluate the quote pipeline on SpkAtt-style JSON documents (see docs/evaluation.md).",
    )
    parser.add_argument("data", nargs="?", type=Path, default=None,
                        help="folder of SpkAtt JSON documents (default: ../shared/data/spkatt-news/train, "
                             "or $ZITAT_SHARED_DIR/data/spkatt-news/train)")
    parser.add_argument("--split", choices=("dev", "holdout", "all"), default="dev",
                        help="dev: documents used for development; holdout: sha256(id) %% 5 == 0, kept aside; all: both")
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N documents of the split")
    parser.add_argument("--layout", choices=("spaces", "lines"), default="spaces",
                        help="join rebuilt sentences with spaces (default) or put each on its own line")
    parser.add_argument("--json", dest="json_out", type=Path, default=None, help="write the numbers to this JSON file")
    parser.add_argument("--errors", type=Path, default=None, help="write mismatches (JSON lines) to this file")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument("--quiet", action="store_true", help="no per-document progress")
    parser.add_argument("--ner-cache", type=Path, default=None,
                        help="remember NER mentions per text in this JSON-lines file (keyed by model id), so "
                             "re-running the evaluation after a heuristic change skips the model")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = args.data or default_data_dir()
    if not data_dir.is_dir():
        print(f"SpkAtt data not found at {data_dir}; set ZITAT_SHARED_DIR or pass the folder.", file=sys.stderr)
        return 2
    paths = select_documents(data_dir.glob("*.json"), args.split)
    if args.limit is not None:
        paths = paths[: args.limit]
    if not paths:
        print(f"no documents in {data_dir} for split {args.split}", file=sys.stderr)
        return 2
    from service.ner import ModelLoadError

    try:
        pipeline, load_seconds, model_info = _load_pipeline(args.threads)
    except ModelLoadError as exc:
        print(f"cannot evaluate: {exc}", file=sys.stderr)
        return 3
    if args.ner_cache is not None:
        pipeline.tagger = MemoizedTagger(pipeline.tagger, args.ner_cache)
    report = run(paths, pipeline, args.layout, args.errors, progress=not args.quiet)
    report.update({"split": args.split, "layout": args.layout, "data": str(data_dir),
                   "model_load_seconds": round(load_seconds, 2), "model": model_info})
    print(format_report(report))
    if "error_categories" in report:
        print(f"top failure categories (details in {args.errors}):")
        for category, count in list(report["error_categories"].items())[:15]:
            print(f"{count:6d}  {category}")
    print(f"model load {load_seconds:.1f}s; model {model_info}")
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _load_pipeline(threads: int) -> tuple[Any, float, Any]:
    try:
        import torch

        torch.set_num_threads(max(1, threads))
    except ImportError:  # the pipeline decides whether it needs torch
        pass
    from service.ner import load_tagger
    from service.pipeline import Pipeline

    started = time.perf_counter()
    pipeline = Pipeline(load_tagger())
    seconds = time.perf_counter() - started
    info = pipeline.analyze("Er sagte: „Ja.“").get("model")
    return pipeline, seconds, info


class MemoizedTagger:
    """Wraps a tagger and keeps its mentions per (model id, text, sentence spans) in a JSON-lines file.

    Only for evaluation runs: the heuristics change far more often than the model, and tagging is
    most of the time an evaluation takes.
    """

    def __init__(self, tagger: Any, path: Path):
        self._tagger = tagger
        self.model_id = tagger.model_id
        self._path = path
        self._memo: dict[str, list[list[Any]]] = {}
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    self._memo[record["key"]] = record["mentions"]

    def _key(self, text: str, sentences: Sequence[Any]) -> str:
        spans = ",".join(f"{s.start}-{s.end}" for s in sentences)
        return hashlib.sha256(f"{self.model_id}\0{spans}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def tag(self, text: str, sentences: Sequence[Any]) -> list[Any]:
        from service.document import EntityMention

        key = self._key(text, sentences)
        if key not in self._memo:
            mentions = self._tagger.tag(text, sentences)
            self._memo[key] = [[m.start, m.end, m.label, m.score] for m in mentions]
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with self._path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({"key": key, "mentions": self._memo[key]}) + "\n")
        return [EntityMention(start, end, label, text[start:end], score) for start, end, label, score in self._memo[key]]


if __name__ == "__main__":
    raise SystemExit(main())
