"""The discriminator's convolutional trunk, cut out of a trained face run.

A DCGAN discriminator learns, without a single label, what makes a portrait
look real: where the head sits, how hair frames it, what eyes look like. Its
convolutional blocks are therefore a feature extractor for other questions
about faces. ``load_discriminator`` restores it from a run's newest
checkpoint (``generator.keras`` holds only the generator);
``discriminator_trunk`` keeps the blocks up to a chosen one and drops the
real-or-fake head.

Example:

>>> from implementor_tf.face.discriminator import build_discriminator
>>> discriminator = build_discriminator(image_size=32, width=4, max_channels=8)
>>> block_names(discriminator)
['down32', 'down16', 'down8']
>>> discriminator_trunk(discriminator, "down16").output_shape
(None, 8, 8, 8)
"""

from __future__ import annotations

from pathlib import Path

import keras
import tensorflow as tf

from implementor_tf.face.checkpoint import latest_checkpoint
from implementor_tf.face.discriminator import build_discriminator
from implementor_tf.face.train import FaceConfig


def load_discriminator(run_dir) -> tuple[keras.Model, FaceConfig, Path]:
    """The trained discriminator of a face run, its config, and the checkpoint read.

    Raises:
        FileNotFoundError: the folder holds no face run or no checkpoint.
    """
    run_dir = Path(run_dir)
    config_path = run_dir / "config.json"
    if not config_path.exists():
        raise FileNotFoundError(f"{run_dir} is not a face run (no config.json): train one with `implementor face train --out {run_dir}`")
    checkpoint = latest_checkpoint(run_dir / "checkpoints")
    if checkpoint is None:
        raise FileNotFoundError(f"{run_dir} has no checkpoint, so no trained discriminator: train it first")
    config = FaceConfig.from_json(config_path.read_text())
    discriminator = build_discriminator(config.image_size, config.width, config.max_channels, downsampling=config.downsampling)
    # The checkpoint stores the DCGAN as "model" with the discriminator inside it; read only that.
    reader = tf.train.Checkpoint(model=tf.train.Checkpoint(discriminator=discriminator))
    reader.read(str(checkpoint / "variables")).assert_existing_objects_matched().expect_partial()
    return discriminator, config, checkpoint


def block_names(discriminator: keras.Model) -> list[str]:
    """The discriminator's downsampling blocks, input side first (``down64``, ``down32``, ...)."""
    names = []
    for layer in discriminator.layers:
        block = layer.name.split("_")[0]
        if block.startswith("down") and block not in names:
            names.append(block)
    return names


def discriminator_trunk(discriminator: keras.Model, cut: str | None = None) -> keras.Model:
    """The discriminator's layers up to the end of block ``cut``, as a model of their own.

    The trunk shares its layers (and so its weights) with ``discriminator``.

    Args:
        discriminator: keras.Model. Built by ``build_discriminator``.
        cut: str or None. The last block kept, e.g. ``"down16"``; None keeps
            every block (everything but the real-or-fake dense layer).

    Returns:
        A ``keras.Model`` from images in [-1, 1] to a feature map.
    """
    blocks = block_names(discriminator)
    cut = cut or blocks[-1]
    if cut not in blocks:
        raise ValueError(f"cut must be one of the discriminator's blocks {blocks}, got {cut!r}")
    last = [layer for layer in discriminator.layers if layer.name.startswith(f"{cut}_")][-1]
    return keras.Model(discriminator.input, last.output, name=f"trunk_to_{cut}")


def random_trunk(trunk: keras.Model, seed: int | None = None) -> keras.Model:
    """The same architecture as ``trunk`` with freshly initialised weights (the control)."""
    if seed is not None:
        keras.utils.set_random_seed(seed)
    return keras.models.clone_model(trunk)
