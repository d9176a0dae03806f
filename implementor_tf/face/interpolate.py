"""A latent walk: one face morphing smoothly into the next, as a looping GIF.

The generator maps every point of its noise space to a face, and nearby
points to similar faces, so a path through that space is a film of one
person turning into another. The path visits ``n_faces`` random noise vectors
(the key faces) and returns to the first, so the GIF loops without a jump.

Between two key vectors the path follows the great circle (spherical linear
interpolation, Shoemake 1985; White 2016, "Sampling generative networks"):
Gaussian noise of high dimension lies near a sphere, and a straight line
between two such points passes through the sphere's inside, where the
generator saw no noise during training and draws washed-out faces.
The steps are eased (slow at each key face, faster in between), so every key
face holds still for a moment.

Example:

>>> import numpy as np
>>> path = latent_path(n_faces=3, steps=4, latent_dim=8, seed=0)
>>> path.shape
(12, 8)
>>> bool(np.allclose(path[0], latent_path(3, 4, 8, seed=0)[0]))
True
"""

from __future__ import annotations

from pathlib import Path

import imageio.v3 as iio
import numpy as np

from implementor_tf.face.dcgan import latent_noise
from implementor_tf.pictures import to_uint8
from implementor_tf.run_folder import save_atomically

FRAME_MILLISECONDS = 60


def slerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Points along the great circle from ``a`` to ``b`` at fractions ``t`` (radius interpolated linearly).

    >>> a, b = np.array([1.0, 0.0]), np.array([0.0, 2.0])
    >>> np.round(slerp(a, b, np.array([0.0, 0.5, 1.0])), 3).tolist()
    [[1.0, 0.0], [1.061, 1.061], [0.0, 2.0]]
    """
    t = np.asarray(t, np.float64)[:, None]
    norm_a, norm_b = np.linalg.norm(a), np.linalg.norm(b)
    unit_a, unit_b = a / norm_a, b / norm_b
    angle = np.arccos(np.clip(unit_a @ unit_b, -1.0, 1.0))
    if angle < 1e-6:  # Same direction: a straight line is the great circle.
        direction = unit_a * (1 - t) + unit_b * t
    else:
        direction = (np.sin((1 - t) * angle) * unit_a + np.sin(t * angle) * unit_b) / np.sin(angle)
    return direction * ((1 - t) * norm_a + t * norm_b)


def latent_path(n_faces: int = 6, steps: int = 24, latent_dim: int = 128, seed: int = 0) -> np.ndarray:
    """A closed path through noise space: ``n_faces`` key vectors, ``steps`` frames from each to the next.

    Returns:
        float32 array ``(n_faces * steps, latent_dim)``; frame ``k * steps`` is key face ``k``.
    """
    if n_faces < 2 or steps < 1:
        raise ValueError(f"a walk needs at least 2 faces and 1 step between them, got {n_faces} and {steps}")
    keys = latent_noise(n_faces, latent_dim, seed)
    eased = (1 - np.cos(np.pi * np.arange(steps) / steps)) / 2  # 0 up to (not including) 1, slow at both ends.
    legs = [slerp(keys[k], keys[(k + 1) % n_faces], eased) for k in range(n_faces)]
    return np.concatenate(legs).astype(np.float32)


def latent_walk_frames(generator, n_faces: int = 6, steps: int = 24, seed: int = 0, batch_size: int = 64) -> np.ndarray:
    """The walk's frames as uint8 images ``(n_faces * steps, size, size, 3)``."""
    path = latent_path(n_faces, steps, generator.input_shape[-1], seed)
    return to_uint8(generator.predict(path, batch_size=batch_size, verbose=0))


def write_latent_walk(generator, path, n_faces: int = 6, steps: int = 24, seed: int = 0, scale: int = 2) -> Path:
    """Renders the walk and writes it atomically as a looping GIF, enlarged ``scale`` times."""
    path = Path(path)
    frames = latent_walk_frames(generator, n_faces, steps, seed)
    if scale > 1:
        frames = frames.repeat(scale, axis=1).repeat(scale, axis=2)
    gif = iio.imwrite("<bytes>", frames, extension=".gif", duration=FRAME_MILLISECONDS, loop=0)
    return save_atomically(path, lambda temporary: temporary.write_bytes(gif))
