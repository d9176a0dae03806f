"""Shared fixtures: tiny configurations that train in seconds on a 2-core CPU."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402

from implementor_tf.face.train import FaceConfig  # noqa: E402


@pytest.fixture
def tiny_face_config():
    """A 32 px GAN with 4-channel layers on 64 synthetic portraits, 16 per batch."""
    return FaceConfig(
        image_size=32,
        kimg=0.128,
        batch_size=16,
        n_images=64,
        latent_dim=8,
        width=4,
        max_channels=8,
        epoch_kimg=0.032,
        snapshot_kimg=0.016,
        grid=2,
        jit_compile=False,
    )
