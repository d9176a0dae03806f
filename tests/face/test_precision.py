"""Every precision policy trains, resumes and samples (on this CPU)."""

import dataclasses

import keras
import numpy as np
import pytest

from implementor_tf.face.augment import DiffAugment
from implementor_tf.face.checkpoint import latest_checkpoint
from implementor_tf.face.config import FaceConfig
from implementor_tf.face.sample import load_generator, sample_faces
from implementor_tf.face.train import build_dcgan, train_face


@pytest.mark.parametrize("precision", ["float32", "mixed_bfloat16", "mixed_float16"])
def test_train_resume_and_sample_in_every_policy(tiny_face_config, tmp_path, precision):
    config = dataclasses.replace(tiny_face_config, precision=precision, kimg=0.064)
    first = train_face(config, tmp_path / "run", verbose=0)
    assert first.images_seen == 64
    assert FaceConfig.from_json((tmp_path / "run" / "config.json").read_text()).precision == precision

    resumed = train_face(dataclasses.replace(config, kimg=0.128), tmp_path / "run", resume=True, verbose=0)
    assert resumed.resumed_from is not None and resumed.images_seen == 128
    assert latest_checkpoint(tmp_path / "run" / "checkpoints").name == "ckpt-000000008"
    gan = resumed.gan
    compute = {layer.dtype_policy.compute_dtype for layer in gan.generator.layers if layer.name.endswith("_conv")}
    assert compute == {"float32" if precision == "float32" else precision.removeprefix("mixed_")}
    # Variables, the averaged generator and what a user sees stay float32.
    assert {variable.dtype for variable in gan.ema_generator.weights} == {"float32"}
    assert type(gan.g_optimizer).__name__ == ("LossScaleOptimizer" if precision == "mixed_float16" else "Adam")
    for losses in ("d_loss", "g_loss"):
        assert np.isfinite(gan.get_metrics_result()[losses])

    faces = sample_faces(tmp_path / "run", n=3, seed=2)
    assert faces.dtype == np.float32 and np.isfinite(faces).all() and np.abs(faces).max() <= 1.0
    np.testing.assert_array_equal(faces, sample_faces(tmp_path / "run", n=3, seed=2))
    assert load_generator(tmp_path / "run").layers[-1].dtype_policy.name == "float32"


def test_augmentation_computes_in_float32_whatever_it_is_given():
    augment = DiffAugment(probability=1.0, seed=0, dtype="mixed_bfloat16")
    images = keras.ops.cast(np.full((2, 16, 16, 3), 0.5, "float32"), "bfloat16")
    assert augment(images, training=True).dtype == "float32"


@pytest.mark.parametrize(("speedup", "expected"), [(0.5, ("float32", True)), (2.0, ("mixed_bfloat16", False))])
def test_auto_precision_and_xla_are_decided_before_the_run_is_saved(tiny_face_config, tmp_path, monkeypatch, speedup, expected):
    from implementor_tf import precision
    from implementor_tf.face import config as face_config

    monkeypatch.setattr(precision, "gpu_available", lambda: False)
    monkeypatch.setattr(face_config, "gpu_available", lambda: False)
    monkeypatch.setattr(precision, "bfloat16_speedup", lambda: speedup)  # A CPU where bfloat16 is slow, or fast.
    config = dataclasses.replace(tiny_face_config, precision="auto", kimg=0.032, jit_compile=None)
    train_face(config, tmp_path / "run", verbose=0)
    saved = FaceConfig.from_json((tmp_path / "run" / "config.json").read_text())
    assert (saved.precision, saved.jit_compile) == expected


def test_an_unknown_precision_is_refused_before_anything_is_built():
    with pytest.raises(ValueError, match="precision must be one of"):
        FaceConfig(precision="float8")


def test_float16_scales_the_losses(tiny_face_config):
    gan = build_dcgan(dataclasses.replace(tiny_face_config, precision="mixed_float16"))
    assert float(gan.d_optimizer.scale_loss(1.0)) > 1.0  # Dynamic loss scale, starting high.
