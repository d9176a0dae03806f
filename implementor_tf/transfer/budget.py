"""Drawing a label budget: a few labelled images, stratified, never from the held-out set.

A label-budget experiment asks "how good is a classifier trained on only
``budget`` labelled images?". Its answer is only honest when the images it is
scored on were never among those it trained on, and when a small budget still
holds every class. ``sample_budget`` draws from the pool alone (the held-out
indices are refused outright) and keeps each class's share of the pool, with
at least one image per class.

Example:

>>> import numpy as np
>>> labels = np.array([0] * 60 + [1] * 40)
>>> chosen = sample_budget(labels, pool=np.arange(100), budget=10, seed=0)
>>> np.bincount(labels[chosen]).tolist()
[6, 4]
"""

from __future__ import annotations

import numpy as np


def stratified_counts(class_sizes: np.ndarray, budget: int) -> np.ndarray:
    """How many of each class a budget holds: proportional, at least one each.

    Largest-remainder rounding makes the counts add up to ``budget`` exactly.

    Args:
        class_sizes: ints ``(n_classes,)``. Images of each class available.
        budget: int. Labels to draw in all.

    Raises:
        ValueError: the budget is smaller than the number of classes or larger
            than the images available.
    """
    class_sizes = np.asarray(class_sizes, np.int64)
    present = class_sizes > 0
    if budget < present.sum():
        raise ValueError(f"a budget of {budget} labels cannot hold one image of each of {present.sum()} classes")
    if budget > class_sizes.sum():
        raise ValueError(f"a budget of {budget} labels is more than the {class_sizes.sum()} labelled images available")
    ideal = budget * class_sizes / class_sizes.sum()  # Never more than a class holds.
    counts = np.floor(ideal).astype(np.int64)
    by_remainder = np.argsort(-(ideal - counts), kind="stable")
    counts[by_remainder[: budget - counts.sum()]] += 1
    for missing in np.flatnonzero(present & (counts == 0)):  # A rare class still gets one image...
        counts[np.argmax(counts)] -= 1  # ...taken from the largest.
        counts[missing] += 1
    return counts


def sample_budget(labels: np.ndarray, pool: np.ndarray, budget: int, seed: int = 0, holdout: np.ndarray | None = None) -> np.ndarray:
    """Indices of ``budget`` labelled images drawn from ``pool``, stratified by class.

    Args:
        labels: ints ``(n,)``. The class of every image.
        pool: ints. Indices the labels may be drawn from.
        budget: int. How many to draw.
        seed: int. The same seed draws the same images.
        holdout: ints or None. Indices that must never be drawn; an error if
            the pool overlaps them.

    Returns:
        Sorted indices into ``labels``, all from ``pool``.
    """
    labels = np.asarray(labels)
    pool = np.asarray(pool)
    if holdout is not None and np.intersect1d(pool, holdout).size:
        raise ValueError("the pool overlaps the held-out set: labels would leak into the evaluation")
    classes = np.unique(labels)
    members = [pool[labels[pool] == label] for label in classes]
    counts = stratified_counts(np.array([len(found) for found in members]), budget)
    rng = np.random.default_rng(seed)
    chosen = [rng.choice(found, count, replace=False) for found, count in zip(members, counts)]
    return np.sort(np.concatenate(chosen))
