"""Data for the German NER model: readers, the fixed split and the label mapping.

Split (fixed, by sentence position in the files; no randomness involved):
- GermEval 2014 ``NER-de-test.tsv`` (5,100 sentences), position i counted from 0:
    i % 5 in {0, 1}  -> HELD-OUT gold evaluation set (2,040 sentences). Never read by training,
                        vocabulary pruning or model selection; only by evaluate_ner.py.
    i % 10 == 2      -> gold dev set for model selection (510 sentences).
    otherwise        -> training (2,550 sentences).
- GermEval 2014 ``NER-de-dev.tsv`` (2,200 sentences) -> training.
- WikiANN de ``train`` (silver, 20,000 sentences) -> optional training data (see train_ner.py).

Labels: the outer GermEval column, reduced to PER, LOC, ORG, OTH. ``deriv`` tags (derived
adjectives such as "russische") and ``part`` tags (entities inside compounds such as
"Kreml-Sprecher") are mapped to O: the service needs mentions that *are* entities, and a word like
"Kreml-Sprecher" is a person descriptor, not the organisation.
"""

from __future__ import annotations

import os
from pathlib import Path

LABELS = ("PER", "LOC", "ORG", "OTH")
REPO_ROOT = Path(__file__).resolve().parent.parent

Sentence = list[tuple[str, str]]  # (token, BIO tag)


def shared_dir() -> Path:
    return Path(os.environ.get("ZITAT_SHARED_DIR", REPO_ROOT.parent / "shared"))


def data_dir() -> Path:
    path = shared_dir() / "data"
    if not (path / "germeval2014" / "NER-de-test.tsv").exists():
        raise SystemExit(f"GermEval 2014 not found under {path} (set ZITAT_SHARED_DIR)")
    return path


def outer_tag(tag: str) -> str:
    if tag == "O" or tag.endswith("deriv") or tag.endswith("part"):
        return "O"
    return tag


def repair_bio(tags: list[str]) -> list[str]:
    """An I- tag whose B- was mapped away starts a new span (conlleval reads it the same way)."""
    fixed = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or fixed[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        fixed.append(tag)
    return fixed


def read_germeval(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#\t"):
            continue
        if not line.strip():
            if tokens:
                sentences.append(list(zip(tokens, repair_bio(tags))))
                tokens, tags = [], []
            continue
        cols = line.split("\t")
        tokens.append(cols[1])
        tags.append(outer_tag(cols[2]))
    return sentences


def read_wikiann(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, tag = line.rsplit("\t", 1)
        current.append((token.removeprefix("de:"), tag))
    return sentences


def germeval_split() -> dict[str, list[Sentence]]:
    root = data_dir() / "germeval2014"
    test = read_germeval(root / "NER-de-test.tsv")
    return {
        "train": read_germeval(root / "NER-de-dev.tsv")
        + [s for i, s in enumerate(test) if i % 5 not in (0, 1) and i % 10 != 2],
        "dev": [s for i, s in enumerate(test) if i % 10 == 2],
        "heldout": [s for i, s in enumerate(test) if i % 5 in (0, 1)],
    }


def wikiann_train() -> list[Sentence]:
    return read_wikiann(data_dir() / "wikiann-de" / "train")


def vocabulary_texts() -> list[str]:
    """Unlabelled text used to choose the vocabulary: training + dev parts and WikiANN only."""
    split = germeval_split()
    sentences = split["train"] + split["dev"] + wikiann_train()
    return [" ".join(tok for tok, _ in s) for s in sentences]


def write_column_file(sentences: list[Sentence], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for sentence in sentences:
            for token, tag in sentence:
                f.write(f"{token} {tag}\n")
            f.write("\n")
