"""Measuring a face run: during training (QualityTracker) and afterwards (evaluate_face_run)."""

import dataclasses
import json

from implementor_tf.face.config import FACE_RUN
from implementor_tf.face.evaluate import evaluate_face_run
from implementor_tf.face.train import train_face
from implementor_tf.metrics.attributes import AttributeClassifier
from implementor_tf.metrics.face_quality import format_table
from implementor_tf.run_folder import RunFolder

_train_classifier = AttributeClassifier.train


def _small_classifier(image_size):
    """The attribute classifier on a budget of seconds (its accuracy does not matter here)."""
    return _train_classifier(image_size, n=300, epochs=1)


def test_training_tracks_quality_into_metrics_and_plot(tiny_face_config, tmp_path, monkeypatch):
    monkeypatch.setattr(AttributeClassifier, "train", staticmethod(_small_classifier))
    config = dataclasses.replace(tiny_face_config, eval_kimg=0.064, eval_n=32)
    train_face(config, tmp_path, verbose=0)
    records = RunFolder(tmp_path, FACE_RUN).records()
    measured = [record for record in records if "swd" in record]
    assert [record["images"] for record in measured] == [64, 128]  # Every 64 images, at the epoch that passes the mark.
    for key in ("swd", "sharpness", "artefacts", "ms_ssim", "memorised_share", "nn_ratio", "attribute_tv", "eval_seconds"):
        assert key in measured[0], key
    for key in ("swd_floor", "sharpness_floor", "artefacts_floor", "attribute_tv_floor", "ms_ssim_real"):
        assert key in measured[0], key
    for name in ("glasses", "long_hair", "beard", "tie"):  # Each yes/no attribute's share, and the second real sample's.
        assert 0 <= measured[0][f"share_{name}"] <= 1 and 0 <= measured[0][f"share_{name}_floor"] <= 1
    assert measured[0]["share_tie_floor"] == measured[1]["share_tie_floor"]
    assert measured[0]["swd_floor"] == measured[1]["swd_floor"]  # Measured once.
    assert measured[0]["swd_floor"] < measured[0]["swd"]
    assert "swd" not in records[0]
    assert (tmp_path / "losses.png").exists() and (tmp_path / "progress.gif").exists()


def test_evaluating_a_run_folder(tiny_face_config, tmp_path, monkeypatch):
    monkeypatch.setattr(AttributeClassifier, "train", staticmethod(_small_classifier))
    train_face(tiny_face_config, tmp_path, verbose=0)
    result = evaluate_face_run(tmp_path, n=48, kid=False, say=lambda message: None)
    json.dumps(result)  # One JSON object.
    assert result["n_generated"] == 48 and result["n_real"] == 48  # As many faces as real images, at most n.
    assert result["images_seen"] == 128
    floor = result["floor"]  # The same figures for 48 newly drawn portraits.
    assert floor["n_generated"] == 48 and floor["swd"]["swd"] < result["swd"]["swd"]
    assert 0.8 < floor["spectrum"]["sharpness"] < 1.25
    assert "data floor" in format_table(result)
    assert result["attributes"]["attribute_tv"] is None or 0 <= result["attributes"]["attribute_tv"] <= 1
    assert (tmp_path / "closest_pairs.png").exists()
