import dataclasses

import pytest

from implementor_tf.transfer.config import TrainingSettings
from implementor_tf.transfer.experiment import pretraining_notes, run_transfer_experiment
from implementor_tf.transfer.tasks import load_task

FAST = TrainingSettings(steps=2, probe_max_steps=25)


def test_every_mode_is_scored_on_every_draw(tiny_face_run):
    result = run_transfer_experiment(
        tiny_face_run.run_dir, "long_hair", budgets=[6, 2], repeats=2, imagenet=False, task_size=(8, 6), settings=FAST, say=None
    )
    assert result["budgets"] == [2, 6] and result["n_holdout"] == 12 and result["chance"] == 0.5
    for mode in ("probe", "fine_tune", "scratch"):
        for budget in ("2", "6"):
            runs = result["modes"][mode]["accuracy"][budget]["runs"]
            assert len(runs) == 2 and all(0 <= run <= 1 for run in runs)
            # Accuracy on 12 images comes in twelfths.
            assert all(abs(run * 12 - round(run * 12)) < 1e-6 for run in runs)
    assert result["modes"]["imagenet"] == {"title": result["modes"]["imagenet"]["title"], "available": False, "accuracy": {}, "reason": "not asked for"}


def test_a_budget_larger_than_the_pool_is_refused(tiny_face_run):
    with pytest.raises(ValueError, match="too many"):
        run_transfer_experiment(tiny_face_run.run_dir, "glasses", budgets=[20], repeats=1, task_size=(4, 4), imagenet=False, say=None)


def test_the_notes_say_when_the_discriminator_saw_held_out_faces(lfw_config):
    task = load_task("face_vs_nonface", image_size=32)
    assert "saw 50 of the held-out faces" in pretraining_notes(task, lfw_config)[0]
    assert "no held-out image" in pretraining_notes(task, dataclasses.replace(lfw_config, n_images=50))[0]
    assert "not on LFW" in pretraining_notes(task, dataclasses.replace(lfw_config, data="synthetic"))[0]
