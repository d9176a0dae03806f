"""Pictures: conversions, grids, captions and PNG files, shared by every room.

The networks work on float images in [-1, 1]; people look at uint8 RGB.
``to_uint8``/``from_uint8`` convert between the two; ``image_grid`` tiles
faces (or frames) into one picture, ``captioned`` writes a line under it,
``save_png`` writes it (atomically), and ``upscale``/``png_data_uri`` make a
small face ready for a web page: enlarged once with Pillow's Lanczos filter,
which keeps edges sharp (a browser would blur a small image or show its
pixels), and embedded as a ``data:`` URI so the page needs no other file.

Example:

>>> import numpy as np
>>> faces = to_uint8(np.zeros((6, 8, 8, 3)))
>>> faces[0, 0, 0], image_grid(faces, columns=3).shape
(array([128, 128, 128], dtype=uint8), (16, 24, 3))
>>> captioned(image_grid(faces, columns=3), "0 images").shape[1]
24
>>> png_data_uri(upscale(faces[0], 32))[:22]
'data:image/png;base64,'
"""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from implementor_tf.run_folder import save_atomically


def from_uint8(images) -> np.ndarray:
    """uint8 [0, 255] array -> float32 [-1, 1] numpy array (the inverse of ``to_uint8``)."""
    return np.asarray(images, dtype=np.float32) / 127.5 - 1.0


def to_uint8(images) -> np.ndarray:
    """float [-1, 1] (tensor or array) -> uint8 [0, 255] numpy array."""
    images = np.asarray(images, dtype=np.float32)
    return np.clip(np.rint((images + 1.0) * 127.5), 0, 255).astype(np.uint8)


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


def upscale(image: np.ndarray, size: int = 256) -> np.ndarray:
    """A uint8 ``(h, w, 3)`` image resized to ``size x size`` with the Lanczos filter."""
    image = np.asarray(image, dtype=np.uint8)
    if image.shape[:2] == (size, size):
        return image
    return np.asarray(Image.fromarray(image).resize((size, size), Image.Resampling.LANCZOS))


def png_bytes(image: np.ndarray, scale: int = 1) -> bytes:
    """A uint8 image encoded as PNG, optionally enlarged ``scale`` times with nearest-neighbour."""
    picture = Image.fromarray(np.asarray(image, dtype=np.uint8))
    if scale > 1:
        picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def save_png(image: np.ndarray, path, scale: int = 1) -> None:
    """Writes an RGB uint8 array as a PNG file; a kill leaves the old file or the new one, never half of one."""
    data = png_bytes(image, scale)
    save_atomically(path, lambda temporary: temporary.write_bytes(data))


def data_uri(png: bytes) -> str:
    """PNG bytes as a ``data:image/png;base64,...`` URI, for ``<img src>``."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def png_data_uri(image: np.ndarray) -> str:
    """A uint8 image as a ``data:image/png;base64,...`` URI."""
    return data_uri(png_bytes(image))
