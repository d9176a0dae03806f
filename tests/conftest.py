"""Shared fixtures: tiny configurations that train in seconds on a 2-core CPU."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402

from implementor_tf.face.config import FaceConfig  # noqa: E402


@pytest.fixture
def tiny_face_config():
    """The test budget: a 32 px GAN with 4-channel layers on 64 synthetic portraits, 16 per batch."""
    return FaceConfig.budget("test")


def run_demo_command(out, budget="quick"):
    """Runs `implementor demo --budget BUDGET --out OUT`; returns status and output."""
    import contextlib
    import io

    from implementor_tf.cli import main

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["demo", "--budget", budget, "--out", str(out)])
    return status, printed.getvalue()


@pytest.fixture(scope="session")
def quick_demo(tmp_path_factory):
    """A real `implementor demo --budget test`: two trained runs and a team of 8.

    What the command printed is kept in ``demo/../printed.txt``. The real
    quick budget (about two minutes) runs in the slow test
    ``tests/profile/test_demo.py::test_the_real_quick_budget``.
    """
    out = tmp_path_factory.mktemp("demo") / "demo"
    status, printed = run_demo_command(out, "test")
    (out.parent / "printed.txt").write_text(printed, encoding="utf-8")
    assert status == 0, printed[-2000:]
    return out
