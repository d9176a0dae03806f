"""Checkpoints that survive a kill at any moment, and the guard against NaNs.

A checkpoint is a folder ``ckpt-<step>`` holding:

- ``variables.*``: every variable of the GAN (both networks, the averaged
  generator, the augmentation state, the image counter) and of both
  optimisers, written by ``tf.train.Checkpoint``;
- ``callbacks.npz``: the state of the stateful callbacks (the GIF's frames so
  far, the metrics log's length), as arrays and JSON.

It is first written under a temporary name, flushed to disk and renamed when
complete; then the small ``latest`` file is replaced atomically to point at
it, and only then are old checkpoints removed. A kill at any moment therefore
leaves either the new checkpoint or the previous one complete and named by
``latest``.

Keras's ``BackupAndRestore`` callback restores weights at epoch boundaries,
but it has no place for the GIF's frames and does not promise that a kill in
the middle of a write leaves a readable backup; hence this module.

Example:

>>> import tempfile
>>> latest_checkpoint(tempfile.mkdtemp()) is None
True
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from implementor_tf.run_folder import save_atomically, sync_folder

PREFIX = "ckpt-"
TEMPORARY_SUFFIX = ".partial"


class NonFiniteLossError(RuntimeError):
    """Raised when a loss becomes NaN or infinite; the last good checkpoint is kept."""


def _tracked(model) -> tf.train.Checkpoint:
    return tf.train.Checkpoint(model=model, d_optimizer=model.d_optimizer, g_optimizer=model.g_optimizer)


def complete_checkpoints(directory) -> list[Path]:
    """Finished checkpoint folders, oldest first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    found = [
        path for path in directory.iterdir() if path.is_dir() and path.name.startswith(PREFIX) and path.suffix != TEMPORARY_SUFFIX
    ]
    return sorted(found, key=lambda path: int(path.name[len(PREFIX) :]))


def latest_checkpoint(directory) -> Path | None:
    """The checkpoint named by ``latest``, else the newest complete one, else None."""
    directory = Path(directory)
    pointer = directory / "latest"
    if pointer.exists():
        named = directory / pointer.read_text().strip()
        if (named / "callbacks.npz").exists():
            return named
    complete = [path for path in complete_checkpoints(directory) if (path / "callbacks.npz").exists()]
    return complete[-1] if complete else None


def _pack_states(states: dict) -> bytes:
    """Callback states as one npz: arrays stay arrays, the rest goes to JSON."""
    arrays, plain = {}, {}
    for name, state in states.items():
        plain[name] = {}
        for key, value in state.items():
            if key == "frames":
                arrays[f"{name}/{key}"] = np.stack(value) if value else np.zeros((0,), np.uint8)
            else:
                plain[name][key] = value
    buffer = io.BytesIO()
    np.savez_compressed(buffer, state_json=np.array(json.dumps(plain)), **arrays)
    return buffer.getvalue()


def _unpack_states(path: Path) -> dict:
    with np.load(path) as archive:
        states = json.loads(str(archive["state_json"]))
        for key in archive.files:
            if key != "state_json":
                name, field = key.split("/")
                states[name][field] = list(archive[key]) if archive[key].ndim > 1 else []
    return states


def save_checkpoint(directory, model, callbacks: dict, keep: int = 2) -> Path:
    """Writes one checkpoint atomically and keeps the newest ``keep``.

    Args:
        directory: str or Path. The ``checkpoints/`` folder.
        model: the compiled DCGAN.
        callbacks: name -> object with ``get_state()``.
        keep: int. How many checkpoints to keep.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    step = int(model.d_optimizer.iterations.numpy())
    final = directory / f"{PREFIX}{step:09d}"
    temporary = final.with_name(final.name + TEMPORARY_SUFFIX)
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    _tracked(model).write(str(temporary / "variables"))
    states = {name: callback.get_state() for name, callback in callbacks.items()}
    packed = _pack_states(states)
    save_atomically(temporary / "callbacks.npz", lambda path: path.write_bytes(packed))
    sync_folder(temporary)  # On disk before it gets its final name.
    if final.exists():  # Same step saved again (e.g. after a resume): replace it.
        shutil.rmtree(final)
    os.replace(temporary, final)
    save_atomically(directory / "latest", lambda path: path.write_text(final.name))
    for old in complete_checkpoints(directory)[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return final


def restore_checkpoint(path, model, callbacks: dict) -> int:
    """Loads a checkpoint into ``model`` and the callbacks; returns its step."""
    path = Path(path)
    _tracked(model).read(str(path / "variables")).assert_existing_objects_matched().expect_partial()
    for name, state in _unpack_states(path / "callbacks.npz").items():
        if name in callbacks:
            callbacks[name].set_state(state)
    return int(model.d_optimizer.iterations.numpy())


class TrainingCheckpoint(keras.callbacks.Callback):
    """Saves a checkpoint at the end of every epoch.

    Args:
        directory: str or Path. The ``checkpoints/`` folder.
        stateful_callbacks: name -> callback with ``get_state``/``set_state``.
        keep: int. How many checkpoints to keep.
    """

    def __init__(self, directory, stateful_callbacks: dict, keep: int = 2):
        super().__init__()
        self.directory = Path(directory)
        self.stateful_callbacks = stateful_callbacks
        self.keep = keep
        self.last_saved: Path | None = None

    def on_epoch_end(self, epoch, logs=None):
        self.last_saved = save_checkpoint(self.directory, self.model, self.stateful_callbacks, self.keep)


class StopOnNonFiniteLoss(keras.callbacks.Callback):
    """Stops training at the first NaN or infinite loss, before anything is saved.

    Keras's ``TerminateOnNaN`` watches only a metric named ``loss``; a GAN has
    two, and must also not checkpoint the broken weights, so this raises.

    Args:
        checkpoint_directory: str or Path. Named in the error message.
        keys: tuple of str. The logs to watch.
    """

    def __init__(self, checkpoint_directory, keys=("d_loss", "g_loss")):
        super().__init__()
        self.checkpoint_directory = Path(checkpoint_directory)
        self.keys = keys

    def on_train_batch_end(self, batch, logs=None):
        for key in self.keys:
            value = (logs or {}).get(key)
            if value is not None and not np.isfinite(float(value)):
                last = latest_checkpoint(self.checkpoint_directory)
                kept = f"the last good checkpoint, {last}, is intact: resume from it with --resume" if last else "no checkpoint had been written yet"
                raise NonFiniteLossError(
                    f"{key} became {float(value)} at step {int(self.model.d_optimizer.iterations.numpy())}; "
                    f"training stopped and nothing was saved after the failure; {kept}. "
                    "A lower learning rate or a different --seed usually helps."
                )
