"""The corridor robot: training time and success rate against the random policy, over seeds.

Trains the default ``RLConfig`` (the command ``implementor rl train``) once
per seed into ``--out/seed-S`` and prints, per seed, the wall time, the
training episodes, and the success rates of the random, untrained and
trained policies on the same 100 held-out corridors. With ``--assets`` the
first seed's reward curve and before/after GIFs are copied there.

Usage:

    python benchmarks/rl.py [--seeds 0,1,2] [--out runs/rl_benchmark] [--assets assets]
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from implementor_tf.rl.config import RLConfig  # noqa: E402
from implementor_tf.rl.train import train_agent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds")
    parser.add_argument("--out", default="runs/rl_benchmark", help="folder for one run per seed (emptied first)")
    parser.add_argument("--assets", default=None, help="folder for the first seed's curve and GIFs")
    args = parser.parse_args()
    seeds = [int(seed) for seed in args.seeds.split(",")]
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)

    rows = []
    for seed in seeds:
        started = time.perf_counter()
        evaluation = train_agent(RLConfig(seed=seed), out / f"seed-{seed}", progress=False, say=None)
        rows.append((seed, time.perf_counter() - started, evaluation))
        print(f"seed {seed} done in {rows[-1][1]:.0f} s", flush=True)

    config = RLConfig()
    print(f"\n{config.difficulty} corridor, {config.episodes:,} training episodes, 100 held-out corridors (success %)")
    print(f"{'seed':>4}  {'wall time':>9}  {'random':>6}  {'untrained':>9}  {'trained':>7}  {'trained mean steps':>18}")
    for seed, seconds, evaluation in rows:
        print(
            f"{seed:>4}  {seconds / 60:>7.1f} m  {100 * evaluation['random']['success_rate']:>6.0f}  "
            f"{100 * evaluation['untrained']['success_rate']:>9.0f}  {100 * evaluation['trained']['success_rate']:>7.0f}  "
            f"{evaluation['trained']['mean_steps']:>18.1f}"
        )
    if args.assets:
        first = out / f"seed-{seeds[0]}"
        for name, target in (("reward_curve.png", "rl_reward_curve.png"), ("episode_before.gif", "rl_before.gif"), ("episode_after.gif", "rl_after.gif")):
            shutil.copy(first / name, Path(args.assets) / target)
        print(f"copied the seed-{seeds[0]} curve and GIFs into {args.assets}")


if __name__ == "__main__":
    main()
