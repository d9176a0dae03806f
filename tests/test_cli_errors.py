"""The command line with bad input or a failing disk: one line on stderr, exit status 2, no folder left."""

import os
import subprocess
import sys

import pytest

from implementor_tf import run_folder
from implementor_tf.cli import main


def test_help_needs_no_tensorflow():
    """`implementor --help` answers before TensorFlow loads (its start-up takes seconds)."""
    code = "import sys; from implementor_tf.cli import build_parser; build_parser(); print('tensorflow' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_the_first_line_on_stderr_is_ours(tmp_path):
    """TensorFlow's C++ start-up lines (absl, cudart, oneDNN) stay off stderr."""
    environment = {key: value for key, value in os.environ.items() if key != "TF_CPP_MIN_LOG_LEVEL"}
    result = subprocess.run(
        [sys.executable, "-m", "implementor_tf.cli", "face", "sample", "--run", str(tmp_path / "none"), "--out", "x.png"],
        capture_output=True, text=True, env=environment,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("implementor: error: ")


def test_too_few_cvs_to_learn_a_vocabulary_is_one_line_and_leaves_no_folder(tmp_path, capsys):
    corpus = tmp_path / "two.txt"
    corpus.write_text("Name: A\nTitle: B\n---\nName: C\nTitle: D\n")
    assert main(["cv", "train", "--corpus", str(corpus), "--out", str(tmp_path / "run")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("implementor: error: the training CVs are too few") and len(error.splitlines()) == 1
    assert not (tmp_path / "run").exists()


def test_a_disk_that_refuses_writes_is_one_line_naming_the_path(tmp_path, capsys, monkeypatch):
    def refuse(path, write):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(run_folder, "save_atomically", refuse)
    assert main(["rl", "train", "--budget", "test", "--out", str(tmp_path / "run")]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "Permission denied" in error and str(tmp_path / "run") in error


@pytest.mark.parametrize("argv", [["face", "train", "--ema", "-1"], ["face", "train", "--batch-size", "0"], ["cv", "train", "--hidden-dim", "130"]])
def test_more_bad_settings(argv, tmp_path, capsys):
    assert main([*argv, "--out", str(tmp_path / "run")]) == 2
    assert capsys.readouterr().err.startswith("implementor: error: ")
    assert not (tmp_path / "run").exists()


def test_multi_worker_without_tf_config_is_one_line_and_leaves_no_folder(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "TF_CONFIG"}
    result = subprocess.run(
        [sys.executable, "-m", "implementor_tf.cli", "face", "train", "--budget", "test", "--distribute", "multi-worker",
         "--out", str(tmp_path / "run")],
        capture_output=True, text=True, env=environment,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("implementor: error: --distribute multi-worker needs TF_CONFIG")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "run").exists()
