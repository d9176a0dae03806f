"""Kernel Inception Distance (Binkowski et al., 2018) with a pluggable feature extractor.

KID is the squared maximum mean discrepancy between the feature vectors of two
image sets under the cubic polynomial kernel ``k(x, y) = (x.y / d + 1) ** 3``.
Its estimate is unbiased, so unlike FID it is fair to small sets: it is
computed on random subsets and reported as mean and standard deviation over
them (as StyleGAN2-ADA does, with subsets of up to 1,000 images).

The usual features are InceptionV3's 2,048 pooled activations with ImageNet
weights. Those weights are downloaded on first use; where that is impossible
(offline) ``inception_extractor`` raises ``FeatureExtractorUnavailable`` and
``kernel_inception_distance`` reports KID as unavailable instead of
substituting other features. Any function from images to feature vectors can
be passed instead.

Example:

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> same = kid_from_features(rng.normal(size=(200, 8)), rng.normal(size=(200, 8)))
>>> shifted = kid_from_features(rng.normal(size=(200, 8)), rng.normal(1.0, 1.0, size=(200, 8)))
>>> abs(same["kid"]) < 0.1 < shifted["kid"]
True
"""

from __future__ import annotations

import contextlib
import sys
from typing import Callable

import numpy as np
import tensorflow as tf

INCEPTION_SIZE = 299


class FeatureExtractorUnavailable(RuntimeError):
    """The feature network cannot be loaded (usually: no network to fetch its weights)."""


def _polynomial_kernel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a @ b.T / a.shape[1] + 1.0) ** 3


def kid_from_features(
    real: np.ndarray, generated: np.ndarray, subsets: int = 100, subset_size: int = 1000, seed: int = 0
) -> dict:
    """Unbiased squared MMD with the cubic kernel, averaged over random subsets.

    Args:
        real, generated: arrays ``(n, d)`` of feature vectors.
        subsets: int. Random subsets to average over.
        subset_size: int. Vectors per subset (capped by the smaller set).
        seed: int. Seed of the subset draws.

    Returns:
        ``{"kid": mean, "kid_std": standard deviation, "subset_size": m}``.
    """
    real = np.asarray(real, np.float64)
    generated = np.asarray(generated, np.float64)
    m = min(subset_size, len(real), len(generated))
    if m < 2:
        raise ValueError("KID needs at least 2 feature vectors in each set")
    rng = np.random.default_rng(seed)
    estimates = []
    for _ in range(subsets):
        x = real[rng.choice(len(real), m, replace=False)]
        y = generated[rng.choice(len(generated), m, replace=False)]
        k_xx, k_yy, k_xy = _polynomial_kernel(x, x), _polynomial_kernel(y, y), _polynomial_kernel(x, y)
        # Unbiased: the diagonals (a vector compared with itself) are left out.
        within = (k_xx.sum() - np.trace(k_xx) + k_yy.sum() - np.trace(k_yy)) / (m * (m - 1))
        estimates.append(within - 2.0 * k_xy.mean())
    return {"kid": float(np.mean(estimates)), "kid_std": float(np.std(estimates)), "subset_size": m}


def load_application(constructor: Callable, **kwargs):
    """Builds a ``keras.applications`` network, turning a failed weight download into ``FeatureExtractorUnavailable``.

    Keras announces downloads on stdout; they go to stderr here, so that stdout
    keeps carrying results (JSON).
    """
    try:
        with contextlib.redirect_stdout(sys.stderr):
            return constructor(**kwargs)
    except Exception as error:  # Keras raises plain Exception when a download fails.
        name = getattr(constructor, "__name__", "the network")
        raise FeatureExtractorUnavailable(f"{name} ImageNet weights could not be loaded: {error}") from error


def inception_extractor(batch_size: int = 50) -> Callable[[np.ndarray], np.ndarray]:
    """InceptionV3 (ImageNet weights) pooled features of images in [-1, 1].

    Raises:
        FeatureExtractorUnavailable: the weights cannot be loaded (offline, and
            not in Keras's cache ``~/.keras/models``).
    """
    import keras

    network = load_application(
        keras.applications.InceptionV3,
        include_top=False, weights="imagenet", pooling="avg", input_shape=(INCEPTION_SIZE, INCEPTION_SIZE, 3),
    )

    def features(images: np.ndarray) -> np.ndarray:
        outputs = []
        for start in range(0, len(images), batch_size):
            batch = tf.image.resize(images[start : start + batch_size], (INCEPTION_SIZE, INCEPTION_SIZE), method="bilinear")
            outputs.append(network(batch, training=False).numpy())  # Inception expects [-1, 1], as ours are.
        return np.concatenate(outputs)

    return features


def kernel_inception_distance(real, generated, extractor: Callable | None = None, subsets: int = 100, seed: int = 0) -> dict:
    """KID between two image sets in [-1, 1], or why it is unavailable.

    Args:
        real, generated: arrays ``(n, size, size, 3)`` in [-1, 1].
        extractor: function from such an array to features ``(n, d)``;
            InceptionV3 with ImageNet weights when None.

    Returns:
        ``{"kid": ..., "kid_std": ..., "subset_size": ..., "available": True}``,
        or ``{"available": False, "reason": ...}`` when the extractor cannot be loaded.
    """
    try:
        extractor = extractor or inception_extractor()
    except FeatureExtractorUnavailable as error:
        return {"available": False, "reason": str(error)}
    result = kid_from_features(extractor(np.asarray(real)), extractor(np.asarray(generated)), subsets=subsets, seed=seed)
    return {**result, "available": True}
