#!/bin/sh
# Reproduces the shipped model (models/ner-de/zitat-ner-de.pt) in three stages; see models/README.md.
# Stage 2 starts from stage 1's best checkpoint with a fresh, shorter schedule and the lower half
# of the encoder frozen: the 2-core machine was shared with other jobs while it was trained.
set -e
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
# Stage 1: full fine-tuning, schedule for 8 epochs (10 % warm-up), stopped after epoch 1.
$PY models/train_ner.py --epochs 8 --stop-after 1 --run main --no-export
# Stage 2: encoder layers 7-12 + tag layer, schedule for 3 epochs, stopped after epoch 1.
$PY models/train_ner.py --resume models/work/run-main/best-model.pt --epochs 3 --stop-after 1 \
    --lr 5e-5 --decoder-lr 5e-4 --warmup 0.02 --freeze-layers 6 --run stage2 --no-export
# Stage 3: same frozen half, schedule for 1 epoch decaying to 0 (dev F1 0.7233 > stage 2's 0.7103).
$PY models/train_ner.py --resume models/work/run-stage2/best-model.pt --epochs 1 \
    --lr 3e-5 --decoder-lr 3e-4 --warmup 0.02 --freeze-layers 6 --run stage3 --no-export
$PY models/export_ner.py models/work/run-stage3/best-model.pt
