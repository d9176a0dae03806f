import numpy as np
import pytest

from implementor_tf.data.synthetic_portraits import draw_portraits
from implementor_tf.metrics.swd import (
    laplacian_pyramid,
    sliced_wasserstein,
    sliced_wasserstein_distance,
)
from implementor_tf.pictures import from_uint8


@pytest.fixture(scope="module")
def portraits():
    return from_uint8(draw_portraits(96, image_size=32, seed=0)[0]), from_uint8(draw_portraits(96, image_size=32, seed=1)[0])


def test_identical_sets_score_zero(portraits):
    real, _ = portraits
    result = sliced_wasserstein_distance(real, real, patches_per_image=16)
    assert result["swd"] == 0.0
    assert set(result["swd_levels"]) == {"32px", "16px"}


def test_ranks_a_second_sample_far_closer_than_blur_or_noise(portraits):
    real, other = portraits
    blurred = np.repeat(np.repeat(other[:, ::4, ::4], 4, axis=1), 4, axis=2)
    noise = np.random.default_rng(0).uniform(-1, 1, real.shape).astype(np.float32)
    same_source = sliced_wasserstein_distance(real, other, patches_per_image=16)["swd"]
    assert 0 < same_source < sliced_wasserstein_distance(real, blurred, patches_per_image=16)["swd"]
    assert sliced_wasserstein_distance(real, noise, patches_per_image=16)["swd"] > 10 * same_source


def test_pyramid_adds_back_up_to_the_image():
    image = np.random.default_rng(0).uniform(-1, 1, (1, 32, 32, 3)).astype(np.float32)
    fine, coarse = laplacian_pyramid(image)
    assert fine.shape == (1, 32, 32, 3) and coarse.shape == (1, 16, 16, 3)
    # The coarse level is a smoothed half-size image: its mean matches the image's.
    assert abs(coarse.mean() - image.mean()) < 0.02


def test_sliced_wasserstein_of_shifted_clouds_is_the_projected_shift():
    rng = np.random.default_rng(0)
    cloud = rng.normal(size=(2000, 2)).astype(np.float32)
    shifted = cloud + np.array([3.0, 0.0], np.float32)
    # Projected on a random unit direction (cos t, sin t) the shift is 3|cos t|, whose mean is 6/pi.
    assert sliced_wasserstein(cloud, shifted, directions=4096) == pytest.approx(6 / np.pi, rel=0.05)


def test_sets_of_different_sizes_are_refused(portraits):
    real, other = portraits
    with pytest.raises(ValueError, match="as many real as generated"):
        sliced_wasserstein_distance(real, other[:10])
