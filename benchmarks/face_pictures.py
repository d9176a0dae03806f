"""The README's face pictures, made from a finished face run.

Writes into ``--assets``:

- ``face_progress.png``: five frames of the run's progress GIF side by side
  (the first, three in between, the last), each captioned with its images;
- ``face_progress.gif``: the run's GIF, every second frame (a smaller file);
- ``face_samples.png``: 16 new faces, ``implementor face sample --seed 1``, at 2x;
- ``face_walk.gif``: ``implementor face interpolate --seed 0``, at 2x;
- ``face_losses.png`` and ``face_closest_pairs.png``: copies of the run's own
  (the closest pairs exist after ``implementor face eval``).

Usage:

    python benchmarks/face_pictures.py --run runs/face --assets assets
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import imageio.v3 as iio  # noqa: E402
import numpy as np  # noqa: E402

from implementor_tf.cli import main as implementor  # noqa: E402
from implementor_tf.pictures import save_png  # noqa: E402


def progress_strip(gif: Path, count: int = 5) -> np.ndarray:
    frames = iio.imread(gif, index=None)
    chosen = np.linspace(0, len(frames) - 1, count).round().astype(int)
    gap = np.full((frames.shape[1], 6, 3), 255, np.uint8)
    pieces = []
    for index in chosen:
        pieces += [frames[index][..., :3], gap]
    return np.concatenate(pieces[:-1], axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", required=True)
    parser.add_argument("--assets", default="assets")
    args = parser.parse_args()
    run, assets = Path(args.run), Path(args.assets)
    assets.mkdir(parents=True, exist_ok=True)

    save_png(progress_strip(run / "progress.gif"), assets / "face_progress.png")
    frames = iio.imread(run / "progress.gif", index=None)
    thinned = list(frames[:-1:2]) + [frames[-1]]
    iio.imwrite(assets / "face_progress.gif", np.stack(thinned), extension=".gif", duration=[120] * (len(thinned) - 1) + [2000], loop=0)
    implementor(["face", "sample", "--run", str(run), "--n", "16", "--seed", "1", "--out", str(assets / "face_samples.png")])
    implementor(["face", "interpolate", "--run", str(run), "--out", str(assets / "face_walk.gif"), "--seed", "0"])
    shutil.copy(run / "losses.png", assets / "face_losses.png")
    if (run / "closest_pairs.png").exists():
        shutil.copy(run / "closest_pairs.png", assets / "face_closest_pairs.png")
    print(f"Pictures of {run} written to {assets}")


if __name__ == "__main__":
    main()
