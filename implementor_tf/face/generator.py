"""The DCGAN generator: from a latent vector to a portrait.

A dense layer turns the latent vector into a 4x4 feature map, then each block
doubles the resolution until the image size is reached, halving the number of
channels on the way (Radford et al., 2016, "Unsupervised Representation
Learning with Deep Convolutional GANs"). At 64 px that is four upsampling
blocks plus the dense stem and the output convolution, about the five layers
of the article.

Example:

>>> generator = build_generator(FaceConfig.budget("test"))
>>> generator.output_shape
(None, 32, 32, 3)
"""

from __future__ import annotations

import keras
from keras import layers

from implementor_tf.face.config import FaceConfig, doublings


def channels_at(resolution: int, image_size: int, width: int, max_channels: int) -> int:
    """Channels of a feature map: ``width`` at full size, doubling per halving."""
    return min(width * image_size // resolution, max_channels)


def build_generator(config: FaceConfig, name: str = "generator") -> keras.Model:
    """Builds the generator a config describes.

    Its settings (see ``FaceConfig``): ``image_size``, ``latent_dim``,
    ``width`` (channels of the last block; earlier blocks double it),
    ``max_channels``, ``upsampling`` (``"transpose"``: a 4x4 transposed
    convolution with stride 2, as in DCGAN; ``"nearest"`` or ``"bilinear"``:
    resize, then a 3x3 convolution, which leaves no checkerboard, Odena et
    al., 2016, "Deconvolution and checkerboard artifacts"), ``normalization``
    (batch statistics are synchronised across replicas under a distribution
    strategy, so every device computes what one device would on the global
    batch) and ``precision`` (the RGB output layer always computes in
    float32).

    Args:
        config: FaceConfig. The settings.
        name: str. Model name.

    Returns:
        A functional ``keras.Model`` mapping ``(batch, latent_dim)`` noise to
        ``(batch, image_size, image_size, 3)`` images in [-1, 1].
    """
    config = config.resolved()
    image_size, dtype = config.image_size, config.precision
    batch_norm = config.generator_batch_norm
    steps = doublings(image_size)

    def normalize_and_activate(x, block):
        if batch_norm:
            x = layers.BatchNormalization(momentum=0.9, synchronized=True, dtype=dtype, name=f"{block}_bn")(x)
        return layers.LeakyReLU(0.2, dtype=dtype, name=f"{block}_act")(x)

    noise = keras.Input((config.latent_dim,), name="noise")
    channels = channels_at(4, image_size, config.width, config.max_channels)
    x = layers.Dense(4 * 4 * channels, use_bias=not batch_norm, dtype=dtype, name="stem_dense")(noise)
    x = layers.Reshape((4, 4, channels), dtype=dtype, name="stem_reshape")(x)
    x = normalize_and_activate(x, "stem")
    resolution = 4
    for _ in range(steps):
        resolution *= 2
        block = f"up{resolution}"
        channels = channels_at(resolution, image_size, config.width, config.max_channels)
        use_bias = not batch_norm
        if config.upsampling == "transpose":
            x = layers.Conv2DTranspose(
                channels, 4, strides=2, padding="same", use_bias=use_bias, dtype=dtype, name=f"{block}_conv"
            )(x)
        else:
            x = layers.UpSampling2D(2, interpolation=config.upsampling, dtype=dtype, name=f"{block}_resize")(x)
            x = layers.Conv2D(channels, 3, padding="same", use_bias=use_bias, dtype=dtype, name=f"{block}_conv")(x)
        x = normalize_and_activate(x, block)
    # float32 output: the losses and the images a user sees need full precision.
    images = layers.Conv2D(3, 3, padding="same", activation="tanh", dtype="float32", name="to_rgb")(x)
    return keras.Model(noise, images, name=name)
