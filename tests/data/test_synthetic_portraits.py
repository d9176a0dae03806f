import numpy as np

from implementor_tf.data.synthetic_portraits import ATTRIBUTE_NAMES, BINARY_ATTRIBUTES, draw_portraits


def test_shapes_types_and_labels():
    images, attributes = draw_portraits(200, image_size=32, seed=0)
    assert images.shape == (200, 32, 32, 3) and images.dtype == np.uint8
    assert set(attributes) == set(ATTRIBUTE_NAMES) and len(ATTRIBUTE_NAMES) >= 5
    for name in BINARY_ATTRIBUTES:
        assert set(np.unique(attributes[name])) == {0, 1}, name
    assert len(np.unique(attributes["skin_tone"])) > 3


def test_same_seed_same_portraits_other_seed_other_portraits():
    first, first_labels = draw_portraits(5, image_size=32, seed=3)
    again, again_labels = draw_portraits(5, image_size=32, seed=3)
    other, _ = draw_portraits(5, image_size=32, seed=4)
    np.testing.assert_array_equal(first, again)
    for name in ATTRIBUTE_NAMES:
        np.testing.assert_array_equal(first_labels[name], again_labels[name])
    assert np.abs(first.astype(int) - other.astype(int)).mean() > 10


def test_portraits_vary_and_glasses_change_the_eye_region():
    images, attributes = draw_portraits(300, image_size=64, seed=1)
    # Varied: the pixel-wise spread across portraits is large.
    assert images.astype(float).std(axis=0).mean() > 30
    # The glasses label matches what is drawn: frames darken the eye band.
    eye_band = images[:, 24:32, 16:48].astype(float).mean(axis=(1, 2, 3))
    with_glasses = eye_band[attributes["glasses"] == 1].mean()
    without = eye_band[attributes["glasses"] == 0].mean()
    assert with_glasses < without - 3


def test_larger_sizes_are_drawn_directly():
    images, _ = draw_portraits(2, image_size=128, seed=0)
    assert images.shape == (2, 128, 128, 3)
