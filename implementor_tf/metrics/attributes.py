"""Attribute coverage: does the generator draw every kind of face as often as the data has it?

The article's generator "struggles to produce a lot of female
characteristics": a GAN can cover the common kinds of face and drop the rare
ones without any loss curve showing it. The synthetic portraits come with
labels (glasses, long hair, smile, beard, tie, skin tone, hair colour, shirt
colour, background), so a small classifier trained on freshly drawn labelled
portraits can label generated faces too. Coverage compares, attribute by
attribute, how often each value occurs among real and among generated images,
as a total-variation distance: 0 when the frequencies agree, 1 when the two
sets never share a value. Both sets are labelled by the same classifier, so
its small mistakes affect both alike; its held-out accuracy is reported too,
and an attribute it reads with less than 90 % accuracy is listed but left out
of the mean (the smile, a curve of two or three pixels at 64 px, is at chance
for this small network).

Example (a small classifier at 32 px; takes a few seconds):

>>> from implementor_tf.data.synthetic_portraits import draw_portraits
>>> classifier = AttributeClassifier.train(image_size=32, n=400, epochs=1)
>>> images, _ = draw_portraits(50, image_size=32, seed=5)
>>> faces = from_uint8(images)
>>> {entry["tv"] for entry in attribute_coverage(classifier, faces, faces)["attributes"].values()}
{0.0}
"""

from __future__ import annotations

import dataclasses

import keras
import numpy as np

from implementor_tf.data.synthetic_portraits import (
    ATTRIBUTE_CLASSES,
    ATTRIBUTE_NAMES,
    BINARY_ATTRIBUTES,
    draw_portraits,
)
from implementor_tf.pictures import from_uint8

MIN_ACCURACY = 0.9  # Attributes read less reliably are left out of the mean distance.
TRAINING_SEED = 10_000  # Far from the seeds of training sets, so these are new portraits.


def build_attribute_network(image_size: int) -> keras.Model:
    """Four strided convolutions, then one softmax head per attribute."""
    images = keras.Input((image_size, image_size, 3), name="images")
    x = images
    for channels in (16, 32, 64, 64):
        x = keras.layers.Conv2D(channels, 3, strides=2, padding="same", activation="relu")(x)
    x = keras.layers.Flatten()(x)  # Keeps where things are: a tie is low, glasses are at eye level.
    x = keras.layers.Dense(128, activation="relu")(x)
    outputs = {name: keras.layers.Dense(classes, activation="softmax", name=name)(x) for name, classes in ATTRIBUTE_CLASSES.items()}
    return keras.Model(images, outputs, name="attribute_classifier")


@dataclasses.dataclass
class AttributeClassifier:
    """Reads the nine labelled attributes of a synthetic portrait.

    Attributes:
        network: keras.Model from images in [-1, 1] to one softmax per attribute.
        accuracy: held-out accuracy per attribute.
    """

    network: keras.Model
    accuracy: dict[str, float]

    @classmethod
    def train(cls, image_size: int = 64, n: int = 3000, epochs: int = 6, seed: int = TRAINING_SEED, verbose: int = 0):
        """Trains on ``n`` new labelled portraits and measures accuracy on 500 more."""
        images, labels = draw_portraits(n + 500, image_size=image_size, seed=seed)
        images = from_uint8(images)
        keras.utils.set_random_seed(seed)
        network = build_attribute_network(image_size)
        network.compile(
            optimizer=keras.optimizers.Adam(2e-3),
            loss={name: "sparse_categorical_crossentropy" for name in ATTRIBUTE_NAMES},
            metrics={name: "accuracy" for name in ATTRIBUTE_NAMES},
        )
        train_labels = {name: values[:n] for name, values in labels.items()}
        network.fit(images[:n], train_labels, batch_size=64, epochs=epochs, verbose=verbose)
        classifier = cls(network, {})
        predicted = classifier.predict(images[n:])
        classifier.accuracy = {name: round(float(np.mean(predicted[name] == labels[name][n:])), 3) for name in ATTRIBUTE_NAMES}
        return classifier

    def predict(self, images) -> dict[str, np.ndarray]:
        """The most likely value of every attribute for each image in [-1, 1]."""
        probabilities = self.network.predict(np.asarray(images, np.float32), batch_size=256, verbose=0)
        return {name: np.argmax(probabilities[name], axis=-1) for name in ATTRIBUTE_NAMES}


def attribute_coverage(classifier: AttributeClassifier, real, generated) -> dict:
    """How often each attribute value occurs among real and generated images.

    Returns:
        ``{"attribute_tv": mean total-variation distance over the reliably read
        attributes, "attributes": {name: {"real": ..., "generated": ..., "tv":
        ..., "reliable": ...}}, "classifier_accuracy": {...}}``. For the yes/no attributes the frequencies are the share of
        "yes"; for the others, one share per value.
    """
    real_labels, generated_labels = classifier.predict(real), classifier.predict(generated)
    per_attribute = {}
    for name, classes in ATTRIBUTE_CLASSES.items():
        p = np.bincount(real_labels[name], minlength=classes) / len(real_labels[name])
        q = np.bincount(generated_labels[name], minlength=classes) / len(generated_labels[name])
        binary = name in BINARY_ATTRIBUTES
        per_attribute[name] = {
            "real": round(float(p[1]), 3) if binary else [round(float(v), 3) for v in p],
            "generated": round(float(q[1]), 3) if binary else [round(float(v), 3) for v in q],
            "tv": round(0.5 * float(np.abs(p - q).sum()), 4),
            "reliable": classifier.accuracy.get(name, 0.0) >= MIN_ACCURACY,
        }
    reliable = [entry["tv"] for entry in per_attribute.values() if entry["reliable"]]
    return {
        "attribute_tv": round(float(np.mean(reliable)), 4) if reliable else None,
        "attributes": per_attribute,
        "classifier_accuracy": classifier.accuracy,
    }
