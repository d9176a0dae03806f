import keras
import numpy as np
import pytest

from implementor_tf.face.config import FaceConfig
from implementor_tf.face.discriminator import build_discriminator
from implementor_tf.transfer.classifier import (
    TrainingSettings,
    accuracy,
    build_head,
    copy_model,
    fine_tune,
    linear_probe,
    predict_in_batches,
    train_from_scratch,
)
from implementor_tf.transfer.trunk import discriminator_trunk

FAST = TrainingSettings(steps=20, probe_max_steps=200)


@pytest.fixture
def bright_or_dark():
    """A task any trunk can learn: is the image brighter or darker than grey?"""
    rng = np.random.default_rng(0)
    labels = np.arange(32) % 2
    images = rng.uniform(-0.4, 0.4, (32, 32, 32, 3)) + np.where(labels, 0.5, -0.5)[:, None, None, None]
    return images.astype("float32"), labels


@pytest.fixture
def trunk():
    keras.utils.set_random_seed(0)
    return discriminator_trunk(build_discriminator(FaceConfig.budget("test")))


def _weights(model):
    return [w.copy() for w in model.get_weights()]


def _moved(before, after):
    return [not np.array_equal(a, b) for a, b in zip(before, after)]


def test_the_probe_trains_only_the_head(trunk, bright_or_dark):
    images, labels = bright_or_dark
    before = _weights(trunk)  # Kernels, batch-norm scales and moving statistics alike.
    classifier = linear_probe(trunk, images, labels, n_classes=2, settings=FAST)
    assert not any(_moved(before, trunk.get_weights()))
    assert not trunk.trainable
    assert accuracy(classifier, images, labels) > 0.9


def test_fine_tuning_moves_the_trunk_but_not_its_batch_statistics(trunk, bright_or_dark):
    images, labels = bright_or_dark
    classifier = linear_probe(trunk, images, labels, n_classes=2, settings=FAST)
    before = {w.path: w.numpy().copy() for w in trunk.weights}
    fine_tune(classifier, images, labels, settings=FAST)
    moved = {w.path for w in trunk.weights if not np.array_equal(before[w.path], w.numpy())}
    assert any("conv" in path for path in moved)
    assert not any("moving" in path for path in moved)  # Batch norm stays in inference mode.


def test_from_scratch_shares_the_architecture_not_the_weights(trunk, bright_or_dark):
    images, labels = bright_or_dark
    before = _weights(trunk)
    classifier = train_from_scratch(trunk, images, labels, n_classes=2, settings=FAST, seed=1)
    fresh = classifier.layers[1]
    assert fresh is not trunk
    assert [layer.get_config() | {"name": None} for layer in fresh.layers[1:]] == [layer.get_config() | {"name": None} for layer in trunk.layers[1:]]
    assert [w.shape for w in fresh.weights] == [w.shape for w in trunk.weights]
    assert not any(_moved(before, trunk.get_weights()))  # The blueprint is untouched.
    assert any(_moved(before, fresh.get_weights()))


def test_copies_are_independent(trunk):
    copy = copy_model(trunk)
    assert all(np.array_equal(a, b) for a, b in zip(copy.get_weights(), trunk.get_weights()))
    copy.layers[1].kernel.assign(copy.layers[1].kernel + 1.0)
    assert not np.array_equal(copy.layers[1].kernel.numpy(), trunk.layers[1].kernel.numpy())


@pytest.mark.parametrize("pooling, features", [("grid", 4 * 4 * 8), ("flatten", 8 * 8 * 8), ("average", 8)])
def test_poolings_give_the_expected_number_of_features(pooling, features):
    head = build_head((8, 8, 8), n_classes=3, settings=TrainingSettings(pooling=pooling))
    assert head.get_layer("logits").kernel.shape == (features, 3)
    assert predict_in_batches(head, np.zeros((5, 8, 8, 8), "float32")).shape == (5, 3)


def test_accuracy_counts_the_most_likely_class():
    images = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], "float32")
    identity = keras.Sequential([keras.Input((2,)), keras.layers.Identity()])
    assert accuracy(identity, images, np.array([0, 1, 1])) == pytest.approx(2 / 3)
