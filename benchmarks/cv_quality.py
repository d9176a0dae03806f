"""Quality of a trained CV model: perplexity, validity, distinct-n and novelty.

Runs ``implementor_tf.metrics.evaluate_cv_run`` on a run folder (by default
the README's ``runs/cv``) and prints its table (with the most common reasons
a generated CV was incomplete), the spread of the novelty overlaps, and how
long it took.

Usage:

    python benchmarks/cv_quality.py --run runs/cv [--n 100] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from implementor_tf.cv.evaluate import evaluate_cv_run, format_table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", default="runs/cv")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    start = time.perf_counter()
    result = evaluate_cv_run(args.run, n=args.n, seed=args.seed)
    seconds = time.perf_counter() - start
    print(format_table(result))
    overlaps = sorted(result["novelty"]["overlap"])
    print(f"8-gram overlap with the closest training CV: median {overlaps[len(overlaps) // 2]:.0%}, largest {overlaps[-1]:.0%}")
    print(f"evaluated {args.n} CVs (seed {args.seed}) in {seconds:.0f} s")


if __name__ == "__main__":
    main()
