"""A tiny trained face run shared by the transfer tests."""

import dataclasses

import pytest

from implementor_tf.face.train import FaceConfig, train_face


@pytest.fixture(scope="package")
def tiny_face_run(tmp_path_factory):
    """A 32 px DCGAN trained for 128 images on 64 synthetic portraits: its run folder and result."""
    config = FaceConfig(
        image_size=32, kimg=0.128, batch_size=16, n_images=64, latent_dim=8, width=4, max_channels=8,
        epoch_kimg=0.064, snapshot_kimg=0.064, grid=2, jit_compile=False,
    )
    run_dir = tmp_path_factory.mktemp("transfer") / "face"
    return train_face(config, run_dir, verbose=0)


@pytest.fixture
def lfw_config():
    """The config of a face run on LFW faces, as the pretraining notes read it."""
    return dataclasses.replace(FaceConfig(), data="lfw")
