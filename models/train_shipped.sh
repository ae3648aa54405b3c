#!/bin/sh
# Reproduces the shipped model (models/ner-de/zitat-ner-de.pt) in five stages; see models/README.md.
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
# v1 (shipped until v2) was stage 3 exported as fp16; stage 4 started from that file.
$PY models/export_ner.py models/work/run-stage3/best-model.pt models/work/v1.pt
# Stage 4: all layers again, bf16 autocast, schedule for 6 epochs (dev F1 0.817 after epoch 6).
$PY models/train_ner.py --resume models/work/v1.pt --epochs 6 --lr 4e-5 --decoder-lr 4e-4 --warmup 0.05 \
    --amp --run stage4 --no-export
# Stage 5: half the learning rate, 3 epochs.
$PY models/train_ner.py --resume models/work/run-stage4/best-model.pt --epochs 3 --lr 2e-5 --decoder-lr 2e-4 \
    --warmup 0.05 --amp --run stage5 --no-export
$PY models/export_ner.py models/work/run-stage5/best-model.pt
