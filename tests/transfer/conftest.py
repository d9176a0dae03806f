"""A tiny trained face run shared by the transfer tests."""


import pytest

from implementor_tf.face.config import FaceConfig
from implementor_tf.face.train import train_face


@pytest.fixture(scope="package")
def tiny_face_run(tmp_path_factory):
    """A 32 px DCGAN trained for 128 images on 64 synthetic portraits: its run folder and result."""
    config = FaceConfig.budget("test", epoch_kimg=0.064, snapshot_kimg=0.064)
    run_dir = tmp_path_factory.mktemp("transfer") / "face"
    return train_face(config, run_dir, verbose=0)


@pytest.fixture
def lfw_config():
    """The config of a face run on LFW faces, as the pretraining notes read it."""
    return FaceConfig(data="lfw")
