"""Differentiable augmentation, so a GAN can learn from ~1,000 images.

With little data the discriminator soon memorises the training images, its
feedback to the generator stops being useful, and training collapses. The fix
of Zhao et al. (2020, "Differentiable Augmentation for Data-Efficient GAN
Training") and Karras et al. (2020, "Training Generative Adversarial Networks
with Limited Data") is to augment *both* real and generated images every time
the discriminator sees them, with operations that gradients flow through, so
the generator is never taught to draw the augmentations themselves.

``DiffAugment`` applies colour (brightness, saturation, contrast), translation
(up to 1/8 of the image, zero padded) and cutout (a square of half the image
size), each to every image independently with probability ``probability``.
Keras's preprocessing layers are built for input pipelines (one draw shared by
the batch, no probability gate); this layer needs per-image draws and exact
gradients, so it is written from plain tensor operations.

``FaceConfig(augment_colour=False)`` leaves colour out. The portraits'
colours (skin, hair, shirt, background) tell one person from another, and
without colour shifts a 100k-image run on a CPU without bfloat16 came closer
to the data; but the default 180k-image run on a CPU with bfloat16 came out
clearly better with them (SWD 1.62x against 2.00x the floor, no upsampling
artefacts), so they stay on by default; the README gives both measurements.

With ``adaptive=True`` the probability follows the ADA controller of Karras et
al.: it rises while the discriminator is over-confident on real images
(mean sign of its real logits above ``target``, 0.6 in the paper) and falls
otherwise, moving at most from 0 to 1 in ``speed_kimg`` thousand images.

Example:

>>> import numpy as np
>>> augment = DiffAugment(probability=1.0, seed=0)
>>> images = np.zeros((2, 16, 16, 3), "float32")
>>> tuple(augment(images, training=True).shape)
(2, 16, 16, 3)
"""

from __future__ import annotations

import keras
import tensorflow as tf

from implementor_tf.face.config import AUGMENT_POLICIES as POLICIES


@keras.saving.register_keras_serializable(package="implementor_tf")
class DiffAugment(keras.layers.Layer):
    """Per-image differentiable augmentation with a (possibly adaptive) probability.

    Args:
        policies: tuple of str. Any of ``"color"``, ``"translation"``, ``"cutout"``.
        probability: float. Chance that each augmentation is applied to each
            image. 1.0 is DiffAugment; with ``adaptive`` it is the start value.
        adaptive: bool. Adjust the probability with the ADA controller
            (call ``update_probability`` once per training step).
        target: float. ADA's target for the mean sign of real logits.
        speed_kimg: float. Thousands of images for the probability to move by 1.
        interval: int. Training steps between probability updates.
        translation_ratio: float. Largest shift as a fraction of the image side.
        cutout_ratio: float. Side of the cut-out square as a fraction of the image side.
        seed: int or None. Seed of the random draws.
    """

    def __init__(
        self,
        policies=POLICIES,
        probability: float = 1.0,
        adaptive: bool = False,
        target: float = 0.6,
        speed_kimg: float = 100.0,
        interval: int = 4,
        translation_ratio: float = 0.125,
        cutout_ratio: float = 0.5,
        seed: int | None = None,
        **kwargs,
    ):
        # Always float32, whatever the models' precision: the random draws,
        # masks and ADA statistics are float32, and augmenting costs little.
        kwargs["dtype"] = "float32"
        super().__init__(**kwargs)
        unknown = set(policies) - set(POLICIES)
        if unknown:
            raise ValueError(f"unknown augmentation policies {sorted(unknown)}; choose from {POLICIES}")
        self.policies = tuple(policies)
        self.initial_probability = float(probability)
        self.adaptive = adaptive
        self.target = target
        self.speed_kimg = speed_kimg
        self.interval = interval
        self.translation_ratio = translation_ratio
        self.cutout_ratio = cutout_ratio
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        # Augmentation state: saved with the model and in checkpoints.
        self.probability = self.add_weight(
            shape=(), initializer=keras.initializers.Constant(probability), trainable=False, name="probability"
        )
        self.sign_sum = self.add_weight(shape=(), initializer="zeros", trainable=False, name="sign_sum")
        self.sign_count = self.add_weight(shape=(), initializer="zeros", trainable=False, name="sign_count")
        self.built = True  # All state exists already; nothing depends on the input shape.

    # ------------------------------------------------------------------ draws
    def _uniform(self, shape, low=0.0, high=1.0):
        return keras.random.uniform(shape, minval=low, maxval=high, seed=self.seed_generator)

    def _gate(self, batch):
        """Per-image booleans, true with the current probability, shaped for broadcasting."""
        return tf.reshape(self._uniform((batch,)) < self.probability, (batch, 1, 1, 1))

    # ------------------------------------------------------------- operations
    def _color(self, images, batch):
        brightness = self._uniform((batch, 1, 1, 1), -0.5, 0.5)
        images = images + brightness
        channel_mean = tf.reduce_mean(images, axis=3, keepdims=True)
        images = (images - channel_mean) * self._uniform((batch, 1, 1, 1), 0.0, 2.0) + channel_mean
        pixel_mean = tf.reduce_mean(images, axis=[1, 2, 3], keepdims=True)
        return (images - pixel_mean) * self._uniform((batch, 1, 1, 1), 0.5, 1.5) + pixel_mean

    def _shift_axis(self, images, shift, axis, size):
        """Moves each image by ``shift[i]`` pixels along ``axis``, filling with zeros."""
        source = tf.range(size)[None, :] - shift[:, None]  # (batch, size)
        inside = tf.cast((source >= 0) & (source < size), images.dtype)
        moved = tf.gather(images, tf.clip_by_value(source, 0, size - 1), axis=axis, batch_dims=1)
        mask_shape = [-1, 1, 1, 1]
        mask_shape[axis] = size
        return moved * tf.reshape(inside, mask_shape)

    def _translation(self, images, batch, height, width):
        max_dy = tf.cast(tf.cast(height, tf.float32) * self.translation_ratio + 0.5, tf.int32)
        max_dx = tf.cast(tf.cast(width, tf.float32) * self.translation_ratio + 0.5, tf.int32)
        dy = keras.random.randint((batch,), -max_dy, max_dy + 1, dtype="int32", seed=self.seed_generator)
        dx = keras.random.randint((batch,), -max_dx, max_dx + 1, dtype="int32", seed=self.seed_generator)
        images = self._shift_axis(images, dy, 1, height)
        return self._shift_axis(images, dx, 2, width)

    def _cutout(self, images, batch, height, width):
        size_y = tf.cast(tf.cast(height, tf.float32) * self.cutout_ratio + 0.5, tf.float32)
        size_x = tf.cast(tf.cast(width, tf.float32) * self.cutout_ratio + 0.5, tf.float32)
        centre_y = tf.floor(self._uniform((batch, 1, 1, 1)) * tf.cast(height, tf.float32))
        centre_x = tf.floor(self._uniform((batch, 1, 1, 1)) * tf.cast(width, tf.float32))
        rows = tf.reshape(tf.range(height, dtype=tf.float32), (1, -1, 1, 1))
        cols = tf.reshape(tf.range(width, dtype=tf.float32), (1, 1, -1, 1))
        inside = (tf.abs(rows - centre_y) < size_y / 2) & (tf.abs(cols - centre_x) < size_x / 2)
        return images * (1.0 - tf.cast(inside, images.dtype))

    # ------------------------------------------------------------------- call
    def call(self, images, training=None):
        if not training or not self.policies:
            return images
        images = tf.cast(images, tf.float32)
        shape = tf.shape(images)
        batch, height, width = shape[0], shape[1], shape[2]
        for policy in self.policies:
            if policy == "color":
                augmented = self._color(images, batch)
            elif policy == "translation":
                augmented = self._translation(images, batch, height, width)
            else:
                augmented = self._cutout(images, batch, height, width)
            images = tf.where(self._gate(batch), augmented, images)
        return images

    def update_probability(self, real_logits, batch_size):
        """One step of the ADA controller (does nothing unless ``adaptive``).

        Args:
            real_logits: the discriminator's logits on the real images of this
                step (this replica's share under a distribution strategy).
            batch_size: int. Global number of real images per step.
        """
        if not self.adaptive:
            return
        mean_sign = tf.reduce_mean(tf.sign(tf.cast(real_logits, tf.float32)))
        replica = tf.distribute.get_replica_context()
        if replica is not None:
            mean_sign = replica.all_reduce(tf.distribute.ReduceOp.MEAN, mean_sign)
        self.sign_sum.assign_add(mean_sign)
        self.sign_count.assign_add(1.0)
        due = self.sign_count >= self.interval
        overfitting = self.sign_sum / tf.maximum(self.sign_count, 1.0)
        step = tf.sign(overfitting - self.target) * batch_size * self.interval / (self.speed_kimg * 1000.0)
        self.probability.assign(tf.where(due, tf.clip_by_value(self.probability + step, 0.0, 1.0), self.probability))
        self.sign_sum.assign(tf.where(due, 0.0, self.sign_sum))
        self.sign_count.assign(tf.where(due, 0.0, self.sign_count))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "policies": list(self.policies),
                "probability": self.initial_probability,
                "adaptive": self.adaptive,
                "target": self.target,
                "speed_kimg": self.speed_kimg,
                "interval": self.interval,
                "translation_ratio": self.translation_ratio,
                "cutout_ratio": self.cutout_ratio,
                "seed": self.seed,
            }
        )
        return config
