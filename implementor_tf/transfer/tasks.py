"""The classification tasks of the transfer experiment, each with a fixed held-out set.

Two kinds of task:

- an attribute of the synthetic portraits (``glasses``, ``long_hair``, ...):
  fresh portraits drawn with their labels, from a seed the face runs never
  use, so no image is one the GAN trained on;
- ``face_vs_nonface``: scikit-image's LFW subset, 100 faces and 100 patches of
  other pictures. Faces 50-99 and non-faces 150-199 are held out; the labels
  are drawn from the first halves.

Every task is balanced (as many images of each class), so chance is one over
the number of classes and accuracy reads plainly.

Example:

>>> task = load_task("glasses", image_size=32, per_class_pool=8, per_class_holdout=4)
>>> task.class_names, len(task.pool), len(task.holdout)
(('no glasses', 'glasses'), 16, 8)
"""

from __future__ import annotations

import dataclasses

import numpy as np

from implementor_tf.data.portraits import LFW_FACES, lfw_subset_rgb
from implementor_tf.data.synthetic_portraits import (
    ATTRIBUTE_CLASSES,
    ATTRIBUTE_NAMES,
    BINARY_ATTRIBUTES,
    draw_portraits,
)
from implementor_tf.pictures import from_uint8
from implementor_tf.transfer.config import FACE_VS_NONFACE, TASKS

TASK_SEED = 5_000_000  # Portraits for tasks come from seeds far from those of training data (0, 1, ...).
LFW_HOLDOUT_FROM = 50  # Faces 50-99 and non-faces 150-199 are held out.


@dataclasses.dataclass
class TransferTask:
    """Labelled images for one task, split once into a label pool and a held-out set.

    Attributes:
        name: str. The task, one of ``TASKS``.
        images: float32 ``(n, size, size, 3)`` in [-1, 1].
        labels: int ``(n,)``.
        class_names: tuple of str, indexed by label.
        pool: indices the label budgets are drawn from.
        holdout: indices every classifier is scored on; disjoint from ``pool``.
        description: str. Where the images come from.
    """

    name: str
    images: np.ndarray
    labels: np.ndarray
    class_names: tuple
    pool: np.ndarray
    holdout: np.ndarray
    description: str

    @property
    def chance(self) -> float:
        """Accuracy of always answering one class (the held-out set is balanced)."""
        return float(np.bincount(self.labels[self.holdout]).max() / len(self.holdout))


def _class_names(attribute: str) -> tuple:
    if attribute in BINARY_ATTRIBUTES:
        readable = attribute.replace("_", " ")
        return (f"no {readable}", readable)
    return tuple(f"{attribute} {index}" for index in range(ATTRIBUTE_CLASSES[attribute]))


def _attribute_task(attribute: str, image_size: int, per_class_pool: int, per_class_holdout: int, seed: int) -> TransferTask:
    class_names = _class_names(attribute)
    wanted = per_class_pool + per_class_holdout
    found = {label: [] for label in range(len(class_names))}
    chunk = 0
    while min(len(images) for images in found.values()) < wanted:  # Rare classes need more portraits.
        drawn, attributes = draw_portraits(500, image_size=image_size, seed=seed + chunk)
        for image, label in zip(drawn, attributes[attribute]):
            found[int(label)].append(image)
        chunk += 1
    # Class by class: the first per_class_pool images go to the pool, the next per_class_holdout are held out.
    images = np.stack([image for label in found for image in found[label][:wanted]])
    labels = np.repeat(np.arange(len(class_names)), wanted)
    in_pool = np.tile(np.arange(wanted) < per_class_pool, len(class_names))
    return TransferTask(
        name=attribute,
        images=from_uint8(images),
        labels=labels,
        class_names=class_names,
        pool=np.flatnonzero(in_pool),
        holdout=np.flatnonzero(~in_pool),
        description=(
            f"{len(images):,} synthetic portraits drawn from seed {seed} on, {wanted} per class: "
            f"{per_class_pool} to label, {per_class_holdout} held out"
        ),
    )


def _face_vs_nonface_task(image_size: int) -> TransferTask:
    images = lfw_subset_rgb(image_size)
    labels = (np.arange(len(images)) < LFW_FACES).astype(np.int64)  # 1 = face.
    index = np.arange(len(images))
    in_holdout = (index % LFW_FACES) >= LFW_HOLDOUT_FROM
    return TransferTask(
        name=FACE_VS_NONFACE,
        images=from_uint8(images),
        labels=labels,
        class_names=("not a face", "face"),
        pool=index[~in_holdout],
        holdout=index[in_holdout],
        description=(
            f"scikit-image's LFW subset: faces 0-{LFW_HOLDOUT_FROM - 1} and non-faces {LFW_FACES}-{LFW_FACES + LFW_HOLDOUT_FROM - 1} "
            f"to label, faces {LFW_HOLDOUT_FROM}-{LFW_FACES - 1} and non-faces {LFW_FACES + LFW_HOLDOUT_FROM}-{2 * LFW_FACES - 1} held out"
        ),
    )


def load_task(name: str, image_size: int = 64, per_class_pool: int = 200, per_class_holdout: int = 200, seed: int = TASK_SEED) -> TransferTask:
    """The images, labels and fixed split of one task.

    Args:
        name: str. An attribute of the synthetic portraits or ``"face_vs_nonface"``.
        image_size: int. Side in pixels; use the discriminator's.
        per_class_pool, per_class_holdout: int. Images of each class to draw
            labels from and to hold out (synthetic attributes only; LFW has 50
            and 50).
        seed: int. First seed of the synthetic portraits.

    Raises:
        ValueError: for an unknown task.
    """
    if name == FACE_VS_NONFACE:
        return _face_vs_nonface_task(image_size)
    if name in ATTRIBUTE_NAMES:
        return _attribute_task(name, image_size, per_class_pool, per_class_holdout, seed)
    raise ValueError(f"unknown task {name!r}: choose one of {', '.join(TASKS)}")
