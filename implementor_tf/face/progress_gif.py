"""A callback that films training: the same noise, rendered again and again.

At every snapshot the averaged generator draws a grid of faces from a fixed set
of noise vectors, so the GIF shows the *same* people emerging from noise. Each
frame is captioned with the number of real images seen so far.

A long run would make a huge GIF, so the film is thinned as it grows: when it
holds more than ``max_frames`` frames, every second frame is dropped and the
snapshot interval doubles. The frames stay evenly spaced and there are never
more than ``max_frames`` (+1) of them. The file is kept under ``max_bytes`` by
thinning it further if needed.

The frames are part of the training checkpoint (``get_state``/``set_state``),
so a resumed run continues the same film without losing or repeating a frame.

Example:

>>> import numpy as np
>>> callback = ProgressGIF("/tmp/progress.gif", noise=np.zeros((4, 8), "float32"), every_kimg=1.0)
>>> callback.get_state()["frame_images"]
[]
"""

from __future__ import annotations

import time
from pathlib import Path

import imageio.v3 as iio
import keras
import numpy as np

from implementor_tf.pictures import captioned, image_grid, to_uint8
from implementor_tf.run_folder import save_atomically

FRAME_MILLISECONDS = 120
LAST_FRAME_MILLISECONDS = 2000
# Encoding a GIF of many frames takes seconds, so during training the file is
# refreshed at most this often (and always at the end).
REWRITE_SECONDS = 120


def format_images(count: int) -> str:
    return f"{count / 1000:,.1f}k images" if count >= 1000 else f"{count} images"


class ProgressGIF(keras.callbacks.Callback):
    """Renders a fixed grid of faces at snapshots and writes an animated GIF.

    Args:
        path: str or Path. Where the GIF is written.
        noise: array ``(n, latent_dim)``. The fixed noise of the grid.
        every_kimg: float. Thousands of real images between snapshots (the
            starting interval; it doubles each time the film is thinned).
        max_frames: int. Thin the film when it grows past this.
        max_bytes: int. Thin further while the GIF file is larger than this.
        columns: int. Faces per row of the grid.
    """

    def __init__(self, path, noise, every_kimg=1.0, max_frames=100, max_bytes=10_000_000, columns=None):
        super().__init__()
        self.path = Path(path)
        self.noise = np.asarray(noise, dtype="float32")
        self.interval = max(1, int(round(every_kimg * 1000)))
        self.max_frames = max_frames
        self.max_bytes = max_bytes
        self.columns = columns or int(np.ceil(np.sqrt(len(self.noise))))
        self.frames: list[np.ndarray] = []
        self.frame_images: list[int] = []
        self._last_write = time.monotonic()

    # ----------------------------------------------------------- checkpointing
    def get_state(self) -> dict:
        """Everything needed to continue the film: frames and spacing."""
        return {"frames": list(self.frames), "frame_images": list(self.frame_images), "interval": self.interval}

    def set_state(self, state: dict) -> None:
        self.frames = list(state["frames"])
        self.frame_images = [int(count) for count in state["frame_images"]]
        self.interval = int(state["interval"])

    # ---------------------------------------------------------------- frames
    def render(self, count: int) -> np.ndarray:
        faces = to_uint8(self.model.ema_generator(self.noise, training=False))
        return captioned(image_grid(faces, self.columns), format_images(count))

    def _snapshot(self, count: int) -> None:
        self.frames.append(self.render(count))
        self.frame_images.append(count)
        if len(self.frames) > self.max_frames:
            self._thin()

    def _thin(self) -> None:
        """Drops every second frame and doubles the interval."""
        self.frames = self.frames[::2]
        self.frame_images = self.frame_images[::2]
        self.interval *= 2

    def _next_snapshot(self) -> int:
        if not self.frame_images:
            return 0
        return (self.frame_images[-1] // self.interval + 1) * self.interval

    def on_train_begin(self, logs=None):
        if not self.frames:
            self._snapshot(int(self.model.images_seen.numpy()))

    def on_train_batch_end(self, batch, logs=None):
        count = int(self.model.images_seen.numpy())
        if count >= self._next_snapshot():
            self._snapshot(count)

    def on_epoch_end(self, epoch, logs=None):
        if time.monotonic() - self._last_write > REWRITE_SECONDS:
            self.write()

    def on_train_end(self, logs=None):
        self.write(final_images=int(self.model.images_seen.numpy()))

    # ----------------------------------------------------------------- write
    def write(self, final_images: int | None = None) -> Path:
        """Writes the GIF atomically; ``final_images`` adds a closing frame (not kept in the state)."""
        frames, counts = list(self.frames), list(self.frame_images)
        if final_images is not None and (not counts or final_images > counts[-1]):
            frames.append(self.render(final_images))
        while True:
            durations = [FRAME_MILLISECONDS] * (len(frames) - 1) + [LAST_FRAME_MILLISECONDS]
            gif = iio.imwrite(
                "<bytes>",
                np.stack(frames),
                extension=".gif",
                duration=durations if len(frames) > 1 else LAST_FRAME_MILLISECONDS,  # Pillow wants one number for one frame.
                loop=0,
            )
            if len(gif) <= self.max_bytes or len(frames) <= 2:
                break
            frames = frames[:-1:2] + [frames[-1]]
        save_atomically(self.path, lambda temporary: temporary.write_bytes(gif))
        self._last_write = time.monotonic()
        return self.path
