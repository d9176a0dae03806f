import numpy as np

from implementor_tf.data.synthetic_portraits import draw_portraits
from implementor_tf.metrics.memorisation import (
    closest_pairs_picture,
    memorisation,
    pairwise_rms,
)
from implementor_tf.pictures import from_uint8, to_uint8


def test_distances_are_root_mean_square_pixel_differences():
    a = np.zeros((1, 2, 2, 1), np.float32)
    b = np.full((2, 2, 2, 1), 0.5, np.float32)
    b[1, 0, 0, 0] = 1.5  # Squares 2.25 + 3 x 0.25 = 3, mean 0.75.
    np.testing.assert_allclose(pairwise_rms(a, b), [[0.5, np.sqrt(0.75)]], rtol=1e-6)


def test_an_exact_copy_is_flagged_and_new_portraits_are_not():
    training = from_uint8(draw_portraits(60, image_size=32, seed=0)[0])
    new = from_uint8(draw_portraits(20, image_size=32, seed=1)[0])
    generated = np.concatenate([new, training[7:8]])  # One copied training image.
    report = memorisation(training, generated)
    assert report["memorised_share"] == round(1 / 21, 4)
    assert report["nearest"]["index"][-1] == 7 and report["nearest"]["distance"][-1] < 1e-3
    assert 0.5 < report["nn_ratio"] < 2.0  # New portraits lie as far apart as real ones do.
    copies = memorisation(training, training[:10])
    assert copies["memorised_share"] == 1.0 and copies["nn_ratio"] < 0.01


def test_the_closest_pair_is_shown_first():
    training = from_uint8(draw_portraits(10, image_size=32, seed=0)[0])
    generated = np.stack([training[3] * 0.5, training[5]])
    report = memorisation(training, generated)
    picture = closest_pairs_picture(training, generated, report, count=2)
    assert picture.dtype == np.uint8 and picture.shape[1] >= 320
    scale = picture.shape[1] // 64
    top_left = picture[: 32 * scale : scale, : 32 * scale : scale]
    np.testing.assert_array_equal(top_left, to_uint8(training[5]))  # The copy comes first.
