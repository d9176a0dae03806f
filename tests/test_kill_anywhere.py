"""Kill a real `implementor` run with SIGKILL, resume it, and check that nothing was lost or repeated.

A watcher polls the run folder and kills the process either at a chosen
moment or as soon as a chosen kind of file is being written (a hidden
``.NAME.PID.tmp...`` file: ``save_atomically`` at work). The run is then
resumed with ``--resume`` until it finishes, and its logs, films and models
are checked. The default suite tries a few kill points per kind of run; the
``slow`` test tries many.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import keras
import numpy as np
import pytest
from PIL import Image

from implementor_tf.cv.config import CV_RUN
from implementor_tf.face.config import FACE_RUN
from implementor_tf.rl.config import RL_RUN
from implementor_tf.run_folder import RunFolder

COMMANDS = {
    "face": ["face", "train", "--budget", "test", "--kimg", "0.256"],
    "cv": ["cv", "train", "--budget", "test"],
    "rl": ["rl", "train", "--budget", "test", "--episodes", "3000", "--checkpoint-every", "5"],
}
KINDS = {"face": FACE_RUN, "cv": CV_RUN, "rl": RL_RUN}
TEMPORARY = re.compile(r"^\..+\.\d+\.tmp")


def implementor(args, out: Path) -> subprocess.Popen:
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.Popen(
        [sys.executable, "-m", "implementor_tf.cli", *args, "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment,
    )


def temporary_files(folder: Path) -> set[str]:
    """Names of the files being written under ``folder`` (the run renames and removes files as we look)."""
    names = set()
    for _, _, files in os.walk(folder):  # os.walk skips folders that vanish while it walks.
        names.update(name for name in files if TEMPORARY.match(name))
    return names


def run_and_kill(args, out: Path, after_seconds: float | None = None, on_writing: str | None = None) -> bool:
    """Starts a run and kills it after ``after_seconds`` or while a file ending in ``on_writing`` is written.

    Returns True when the process was killed, False when it finished first.
    """
    process = implementor(args, out)
    started = time.monotonic()
    while process.poll() is None:
        writing = temporary_files(out)
        due = after_seconds is not None and time.monotonic() - started >= after_seconds
        if due or (on_writing and any(on_writing in name for name in writing)):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.002)
    assert process.returncode == 0, process.stderr.read().decode()[-2000:]
    return False


def resume_until_finished(args, out: Path, attempts: int = 3) -> None:
    for _ in range(attempts):
        process = implementor([*args, "--resume"], out)
        _, error = process.communicate(timeout=600)
        assert process.returncode == 0, error.decode()[-2000:]
        if RunFolder(out, KINDS[args[0]]).finished():
            return
    pytest.fail("the run did not finish")


def check_face_run(out: Path) -> None:
    run = RunFolder(out, FACE_RUN)
    images = [record["images"] for record in run.records()]
    assert images == sorted(set(images)), f"repeated or backwards lines: {images}"
    steps = np.diff([0, *images])
    assert len(set(steps)) == 1, f"a gap in the log: {images}"  # Every epoch is the same number of images.
    assert images[-1] == run.settings().kimg * 1000
    gif = Image.open(out / "progress.gif")
    assert gif.n_frames >= 2
    for name in ("generator.keras", "discriminator.keras"):
        keras.saving.load_model(out / name, safe_mode=True)


def check_cv_run(out: Path) -> None:
    run = RunFolder(out, CV_RUN)
    epochs = [record["epoch"] for record in run.records()]
    assert epochs == list(range(1, run.settings().epochs + 1)), f"repeated or missing epochs: {epochs}"
    from implementor_tf.cv.generate import CVWriter

    assert CVWriter.from_run(out).generate("Name:", n=1, max_length=24)[0].startswith("Name:")


def check_rl_run(out: Path) -> None:
    run = RunFolder(out, RL_RUN)
    updates = [record["updates"] for record in run.records()]
    assert updates == sorted(set(updates)), f"repeated or backwards reports: {updates}"
    assert (out / "episode_before.gif").exists() and (out / "episode_after.gif").exists()
    keras.saving.load_model(out / "policy.keras", safe_mode=True)
    assert json.loads((out / "evaluation.json").read_text())["episodes_trained"] >= 3000


CHECKS = {"face": check_face_run, "cv": check_cv_run, "rl": check_rl_run}

# (kind, seconds after start, file ending being written): a sample for the default suite.
SAMPLE = [
    ("face", None, ".losses."),  # The plot is redrawn right after a metrics line: before any checkpoint.
    ("face", None, ".keras"),  # Saving the discriminator or the generator.
    ("cv", None, ".weights.h5"),  # Keras's epoch-end backup.
    ("rl", 5.0, None),  # Mid-training; the slow variant kills RL at 12 moments.
]


def kill_and_resume(kind, after_seconds, on_writing, out):
    args = COMMANDS[kind]
    killed = run_and_kill(args, out, after_seconds, on_writing)
    if killed and RunFolder(out, KINDS[kind]).holds_run():
        resume_until_finished(args, out)
    elif killed:  # Killed before the settings were written: a fresh start is the way on.
        assert run_and_kill(args, out) is False
    CHECKS[kind](out)
    return killed


@pytest.mark.parametrize(("kind", "after_seconds", "on_writing"), SAMPLE, ids=lambda value: str(value))
def test_a_run_killed_at_a_bad_moment_resumes_and_finishes_whole(kind, after_seconds, on_writing, tmp_path):
    assert kill_and_resume(kind, after_seconds, on_writing, tmp_path / "run"), "the run finished before the kill point"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["face", "cv", "rl"])
def test_many_kill_points(kind, tmp_path):
    """Kills at 12 moments spread over a run, each followed by a resume to the end."""
    first, spacing = {"face": (3.0, 0.8), "cv": (3.0, 0.8), "rl": (4.0, 1.5)}[kind]  # Face and CV runs are short.
    killed = sum(kill_and_resume(kind, first + spacing * point, None, tmp_path / f"run{point}") for point in range(12))
    assert killed >= 6  # Most kill points fall inside the run.
