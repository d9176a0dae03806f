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

>>> result = run_demo("runs/demo", budget="quick")     # doctest: +SKIP
>>> result.team.index                                   # doctest: +SKIP
PosixPath('runs/demo/index.html')
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from implementor_tf.cv.config import CV_RUN, CVConfig
from implementor_tf.cv.train import train_cv
from implementor_tf.face.config import FACE_RUN, FaceConfig
from implementor_tf.face.train import train_face
from implementor_tf.profile.team import Team, make_team
from implementor_tf.run_folder import RunFolder

TEAM_SIZE = 8


@dataclasses.dataclass(frozen=True)
class DemoBudget:
    """The settings of the two trainings in a demo."""

    face: FaceConfig
    cv: CVConfig


    @classmethod
    def named(cls, name: str) -> DemoBudget:
        """The budget ``name`` of both configs (``"demo"``, ``"quick"``, ``"test"``)."""
        return cls(face=FaceConfig.budget(name), cv=CVConfig.budget(name))


@dataclasses.dataclass
class DemoResult:
    """Where a demo wrote its results, and how long each stage took (seconds)."""

    out: Path
    team: Team
    seconds: dict[str, float]


def train_or_reuse(run: RunFolder, config, train, finished, say=print) -> None:
    """Trains a stage, resumes it after a kill, or reuses it when it finished.

    Args:
        run: RunFolder. The stage's run folder.
        config: FaceConfig or CVConfig. Its settings; a folder with other ones is refused.
        train: ``train_face`` or ``train_cv``.
        finished: function of ``run``: True when the training is complete.
        say: function that prints a progress message.
    """
    kind, run_dir = run.kind.name, run.path
    if not run.holds_run():
        train(config, run_dir, verbose=1)
        return
    # A run saves its settings with the precision (and XLA) choice decided for the machine.
    if run.settings() != config.resolved():
        raise FileExistsError(
            f"{run_dir} holds a {kind} run with other settings (a --quick run, or one of another version?): "
            f"choose another --out, or delete {run_dir} to train it again"
        )
    if finished(run):
        say(f"The {kind} is trained already: reusing {run_dir} (delete it to train again)")
        return
    say(f"Resuming the {kind} training in {run_dir} from its last checkpoint")
    train(config, run_dir, resume=True, verbose=1)


def face_finished(run: RunFolder) -> bool:
    """``train_face`` marks a run finished after writing everything else."""
    return run.finished()


def cv_finished(run: RunFolder, epochs: int) -> bool:
    """Marked finished, with every epoch of the budget logged."""
    return run.finished() and len(run.records()) >= epochs


def run_demo(out, budget: str | DemoBudget = "demo", n: int = TEAM_SIZE, seed: int = 0, say=print) -> DemoResult:
    """Trains the face and the CV on the embedded data and makes a team.

    Args:
        out: str or Path. Folder for everything (created if missing).
        budget: str or DemoBudget. ``"demo"`` (about a quarter of an hour),
            ``"quick"`` (a smoke run of about two minutes), ``"test"``
            (seconds), or the two configs themselves.
        n: int. Colleagues on the team.
        seed: int. Seed of the first colleague.
        say: function that prints a progress message.
    """
    out = Path(out)
    name = {"demo": "demo", "quick": "quick smoke-run"}.get(budget, f"demo ({budget} budget)") if isinstance(budget, str) else "demo"
    budget = DemoBudget.named(budget) if isinstance(budget, str) else budget
    seconds = {}
    started = time.perf_counter()
    say(f"The Implementor {name}: face, CV and a team of {n}, written to {out}")

    say(f"\n[1/3] The face: a DCGAN on {budget.face.n_images:,} procedural portraits, {budget.face.kimg:g}k images at {budget.face.image_size} px")
    train_or_reuse(RunFolder(out / "face", FACE_RUN), budget.face, train_face, face_finished, say)
    seconds["face"] = time.perf_counter() - started

    say(f"\n[2/3] The CV: a tiny GPT-2 trained from scratch on {budget.cv.n_cvs:,} generated CVs, {budget.cv.epochs} epochs (offline default)")
    train_or_reuse(RunFolder(out / "cv", CV_RUN), budget.cv, train_cv, lambda run: cv_finished(run, budget.cv.epochs), say)
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
