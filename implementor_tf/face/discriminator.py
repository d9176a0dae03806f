"""The DCGAN discriminator: from a portrait to a real-or-fake logit.

Each block is a 3x3 convolution, batch normalisation (not on the first block,
following DCGAN), LeakyReLU and a 2x2 downsampling, until a 4x4 map remains;
a dense layer then gives one logit. The article downsamples with average
pooling; strided convolutions are the DCGAN paper's choice and both are here.

Example:

>>> discriminator = build_discriminator(image_size=32, width=8)
>>> discriminator.output_shape
(None, 1)
"""

from __future__ import annotations

import keras
from keras import layers

from implementor_tf.face.generator import NORMALIZATIONS, channels_at, check_image_size

DOWNSAMPLING_MODES = ("average_pool", "strided")


def build_discriminator(
    image_size: int = 64,
    width: int = 32,
    max_channels: int = 256,
    downsampling: str = "average_pool",
    normalization: str = "batch",
    dropout: float = 0.0,
    dtype: str = "float32",
    name: str = "discriminator",
) -> keras.Model:
    """Builds the discriminator.

    Args:
        image_size: int. Input side in pixels, a power of two (32, 64, 128).
        width: int. Channels of the first block; later blocks double it.
        max_channels: int. Cap on channels of the deep blocks.
        downsampling: str. ``"average_pool"`` (3x3 convolution then 2x2
            average pooling, the article's choice) or ``"strided"`` (4x4
            convolution with stride 2).
        normalization: str. ``"batch"`` or ``"none"``.
        dropout: float. Dropout rate before the final dense layer.
        dtype: str. Keras dtype policy of the layers; the logit is always
            computed in float32.
        name: str. Model name.

    Returns:
        A functional ``keras.Model`` mapping images in [-1, 1] to one
        unbounded logit per image (positive means "real").
    """
    if downsampling not in DOWNSAMPLING_MODES:
        raise ValueError(f"downsampling must be one of {DOWNSAMPLING_MODES}, got {downsampling!r}")
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization must be one of {NORMALIZATIONS}, got {normalization!r}")
    steps = check_image_size(image_size)

    images = keras.Input((image_size, image_size, 3), name="images")
    x = images
    resolution = image_size
    for index in range(steps):
        block = f"down{resolution}"
        channels = channels_at(resolution, image_size, width, max_channels)
        normalize = normalization == "batch" and index > 0
        if downsampling == "strided":
            x = layers.Conv2D(channels, 4, strides=2, padding="same", use_bias=not normalize, dtype=dtype, name=f"{block}_conv")(x)
        else:
            x = layers.Conv2D(channels, 3, padding="same", use_bias=not normalize, dtype=dtype, name=f"{block}_conv")(x)
        if normalize:
            x = layers.BatchNormalization(momentum=0.9, synchronized=True, dtype=dtype, name=f"{block}_bn")(x)
        x = layers.LeakyReLU(0.2, dtype=dtype, name=f"{block}_act")(x)
        if downsampling == "average_pool":
            x = layers.AveragePooling2D(2, dtype=dtype, name=f"{block}_pool")(x)
        resolution //= 2
    x = layers.Flatten(dtype=dtype, name="flatten")(x)
    if dropout:
        x = layers.Dropout(dropout, dtype=dtype, name="dropout")(x)
    logits = layers.Dense(1, dtype="float32", name="logit")(x)  # The loss needs full precision.
    return keras.Model(images, logits, name=name)
