import dataclasses
import hashlib

import imageio.v3 as iio
import keras
import numpy as np
import pytest
import tensorflow as tf

from implementor_tf.data.portraits import Portraits
from implementor_tf.face import checkpoint as checkpoint_module
from implementor_tf.face.checkpoint import (
    NonFiniteLossError,
    latest_checkpoint,
    restore_checkpoint,
)
from implementor_tf.face.config import FACE_RUN
from implementor_tf.face.progress_gif import ProgressGIF
from implementor_tf.face.sample import sample_faces
from implementor_tf.face.train import build_dcgan, train_face
from implementor_tf.run_folder import RunFolder


class _KillAtStep(keras.callbacks.Callback):
    """Simulates a kill: interrupts training after a given global step."""

    def __init__(self, step):
        super().__init__()
        self.step = step

    def on_train_batch_end(self, batch, logs=None):
        if int(self.model.d_optimizer.iterations.numpy()) == self.step:
            raise KeyboardInterrupt


def _tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_a_run_writes_every_promised_file(tiny_face_config, tmp_path):
    run = train_face(tiny_face_config, tmp_path / "run", verbose=0)
    for name in ("progress.gif", "losses.png", "metrics.jsonl", "generator.keras", "config.json"):
        assert (tmp_path / "run" / name).stat().st_size > 0, name
    assert run.images_seen == 128
    records = RunFolder(tmp_path / "run", FACE_RUN).records()
    assert [record["step"] for record in records] == [2, 4, 6, 8]
    assert {"d_loss", "g_loss", "d_real_acc", "d_fake_acc", "aug_p", "images_per_second"} <= set(records[0])
    frames = iio.imread(tmp_path / "run" / "progress.gif", index=None)
    assert 2 <= len(frames) <= tiny_face_config.max_frames + 2
    # The saved generator is the averaged one.
    np.testing.assert_array_equal(
        sample_faces(tmp_path / "run", n=3, seed=4), run.gan.generate(3, seed=4)
    )


def test_resumed_run_continues_the_film_without_losing_or_repeating_frames(tiny_face_config, tmp_path):
    config = dataclasses.replace(tiny_face_config, max_frames=4)  # Forces thinning across the resume.
    straight = train_face(config, tmp_path / "straight", verbose=0)
    with pytest.raises(KeyboardInterrupt):
        train_face(config, tmp_path / "killed", verbose=0, callbacks=[_KillAtStep(5)])
    assert latest_checkpoint(tmp_path / "killed" / "checkpoints").name == "ckpt-000000004"
    resumed = train_face(config, tmp_path / "killed", resume=True, verbose=0)
    assert resumed.resumed_from.name == "ckpt-000000004"

    def film(run_dir):
        callback = ProgressGIF(run_dir / "unused.gif", np.zeros((1, 8), "float32"))
        restore_checkpoint(latest_checkpoint(run_dir / "checkpoints"), build_dcgan(config), {"progress_gif": callback})
        return callback.frame_images

    assert film(tmp_path / "killed") == film(tmp_path / "straight")
    assert len(set(film(tmp_path / "killed"))) == len(film(tmp_path / "killed"))
    steps = [record["step"] for record in RunFolder(tmp_path / "killed", FACE_RUN).records()]
    assert steps == [2, 4, 6, 8]
    assert resumed.images_seen == straight.images_seen == 128
    gif_frames = iio.imread(tmp_path / "killed" / "progress.gif", index=None)
    assert len(gif_frames) == len(film(tmp_path / "straight"))  # The last snapshot is at the end.


def test_a_kill_while_saving_leaves_the_previous_checkpoint_readable(tiny_face_config, tmp_path, monkeypatch):
    real_replace = checkpoint_module.os.replace

    def crash_on_second_checkpoint(source, target):
        if str(target).endswith("ckpt-000000004"):
            raise KeyboardInterrupt  # Killed after writing the files, before the rename.
        return real_replace(source, target)

    monkeypatch.setattr(checkpoint_module.os, "replace", crash_on_second_checkpoint)
    with pytest.raises(KeyboardInterrupt):
        train_face(tiny_face_config, tmp_path / "run", verbose=0)
    monkeypatch.setattr(checkpoint_module.os, "replace", real_replace)

    latest = latest_checkpoint(tmp_path / "run" / "checkpoints")
    assert latest.name == "ckpt-000000002"
    assert restore_checkpoint(latest, build_dcgan(tiny_face_config), {}) == 2
    resumed = train_face(tiny_face_config, tmp_path / "run", resume=True, verbose=0)
    assert resumed.images_seen == 128
    leftovers = [path.name for path in (tmp_path / "run" / "checkpoints").iterdir() if "partial" in path.name]
    assert leftovers == []


def test_non_finite_loss_stops_and_keeps_the_last_good_checkpoint(tiny_face_config, tmp_path):
    first = dataclasses.replace(tiny_face_config, kimg=0.064)
    train_face(first, tmp_path / "run", verbose=0)
    checkpoints = tmp_path / "run" / "checkpoints"
    before = _tree_digest(checkpoints)

    nan_images = np.full((32, 32, 32, 3), np.nan, np.float32)
    poisoned = Portraits(tf.data.Dataset.from_tensor_slices(nan_images), 32, 32, "NaN images")
    with pytest.raises(NonFiniteLossError, match="last good checkpoint.*ckpt-000000004.*intact"):
        train_face(tiny_face_config, tmp_path / "run", resume=True, portraits=poisoned, verbose=0)
    assert _tree_digest(checkpoints) == before
    assert restore_checkpoint(latest_checkpoint(checkpoints), build_dcgan(tiny_face_config), {}) == 4


def test_an_existing_run_is_never_overwritten(tiny_face_config, tmp_path):
    train_face(dataclasses.replace(tiny_face_config, kimg=0.032), tmp_path / "run", verbose=0)
    with pytest.raises(FileExistsError, match="--resume"):
        train_face(tiny_face_config, tmp_path / "run", verbose=0)


def test_resume_without_a_run_is_a_clear_error(tiny_face_config, tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing to resume"):
        train_face(tiny_face_config, tmp_path / "empty", resume=True, verbose=0)


def test_a_diverged_gan_is_noticed_and_stopped_when_asked(tiny_face_config, tmp_path, capsys):
    """learning_rate=10: the losses stay finite but the contest is over; the run says so and stops."""
    config = tiny_face_config.replace(learning_rate=10.0, kimg=0.512, stop_on_divergence=True)
    result = train_face(config, tmp_path / "run", verbose=1)
    records = RunFolder(tmp_path / "run", FACE_RUN).records()
    assert any(record.get("diverged") for record in records)
    assert result.images_seen < config.kimg * 1000  # Stopped before the end.
    assert "The GAN looks diverged" in capsys.readouterr().out
