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


@pytest.fixture(scope="session")
def quick_demo(tmp_path_factory):
    """A real `implementor demo --quick` (about two minutes): two trained runs and a team of 8.

    What the command printed is kept in ``demo/../printed.txt``.
    """
    import contextlib
    import io

    from implementor_tf.cli import main

    out = tmp_path_factory.mktemp("demo") / "demo"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["demo", "--quick", "--out", str(out)])
    (out.parent / "printed.txt").write_text(printed.getvalue(), encoding="utf-8")
    assert status == 0, printed.getvalue()[-2000:]
    return out
