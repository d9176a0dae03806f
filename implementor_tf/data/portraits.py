"""One entry point for every portrait source.

``load_portraits(source)`` accepts:

- ``"synthetic"``: procedurally drawn portraits with attribute labels (offline
  default, see ``synthetic_portraits``);
- ``"lfw"``: the 100 real faces of Labeled Faces in the Wild that scikit-image
  ships (25x25 grayscale, upscaled and turned into RGB);
- ``"tfds:NAME"``: a tensorflow-datasets data set such as ``tfds:celeb_a``
  (needs a network the first time);
- a folder path: the user's own photos (see ``image_folder``).

Whatever the source, ``Portraits.batches`` gives a cached, shuffled
``tf.data.Dataset`` of float32 RGB images in [-1, 1].

Example:

>>> portraits = load_portraits("synthetic", image_size=32, n=64)
>>> portraits.count
64
>>> batch = next(iter(portraits.batches(16)))
>>> tuple(batch.shape), float(batch.numpy().min()) >= -1.0
((16, 32, 32, 3), True)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import tensorflow as tf

from implementor_tf.data.image_folder import read_image_folder
from implementor_tf.data.synthetic_portraits import draw_portraits
from implementor_tf.pictures import from_uint8

MIN_IMAGE_SIZE, MAX_IMAGE_SIZE = 32, 128
OFFLINE_SOURCES = "'synthetic', 'lfw' or a folder of your own photos"


class DataSourceError(RuntimeError):
    """Raised when a portrait source cannot be loaded, with what to do instead."""


@dataclasses.dataclass
class Portraits:
    """A portrait data set, ready for training.

    Attributes:
        images: ``tf.data.Dataset`` of single uint8 RGB images.
        count: number of images.
        image_size: side in pixels.
        description: human-readable name of the source, printed before training.
        attributes: per-image labels (synthetic source only), name -> int array.
        skipped: files of a folder source that could not be read.
    """

    images: tf.data.Dataset
    count: int
    image_size: int
    description: str
    attributes: dict[str, np.ndarray] | None = None
    skipped: list = dataclasses.field(default_factory=list)

    def batches(self, batch_size: int, seed: int | None = None, repeat: bool = False) -> tf.data.Dataset:
        """Shuffled batches of float32 images in [-1, 1], cached after decoding.

        Args:
            batch_size: int. Images per batch. Every batch is full (the last,
                partial one of an epoch is dropped), so it may not exceed
                ``count``.
            seed: int or None. Shuffle seed.
            repeat: bool. Repeat forever.

        Raises:
            ValueError: when ``batch_size`` is larger than the data set, which
                would otherwise give epochs without a single batch.
        """
        if batch_size > self.count:
            raise ValueError(
                f"batch size {batch_size} is larger than the {self.count} images of {self.description}; "
                f"use --batch-size {self.count} or less, or add more images"
            )
        dataset = self.images.map(to_unit_range, num_parallel_calls=tf.data.AUTOTUNE).cache()
        dataset = dataset.shuffle(min(self.count, 10_000), seed=seed, reshuffle_each_iteration=True)
        if repeat:
            dataset = dataset.repeat()
        return dataset.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

    def numpy(self, limit: int | None = None) -> np.ndarray:
        """The first ``limit`` images (all by default) as one uint8 array."""
        dataset = self.images if limit is None else self.images.take(limit)
        return np.stack(list(dataset.as_numpy_iterator()))


def to_unit_range(image: tf.Tensor) -> tf.Tensor:
    """uint8 [0, 255] -> float32 [-1, 1]."""
    return tf.cast(image, tf.float32) / 127.5 - 1.0


def _from_array(images: np.ndarray, description: str, **extra) -> Portraits:
    return Portraits(
        images=tf.data.Dataset.from_tensor_slices(images),
        count=len(images),
        image_size=images.shape[1],
        description=description,
        **extra,
    )


def load_synthetic(image_size: int = 64, n: int = 1000, seed: int = 0) -> Portraits:
    """The procedural portraits with their attribute labels."""
    images, attributes = draw_portraits(n, image_size=image_size, seed=seed)
    return _from_array(images, f"synthetic: {n:,} procedural portraits (seed {seed})", attributes=attributes)


LFW_FACES = 100  # scikit-image's lfw_subset: 100 faces, then 100 patches that are not faces.


def lfw_subset_rgb(image_size: int = 64) -> np.ndarray:
    """All 200 images of scikit-image's ``lfw_subset`` as uint8 RGB of the given size.

    The first ``LFW_FACES`` are faces, the rest are not (the face-vs-non-face
    task of ``implementor_tf.transfer`` uses both halves).
    """
    from skimage.data import lfw_subset

    gray = lfw_subset()  # (200, 25, 25) floats in [0, 1].
    resized = tf.image.resize(gray[..., None], (image_size, image_size), method="lanczos3", antialias=True)
    return np.repeat(np.clip(np.rint(resized.numpy() * 255), 0, 255).astype(np.uint8), 3, axis=-1)


def load_lfw(image_size: int = 64, n: int = LFW_FACES) -> Portraits:
    """The first ``n`` (at most 100) Labeled Faces in the Wild faces shipped with scikit-image."""
    n = min(n, LFW_FACES)
    faces = lfw_subset_rgb(image_size)[:n]
    which = "the 100" if n == LFW_FACES else f"the first {n} of the 100"
    return _from_array(faces, f"lfw: {which} Labeled Faces in the Wild images shipped with scikit-image")


def load_folder(folder: str | Path, image_size: int = 64, face_crop: bool = True) -> Portraits:
    """The user's own photos, cropped and resized."""
    found = read_image_folder(folder, image_size=image_size, face_crop=face_crop, progress=True)
    crop = f", {found.faces_found} cropped around a detected face" if face_crop else ""
    return _from_array(
        found.images,
        f"folder {folder}: {len(found.images):,} photos{crop}",
        skipped=found.skipped,
    )


def load_tfds(name: str, image_size: int = 64, limit: int | None = None, split: str = "train") -> Portraits:
    """A tensorflow-datasets image data set, centre-cropped and resized.

    Args:
        name: str. A tensorflow-datasets name such as ``celeb_a``.
        image_size: int. Output side in pixels.
        limit: int or None. Use only the first ``limit`` images (for example
            1,000, to reproduce the small-data setting).
        split: str. Which split to read.
    """
    import tensorflow_datasets as tfds

    try:
        dataset, info = tfds.load(name, split=split, with_info=True, shuffle_files=False)
    except Exception as error:  # tfds raises many types: network, missing data, unknown name.
        raise DataSourceError(
            f"could not load tensorflow-datasets '{name}': {type(error).__name__}: {error}\n"
            f"tensorflow-datasets downloads data the first time, which needs a network. "
            f"Offline, use {OFFLINE_SOURCES}."
        ) from error
    count = int(dataset.cardinality())
    if count < 0:  # Unknown to tf.data: ask the data set's metadata.
        count = info.splits[split].num_examples
    if limit is not None:
        dataset, count = dataset.take(limit), min(limit, count)

    def square_and_resize(example):
        image = example["image"] if isinstance(example, dict) else example
        if image.shape[-1] == 1:
            image = tf.image.grayscale_to_rgb(image)
        height, width = tf.shape(image)[0], tf.shape(image)[1]
        side = tf.minimum(height, width)
        image = tf.image.crop_to_bounding_box(image, (height - side) // 2, (width - side) // 2, side, side)
        image = tf.image.resize(image, (image_size, image_size), method="area", antialias=True)
        return tf.cast(tf.clip_by_value(tf.round(image), 0, 255), tf.uint8)

    images = dataset.map(square_and_resize, num_parallel_calls=tf.data.AUTOTUNE)
    return Portraits(images, count, image_size, f"tfds: {name} ({count:,} images, split {split})")


def load_portraits(
    source: str = "synthetic",
    image_size: int = 64,
    n: int = 1000,
    seed: int = 0,
    face_crop: bool = True,
    limit: int | None = None,
) -> Portraits:
    """Loads portraits from any supported source.

    Args:
        source: str. ``"synthetic"``, ``"lfw"``, ``"tfds:NAME"`` or a folder path.
        image_size: int. Side of the square images, 32 to 128 pixels.
        n: int. Number of synthetic portraits, or of LFW faces (the first
            ``n``, at most 100); ignored by the other sources.
        seed: int. Seed of the synthetic portraits.
        face_crop: bool. Crop folder photos around a detected face.
        limit: int or None. At most this many tfds images.

    Returns:
        A ``Portraits``.

    Raises:
        ValueError: for an image size outside 32-128 or an unknown source.
        DataSourceError: when a tfds data set cannot be loaded.
        EmptyImageFolderError: for a folder without readable images.
    """
    if not MIN_IMAGE_SIZE <= image_size <= MAX_IMAGE_SIZE:
        raise ValueError(f"image size must be between {MIN_IMAGE_SIZE} and {MAX_IMAGE_SIZE} pixels, got {image_size}")
    if source == "synthetic":
        return load_synthetic(image_size, n=n, seed=seed)
    if source == "lfw":
        return load_lfw(image_size, n=n)
    if source.startswith("tfds:"):
        return load_tfds(source.removeprefix("tfds:"), image_size, limit=limit)
    if Path(source).exists():
        return load_folder(source, image_size, face_crop=face_crop)
    raise ValueError(f"unknown portrait source '{source}': use {OFFLINE_SOURCES}, or tfds:NAME")



FLOOR_SEED_OFFSET = 1_000_003  # Synthetic floor samples: far from any training seed.


def floor_samples(images: np.ndarray, source: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray | None, str]:
    """Two samples of the real data, in [-1, 1], for measuring the floor of a metric.

    A quality figure means something only beside the same figure for a second
    sample of the real data: that is the best a perfect generator could score
    with this many images. For the synthetic portraits the reference is the
    training set and the second sample is as many freshly drawn portraits;
    for a fixed data set (LFW, a folder, tfds) the images are split into two
    halves, the first the reference and the second the floor sample, so
    generated sets should then be as large as the first half.

    Args:
        images: array ``(n, size, size, 3)`` in [-1, 1]. The training images
            (``from_uint8(portraits.numpy())``).
        source: str. Where they came from (``"synthetic"`` draws new ones).
        seed: int. The training portraits' seed.

    Returns:
        ``(reference, second_sample, description)``; with fewer than 4
        images there is no floor: ``(images, None, why)``.

    >>> images = from_uint8(load_synthetic(32, n=8).numpy())
    >>> reference, second, how = floor_samples(images, "synthetic")
    >>> reference.shape == second.shape, bool((reference != second).any())
    (True, True)
    """
    if source == "synthetic":
        second = from_uint8(load_synthetic(images.shape[1], n=len(images), seed=seed + FLOOR_SEED_OFFSET).numpy())
        return images, second, f"{len(images):,} training portraits vs {len(images):,} new ones"
    half = len(images) // 2
    if half < 2:
        return images, None, f"no floor: it needs at least 4 real images, there are {len(images)}"
    return images[:half], images[half : 2 * half], f"two halves of the data ({half:,} images each)"
