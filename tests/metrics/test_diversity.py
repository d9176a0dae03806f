import numpy as np
import pytest

from implementor_tf.data.synthetic_portraits import draw_portraits
from implementor_tf.metrics.diversity import (
    diversity,
    mean_ms_ssim,
    random_pairs,
    scale_weights,
)
from implementor_tf.pictures import from_uint8


def test_scales_shrink_with_the_image_and_weights_sum_to_one():
    assert [len(scale_weights(size)) for size in (32, 64, 128, 256)] == [2, 3, 4, 5]
    assert sum(scale_weights(64)) == pytest.approx(1.0)


def test_pairs_never_compare_an_image_with_itself():
    first, second = random_pairs(3, 1000, np.random.default_rng(0))
    assert np.all(first != second)


def test_a_collapsed_generator_scores_far_above_real_images():
    real = from_uint8(draw_portraits(40, image_size=32, seed=0)[0])
    collapsed = np.repeat(real[:1], 40, axis=0) + np.random.default_rng(0).normal(0, 0.01, real.shape).astype(np.float32)
    result = diversity(real, collapsed, pairs=100)
    assert result["ms_ssim_generated"] > 0.95
    assert result["ms_ssim_real"] < 0.6
    assert result["ms_ssim_ratio"] > 1.5


def test_identical_images_score_one():
    image = np.random.default_rng(0).uniform(-1, 1, (1, 32, 32, 3)).astype(np.float32)
    assert mean_ms_ssim(np.repeat(image, 5, axis=0), pairs=10) == pytest.approx(1.0, abs=1e-4)
