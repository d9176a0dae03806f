"""``implementor demo``: the whole Implementor from nothing, on the embedded data.

Three stages, each with its own progress bar:

1. the face: a DCGAN on 1,000 procedural portraits (``OUT/face``, with its
   ``progress.gif``);
2. the CV: a tiny GPT-2 trained from scratch on 2,000 generated CVs
   (``OUT/cv``);
3. the team: 8 colleagues and their pages (``OUT/index.html``).

The full budget is sized to finish in about a quarter of an hour on a 2-core
CPU (``benchmarks/demo.py`` measures it); ``quick`` is a smoke run of about
two minutes whose faces and CVs are rough. A stage that finished in an
earlier call is reused, and one that was killed resumes from its last
checkpoint, so running the command again picks up where it stopped.

Example:

>>> result = run_demo("runs/demo", quick=True)         # doctest: +SKIP
>>> result.team.index                                   # doctest: +SKIP
PosixPath('runs/demo/index.html')
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from implementor_tf.cv.train import CVConfig, train_cv
from implementor_tf.face.train import FaceConfig, train_face
from implementor_tf.jsonl import read_jsonl
from implementor_tf.profile.team import Team, make_team

TEAM_SIZE = 8


@dataclasses.dataclass(frozen=True)
class DemoBudget:
    """The settings of the two trainings in a demo."""

    face: FaceConfig
    cv: CVConfig


FULL = DemoBudget(
    # 100k images, about 7 minutes on a 2-core CPU (the 180k default run sharpens them).
    face=FaceConfig(kimg=100.0),
    # The default tiny GPT-2 on 4,000 CVs twice (about 450 steps, 3 minutes); the default run's 1,690 steps keep more facts.
    cv=CVConfig(n_cvs=4000, epochs=2),
)
QUICK = DemoBudget(
    face=FaceConfig(image_size=32, kimg=6.0, n_images=300, width=16, max_channels=64, epoch_kimg=1.0, snapshot_kimg=0.25),
    cv=CVConfig(n_cvs=600, epochs=4, vocabulary_size=1000, num_layers=2, hidden_dim=64, num_heads=2, sample_every=0),
)


@dataclasses.dataclass
class DemoResult:
    """Where a demo wrote its results, and how long each stage took (seconds)."""

    out: Path
    team: Team
    seconds: dict[str, float]


def train_or_reuse(kind: str, run_dir: Path, config, train, finished, say=print) -> None:
    """Trains a stage, resumes it after a kill, or reuses it when it finished.

    Args:
        kind: str. What the stage trains, for messages ("face", "CV model").
        run_dir: Path. The stage's run folder.
        config: FaceConfig or CVConfig. Its settings; a folder with other ones is refused.
        train: ``train_face`` or ``train_cv``.
        finished: function of ``run_dir``: True when the training is complete.
        say: function that prints a progress message.
    """
    if not (run_dir / "config.json").exists():
        train(config, run_dir, verbose=1)
        return
    # A run saves its settings with the precision (and XLA) choice decided for the machine.
    decided = config.resolved() if hasattr(config, "resolved") else config
    if (run_dir / "config.json").read_text() != decided.to_json():
        raise FileExistsError(
            f"{run_dir} holds a {kind} run with other settings (a --quick run, or one of another version?): "
            f"choose another --out, or delete {run_dir} to train it again"
        )
    if finished(run_dir):
        say(f"The {kind} is trained already: reusing {run_dir} (delete it to train again)")
        return
    say(f"Resuming the {kind} training in {run_dir} from its last checkpoint")
    train(config, run_dir, resume=True, verbose=1)


def face_finished(run_dir: Path) -> bool:
    """``train_face`` writes the averaged generator last."""
    return (run_dir / "generator.keras").exists()


def cv_finished(run_dir: Path, epochs: int) -> bool:
    """Every epoch is logged and a preset is saved."""
    logged = len(read_jsonl(run_dir / "metrics.jsonl")) if (run_dir / "metrics.jsonl").exists() else 0
    return logged >= epochs and (run_dir / "preset" / "config.json").exists()


def run_demo(out, quick: bool = False, n: int = TEAM_SIZE, seed: int = 0, budget: DemoBudget | None = None, say=print) -> DemoResult:
    """Trains the face and the CV on the embedded data and makes a team.

    Args:
        out: str or Path. Folder for everything (created if missing).
        quick: bool. The two-minute smoke budget instead of the full one.
        n: int. Colleagues on the team.
        seed: int. Seed of the first colleague.
        budget: DemoBudget or None. Other training settings (overrides ``quick``).
        say: function that prints a progress message.
    """
    out = Path(out)
    budget = budget or (QUICK if quick else FULL)
    seconds = {}
    started = time.perf_counter()
    name = "quick smoke-run" if budget is QUICK else "demo"
    say(f"The Implementor {name}: face, CV and a team of {n}, written to {out}")

    say(f"\n[1/3] The face: a DCGAN on {budget.face.n_images:,} procedural portraits, {budget.face.kimg:g}k images at {budget.face.image_size} px")
    train_or_reuse("face", out / "face", budget.face, train_face, face_finished, say)
    seconds["face"] = time.perf_counter() - started

    say(f"\n[2/3] The CV: a tiny GPT-2 trained from scratch on {budget.cv.n_cvs:,} generated CVs, {budget.cv.epochs} epochs (offline default)")
    train_or_reuse("CV model", out / "cv", budget.cv, train_cv, lambda run: cv_finished(run, budget.cv.epochs), say)
    seconds["cv"] = time.perf_counter() - started - seconds["face"]

    say(f"\n[3/3] The team: {n} synthetic colleagues, seeds {seed} to {seed + n - 1}")
    team = make_team(out / "face", out / "cv", out, n=n, seed=seed)
    seconds["team"] = time.perf_counter() - started - seconds["face"] - seconds["cv"]
    seconds["total"] = time.perf_counter() - started

    say(
        f"\nDone in {seconds['total'] / 60:.1f} min (face {seconds['face']:.0f} s, CV {seconds['cv']:.0f} s, "
        f"team {seconds['team']:.0f} s). Look at:\n"
        f"  {team.index}  the team page: open it in a browser\n"
        f"  {team.folders[0] / 'implementor.html'}  a profile ({team.colleagues[0].name}); card.png and record.json beside it\n"
        f"  {out / 'face' / 'progress.gif'}  the face training as a film\n"
        f"  {out / 'cv' / 'loss.png'}  the CV model's loss"
    )
    return DemoResult(out, team, seconds)
