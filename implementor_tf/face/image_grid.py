"""Tiling generated faces into one picture, with an optional caption.

Example:

>>> import numpy as np
>>> faces = np.zeros((6, 8, 8, 3), np.uint8)
>>> image_grid(faces, columns=3).shape
(16, 24, 3)
>>> captioned(image_grid(faces, columns=3), "0 images").shape[1]
24
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont


def image_grid(images: np.ndarray, columns: int) -> np.ndarray:
    """Tiles ``(n, h, w, c)`` uint8 images into rows of ``columns``; blanks fill the last row."""
    n, height, width, channels = images.shape
    rows = -(-n // columns)
    padded = np.zeros((rows * columns, height, width, channels), images.dtype)
    padded[:n] = images
    return padded.reshape(rows, columns, height, width, channels).swapaxes(1, 2).reshape(
        rows * height, columns * width, channels
    )


def captioned(image: np.ndarray, text: str, height: int = 18) -> np.ndarray:
    """Adds a white strip with ``text`` in black below an RGB uint8 image."""
    canvas = Image.new("RGB", (image.shape[1], image.shape[0] + height), "white")
    canvas.paste(Image.fromarray(image), (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=height - 5)
    draw.text((4, image.shape[0] + 2), text, fill="black", font=font)
    return np.asarray(canvas)


def save_png(image: np.ndarray, path, scale: int = 1) -> None:
    """Writes an RGB uint8 array as PNG, optionally enlarged with nearest-neighbour."""
    picture = Image.fromarray(image)
    if scale > 1:
        picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    picture.save(path)
