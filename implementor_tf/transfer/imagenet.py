"""The everyday baseline: a small network pretrained on ImageNet, as a trunk.

The podcast's version of transfer learning starts from a network trained on
ImageNet's 1.28 million labelled photos. ``imagenet_trunk`` wraps
``keras.applications.MobileNetV3Small`` (about 0.9 million parameters without
its classifier) so that it takes our images in [-1, 1]: they are upscaled to
its input size and put back in [0, 255], which it rescales itself. Its weights
are downloaded on first use; offline ``imagenet_trunk`` raises
``FeatureExtractorUnavailable`` and the experiment reports the baseline as
unavailable instead of running it with random weights.

Example (no download: random weights stand in):

>>> trunk = imagenet_trunk(32, weights=None)
>>> trunk.output_shape[-1]
576
"""

from __future__ import annotations

import keras
from keras import layers

from implementor_tf.metrics.kid import load_application

IMAGENET_INPUT_SIZE = 224  # The size its published weights were trained at; our 32 or 64 px are upscaled.


def imagenet_trunk(image_size: int, weights: str | None = "imagenet", application=None) -> keras.Model:
    """MobileNetV3Small's convolutional layers behind a resize, for images in [-1, 1].

    Args:
        image_size: int. Side of the task's images.
        weights: ``"imagenet"``, or None for random weights (tests).
        application: the ``keras.applications`` constructor to use
            (default ``MobileNetV3Small``).

    Raises:
        FeatureExtractorUnavailable: the ImageNet weights cannot be loaded.
    """
    application = application or keras.applications.MobileNetV3Small
    network = load_application(application, input_shape=(IMAGENET_INPUT_SIZE, IMAGENET_INPUT_SIZE, 3), include_top=False, weights=weights)
    images = keras.Input((image_size, image_size, 3))
    resized = layers.Resizing(IMAGENET_INPUT_SIZE, IMAGENET_INPUT_SIZE, interpolation="bilinear")(images)
    pixels = layers.Rescaling(127.5, offset=127.5)(resized)  # [-1, 1] -> [0, 255]
    return keras.Model(images, network(pixels, training=False), name="imagenet_trunk")
