"""CV training recipes compared at one budget, each read with the fact check.

Trains one tiny GPT-2 per recipe on the same synthetic CVs (a named budget of
``CVConfig``, by default the demo's), one after the other, then measures each
run as ``implementor cv eval`` does and prints one table: training time,
validation perplexity, how surely the model copies a CV's own first name into
its profile (teacher-forced, beside chance), and the share of generated CVs
that keep each fact, beside the held-out real CVs. The recipes (see
``RECIPES``) spell out every optimiser setting, so that later changes of the
defaults do not change what they mean:

- ``before``: the optimiser before this comparison (peak learning rate 2e-3
  after 200 warm-up steps, Adam's beta_2 0.999, no gradient clipping) on the
  demo's earlier 2 epochs;
- ``before-3-epochs``: the same for 3 epochs;
- ``lr5e-3``: peak 5e-3 after 45 steps, beta_2 0.95, gradients clipped to a
  global norm of 1 (2 epochs);
- ``lr5e-3-3-epochs``: the same for 3 epochs;
- ``defaults``: ``CVConfig`` as it is now, at the budget.

A run folder that is already finished is measured again, not retrained.

Usage:

    python benchmarks/cv_recipes.py --out runs/cv_recipes [--budget demo] [--recipes before,defaults] [--n 100]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from implementor_tf.cv.config import CV_RUN, CVConfig  # noqa: E402
from implementor_tf.cv.evaluate import evaluate_cv_run  # noqa: E402
from implementor_tf.cv.train import train_cv  # noqa: E402
from implementor_tf.metrics.cv_facts import FACTS  # noqa: E402
from implementor_tf.run_folder import RunFolder, write_text_atomically  # noqa: E402

BEFORE = {"learning_rate": 2e-3, "warmup_steps": 200, "adam_beta_2": 0.999, "gradient_clip": 0.0}
FASTER = {"learning_rate": 5e-3, "warmup_steps": 45, "adam_beta_2": 0.95, "gradient_clip": 1.0}
RECIPES = {
    "before": {**BEFORE, "epochs": 2},
    "before-3-epochs": {**BEFORE, "epochs": 3},
    "lr5e-3": {**FASTER, "epochs": 2},
    "lr5e-3-3-epochs": {**FASTER, "epochs": 3},
    "defaults": {},
}


def train_or_reuse(config: CVConfig, run_dir: Path) -> float:
    """Trains ``config`` into ``run_dir`` unless a finished run is there; its training seconds."""
    run = RunFolder(run_dir, CV_RUN)
    if not run.finished():
        train_cv(config, run_dir, verbose=2)
    return sum(record["seconds"] for record in run.records())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for one run folder per recipe")
    parser.add_argument("--budget", default="demo", choices=sorted(CVConfig.BUDGETS))
    parser.add_argument("--recipes", default=",".join(RECIPES), help=f"comma-separated, from {', '.join(RECIPES)}")
    parser.add_argument("--n", type=int, default=100, help="CVs generated per recipe")
    args = parser.parse_args()
    names = args.recipes.split(",")
    unknown = sorted(set(names) - set(RECIPES))
    if unknown:
        parser.error(f"unknown recipes {', '.join(unknown)}; choose from {', '.join(RECIPES)}")

    rows, summary = [], {}
    for name in names:
        config = CVConfig.budget(args.budget, **RECIPES[name])
        start = time.perf_counter()
        seconds = train_or_reuse(config, Path(args.out) / name)
        result = evaluate_cv_run(Path(args.out) / name, n=args.n, say=None)
        facts = result["facts"]
        summary[name] = {"training_seconds": seconds, **{k: result[k] for k in ("validation_perplexity", "name_copy")},
                         "facts": facts["generated"], "real": facts["real"]}
        rows.append((name, config, seconds, result))
        print(f"{name}: {time.perf_counter() - start:.0f} s, facts {json.dumps(facts['generated'])}", flush=True)

    header = ["recipe", "epochs", "training s", "val. perplexity", "name copied (p)", *FACTS, "all"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for name, config, seconds, result in rows:
        shares = result["facts"]["generated"]
        cells = [name, str(config.epochs), f"{seconds:.0f}", f"{result['validation_perplexity']:.2f}",
                 f"{result['name_copy']['probability']:.2f}"]
        cells += ["-" if shares[fact] is None else f"{shares[fact]:.0%}" for fact in (*FACTS, "all")]
        print("| " + " | ".join(cells) + " |")
    if rows:
        result = rows[0][3]
        real = result["facts"]["real"]
        print(f"| held-out real CVs | | | | chance {result['name_copy']['chance']:.2f} | "
              + " | ".join("-" if real[fact] is None else f"{real[fact]:.0%}" for fact in (*FACTS, "all")) + " |")
    write_text_atomically(Path(args.out) / "summary.json", json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
