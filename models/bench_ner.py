"""Speed of the shipped NER model next to a tagger of the flair/ner-german architecture.

    python models/bench_ner.py [--model PATH] [--threads 1] [--repeat 3] [--repeat-baseline 1] [--variants]

Input: the first 600 tokens of the seed articles (seeds/*.txt), split into sentences by
service.tokens. Both taggers run through service.ner.NerTagger.tag on one torch thread.
The comparison tagger has the flair/ner-german architecture with random weights (nothing can be
downloaded here): German Flair forward + backward character LMs (hidden 2048, one layer, char
embedding 100) + BiLSTM 256 + CRF. flair/ner-german also stacks 300-d fastText word vectors; a
table lookup, left out. Also prints the shipped model's load time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.document import Sentence  # noqa: E402
from service.ner import NerTagger, load_tagger  # noqa: E402
from service.tokens import split_sentences  # noqa: E402

N_TOKENS = 600
CHARS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéèàáçñ0123456789"
    " .,;:!?\"'„“”‚‘’«»()[]{}-–—/\\&%$€§@#*+=<>_|~^°\n\t"
)


def article(n_tokens: int) -> tuple[str, list[Sentence]]:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    sentences, count = [], 0
    for sentence in split_sentences(text):
        if count >= n_tokens:
            break
        sentences.append(sentence)
        count += len(sentence.tokens)
    return text, sentences


def flair_ner_german_architecture() -> NerTagger:
    from flair.data import Dictionary
    from flair.embeddings import FlairEmbeddings, StackedEmbeddings
    from flair.models import LanguageModel, SequenceTagger

    chars = Dictionary(add_unk=True)
    for char in CHARS:
        chars.add_item(char)
    language_models = [
        LanguageModel(chars, is_forward_lm=forward, hidden_size=2048, nlayers=1, embedding_size=100)
        for forward in (True, False)
    ]
    embeddings = StackedEmbeddings([FlairEmbeddings(lm) for lm in language_models])
    tags = Dictionary(add_unk=False)
    for tag in ("O", "S-PER", "B-PER", "E-PER", "I-PER", "S-LOC", "B-LOC", "E-LOC", "I-LOC",
                "S-ORG", "B-ORG", "E-ORG", "I-ORG", "S-MISC", "B-MISC", "E-MISC", "I-MISC"):
        tags.add_item(tag)
    tagger = SequenceTagger(hidden_size=256, embeddings=embeddings, tag_dictionary=tags,
                            tag_type="ner", use_crf=True, use_rnn=True, rnn_layers=1)
    return NerTagger(tagger, "random-flair-ner-german-architecture")


def seconds_per_article(tagger: NerTagger, text: str, sentences: list[Sentence], repeat: int) -> float:
    tagger.tag(text, sentences[:2])  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        tagger.tag(text, sentences)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None, help="model path or hub id (default: shipped)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of our model (median is printed)")
    parser.add_argument("--quantize", choices=["int8", "none"], default=None,
                        help="as the service loads it (default: NER_QUANTIZE, else none)")
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16"], default=None,
                        help="as the service loads it (default: NER_PRECISION, else auto)")
    parser.add_argument("--variants", action="store_true",
                        help="also time the shipped model in bf16, fp32 and int8, side by side")
    parser.add_argument("--repeat-baseline", type=int, default=1, help="timed runs of the flair/ner-german architecture")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    started = time.perf_counter()
    import flair.models  # noqa: F401  (library import, timed apart from the model load)

    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ours = load_tagger(args.model, args.quantize, args.precision)
    load_seconds = time.perf_counter() - started
    text, sentences = article(N_TOKENS)
    n_tokens = sum(len(s.tokens) for s in sentences)
    print(f"input: {n_tokens} tokens in {len(sentences)} sentences; torch threads: {args.threads}")
    print(f"import flair: {import_seconds:.2f} s; load {ours.model_id}: {load_seconds:.2f} s")
    print(f"{'model':<42}{'s/article':>10}{'tokens/s':>10}")
    runs = [(ours, args.repeat)]
    if args.variants:
        variants = (("none", "bf16"), ("none", "fp32"), ("int8", "fp32"))
        runs += [(load_tagger(args.model, quantize, precision), args.repeat) for quantize, precision in variants]
    runs.append((flair_ner_german_architecture(), args.repeat_baseline))
    for tagger, repeat in runs:
        seconds = seconds_per_article(tagger, text, sentences, repeat)
        print(f"{tagger.model_id:<42}{seconds:>10.3f}{n_tokens / seconds:>10.0f}")


if __name__ == "__main__":
    main()
