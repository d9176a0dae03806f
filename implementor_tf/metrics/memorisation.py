"""Memorisation: does the generator copy its training photos?

A GAN trained on a thousand photos of people can learn to reproduce some of
them, which would make "new" faces that are really someone's photo. For each
generated image we find its nearest training image (root-mean-square pixel
distance in [-1, 1]) and compare that with how close the training images lie
to each other:

- ``closest_real_pair``: the smallest distance between two training images;
- ``median_real_nn``: the median distance from a training image to its
  nearest other training image, the typical spacing of the data;
- ``memorised_share``: the share of generated images closer to a training
  image than the closest real pair is: closer than any two real photos are
  to each other, which for distinct people means a copy;
- ``nn_ratio``: median generated-to-training distance over ``median_real_nn``
  (about 1 for a generator that samples the data's spread; near 0 for one
  that copies).

``closest_pairs_picture`` shows the closest generated images beside their
training neighbours, so a person can judge them.

Example:

>>> import numpy as np
>>> training = np.random.default_rng(0).uniform(-1, 1, (20, 8, 8, 3)).astype("float32")
>>> report = memorisation(training, training[:5])  # Exact copies.
>>> report["memorised_share"]
1.0
"""

from __future__ import annotations

import numpy as np

from implementor_tf.pictures import captioned, image_grid, to_uint8


def pairwise_rms(a: np.ndarray, b: np.ndarray, chunk: int = 512) -> np.ndarray:
    """Root-mean-square pixel distance between every image of ``a`` and every image of ``b``."""
    a = np.asarray(a, np.float32).reshape(len(a), -1)
    b = np.asarray(b, np.float32).reshape(len(b), -1)
    b_squared = np.einsum("ij,ij->i", b, b)
    rows = []
    for start in range(0, len(a), chunk):
        part = a[start : start + chunk]
        squared = np.einsum("ij,ij->i", part, part)[:, None] + b_squared[None, :] - 2.0 * part @ b.T
        rows.append(np.sqrt(np.maximum(squared, 0.0) / a.shape[1]))
    return np.concatenate(rows)


def nearest(a: np.ndarray, b: np.ndarray, exclude_self: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """For each image of ``a``, the index of its nearest image in ``b`` and the distance."""
    distances = pairwise_rms(a, b)
    if exclude_self:
        np.fill_diagonal(distances, np.inf)
    index = distances.argmin(axis=1)
    return index, distances[np.arange(len(a)), index]


def memorisation(training, generated) -> dict:
    """Nearest-neighbour distances of generated images to the training set.

    Args:
        training: array ``(n, size, size, 3)`` in [-1, 1], at least 2 images.
        generated: array ``(m, size, size, 3)`` in [-1, 1].

    Returns:
        A dict with the figures described in the module docstring and, under
        ``"nearest"``, each generated image's nearest training index and distance.
    """
    training = np.asarray(training, np.float32)
    generated = np.asarray(generated, np.float32)
    if len(training) < 2:
        raise ValueError("memorisation needs at least 2 training images")
    _, real_distances = nearest(training, training, exclude_self=True)
    neighbour, distances = nearest(generated, training)
    closest_real_pair = float(real_distances.min())
    median_real = float(np.median(real_distances))
    return {
        "closest_real_pair": round(closest_real_pair, 4),
        "median_real_nn": round(median_real, 4),
        "median_generated_nn": round(float(np.median(distances)), 4),
        "nn_ratio": round(float(np.median(distances)) / max(median_real, 1e-8), 3),
        "memorised_share": round(float(np.mean(distances < closest_real_pair)), 4),
        "nearest": {"index": neighbour.tolist(), "distance": [round(float(d), 4) for d in distances]},
    }


def closest_pairs_picture(training, generated, report: dict, count: int = 8) -> np.ndarray:
    """The ``count`` generated images closest to a training image, each above its neighbour.

    Returns a uint8 picture: the top row is generated, the bottom row the
    training image it is closest to, captioned with the smallest distance shown
    and the closest real pair for comparison.
    """
    order = np.argsort(report["nearest"]["distance"])[:count]
    neighbours = np.asarray(report["nearest"]["index"])[order]
    rows = np.concatenate([to_uint8(np.asarray(generated)[order]), to_uint8(np.asarray(training)[neighbours])])
    picture = image_grid(rows, columns=len(order))
    if picture.shape[1] < 320:  # Small faces: enlarge so the captions fit.
        factor = -(-320 // picture.shape[1])
        picture = picture.repeat(factor, axis=0).repeat(factor, axis=1)
    closest = report["nearest"]["distance"][order[0]]
    picture = captioned(picture, "top: generated; bottom: nearest training image")
    return captioned(picture, f"closest pair {closest:.3f} RMS; closest real pair {report['closest_real_pair']:.3f}")
