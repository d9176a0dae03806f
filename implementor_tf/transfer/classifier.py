"""A small head on a trunk, and the three ways to train it: probe, fine-tune, from scratch.

- **Linear probe**: the trunk is frozen and its batch normalisation stays in
  inference mode, so each image's features never change; they are computed
  once and only the head (pooling and one dense layer) is trained, until its
  loss stops falling.
- **Fine-tune**: starting from the probed classifier, the trunk is unfrozen
  and everything trains on with a learning rate ten times lower than the control's, so
  the pretrained weights move a little towards the task instead of being
  overwritten. The batch-normalisation layers stay frozen, which in Keras
  also keeps them in inference mode: they keep the statistics learned on
  thousands of portraits, of which a batch of ten labels would be a poor
  estimate. (Passing ``training=False`` when calling the trunk inside a
  functional model does not hold in Keras 3.15: fit still updates the
  moving statistics; freezing the layers does.)
- **From scratch**: the same trunk architecture, freshly initialised, with
  batch normalisation in training mode, trained for as many steps as the
  fine-tune: the control that says what the pre-training was worth.

Every trainer takes images in [-1, 1] and integer labels and returns a
``keras.Model`` from images to class logits.

Example:

>>> import numpy as np
>>> from implementor_tf.face.discriminator import build_discriminator
>>> from implementor_tf.transfer.trunk import discriminator_trunk
>>> from implementor_tf.face.config import FaceConfig
>>> trunk = discriminator_trunk(build_discriminator(FaceConfig.budget("test")))
>>> images = np.random.default_rng(0).uniform(-1, 1, (8, 32, 32, 3)).astype("float32")
>>> labels = np.array([0, 1] * 4)
>>> classifier = linear_probe(trunk, images, labels, n_classes=2, settings=TrainingSettings(probe_max_steps=50))
>>> predict_in_batches(classifier, images).shape
(8, 2)
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from implementor_tf.transfer.config import TrainingSettings
from implementor_tf.transfer.trunk import random_trunk

GRID = 4  # "grid" pooling max-pools each feature map to GRID x GRID cells (Radford et al., 2015, section 5.1).
PROBE_STEPS_PER_CHECK = 25  # The probe's loss is checked for progress every this many steps.


def build_head(feature_shape: tuple, n_classes: int, settings: TrainingSettings, name: str = "head") -> keras.Model:
    """Pooling and one dense layer: from a feature map to class logits (the only part the probe trains)."""
    features = keras.Input(feature_shape)
    if settings.pooling == "average":
        vector = layers.GlobalAveragePooling2D()(features)
    else:
        cells = features
        if settings.pooling == "grid" and feature_shape[0] > GRID:
            cells = layers.MaxPooling2D(feature_shape[0] // GRID)(features)
        vector = layers.Flatten()(cells)
    logits = layers.Dense(n_classes, kernel_regularizer=keras.regularizers.L2(settings.weight_decay), name="logits")(vector)
    return keras.Model(features, logits, name=name)


def attach(trunk: keras.Model, head: keras.Model) -> keras.Model:
    """Trunk then head as one classifier from images to logits."""
    images = keras.Input(trunk.input_shape[1:])
    return keras.Model(images, head(trunk(images)), name=f"{trunk.name}_classifier")


def _compile(model: keras.Model, learning_rate: float) -> None:
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        jit_compile=False,  # Each classifier trains for seconds: compiling it with XLA would cost more than it saves.
    )


def _batches(inputs, labels, batch_size: int, seed: int) -> tf.data.Dataset:
    """Shuffled batches without end, so that ``fit`` counts steps, not passes over ten images."""
    data = tf.data.Dataset.from_tensor_slices((inputs, labels)).cache()
    return data.shuffle(len(labels), seed=seed, reshuffle_each_iteration=True).repeat().batch(batch_size)


def _fit_for_steps(model: keras.Model, images, labels, settings: TrainingSettings) -> None:
    batch_size = min(settings.batch_size, len(images))
    model.fit(_batches(images, labels, batch_size, settings.seed), steps_per_epoch=settings.steps, epochs=1, shuffle=False, verbose=0)


def predict_in_batches(model: keras.Model, images, batch_size: int = 256) -> np.ndarray:
    """``model``'s outputs in inference mode, without tracing a new function per model as ``predict`` does."""
    outputs = [model(images[start : start + batch_size], training=False) for start in range(0, len(images), batch_size)]
    return np.concatenate([keras.ops.convert_to_numpy(output) for output in outputs])


def linear_probe(trunk: keras.Model, images, labels, n_classes: int, settings: TrainingSettings | None = None) -> keras.Model:
    """Trains a head on the frozen trunk's features; returns trunk + head.

    The trunk is left frozen (``trainable`` False) and its weights unchanged.
    The head trains on all labels at once until its loss stops falling.
    """
    settings = settings or TrainingSettings()
    trunk.trainable = False
    features = predict_in_batches(trunk, images)
    head = build_head(features.shape[1:], n_classes, settings)
    _compile(head, settings.probe_learning_rate)
    everything = _batches(features, labels, len(features), settings.seed)
    stop_when_flat = keras.callbacks.EarlyStopping(monitor="loss", min_delta=1e-4, patience=2)
    head.fit(everything, steps_per_epoch=PROBE_STEPS_PER_CHECK, epochs=settings.probe_max_steps // PROBE_STEPS_PER_CHECK, callbacks=[stop_when_flat], shuffle=False, verbose=0)
    return attach(trunk, head)


def fine_tune(classifier: keras.Model, images, labels, settings: TrainingSettings | None = None) -> keras.Model:
    """Unfreezes the probed classifier's trunk (but not its batch normalisation) and trains at a low learning rate.

    Changes ``classifier`` (and its trunk) in place and returns it.
    """
    settings = settings or TrainingSettings()
    for part in classifier.layers:  # The input, the trunk and the head; each is set, nesting does not pass it on.
        part.trainable = True
        for layer in getattr(part, "layers", [part]):
            if isinstance(layer, layers.BatchNormalization):
                layer.trainable = False
    _compile(classifier, settings.fine_tune_learning_rate)
    _fit_for_steps(classifier, images, labels, settings)
    return classifier


def train_from_scratch(trunk: keras.Model, images, labels, n_classes: int, settings: TrainingSettings | None = None, seed: int = 0) -> keras.Model:
    """Trains ``trunk``'s architecture from a random start, with a new head.

    ``trunk`` itself is only used as a blueprint; its weights are untouched.
    """
    settings = settings or TrainingSettings()
    fresh = random_trunk(trunk, seed=seed)
    fresh.trainable = True
    head = build_head(fresh.output_shape[1:], n_classes, settings)
    classifier = attach(fresh, head)
    _compile(classifier, settings.scratch_learning_rate)
    _fit_for_steps(classifier, images, labels, settings)
    return classifier


def copy_model(model: keras.Model) -> keras.Model:
    """An independent copy with the same weights (fine-tuning changes weights in place)."""
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    return copy


def accuracy(classifier: keras.Model, images, labels) -> float:
    """Share of ``images`` whose most likely class is their label."""
    logits = predict_in_batches(classifier, images)
    return float(np.mean(np.argmax(logits, axis=-1) == np.asarray(labels)))
