import keras
import numpy as np
import pytest

from implementor_tf.metrics.kid import FeatureExtractorUnavailable
from implementor_tf.transfer import experiment
from implementor_tf.transfer.config import TrainingSettings
from implementor_tf.transfer.imagenet import imagenet_trunk


def _offline(**kwargs):
    raise Exception("URL fetch failure: no network")  # What Keras raises when a download fails.


def test_without_its_weights_the_baseline_is_unavailable():
    with pytest.raises(FeatureExtractorUnavailable, match="no network"):
        imagenet_trunk(32, application=_offline)


def test_the_trunk_takes_our_images_in_their_range():
    trunk = imagenet_trunk(32, weights=None)
    features = trunk(np.zeros((2, 32, 32, 3), "float32"))
    assert features.shape[0] == 2 and features.shape[-1] == 576
    rescaling = next(layer for layer in trunk.layers if isinstance(layer, keras.layers.Rescaling))
    assert float(rescaling(np.array([-1.0, 1.0])).numpy().min()) == 0.0


def test_the_experiment_reports_the_baseline_as_unavailable_offline(tiny_face_run, monkeypatch):
    def unavailable(image_size):
        return imagenet_trunk(image_size, application=_offline)

    monkeypatch.setattr(experiment, "imagenet_trunk", unavailable)
    result = experiment.run_transfer_experiment(
        tiny_face_run.run_dir, "glasses", budgets=[4], repeats=1, task_size=(6, 6),
        settings=TrainingSettings(steps=2, probe_max_steps=25), say=None,
    )
    baseline = result["modes"]["imagenet"]
    assert baseline["available"] is False and "no network" in baseline["reason"]
    assert baseline["accuracy"] == {}
    assert result["modes"]["probe"]["available"] and len(result["modes"]["probe"]["accuracy"]["4"]["runs"]) == 1


def test_with_weights_the_baseline_runs_beside_the_others(tiny_face_run, monkeypatch):
    monkeypatch.setattr(experiment, "imagenet_trunk", lambda image_size: imagenet_trunk(image_size, weights=None))
    result = experiment.run_transfer_experiment(
        tiny_face_run.run_dir, "glasses", budgets=[4], repeats=1, task_size=(6, 6),
        settings=TrainingSettings(steps=2, probe_max_steps=25), say=None,
    )
    assert result["modes"]["imagenet"]["available"]
    assert 0 <= result["modes"]["imagenet"]["accuracy"]["4"]["mean"] <= 1
