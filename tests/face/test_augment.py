import keras
import numpy as np
import pytest
import tensorflow as tf

from implementor_tf.face.augment import DiffAugment


def _images(batch=8, size=16):
    return tf.random.stateless_uniform((batch, size, size, 3), (1, 2), -1.0, 1.0)


def test_identity_outside_training_and_with_probability_zero():
    images = _images()
    np.testing.assert_array_equal(DiffAugment(seed=0)(images, training=False), images)
    np.testing.assert_array_equal(DiffAugment(probability=0.0, seed=0)(images, training=True), images)


def test_every_policy_changes_images_and_keeps_the_shape():
    images = _images()
    for policy in ("color", "translation", "cutout"):
        out = DiffAugment(policies=(policy,), probability=1.0, seed=1)(images, training=True)
        assert out.shape == images.shape
        assert not np.allclose(out, images), policy


def test_cutout_blanks_a_quarter_and_translation_pads_with_zeros():
    ones = tf.ones((64, 16, 16, 3))
    cut = DiffAugment(policies=("cutout",), seed=2)(ones, training=True).numpy()
    assert 0.1 < (cut == 0).mean() < 0.3  # A square of half the side, partly off the edge.
    moved = DiffAugment(policies=("translation",), seed=3)(ones, training=True).numpy()
    assert set(np.unique(moved)) <= {0.0, 1.0} and (moved == 0).any()


def test_gradients_flow_through_every_policy():
    images = tf.Variable(_images())
    augment = DiffAugment(seed=4)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(augment(images, training=True) ** 2)
    gradient = tape.gradient(loss, images)
    assert gradient is not None and np.abs(gradient.numpy()).sum() > 0


def test_probability_gates_each_image_independently():
    images = _images(batch=200)
    out = DiffAugment(policies=("color",), probability=0.5, seed=5)(images, training=True).numpy()
    changed = ~np.all(np.isclose(out, images.numpy()), axis=(1, 2, 3))
    assert 0.3 < changed.mean() < 0.7


@pytest.mark.parametrize("logit, direction", [(3.0, 1), (-3.0, -1)])
def test_ada_controller_follows_the_overfitting_signal(logit, direction):
    augment = DiffAugment(probability=0.5, adaptive=True, interval=2, speed_kimg=1.0, seed=0)
    for _ in range(4):
        augment.update_probability(tf.fill((32, 1), logit), 32.0)
    # Two updates of 32 * 2 / 1000 each.
    assert float(augment.probability.numpy()) == pytest.approx(0.5 + direction * 0.128, abs=1e-6)


def test_non_adaptive_probability_never_moves():
    augment = DiffAugment(probability=1.0, seed=0)
    augment.update_probability(tf.fill((32, 1), -5.0), 32.0)
    assert float(augment.probability.numpy()) == 1.0


def test_config_round_trip_and_unknown_policy():
    augment = DiffAugment(policies=("color", "cutout"), probability=0.3, adaptive=True, seed=7)
    clone = DiffAugment.from_config(augment.get_config())
    assert clone.get_config() == augment.get_config()
    assert keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(augment)).policies == ("color", "cutout")
    with pytest.raises(ValueError, match="unknown augmentation policies"):
        DiffAugment(policies=("rotate",))


@pytest.mark.parametrize("colour", [True, False])
def test_the_config_decides_whether_colours_are_shifted(colour):
    from implementor_tf.face.config import FaceConfig
    from implementor_tf.face.train import build_dcgan

    gan = build_dcgan(FaceConfig.budget("test", augment_colour=colour))
    reddish = tf.concat([tf.fill((32, 32, 32, 1), 0.6), tf.fill((32, 32, 32, 2), -0.4)], axis=-1)
    out = gan.augment(reddish, training=True).numpy()
    kept = np.all((out == 0) | np.isclose(out, reddish.numpy()), axis=-1)  # Translation and cutout only blank pixels.
    assert kept.all() != colour
    assert gan.augment.policies == (("color",) if colour else ()) + ("translation", "cutout")
