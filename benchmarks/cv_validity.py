"""How many generated CVs are whole: the share that passes ``cv_problems``.

Generates ``--n`` CVs from the bare prompt ``Name:`` with a trained run and
prints the validity rate, the most common problems, and the run's best
validation perplexity.

Usage:

    python benchmarks/cv_validity.py --run runs/cv [--n 50] [--sampler top_p] [--seed 0]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from implementor_tf.cv.generate import CVWriter  # noqa: E402
from implementor_tf.cv.parse import cv_problems  # noqa: E402
from implementor_tf.jsonl import read_jsonl  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", required=True)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--sampler", default="top_p")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    writer = CVWriter.from_run(args.run, sampler=args.sampler)
    start = time.perf_counter()
    texts = writer.generate("Name:", n=args.n, seed=args.seed)
    seconds = time.perf_counter() - start
    problems = [cv_problems(text) for text in texts]
    valid = sum(not found for found in problems)
    counts = collections.Counter(problem.split(":")[0] for found in problems for problem in found)
    best = json.loads((Path(args.run) / "preset" / "best.json").read_text())
    perplexity = {record["epoch"]: record["val_perplexity"] for record in read_jsonl(Path(args.run) / "metrics.jsonl")}
    print(f"{valid} of {args.n} CVs are whole ({100 * valid / args.n:.0f} %), sampler {args.sampler}, seed {args.seed}, {seconds:.0f} s")
    for problem, count in counts.most_common(5):
        print(f"  {count:3d} x {problem}")
    print(f"validation perplexity of the saved model (epoch {best['epoch']}): {perplexity[best['epoch']]:.2f}")


if __name__ == "__main__":
    main()
