"""A film of one episode: what the robot's camera saw at each step, and what it did.

Each frame is the camera picture (noise included: this is what the policy
read) enlarged eight times, with a caption of the step, the action and the
return so far; the last frame says whether the robot reached the door.

Example:

>>> import tempfile, os
>>> from implementor_tf.rl.evaluate import random_policy
>>> path = os.path.join(tempfile.mkdtemp(), "episode.gif")
>>> summary = save_episode_gif(random_policy(seed=1), path, difficulty="easy", seed=3)
>>> os.path.getsize(path) > 0, summary["frames"] == summary["steps"] + 1
(True, True)
"""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np

from implementor_tf.pictures import captioned
from implementor_tf.rl.environment import ACTION_NAMES, CorridorEnv
from implementor_tf.rl.evaluate import EVALUATION_SEED
from implementor_tf.run_folder import save_atomically

SCALE = 8


def _frame(picture: np.ndarray, caption: str) -> np.ndarray:
    return captioned(np.repeat(np.repeat(picture, SCALE, axis=0), SCALE, axis=1), caption, height=20)


def record_episode(policy, difficulty: str = "medium", seed: int = EVALUATION_SEED) -> tuple[list[np.ndarray], dict]:
    """Plays one episode; returns its frames and ``{"steps", "return", "success"}``."""
    env = CorridorEnv(difficulty)
    picture, info = env.reset(seed=seed)
    frames = [_frame(picture, f"start: door {info['distance']} cells away")]
    total, terminated, truncated = 0.0, False, False
    while not (terminated or truncated):
        action = int(policy(picture[None])[0])
        picture, reward, terminated, truncated, info = env.step(action)
        total += reward
        ending = " - reached the door!" if terminated else (" - out of steps" if truncated else "")
        frames.append(_frame(picture, f"step {info['steps']}: {ACTION_NAMES[action]}, return {total:+.2f}{ending}"))
    return frames, {"steps": info["steps"], "return": total, "success": bool(terminated)}


def save_episode_gif(policy, path, difficulty: str = "medium", seed: int = EVALUATION_SEED, frame_milliseconds: int = 400) -> dict:
    """Writes the GIF of one episode to ``path``; returns its summary and frame count."""
    frames, summary = record_episode(policy, difficulty, seed)
    durations = [frame_milliseconds] * (len(frames) - 1) + [2000]  # Hold the ending.
    gif = iio.imwrite("<bytes>", np.stack(frames), extension=".gif", duration=durations, loop=0)
    save_atomically(path, lambda temporary: temporary.write_bytes(gif))
    return {**summary, "frames": len(frames)}
