"""The article's recipe against our defaults, for the same CPU time.

Trains two GANs on the same portraits, one after the other, each for the same
processor time on this machine:

- ``article``: the plain DCGAN of the article: no augmentation, no averaged
  generator, 32 real + 32 generated images per step;
- ``ours``: the library's defaults (DiffAugment, averaged generator).

Both use the same networks, learning rates and batch sizes, so the comparison
isolates what the defaults add. Quality is measured every ``--eval-kimg``
thousand images on the same generated noise (SWD, MS-SSIM, memorisation and,
on synthetic portraits, attribute coverage), and once more at the end on 1,000
faces. Measuring is not counted as training time. Prints a table per recipe
and a final comparison, and plots quality against training minutes.

Usage:

    python benchmarks/face_quality.py --data synthetic --image-size 64 --cpu-minutes 20
    python benchmarks/face_quality.py --data lfw --image-size 32 --cpu-minutes 10
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

from implementor_tf.data.portraits import from_uint8, load_portraits  # noqa: E402
from implementor_tf.face.train import FaceConfig, train_face  # noqa: E402
from implementor_tf.jsonl import read_jsonl  # noqa: E402
from implementor_tf.metrics.attributes import AttributeClassifier  # noqa: E402
from implementor_tf.metrics.face_quality import QualityTracker, evaluate_images, format_table  # noqa: E402

RECIPES = {
    "article": {"augment": "none", "ema": 0.0},
    "ours": {},  # The defaults of FaceConfig.
}


class TrainingTimeBudget(keras.callbacks.Callback):
    """Stops training once its steps have used ``cpu_minutes`` of processor time.

    Processor time (all threads of this process, both cores counted) rather
    than wall time, so that other work on the machine does not favour one
    recipe. The first step, which traces and compiles the step function, is
    not counted. The minutes spent so far are added to each epoch's logs as
    ``train_cpu_minutes``; place the callback before ``MetricsLog``.
    """

    def __init__(self, cpu_minutes: float):
        super().__init__()
        self.budget = cpu_minutes * 60
        self.spent = 0.0
        self.steps = 0
        self._step_start = 0.0

    def on_train_batch_begin(self, batch, logs=None):
        self._step_start = time.process_time()

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        if self.steps > 1:
            self.spent += time.process_time() - self._step_start
        if self.spent >= self.budget:
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["train_cpu_minutes"] = round(self.spent / 60, 3)


def run_recipe(name, config, portraits, classifier, cpu_minutes, out_dir, eval_kimg):
    run_dir = out_dir / name
    shutil.rmtree(run_dir, ignore_errors=True)
    real = from_uint8(portraits.numpy())
    tracker = QualityTracker(real, eval_kimg, n=500, classifier=classifier)
    print(f"\n=== {name}: augment {config.augment}, EMA {config.ema}, {cpu_minutes:g} CPU minutes of training")
    budget = TrainingTimeBudget(cpu_minutes)
    result = train_face(config, run_dir, portraits=portraits, verbose=2, callbacks=[budget, tracker])
    generated = result.gan.generate(1000, seed=7)
    final = evaluate_images(real, generated, classifier=classifier, kid=False, pairs_png=run_dir / "closest_pairs.png")
    final["images_seen"] = result.images_seen
    final["train_cpu_minutes"] = round(budget.spent / 60, 2)
    (run_dir / "final_eval.json").write_text(json.dumps(final, indent=2))
    return read_jsonl(run_dir / "metrics.jsonl"), final


def print_curve(name, records):
    print(f"\n{name}: quality during training (500 faces, same noise each time)")
    print(f"{'CPU min':>8} {'kimg':>6} {'SWD':>7} {'MS-SSIM':>8} {'memorised':>10} {'NN ratio':>9} {'attr TV':>8}")
    for record in records:
        if "swd" not in record:
            continue
        tv = record.get("attribute_tv")
        print(
            f"{record['train_cpu_minutes']:8.1f} {record['images'] / 1000:6.1f} {record['swd']:7.1f} {record['ms_ssim']:8.3f} "
            f"{record['memorised_share']:10.1%} {record['nn_ratio']:9.2f} {'' if tv is None else f'{tv:8.3f}'}"
        )


def plot(curves: dict, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    has_attributes = any(record.get("attribute_tv") is not None for records in curves.values() for record in records)
    panels = [("swd", "SWD x1e3 (lower is better)"), ("memorised_share", "memorised share"), ("nn_ratio", "nearest-neighbour ratio")]
    if has_attributes:
        panels.insert(1, ("attribute_tv", "attribute TV distance (lower is better)"))
    figure, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.6))
    for axis, (key, label) in zip(axes, panels):
        for name, records in curves.items():
            points = [(r["train_cpu_minutes"], r[key]) for r in records if r.get(key) is not None]
            axis.plot(*zip(*points), marker="o", markersize=3, label=name)
        axis.set(title=label, xlabel="CPU minutes of training (both cores)")
        if key == "swd":
            axis.set_yscale("log")
        axis.legend()
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="synthetic")
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--cpu-minutes", type=float, default=20.0, help="processor minutes of training per recipe (2 cores: twice the wall time)")
    parser.add_argument("--eval-kimg", type=float, default=4.0)
    parser.add_argument("--out", default="runs/face_quality")
    parser.add_argument("--plot", default=None, help="PNG to write (default: OUT/DATA.png)")
    args = parser.parse_args()

    out_dir = Path(args.out) / f"{args.data}_{args.image_size}px"
    portraits = load_portraits(args.data, args.image_size, n=1000, seed=0)
    print(f"Data: {portraits.description}")
    classifier = None
    if portraits.attributes is not None:
        classifier = AttributeClassifier.train(args.image_size)
        print(f"Attribute classifier held-out accuracy: {classifier.accuracy}")
    base = FaceConfig(data=args.data, image_size=args.image_size, kimg=100_000)
    curves, finals = {}, {}
    for name, changes in RECIPES.items():
        config = dataclasses.replace(base, **changes)
        curves[name], finals[name] = run_recipe(name, config, portraits, classifier, args.cpu_minutes, out_dir, args.eval_kimg)
        print_curve(name, curves[name])
    for name, final in finals.items():
        print(f"\n{name}: final, {final['images_seen']:,} images in {final['train_cpu_minutes']:g} CPU minutes of training, 1,000 faces\n{format_table(final)}")
    plot_path = Path(args.plot) if args.plot else out_dir / "quality.png"
    plot(curves, plot_path, f"{portraits.description.split(':')[0]} at {args.image_size} px: article's recipe vs our defaults")
    summary = {name: {key: finals[name][key] for key in ("images_seen", "train_cpu_minutes", "swd", "diversity", "memorisation", "attributes")} for name in finals}
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"\nPlot: {plot_path}; summary: {out_dir / 'summary.json'}")


if __name__ == "__main__":
    main()
