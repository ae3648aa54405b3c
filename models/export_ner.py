"""Export a Flair training checkpoint as the shipped model: fp16 weights, no local paths.

    python models/export_ner.py models/work/run-main/best-model.pt [models/ner-de/zitat-ner-de.pt]

Floating-point tensors are stored as fp16 (half the size); Flair's loader copies them into the
fp32 parameters it creates, so inference runs in fp32.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch

SHIPPED = Path(__file__).resolve().parent / "ner-de" / "zitat-ner-de.pt"
ENCODER_NAME = "zitat-e5-small-de"  # replaces the local build path recorded by Flair
MODEL_ID_KEY = "zitat_model_id"  # read by service/ner.py as NerTagger.model_id
VERSION = "v2"


def export(checkpoint: Path, target: Path) -> None:
    state = torch.load(checkpoint, map_location="cpu", weights_only=False)
    state["state_dict"] = {
        key: value.half() if value.is_floating_point() else value
        for key, value in state["state_dict"].items()
    }
    layers = "x"
    if isinstance(state.get("embeddings"), dict):
        state["embeddings"]["model"] = ENCODER_NAME
        layers = state["embeddings"]["config_state_dict"]["num_hidden_layers"]
    card = state.get("model_card") or {}
    card[MODEL_ID_KEY] = f"zitat-ner-de-e5s{layers}-{VERSION}"
    state["model_card"] = card
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    torch.save(state, partial, pickle_protocol=4)
    partial.replace(target)  # readers never see a half-written model
    print(f"model id {card[MODEL_ID_KEY]}")
    print(f"exported {checkpoint} -> {target} ({target.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    export(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else SHIPPED)
