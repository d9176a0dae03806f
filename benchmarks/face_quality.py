"""Face recipes compared for the same CPU time, measured against the data.

Trains several GANs on the same portraits, one after the other, each for the
same processor time on this machine, and prints one table. The recipes (see
``RECIPES``) change one thing at a time, from today's defaults before the
change to the new defaults:

- ``article``: the article's plain DCGAN: no augmentation, no averaged generator;
- ``xla-fp32``: the defaults before this comparison (DiffAugment, averaged
  generator, transposed convolutions, XLA, float32);
- ``bf16``: the same networks without XLA (oneDNN's kernels) in mixed bfloat16;
- ``nearest``, ``bilinear``: resize-then-convolve upsampling instead of
  transposed convolutions (no checkerboard);
- ``nearest-wide-d``: ``nearest`` with a discriminator twice as wide;
- ``nearest-batch64``: ``nearest`` with 64 real + 64 generated images a step;
- ``bf16-ema995``, ``nearest-ema995``: ``bf16`` and ``nearest`` with a shorter generator average (decay
  0.995: a half-life of 4.4k images instead of 22k at batch 32);
- ``nearest-strided-d``: ``nearest`` with a discriminator that downsamples by
  strided convolutions instead of average pooling;
- ``defaults``: ``FaceConfig`` as it is now (precision ``auto``);
- ``mbstd``: the defaults with a minibatch standard deviation feature in the
  discriminator;
- ``transpose-strided-d``: the defaults with transposed convolutions;
- ``no-colour``: the defaults without DiffAugment's colour shifts (the
  defaults for one round; the default run measured worse without them);
- ``no-bn-d``: the defaults with batch norm in the generator only;
- ``no-bn-d-r1``, ``r1``: those and the defaults with a light R1 penalty
  (gamma 0.05, every 16 steps);
- ``wide-g``: the defaults with a generator twice as wide (32 channels at
  full size) and the discriminator as it is;
- ``lr4e-4``: the defaults with both networks' learning rate doubled.

Quality is measured every ``--eval-kimg`` thousand images on the same noise,
and once more at the end on as many faces as the reference set holds, each
figure beside the same figure for a second sample of the real data (the
floor). With ``--seeds`` every recipe is trained once per seed (the same
data; other weights, noise and batches), and a second table gives each
recipe's mean and standard deviation over the seeds: on a data set as small
as the 100 LFW faces one run's final SWD moves by about ±20, more than the
gaps between recipes. Measuring is not counted as training time. Writes a plot of quality
against training minutes and ``summary.json``.

Usage:

    python benchmarks/face_quality.py --data synthetic --image-size 64 --cpu-minutes 8
    python benchmarks/face_quality.py --data lfw --image-size 32 --cpu-minutes 10 --recipes xla-fp32,nearest
    python benchmarks/face_quality.py --data lfw --image-size 32 --cpu-minutes 6 --recipes xla-fp32,defaults --seeds 0,1,2
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

from implementor_tf.data.portraits import floor_samples, from_uint8, load_portraits  # noqa: E402
from implementor_tf.face.dcgan import latent_noise  # noqa: E402
from implementor_tf.face.config import FaceConfig  # noqa: E402
from implementor_tf.face.sample import load_generator
from implementor_tf.face.train import train_face
from implementor_tf.face.config import FACE_RUN  # noqa: E402
from implementor_tf.run_folder import RunFolder  # noqa: E402
from implementor_tf.metrics.attributes import AttributeClassifier  # noqa: E402
from implementor_tf.face.evaluate import QualityTracker  # noqa: E402
from implementor_tf.metrics.face_quality import evaluate_images, format_table

# The defaults before this comparison, spelt out in full so that later changes of FaceConfig's defaults
# do not change what these recipes mean.
BEFORE = {"upsampling": "transpose", "downsampling": "average_pool", "augment_colour": True, "jit_compile": True, "precision": "float32"}
FINAL_NOISE_SEED = 7  # The noise of the final figures, the same for every recipe.
FAST = {**BEFORE, "jit_compile": False, "precision": "mixed_bfloat16"}
RECIPES = {
    "article": {**BEFORE, "augment": "none", "ema": 0.0},
    "xla-fp32": BEFORE,
    "bf16": FAST,
    "nearest": {**FAST, "upsampling": "nearest"},
    "bilinear": {**FAST, "upsampling": "bilinear"},
    "nearest-wide-d": {**FAST, "upsampling": "nearest", "discriminator_width": 32},
    "nearest-batch64": {**FAST, "upsampling": "nearest", "batch_size": 64},
    "bf16-ema995": {**FAST, "ema": 0.995},
    "nearest-ema995": {**FAST, "upsampling": "nearest", "ema": 0.995},
    "nearest-strided-d": {**FAST, "upsampling": "nearest", "downsampling": "strided"},
    "defaults": {},  # FaceConfig as it is now: for comparing it with the earlier defaults on other data.
    "mbstd": {"minibatch_stddev": True},  # The defaults with the batch's spread shown to the discriminator.
    "transpose-strided-d": {"upsampling": "transpose"},  # The defaults with transposed convolutions back.
    "no-colour": {"augment_colour": False},  # The defaults without DiffAugment's colour shifts.
    "no-bn-d": {"normalization": "generator"},  # The defaults without batch norm in the discriminator.
    "no-bn-d-r1": {"normalization": "generator", "r1_gamma": 0.05},  # ... and a light R1 penalty.
    "r1": {"r1_gamma": 0.05},  # The defaults with a light R1 penalty.
    # The defaults with a generator twice as wide and the discriminator as it is.
    "wide-g": {"width": 2 * FaceConfig().width, "discriminator_width": FaceConfig().width},
    "lr4e-4": {"learning_rate": 4e-4},  # The defaults with both learning rates doubled.
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


def run_name_of(recipe: str, seed: int) -> str:
    """The run folder of a recipe trained with a seed (seed 0 keeps the recipe's name)."""
    return recipe if seed == 0 else f"{recipe}-seed{seed}"


def run_recipe(run_name, recipe, config, portraits, samples, classifier, cpu_minutes, out_dir, eval_kimg):
    real, second_real = samples
    run_dir = out_dir / run_name
    shutil.rmtree(run_dir, ignore_errors=True)
    tracker = QualityTracker(real, eval_kimg, n=500, classifier=classifier, second_real=second_real)
    print(f"\n=== {run_name}: {json.dumps(RECIPES[recipe])}, seed {config.seed}, {cpu_minutes:g} CPU minutes of training")
    budget = TrainingTimeBudget(cpu_minutes)
    train_face(config, run_dir, portraits=portraits, verbose=2, callbacks=[budget, tracker])
    return final_figures(run_dir, samples, classifier)


def final_figures(run_dir, samples, classifier):
    """A recipe's curve and its final figures: the saved generator measured beside the floor (``final_eval.json``).

    Also measures a recipe trained earlier again (``--reevaluate``): the same
    noise gives the same faces.
    """
    real, second_real = samples
    records = RunFolder(run_dir, FACE_RUN).records()
    generated = load_generator(run_dir).predict(latent_noise(len(real), FaceConfig.latent_dim, FINAL_NOISE_SEED), verbose=0)
    final = evaluate_images(real, generated, classifier=classifier, kid=False, pairs_png=run_dir / "closest_pairs.png", second_real=second_real)
    final["images_seen"] = records[-1]["images"]
    final["train_cpu_minutes"] = records[-1]["train_cpu_minutes"]
    (run_dir / "final_eval.json").write_text(json.dumps(final, indent=2))
    return records, final


def print_curve(name, records):
    print(f"\n{name}: quality during training (500 faces, same noise each time; floor in brackets)")
    print(f"{'CPU min':>8} {'kimg':>6} {'SWD':>13} {'sharpness':>10} {'artefacts':>9} {'memorised':>10} {'attr TV':>14}")
    for record in records:
        if "swd" not in record:
            continue
        tv = record.get("attribute_tv")
        tv_text = "" if tv is None else f"{tv:.3f} ({record.get('attribute_tv_floor', float('nan')):.3f})"
        print(
            f"{record['train_cpu_minutes']:8.1f} {record['images'] / 1000:6.1f} {record['swd']:6.1f} ({record.get('swd_floor', float('nan')):4.1f}) "
            f"{record['sharpness']:10.2f} {record['artefacts']:9.2f} {record['memorised_share']:10.1%} {tv_text:>14}"
        )


def summary_table(finals: dict) -> str:
    """One Markdown table: a row per recipe, then the data's floor."""
    floor = next(iter(finals.values()))["floor"]
    has_attributes = floor["attributes"].get("available", True)
    header = ["recipe", "images seen", "SWD x1e3", "sharpness", "artefacts", "memorised"] + (["attribute TV", "glasses"] if has_attributes else [])

    def cells(result):
        row = [
            f"{result['swd']['swd']:.1f}",
            f"{result['spectrum']['sharpness']:.2f}",
            f"{result['spectrum']['artefacts']:.2f}",
            f"{result['memorisation']['memorised_share']:.1%}",
        ]
        if has_attributes:
            row += [f"{result['attributes']['attribute_tv']:.3f}", f"{result['attributes']['attributes']['glasses']['generated']:.2f}"]
        return row

    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for name, final in finals.items():
        lines.append("| " + " | ".join([name, f"{final['images_seen']:,}", *cells(final)]) + " |")
    lines.append("| " + " | ".join(["**data floor** (second real sample)", "", *cells(floor)]) + " |")
    return "\n".join(lines)


def seed_table(names, seeds, curves: dict, finals: dict) -> str:
    """One Markdown row per recipe: final and late SWD as mean ± standard deviation over the seeds."""
    import numpy as np

    def spread(values):
        return f"{np.mean(values):.1f} ± {np.std(values, ddof=1):.1f}" if len(values) > 1 else f"{values[0]:.1f}"

    lines = ["| recipe | seeds | final SWD x1e3 | late SWD x1e3 | artefacts |", "| --- | --- | --- | --- | --- |"]
    for name in names:
        runs = [run_name_of(name, seed) for seed in seeds]
        final = [finals[run]["swd"]["swd"] for run in runs]
        late = [np.mean([r["swd"] for r in curves[run] if "swd" in r][-3:]) for run in runs]
        artefacts = [finals[run]["spectrum"]["artefacts"] for run in runs]
        lines.append(f"| {name} | {len(runs)} | {spread(final)} | {spread(late)} | {np.mean(artefacts):.2f} |")
    floor = finals[run_name_of(names[0], seeds[0])]["floor"]["swd"]["swd"]
    lines.append(f"| **data floor** | | {floor:.1f} | | |")
    return "\n".join(lines)


def plot(curves: dict, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    has_attributes = any(record.get("attribute_tv") is not None for records in curves.values() for record in records)
    panels = [("swd", "SWD x1e3 (lower is better)"), ("sharpness", "sharpness (1 = the data's)")]
    if has_attributes:
        panels.insert(1, ("attribute_tv", "attribute TV distance (lower is better)"))
    figure, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.8))
    for axis, (key, label) in zip(axes, panels):
        for name, records in curves.items():
            points = [(r["train_cpu_minutes"], r[key]) for r in records if r.get(key) is not None]
            if points:
                axis.plot(*zip(*points), marker="o", markersize=3, label=name)
        floors = [r.get(f"{key}_floor") for records in curves.values() for r in records if r.get(f"{key}_floor") is not None]
        if floors:
            axis.axhline(floors[0], color="black", linestyle="--", linewidth=1, label="data floor")
        axis.set(title=label, xlabel="CPU minutes of training (both cores)")
        if key == "swd":
            axis.set_yscale("log")
    axes[0].legend(fontsize=7)
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="synthetic")
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--cpu-minutes", type=float, default=8.0, help="processor minutes of training per recipe (2 cores: twice the wall time)")
    parser.add_argument("--eval-kimg", type=float, default=8.0)
    parser.add_argument("--recipes", default=",".join(RECIPES), help=f"comma-separated, from {', '.join(RECIPES)}")
    parser.add_argument("--out", default="runs/face_quality")
    parser.add_argument("--plot", default=None, help="PNG to write (default: OUT/DATA.png)")
    parser.add_argument("--reevaluate", action="store_true", help="measure the recipes trained earlier in OUT again instead of training")
    parser.add_argument("--plot-only", action="store_true", help="only plot the curves of the recipes trained earlier in OUT")
    parser.add_argument("--seeds", default="0", help="comma-separated training seeds: each recipe is trained once per seed, "
                        "and a second table gives each recipe's mean and spread over them")
    args = parser.parse_args()
    names = args.recipes.split(",")
    seeds = [int(seed) for seed in args.seeds.split(",")]
    unknown = sorted(set(names) - set(RECIPES))
    if unknown:
        parser.error(f"unknown recipes {unknown}")

    out_dir = Path(args.out) / f"{args.data}_{args.image_size}px"
    plot_path = Path(args.plot) if args.plot else out_dir / "quality.png"
    title = f"{args.data} portraits at {args.image_size} px, {args.cpu_minutes:g} CPU minutes each"
    if args.plot_only:
        runs = [run_name_of(name, seed) for name in names for seed in seeds]
        plot({run: RunFolder(out_dir / run, FACE_RUN).records() for run in runs}, plot_path, title)
        print(f"Plot: {plot_path}")
        return
    portraits = load_portraits(args.data, args.image_size, n=1000, seed=0)
    real, second_real, floor_description = floor_samples(from_uint8(portraits.numpy()), args.data)
    print(f"Data: {portraits.description}; floor: {floor_description}")
    classifier = None
    if portraits.attributes is not None:
        classifier = AttributeClassifier.train(args.image_size)
        print(f"Attribute classifier held-out accuracy: {classifier.accuracy}")
    base = FaceConfig(data=args.data, image_size=args.image_size, kimg=100_000)
    curves, finals = {}, {}
    for name in names:
        for seed in seeds:
            run_name = run_name_of(name, seed)
            if args.reevaluate:
                curves[run_name], finals[run_name] = final_figures(out_dir / run_name, (real, second_real), classifier)
                continue
            config = dataclasses.replace(base, **RECIPES[name], seed=seed)
            curves[run_name], finals[run_name] = run_recipe(
                run_name, name, config, portraits, (real, second_real), classifier, args.cpu_minutes, out_dir, args.eval_kimg
            )
            print_curve(run_name, curves[run_name])
    for name, final in finals.items():
        print(f"\n{name}: final, {final['images_seen']:,} images in {final['train_cpu_minutes']:g} CPU minutes of training\n{format_table(final)}")
    print(f"\n{args.data} at {args.image_size} px, {args.cpu_minutes:g} CPU minutes of training each, {len(real)} generated vs {len(real)} real images:\n")
    print(summary_table(finals))
    if len(seeds) > 1:
        print(f"\nOver the training seeds {seeds} (the final SWD on the same noise; the late SWD is the mean of each run's last 3 measurements):\n")
        print(seed_table(names, seeds, curves, finals))
    plot(curves, plot_path, title)
    summary = {name: {key: finals[name][key] for key in ("images_seen", "train_cpu_minutes", "swd", "spectrum", "diversity", "memorisation", "attributes", "floor")} for name in finals}
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"\nPlot: {plot_path}; summary: {out_dir / 'summary.json'}")


if __name__ == "__main__":
    main()
