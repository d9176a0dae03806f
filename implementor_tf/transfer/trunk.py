"""The discriminator's convolutional trunk, cut out of a trained face run.

A DCGAN discriminator learns, without a single label, what makes a portrait
look real: where the head sits, how hair frames it, what eyes look like. Its
convolutional blocks are therefore a feature extractor for other questions
about faces. ``implementor_tf.face.sample.load_discriminator`` loads it from
a run's ``discriminator.keras``; ``discriminator_trunk`` keeps the blocks up to a chosen one and drops the
real-or-fake head.

Example:

>>> from implementor_tf.face.config import FaceConfig
>>> from implementor_tf.face.discriminator import build_discriminator
>>> discriminator = build_discriminator(FaceConfig.budget("test"))
>>> block_names(discriminator)
['down32', 'down16', 'down8']
>>> discriminator_trunk(discriminator, "down16").output_shape
(None, 8, 8, 8)
"""

from __future__ import annotations

import keras


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
