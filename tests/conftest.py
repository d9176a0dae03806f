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
        precision="float32",  # Each policy has its own tests (tests/face/test_precision.py).
    )


# The demo's stages at test size: the same code path as `implementor demo --quick`, in about 40 s.
TEST_DEMO_BUDGET = {
    "face": dict(image_size=32, kimg=1.0, n_images=200, width=8, max_channels=32, epoch_kimg=0.25, snapshot_kimg=0.125, jit_compile=False),
    "cv": dict(n_cvs=200, epochs=2, sequence_length=128, vocabulary_size=600, num_layers=1, hidden_dim=32, num_heads=2, sample_every=0),
}


def run_demo_command(out, budget=None):
    """Runs `implementor demo --quick --out OUT` (with ``budget`` as the quick budget); returns status and output."""
    import contextlib
    import io

    from implementor_tf.cli import main
    from implementor_tf.profile import demo

    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(printed):
        if budget is not None:
            patch.setattr(demo, "QUICK", budget)
        status = main(["demo", "--quick", "--out", str(out)])
    return status, printed.getvalue()


@pytest.fixture(scope="session")
def quick_demo(tmp_path_factory):
    """A real `implementor demo --quick` with a test-sized budget: two trained runs and a team of 8.

    What the command printed is kept in ``demo/../printed.txt``. The real
    quick budget (about two minutes) runs in the slow test
    ``tests/profile/test_demo.py::test_the_real_quick_budget``.
    """
    from implementor_tf.cv.train import CVConfig
    from implementor_tf.profile.demo import DemoBudget

    out = tmp_path_factory.mktemp("demo") / "demo"
    budget = DemoBudget(face=FaceConfig(**TEST_DEMO_BUDGET["face"]), cv=CVConfig(**TEST_DEMO_BUDGET["cv"]))
    status, printed = run_demo_command(out, budget)
    (out.parent / "printed.txt").write_text(printed, encoding="utf-8")
    assert status == 0, printed[-2000:]
    return out
