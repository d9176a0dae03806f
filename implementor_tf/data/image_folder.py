"""Reads a folder of the user's own portrait photos, safely.

Photos come in every shape: JPEG, PNG, WebP or BMP; grayscale, RGBA, palette
or CMYK; rotated by an EXIF tag; huge or tiny. This module turns each of them
into a square RGB picture of the requested size:

1. decode with Pillow, honouring the EXIF orientation;
2. convert to RGB (transparent areas become white);
3. find the largest frontal face with the LBP cascade that scikit-image ships
   and cut a head-and-shoulders square around it, or else take the centre
   square;
4. resize with Lanczos filtering (antialiased).

Files that cannot be read (truncated, corrupt, not images at all) are skipped
and all of them are named in one warning. The folder is only ever read.

Example:

>>> import tempfile, pathlib
>>> from PIL import Image
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> Image.new("RGB", (80, 60), "navy").save(folder / "a.png")
>>> result = read_image_folder(folder, image_size=32, face_crop=False)
>>> result.images.shape
(1, 32, 32, 3)
"""

from __future__ import annotations

import dataclasses
import functools
import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from tqdm.auto import tqdm

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp"}

# A detected face box is widened by this factor (and moved down a little) so
# that the crop holds hair, neck and shoulders as in the synthetic portraits.
HEAD_AND_SHOULDERS_SCALE = 2.0
# Face detection runs on a copy at most this many pixels wide: the cascade is
# slow on full-size photos and finds faces just as well on a small copy.
DETECTION_MAX_SIDE = 320


class EmptyImageFolderError(ValueError):
    """Raised when a folder holds no readable image."""


@dataclasses.dataclass
class FolderImages:
    """What ``read_image_folder`` found.

    Attributes:
        images: uint8 array ``(n, size, size, 3)``.
        paths: the file each image came from, in the same order.
        skipped: ``(path, reason)`` for every file that was not used.
        faces_found: how many images were cropped around a detected face.
    """

    images: np.ndarray
    paths: list[Path]
    skipped: list[tuple[Path, str]]
    faces_found: int


def list_files(folder: Path) -> list[Path]:
    """All regular files below ``folder``, recursively, in a stable order."""
    files = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        files.extend(Path(root) / name for name in sorted(names))
    return files


def open_rgb(path: Path) -> Image.Image:
    """Decodes one photo fully into an upright RGB image.

    Raises:
        OSError, ValueError or UnidentifiedImageError when the file is not a
        readable image (Pillow raises these for truncated or foreign data).
    """
    with Image.open(path) as image:
        image.load()  # Decode now: a truncated file fails here, not later.
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return Image.alpha_composite(background, rgba).convert("RGB")
        return image.convert("RGB")


@functools.lru_cache(maxsize=1)
def _face_detector():
    from skimage.data import lbp_frontal_face_cascade_filename
    from skimage.feature import Cascade

    return Cascade(lbp_frontal_face_cascade_filename())


def find_face(image: Image.Image) -> tuple[float, float, float] | None:
    """Returns ``(centre_x, centre_y, side)`` of the largest face, or None.

    Coordinates are in the pixels of ``image``.
    """
    scale = min(1.0, DETECTION_MAX_SIDE / max(image.size))
    small = image.convert("L")
    if scale < 1.0:
        small = small.resize((round(image.width * scale), round(image.height * scale)), Image.BILINEAR)
    gray = np.asarray(small, dtype=np.float64) / 255.0
    min_side = max(16, min(gray.shape) // 8)
    if min(gray.shape) < min_side:
        return None
    detections = _face_detector().detect_multi_scale(
        img=gray,
        scale_factor=1.2,
        step_ratio=1,
        min_size=(min_side, min_side),
        max_size=gray.shape,
    )
    if not detections:
        return None
    best = max(detections, key=lambda box: box["width"] * box["height"])
    centre_x = (best["c"] + best["width"] / 2) / scale
    centre_y = (best["r"] + best["height"] / 2) / scale
    return centre_x, centre_y, max(best["width"], best["height"]) / scale


def square_crop_box(image: Image.Image, face: tuple[float, float, float] | None) -> tuple[int, int, int, int]:
    """The square ``(left, top, right, bottom)`` to cut, kept inside the image."""
    width, height = image.size
    if face is None:
        side = min(width, height)
        centre_x, centre_y = width / 2, height / 2
    else:
        centre_x, centre_y, face_side = face
        side = min(face_side * HEAD_AND_SHOULDERS_SCALE, width, height)
        centre_y += face_side * 0.25  # Include the shoulders below the face.
    left = int(round(min(max(centre_x - side / 2, 0), width - side)))
    top = int(round(min(max(centre_y - side / 2, 0), height - side)))
    side = int(side)
    return left, top, left + side, top + side


def read_image_folder(
    folder: str | os.PathLike,
    image_size: int = 64,
    face_crop: bool = True,
    progress: bool = False,
) -> FolderImages:
    """Reads every photo below ``folder`` into square RGB arrays.

    Args:
        folder: str or Path. Searched recursively for jpg, jpeg, png, webp and
            bmp files (any letter case).
        image_size: int. Side of the output squares in pixels.
        face_crop: bool. Cut around the largest detected face; photos without
            a detected face fall back to the centre square.
        progress: bool. Show a progress bar.

    Returns:
        A ``FolderImages``.

    Raises:
        FileNotFoundError: the folder does not exist.
        EmptyImageFolderError: no file in it could be read as an image.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"portrait folder {folder} does not exist or is not a folder")
    images, paths, skipped = [], [], []
    faces_found = 0
    files = list_files(folder)
    for path in tqdm(files, desc=f"reading {folder}", unit="file", disable=not progress):
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            skipped.append((path, "not an image file type (jpg, png, webp, bmp)"))
            continue
        try:
            image = open_rgb(path)
        except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as error:
            skipped.append((path, f"unreadable: {error}"))
            continue
        face = find_face(image) if face_crop else None
        faces_found += face is not None
        square = image.crop(square_crop_box(image, face))
        square = square.resize((image_size, image_size), Image.LANCZOS)
        images.append(np.asarray(square, dtype=np.uint8))
        paths.append(path)
    if skipped:
        listing = "\n".join(f"  {path}: {reason}" for path, reason in skipped)
        warnings.warn(f"skipped {len(skipped)} of {len(files)} files in {folder}:\n{listing}", stacklevel=2)
    if not images:
        raise EmptyImageFolderError(
            f"no readable image in {folder} ({len(files)} files looked at); "
            f"expected photos with one of the suffixes {sorted(IMAGE_SUFFIXES)}"
        )
    return FolderImages(np.stack(images), paths, skipped, faces_found)
