"""The transfer experiment on every task at once: tables, timings and one figure.

Runs ``run_transfer_experiment`` (the code behind ``implementor transfer``)
for each task, with the discriminator of a synthetic-portrait run for the
attributes and that of an LFW run for face vs non-face; prints each table
with its wall time, writes each result as JSON, and draws all tasks side by
side in one PNG (the README's figure). ``--plot-only`` redraws the figure
from JSON files written before, e.g. by ``implementor transfer --json``.

Usage:

    implementor face train --data lfw --n-images 50 --image-size 32 --kimg 100 --out runs/transfer/lfw50_32px
    python benchmarks/transfer.py --synthetic-run runs/face --lfw-run runs/transfer/lfw50_32px \\
        --tasks glasses,long_hair,face_vs_nonface --labels 10,25,50,100 --repeats 5 --out runs/transfer/results
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from implementor_tf.transfer import TrainingSettings, format_table, plot_transfer, run_transfer_experiment  # noqa: E402
from implementor_tf.transfer.config import FACE_VS_NONFACE  # noqa: E402


def combined_figure(results: list[dict], path: Path) -> None:
    figure, axes = plt.subplots(1, len(results), figsize=(5.2 * len(results), 4), dpi=110, squeeze=False)
    for result, ax in zip(results, axes[0]):
        plot_transfer(result, path=None, ax=ax)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    print(f"Wrote {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic-run", default="runs/face", help="face run on synthetic portraits (attribute tasks)")
    parser.add_argument("--lfw-run", default="runs/transfer/lfw50_32px", help="face run on LFW faces (face_vs_nonface)")
    parser.add_argument("--tasks", default="glasses,long_hair,face_vs_nonface")
    parser.add_argument("--labels", default="10,25,50,100")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cut", default=None, help="last discriminator block kept (default: all)")
    parser.add_argument("--pooling", default="grid")
    parser.add_argument("--out", default="runs/transfer/results")
    parser.add_argument("--plot-only", action="store_true", help="only redraw the figure from OUT/TASK.json")
    args = parser.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = args.tasks.split(",")
    results = []
    for task in tasks:
        path = out / f"{task}.json"
        if args.plot_only:
            results.append(json.loads(path.read_text()))
            continue
        face_run = args.lfw_run if task == FACE_VS_NONFACE else args.synthetic_run
        started = time.perf_counter()
        result = run_transfer_experiment(
            face_run, task, budgets=[int(b) for b in args.labels.split(",")], repeats=args.repeats,
            cut=args.cut, settings=TrainingSettings(pooling=args.pooling),
        )
        path.write_text(json.dumps(result, indent=2))
        print(format_table(result))
        print(f"{task}: {time.perf_counter() - started:.0f} s wall on this machine\n")
        results.append(result)
    combined_figure(results, out / "transfer.png")


if __name__ == "__main__":
    main()
