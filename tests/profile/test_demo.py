"""`implementor demo`: what the quick run wrote, and running it again."""

import json
import shutil

import pytest

from implementor_tf.cv.train import train_cv
from implementor_tf.face.train import train_face
from implementor_tf.profile.demo import FULL, QUICK, cv_finished, face_finished, run_demo, train_or_reuse
from tests.conftest import run_demo_command


def _budget(demo_folder):
    """The settings the demo folder was trained with (the test-sized quick budget)."""
    from implementor_tf.cv.train import CVConfig
    from implementor_tf.face.train import FaceConfig
    from implementor_tf.profile.demo import DemoBudget

    return DemoBudget(
        face=FaceConfig.from_json((demo_folder / "face" / "config.json").read_text()),
        cv=CVConfig.from_json((demo_folder / "cv" / "config.json").read_text()),
    )


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
    train_or_reuse("face", quick_demo / "face", _budget(quick_demo).face, train_face, face_finished, say=messages.append)
    train_or_reuse("CV model", quick_demo / "cv", _budget(quick_demo).cv, train_cv, lambda run: cv_finished(run, _budget(quick_demo).cv.epochs), say=messages.append)
    assert generator.stat().st_mtime_ns == before
    assert [message.split(":")[0] for message in messages] == ["The face is trained already", "The CV model is trained already"]
    assert not cv_finished(quick_demo / "cv", _budget(quick_demo).cv.epochs + 1)  # One epoch more would resume.


def test_the_budget_as_written_reuses_its_own_folder(quick_demo):
    """The budget says precision "auto"; the folder holds what auto chose on this machine."""
    from implementor_tf.face.train import FaceConfig
    from tests.conftest import TEST_DEMO_BUDGET

    messages = []
    face = FaceConfig(**TEST_DEMO_BUDGET["face"])
    assert face.precision == "auto"
    train_or_reuse("face", quick_demo / "face", face, train_face, face_finished, say=messages.append)
    assert messages[0].startswith("The face is trained already")


def test_a_killed_face_training_resumes_from_its_checkpoint(quick_demo, tmp_path):
    run = tmp_path / "face"
    shutil.copytree(quick_demo / "face", run)
    (run / "generator.keras").unlink()  # As if killed after the last checkpoint.
    messages = []
    train_or_reuse("face", run, _budget(quick_demo).face, train_face, face_finished, say=messages.append)
    assert messages == [f"Resuming the face training in {run} from its last checkpoint"]
    assert (run / "generator.keras").is_file()


def test_a_folder_with_other_settings_is_refused_before_training(quick_demo):
    with pytest.raises(FileExistsError, match="other settings"):
        run_demo(quick_demo, budget=FULL, say=lambda message: None)


@pytest.mark.slow
def test_the_real_quick_budget(tmp_path):
    """`implementor demo --quick` as shipped (about two minutes): complete, with a team of 8."""
    status, printed = run_demo_command(tmp_path / "demo")
    assert status == 0, printed[-2000:]
    assert "quick smoke-run" in printed and "Look at:" in printed
    assert len(list((tmp_path / "demo").glob("colleague-*/implementor.html"))) == 8
    assert json.loads((tmp_path / "demo" / "face" / "config.json").read_text())["kimg"] == QUICK.face.kimg
