"""`implementor demo`: what the quick run wrote, and running it again."""

import json
import shutil

import pytest

from implementor_tf.cv.config import CV_RUN, CVConfig
from implementor_tf.cv.train import train_cv
from implementor_tf.face.config import FACE_RUN, FaceConfig
from implementor_tf.face.train import train_face
from implementor_tf.profile.demo import (
    DemoBudget,
    cv_finished,
    face_finished,
    run_demo,
    train_or_reuse,
)
from implementor_tf.run_folder import RunFolder
from tests.conftest import run_demo_command


def _budget(demo_folder):
    """The settings the demo folder was trained with (the test budget, as decided for this machine)."""
    return DemoBudget(face=_face(demo_folder).settings(), cv=_cv(demo_folder).settings())


def _face(folder):
    return RunFolder(folder / "face", FACE_RUN)


def _cv(folder):
    return RunFolder(folder / "cv", CV_RUN)


def test_the_quick_demo_wrote_both_runs_the_gif_and_the_team(quick_demo):
    assert (quick_demo / "face" / "progress.gif").stat().st_size > 0
    assert (quick_demo / "face" / "generator.keras").is_file()
    assert (quick_demo / "cv" / "preset" / "config.json").is_file()
    assert (quick_demo / "index.html").is_file()
    assert sorted(path.name for path in quick_demo.glob("colleague-*")) == [f"colleague-{seed}" for seed in range(8)]


def test_finished_stages_are_reused_not_retrained(quick_demo):
    messages = []
    generator = quick_demo / "face" / "generator.keras"
    before = generator.stat().st_mtime_ns
    train_or_reuse(_face(quick_demo), _budget(quick_demo).face, train_face, face_finished, say=messages.append)
    train_or_reuse(_cv(quick_demo), _budget(quick_demo).cv, train_cv, lambda run: cv_finished(run, _budget(quick_demo).cv.epochs), say=messages.append)
    assert generator.stat().st_mtime_ns == before
    assert [message.split(":")[0] for message in messages] == ["The face is trained already", "The CV is trained already"]
    assert not cv_finished(_cv(quick_demo), _budget(quick_demo).cv.epochs + 1)  # One epoch more would resume.


def test_the_budget_as_written_reuses_its_own_folder(quick_demo):
    """The CV budget says precision "auto"; the folder holds what auto chose on this machine."""
    messages = []
    cv = CVConfig.budget("test")
    assert cv.precision == "auto" and _cv(quick_demo).settings().precision != "auto"
    train_or_reuse(_cv(quick_demo), cv, train_cv, lambda run: cv_finished(run, cv.epochs), say=messages.append)
    assert messages[0].startswith("The CV is trained already")


def test_a_killed_face_training_resumes_from_its_checkpoint(quick_demo, tmp_path):
    run = tmp_path / "face"
    shutil.copytree(quick_demo / "face", run)
    (run / "finished.json").unlink()  # As if killed after the last checkpoint, before the run was marked finished.
    messages = []
    train_or_reuse(RunFolder(run, FACE_RUN), _budget(quick_demo).face, train_face, face_finished, say=messages.append)
    assert messages == [f"Resuming the face training in {run} from its last checkpoint"]
    assert (run / "generator.keras").is_file()


def test_a_folder_with_other_settings_is_refused_before_training(quick_demo):
    with pytest.raises(FileExistsError, match="other settings"):
        run_demo(quick_demo, budget="demo", say=lambda message: None)


@pytest.mark.slow
def test_the_real_quick_budget(tmp_path):
    """`implementor demo --quick` as shipped (about two minutes): complete, with a team of 8."""
    status, printed = run_demo_command(tmp_path / "demo")
    assert status == 0, printed[-2000:]
    assert "quick smoke-run" in printed and "Look at:" in printed
    assert len(list((tmp_path / "demo").glob("colleague-*/implementor.html"))) == 8
    assert json.loads((tmp_path / "demo" / "face" / "config.json").read_text())["kimg"] == FaceConfig.budget("quick").kimg
