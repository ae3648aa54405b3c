"""Named-entity tagging: loads a Flair SequenceTagger and maps its spans to character offsets.

``load_tagger`` picks the model from its argument, else ``NER_MODEL``, else the model shipped in
``models/ner-de/``. A filesystem path loads a local Flair model file; anything else is treated as
a Flair / Hugging Face hub id (e.g. ``flair/ner-german``) and goes through Flair's own
``SequenceTagger.load``, which downloads the model (needs network access). Every failure is
raised as ``ModelLoadError`` so the service refuses to start instead of failing on a request.

``NER_PRECISION`` chooses the arithmetic: ``bf16`` runs the tagger under torch's CPU autocast
in bfloat16 (about twice as fast where the CPU has native bf16, for no measurable loss in F1;
numbers in models/README.md), ``fp32`` keeps float32, and ``auto`` (the default) takes bf16
exactly when the CPU has native bf16 instructions (AVX512-BF16 or AMX).
``NER_QUANTIZE=int8`` instead converts the linear layers of a transformer encoder to int8
weights with dynamic activation quantisation (faster on CPUs without bf16, but 5-7 F1 points
worse); ``NER_QUANTIZE=none`` (the default) keeps the weights as they are.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import torch

from service.document import EntityMention, Sentence

log = logging.getLogger(__name__)

LABELS = ("PER", "LOC", "ORG", "OTH")
# Labels other tag sets use for the same classes (CoNLL-03 style hub models say MISC).
LABEL_ALIASES = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "OTH", "MISC": "OTH"}
MODEL_ID_KEY = "zitat_model_id"  # set in the shipped model's Flair model card by export_ner.py
MAX_TOKENS_PER_CHUNK = 200  # keeps every chunk well inside the transformer's 512 pieces
BATCH_SIZE = 32
MAX_MODEL_TOKEN_CHARS = 48  # see _model_text
PLACEHOLDER_TOKEN = "_"  # stands in for tokens the model's tokenizer would reduce to nothing
QUANTIZE_MODES = ("int8", "none")
PRECISION_MODES = ("auto", "fp32", "bf16")
NATIVE_BF16_CPU_FLAGS = {"avx512_bf16", "amx_bf16"}
HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?(@[\w.-]+)?$")


class ModelLoadError(RuntimeError):
    """The NER model could not be loaded; the message says which model and why."""


def default_model_path() -> Path:
    return Path(__file__).resolve().parent.parent / "models" / "ner-de" / "zitat-ner-de.pt"


def canonical_label(tag: str) -> str | None:
    """PER/LOC/ORG/OTH for an entity tag, None for tags that are not entities of their own."""
    tag = tag.upper()
    if tag.endswith("DERIV") or tag.endswith("PART"):
        return None
    return LABEL_ALIASES.get(tag)


def _model_text(token_text: str) -> str:
    """What the model sees for a token: never nothing, never unboundedly much.

    Tokens made only of control/format/space characters would get no subword at all; a token
    of thousands of characters (a URL, a base64 blob, "x" * 200000) would cost thousands of
    subwords and minutes of encoder time, though no entity name is one such word.
    """
    visible = [c for c in token_text[:MAX_MODEL_TOKEN_CHARS] if unicodedata.category(c)[0] not in ("C", "Z")]
    return token_text[:MAX_MODEL_TOKEN_CHARS] if visible else PLACEHOLDER_TOKEN


def _chunks(sentence: Sentence) -> list[list]:
    tokens = sentence.tokens
    return [tokens[i : i + MAX_TOKENS_PER_CHUNK] for i in range(0, len(tokens), MAX_TOKENS_PER_CHUNK)]


class NerTagger:
    """A loaded Flair tagger; ``tag`` returns entity mentions with offsets into the text."""

    def __init__(self, flair_tagger, model_id: str):
        self._tagger = flair_tagger
        self.model_id = model_id
        self.bf16 = False  # set by use_bf16()
        self._tagger.eval()

    def use_bf16(self) -> None:
        """Tag under bf16 autocast; the model id says so, so cached results name their arithmetic."""
        self.bf16 = True
        self.model_id = f"{self.model_id}+bf16"

    def tag(self, text: str, sentences: Sequence[Sentence], deadline: float | None = None) -> list[EntityMention]:
        """Entity mentions; past `deadline` (time.monotonic()) it stops between mini-batches with PipelineTimeout."""
        from flair.data import Sentence as FlairSentence

        chunks = [chunk for sentence in sentences for chunk in _chunks(sentence) if chunk]
        if not chunks:
            return []
        flair_sentences = [
            FlairSentence([_model_text(token.text) for token in chunk]) for chunk in chunks
        ]
        # Longest first, as Flair's predict would order them, but in slices so the deadline is seen.
        ordered = sorted(flair_sentences, key=len, reverse=True)
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
            for start in range(0, len(ordered), BATCH_SIZE):
                _check_deadline(deadline)
                self._tagger.predict(ordered[start : start + BATCH_SIZE], mini_batch_size=BATCH_SIZE, verbose=False)
        mentions = []
        for chunk, flair_sentence in zip(chunks, flair_sentences):
            for span in flair_sentence.get_spans(self._tagger.tag_type):
                label = canonical_label(span.tag)
                if label is None:
                    continue
                start = chunk[span.tokens[0].idx - 1].start
                end = chunk[span.tokens[-1].idx - 1].end
                mentions.append(EntityMention(start, end, label, text[start:end], round(span.score, 4)))
        return sorted(mentions, key=lambda m: (m.start, m.end))


def _check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        from .pipeline import PipelineTimeout

        raise PipelineTimeout("pipeline deadline exceeded during NER")


def _looks_like_path(spec: str) -> bool:
    """Hub ids are ``name`` or ``owner/name``; anything else with path syntax is a file."""
    return spec.startswith(("/", ".", "~")) or spec.endswith((".pt", ".pth", ".bin")) or spec.count("/") > 1


def _file_model_id(path: Path, flair_tagger) -> str:
    card = getattr(flair_tagger, "model_card", None) or {}
    if isinstance(card, dict) and card.get(MODEL_ID_KEY):
        return str(card[MODEL_ID_KEY])
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return f"{path.stem}-{digest.hexdigest()[:12]}"


def _load_file(path: Path) -> NerTagger:
    from flair.models import SequenceTagger

    if not path.is_file():
        raise ModelLoadError(
            f"NER model file not found: {path} (set NER_MODEL to a Flair model file or a hub id)"
        )
    try:
        flair_tagger = SequenceTagger.load(path)
    except Exception as exc:  # corrupt pickle, truncated zip, wrong class, ...
        raise ModelLoadError(
            f"NER model file {path} could not be loaded ({type(exc).__name__}: {exc}); "
            "the file is corrupt or not a Flair SequenceTagger"
        ) from exc
    return NerTagger(flair_tagger, _file_model_id(path, flair_tagger))


def _load_hub(model_id: str) -> NerTagger:
    from flair.models import SequenceTagger

    try:
        flair_tagger = SequenceTagger.load(model_id)
    except Exception as exc:  # offline, unknown id, HTTP errors
        offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")
        hint = " (HF_HUB_OFFLINE is set, so nothing can be downloaded)" if offline else ""
        # Flair's download helper can mask the hub error with a clean-up error; report both.
        cause = exc.__context__
        detail = f"{type(exc).__name__}: {exc}"
        if cause is not None:
            detail += f" (after {type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''})"
        raise ModelLoadError(
            f"NER model '{model_id}' could not be loaded from the Hugging Face hub{hint}: "
            f"{detail}. Use a local model file instead (NER_MODEL=path)."
        ) from exc
    return NerTagger(flair_tagger, model_id)


def cpu_has_native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True where the CPU computes bf16 natively (AVX512-BF16 or AMX); elsewhere bf16 is emulated and slow."""
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return False
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    return bool(NATIVE_BF16_CPU_FLAGS.intersection(flags))


def _option(value: str | None, variable: str, default: str, allowed: tuple[str, ...]) -> str:
    value = (value or os.environ.get(variable) or default).lower()
    if value not in allowed:
        raise ModelLoadError(f"{variable}={value!r}: expected one of {', '.join(allowed)}")
    return value


def load_tagger(spec: str | None = None, quantize: str | None = None, precision: str | None = None) -> NerTagger:
    spec = spec or os.environ.get("NER_MODEL") or str(default_model_path())
    quantize = _option(quantize, "NER_QUANTIZE", "none", QUANTIZE_MODES)
    precision = _option(precision, "NER_PRECISION", "auto", PRECISION_MODES)
    path = Path(spec).expanduser()
    if path.exists() or _looks_like_path(spec):
        tagger = _load_file(path)
    elif HUB_ID.match(spec):
        tagger = _load_hub(spec)
    else:
        raise ModelLoadError(f"NER_MODEL={spec!r} is neither an existing file nor a hub model id")
    if quantize == "int8":
        quantize_encoder(tagger)  # quantised int8 kernels have no bf16 path: precision is ignored
    elif precision == "bf16" or (precision == "auto" and cpu_has_native_bf16()):
        tagger.use_bf16()
    log.info("NER model loaded: %s", tagger.model_id)
    return tagger


def quantize_encoder(tagger: NerTagger) -> None:
    """int8 weights for the linear layers of a transformer encoder; other architectures stay fp32.

    The model id gets a ``+int8`` suffix: cached results name the model that produced them.
    """
    encoder = getattr(tagger._tagger.embeddings, "model", None)
    if not isinstance(encoder, torch.nn.Module):
        log.info("NER model %s has no transformer encoder; NER_QUANTIZE=int8 leaves it as it is", tagger.model_id)
        return
    import warnings

    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        # torch.ao's eager API and its quantised tensors are deprecated but still in torch 2.13 (pinned).
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        quantize_dynamic(encoder, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    tagger.model_id = f"{tagger.model_id}+int8"
