"""Why do (or don't) the discriminator's features help? Linear probes only, many trunks.

The linear probe is the cheap, direct test of a representation: the trunk is
frozen, so accuracy with few labels says how much the features already
separate the classes. This script probes, on one task and the same draws of
labels:

- every face run given (e.g. the same recipe trained for 5k, 20k and 70k
  images, or trained with and without augmentation), cut after each block
  given;
- the same architecture with random weights (what the architecture alone
  gives);
- the raw pixels (what no network at all gives).

Usage:

    python benchmarks/transfer_probe.py --task glasses --cuts down8,down16 \\
        --runs runs/transfer/synthetic_5k,runs/transfer/synthetic_20k,runs/face_quality/synthetic_64px/ours
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from implementor_tf.transfer.budget import sample_budget  # noqa: E402
from implementor_tf.transfer.classifier import accuracy, linear_probe  # noqa: E402
from implementor_tf.transfer.config import TrainingSettings  # noqa: E402
from implementor_tf.transfer.tasks import load_task  # noqa: E402
from implementor_tf.transfer.trunk import discriminator_trunk, random_trunk  # noqa: E402
from implementor_tf.face.sample import load_discriminator


def pixels_trunk(image_size: int):
    """The identity: a probe on raw pixels."""
    import keras

    images = keras.Input((image_size, image_size, 3))
    return keras.Model(images, keras.layers.Identity()(images), name="pixels")


def probe_row(trunk, task, budgets, repeats, settings) -> list[str]:
    held_out = task.images[task.holdout], task.labels[task.holdout]
    cells = []
    for budget in budgets:
        runs = []
        for repeat in range(repeats):
            chosen = sample_budget(task.labels, task.pool, budget, seed=repeat, holdout=task.holdout)
            classifier = linear_probe(trunk, task.images[chosen], task.labels[chosen], len(task.class_names), settings)
            runs.append(accuracy(classifier, *held_out) * 100)
        cells.append(f"{np.mean(runs):.1f} ± {np.std(runs):.1f}")
    return cells


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", required=True, help="face run folders, comma-separated (same image size)")
    parser.add_argument("--task", default="glasses")
    parser.add_argument("--cuts", default="down8", help="blocks to cut after, comma-separated")
    parser.add_argument("--pooling", default="grid")
    parser.add_argument("--labels", default="10,25,50,100")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    budgets = [int(budget) for budget in args.labels.split(",")]
    settings = TrainingSettings(pooling=args.pooling)
    rows = []
    task = None
    for run in args.runs.split(","):
        discriminator, config, checkpoint = load_discriminator(run)
        task = task or load_task(args.task, config.image_size)
        for cut in args.cuts.split(","):
            started = time.perf_counter()
            trunk = discriminator_trunk(discriminator, cut)
            rows.append((f"{run} [{checkpoint.name}] to {cut}", probe_row(trunk, task, budgets, args.repeats, settings)))
            print(f"{rows[-1][0]}: {' | '.join(rows[-1][1])}  ({time.perf_counter() - started:.0f} s)", flush=True)
    for cut in args.cuts.split(","):
        trunk = random_trunk(discriminator_trunk(discriminator, cut), seed=0)
        rows.append((f"random weights to {cut}", probe_row(trunk, task, budgets, args.repeats, settings)))
        print(f"{rows[-1][0]}: {' | '.join(rows[-1][1])}", flush=True)
    rows.append(("raw pixels", probe_row(pixels_trunk(task.images.shape[1]), task, budgets, args.repeats, TrainingSettings(pooling="flatten"))))

    width = max(len(name) for name, _ in rows) + 2
    print(f"\nLinear probe, task {args.task}: held-out accuracy (%), mean ± std over {args.repeats} draws, pooling {args.pooling}")
    print("labels".ljust(width) + "".join(str(budget).rjust(13) for budget in budgets))
    for name, cells in rows:
        print(name.ljust(width) + "".join(cell.rjust(13) for cell in cells))


if __name__ == "__main__":
    main()
