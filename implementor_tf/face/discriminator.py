"""The DCGAN discriminator: from a portrait to a real-or-fake logit.

Each block is a 3x3 convolution, batch normalisation (not on the first block,
following DCGAN), LeakyReLU and a 2x2 downsampling, until a 4x4 map remains;
a dense layer then gives one logit. The article downsamples with average
pooling; strided convolutions are the DCGAN paper's choice and both are here.

With ``minibatch_stddev`` the last 4x4 map gets one more channel: how much
the images of the batch differ from each other (Karras et al., 2018,
"Progressive Growing of GANs", section 3). A generator that draws too few
kinds of face gives batches that differ less than real ones, and the
discriminator can see it.

Example:

>>> discriminator = build_discriminator(FaceConfig.budget("test"))
>>> discriminator.output_shape
(None, 1)
"""

from __future__ import annotations

import keras
from keras import layers

from implementor_tf.face.config import FaceConfig, doublings
from implementor_tf.face.generator import channels_at


@keras.saving.register_keras_serializable(package="implementor_tf")
class MinibatchStdDev(layers.Layer):
    """Appends the batch's spread as one more feature map.

    The batch is split into groups of ``group_size`` images; within a group
    the standard deviation of every feature over the images is averaged into
    one number, which is broadcast as an extra channel of each image of the
    group. Computed in float32.

    Example:

    >>> import numpy as np
    >>> MinibatchStdDev(group_size=2)(np.zeros((4, 4, 4, 8), "float32")).shape
    TensorShape([4, 4, 4, 9])
    """

    def __init__(self, group_size: int = 4, **kwargs):
        super().__init__(**kwargs)
        self.group_size = group_size

    def call(self, x):
        shape = keras.ops.shape(x)
        batch, height, width, channels = shape[0], shape[1], shape[2], shape[3]
        group = keras.ops.minimum(self.group_size, batch)
        group = keras.ops.where(batch % group == 0, group, 1)  # A batch that does not split: every image its own group.
        values = keras.ops.cast(x, "float32")
        grouped = keras.ops.reshape(values, (group, -1, height, width, channels))
        spread = keras.ops.sqrt(keras.ops.var(grouped, axis=0) + 1e-8)  # (batch / group, h, w, c)
        spread = keras.ops.mean(spread, axis=(1, 2, 3))  # One number per group.
        spread = keras.ops.tile(spread, (group,))  # Image i belongs to group i % (batch / group).
        feature = keras.ops.broadcast_to(keras.ops.reshape(spread, (-1, 1, 1, 1)), (batch, height, width, 1))
        return keras.ops.concatenate([x, keras.ops.cast(feature, x.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + 1)

    def get_config(self):
        return {**super().get_config(), "group_size": self.group_size}


def build_discriminator(config: FaceConfig, name: str = "discriminator") -> keras.Model:
    """Builds the discriminator a config describes.

    Its settings (see ``FaceConfig``): ``image_size``,
    ``discriminator_width`` (or ``width``: channels of the first block;
    later blocks double it), ``max_channels``, ``downsampling``
    (``"average_pool"``: a 3x3 convolution then 2x2 average pooling, the
    article's choice; ``"strided"``: a 4x4 convolution with stride 2),
    ``normalization`` (see ``FaceConfig.discriminator_batch_norm``),
    ``minibatch_stddev`` (append the batch's spread as a feature of the last
    4x4 map) and ``precision`` (the logit is always computed in float32).

    Args:
        config: FaceConfig. The settings.
        name: str. Model name.

    Returns:
        A functional ``keras.Model`` mapping images in [-1, 1] to one
        unbounded logit per image (positive means "real").
    """
    config = config.resolved()
    image_size, dtype = config.image_size, config.precision
    width = config.discriminator_width or config.width
    steps = doublings(image_size)

    images = keras.Input((image_size, image_size, 3), name="images")
    x = images
    resolution = image_size
    for index in range(steps):
        block = f"down{resolution}"
        channels = channels_at(resolution, image_size, width, config.max_channels)
        normalize = config.discriminator_batch_norm and index > 0
        if config.downsampling == "strided":
            x = layers.Conv2D(channels, 4, strides=2, padding="same", use_bias=not normalize, dtype=dtype, name=f"{block}_conv")(x)
        else:
            x = layers.Conv2D(channels, 3, padding="same", use_bias=not normalize, dtype=dtype, name=f"{block}_conv")(x)
        if normalize:
            x = layers.BatchNormalization(momentum=0.9, synchronized=True, dtype=dtype, name=f"{block}_bn")(x)
        x = layers.LeakyReLU(0.2, dtype=dtype, name=f"{block}_act")(x)
        if config.downsampling == "average_pool":
            x = layers.AveragePooling2D(2, dtype=dtype, name=f"{block}_pool")(x)
        resolution //= 2
    if config.minibatch_stddev:
        x = MinibatchStdDev(dtype=dtype, name="minibatch_stddev")(x)
    x = layers.Flatten(dtype=dtype, name="flatten")(x)
    logits = layers.Dense(1, dtype="float32", name="logit")(x)  # The loss needs full precision.
    return keras.Model(images, logits, name=name)
