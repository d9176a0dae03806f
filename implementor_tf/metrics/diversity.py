"""Diversity: how alike random pairs of images are (mean MS-SSIM).

Odena et al. (2017) measured a GAN's diversity with the multi-scale
structural similarity of random pairs of its images: the more alike the
pairs, the less diverse the set. On its own the number means little, so it is
always compared with the same measure on real images. A collapsed generator,
which draws nearly the same face for every noise vector, scores far above the
real images (1.0 when all images are identical).

MS-SSIM comes from ``tf.image.ssim_multiscale``. It needs the image to stay
at least as large as its 11 px window at the coarsest scale, so small images
use fewer scales: 3 at 64 px, 2 at 32 px, with the paper's weights for those
scales renormalised to sum to 1.

Example:

>>> import numpy as np
>>> faces = np.random.default_rng(0).uniform(-1, 1, (16, 32, 32, 3)).astype("float32")
>>> round(mean_ms_ssim(np.repeat(faces[:1], 16, axis=0)), 3)
1.0
>>> mean_ms_ssim(faces) < 0.1
True
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

# Wang, Simoncelli and Bovik (2003): weights of the five scales, finest first.
MS_SSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
FILTER_SIZE = 11


def scale_weights(image_size: int) -> tuple[float, ...]:
    """The MS-SSIM weights for as many scales as ``image_size`` allows, summing to 1."""
    scales = 1
    while scales < len(MS_SSIM_WEIGHTS) and image_size // 2**scales >= FILTER_SIZE:
        scales += 1
    weights = np.array(MS_SSIM_WEIGHTS[:scales])
    return tuple(float(weight) for weight in weights / weights.sum())


def random_pairs(n: int, pairs: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``pairs`` random index pairs ``(i, j)`` with ``i != j``."""
    if n < 2:
        raise ValueError("diversity needs at least 2 images")
    first = rng.integers(0, n, pairs)
    second = (first + rng.integers(1, n, pairs)) % n  # Never the same image.
    return first, second


@tf.function(reduce_retracing=True)
def _ms_ssim(a, b, weights):
    return tf.image.ssim_multiscale(a, b, max_val=1.0, power_factors=weights, filter_size=FILTER_SIZE)


def mean_ms_ssim(images, pairs: int = 500, seed: int = 0, batch_size: int = 250) -> float:
    """Mean MS-SSIM over ``pairs`` random pairs of distinct images in [-1, 1] (1 = all alike)."""
    images = np.asarray(images, np.float32)
    first, second = random_pairs(len(images), pairs, np.random.default_rng(seed))
    weights = scale_weights(images.shape[1])
    scores = []
    for start in range(0, pairs, batch_size):
        a = (images[first[start : start + batch_size]] + 1.0) / 2.0
        b = (images[second[start : start + batch_size]] + 1.0) / 2.0
        scores.append(_ms_ssim(a, b, weights).numpy())
    return float(np.mean(np.concatenate(scores)))


def diversity(real, generated, pairs: int = 500, seed: int = 0) -> dict:
    """Mean MS-SSIM of generated and of real pairs; mode collapse shows as generated >> real."""
    generated_score = mean_ms_ssim(generated, pairs, seed)
    real_score = mean_ms_ssim(real, pairs, seed)
    return {
        "ms_ssim_generated": round(generated_score, 4),
        "ms_ssim_real": round(real_score, 4),
        "ms_ssim_ratio": round(generated_score / max(real_score, 1e-8), 3),
    }
