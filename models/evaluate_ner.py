"""Score a NER model on the held-out GermEval part (conlleval-style, exact outer spans).

    python models/evaluate_ner.py [--model PATH_OR_HUB_ID] [--part heldout|dev] [--threads 2]

The model runs through the service's own runtime path (service.ner.load_tagger / NerTagger.tag):
each gold sentence is joined with single spaces into a text, tagged, and the predicted character
spans are compared with the gold spans. Labels: PER, LOC, ORG, OTH (deriv/part -> O, see
ner_data.py). Prints per-type and micro-averaged precision, recall and F1.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections import Counter
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ner_data  # noqa: E402
from service.document import Sentence, Token  # noqa: E402
from service.ner import load_tagger  # noqa: E402


def sentence_with_offsets(tokens: list[str], offset: int) -> tuple[Sentence, list[tuple[int, int]]]:
    result, spans, pos = [], [], offset
    for token in tokens:
        result.append(Token(token, pos, pos + len(token)))
        spans.append((pos, pos + len(token)))
        pos += len(token) + 1
    return Sentence(offset, pos - 1, result), spans


def gold_spans(sentence: ner_data.Sentence, spans: list[tuple[int, int]]) -> set[tuple[int, int, str]]:
    found, start, label = set(), None, None
    for i, (_tok, tag) in enumerate(sentence + [("", "O")]):
        if start is not None and not tag.startswith("I-"):
            found.add((spans[start][0], spans[i - 1][1], label))
            start = None
        if tag.startswith("B-"):
            start, label = i, tag[2:]
    return found


def score(gold: set, predicted: set) -> dict[str, tuple[float, float, float, int]]:
    tp, n_gold, n_pred = Counter(), Counter(), Counter()
    for span in gold:  # (sentence, start, end, label)
        n_gold[span[-1]] += 1
    for span in predicted:
        n_pred[span[-1]] += 1
        if span in gold:
            tp[span[-1]] += 1
    rows = {}
    for label in [*ner_data.LABELS, "micro"]:
        t = sum(tp.values()) if label == "micro" else tp[label]
        g = sum(n_gold.values()) if label == "micro" else n_gold[label]
        p = sum(n_pred.values()) if label == "micro" else n_pred[label]
        precision = t / p if p else 0.0
        recall = t / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows[label] = (precision, recall, f1, g)
    return rows


def evaluate(model: str | None, part: str, quantize: str | None = None, precision: str | None = None) -> dict[str, tuple[float, float, float, int]]:
    sentences = ner_data.germeval_split()[part]
    tagger = load_tagger(model, quantize, precision)
    text_parts, doc_sentences, gold, offset = [], [], set(), 0
    for index, sentence in enumerate(sentences):
        tokens = [tok for tok, _ in sentence]
        doc_sentence, spans = sentence_with_offsets(tokens, offset)
        doc_sentences.append(doc_sentence)
        gold |= {(index, *span) for span in gold_spans(sentence, spans)}
        text_parts.append(" ".join(tokens))
        offset = doc_sentence.end + 1
    text = "\n".join(text_parts)
    started = time.perf_counter()
    mentions = tagger.tag(text, doc_sentences)
    elapsed = time.perf_counter() - started
    starts = [s.start for s in doc_sentences]
    predicted = set()
    for m in mentions:
        predicted.add((bisect.bisect_right(starts, m.start) - 1, m.start, m.end, m.label))
    n_tokens = sum(len(s) for s in sentences)
    print(f"model {tagger.model_id}  part {part}: {len(sentences)} sentences, {n_tokens} tokens, "
          f"tagged in {elapsed:.1f} s ({n_tokens / elapsed:.0f} tokens/s, {torch.get_num_threads()} threads)")
    return score(gold, predicted)


def print_table(rows: dict[str, tuple[float, float, float, int]]) -> None:
    print(f"{'type':<8}{'precision':>10}{'recall':>10}{'F1':>10}{'gold':>8}")
    for label, (p, r, f, g) in rows.items():
        print(f"{label:<8}{p:>10.4f}{r:>10.4f}{f:>10.4f}{g:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None, help="model path or hub id (default: NER_MODEL / shipped)")
    parser.add_argument("--part", choices=["heldout", "dev"], default="heldout")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quantize", choices=["int8", "none"], default=None,
                        help="as the service loads it (default: NER_QUANTIZE, else none)")
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16"], default=None,
                        help="as the service loads it (default: NER_PRECISION, else auto)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print_table(evaluate(args.model, args.part, args.quantize, args.precision))


if __name__ == "__main__":
    main()
