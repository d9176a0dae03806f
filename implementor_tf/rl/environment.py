"""A robot in a corridor that sees through a small camera: the podcast's example, made runnable.

The corridor is a row of cells between two walls. A robot stands in one cell
and a goal (a green door) in another; each episode places both at random.
The robot's only input is its camera: a small RGB picture of the corridor
(``observation``), never the positions themselves. Each step it moves one
cell left or right; a move into a wall leaves it where it is. Reaching the
door ends the episode with a reward of +1; every step costs ``step_cost``; an
episode that runs out of steps is cut off (``truncated``).

Difficulty sets the corridor's length, the step limit and how noisy the
camera is (a random floor tint and pixel noise at ``medium``, more at
``hard``), so the policy must learn what a robot and a door look like rather
than memorise exact pixels.

The interface is Gymnasium's (``gymnasium.Env``): ``reset(seed=...)`` returns
``(observation, info)``, ``step(action)`` returns ``(observation, reward,
terminated, truncated, info)``, and ``render()`` a larger picture for films.

Example:

>>> env = CorridorEnv("easy")
>>> observation, info = env.reset(seed=0)
>>> observation.shape, int(env.action_space.n)
((12, 36, 3), 2)
>>> observation, reward, terminated, truncated, info = env.step(RIGHT)
>>> round(reward, 2) in (-0.01, 0.99)
True
"""

from __future__ import annotations

import gymnasium
import numpy as np

from implementor_tf.rl.config import LEVELS

LEFT, RIGHT = 0, 1
ACTION_NAMES = ("left", "right")
CELL = 4  # Pixels per cell in the camera picture.
HEIGHT = 12  # Pixels of the camera picture's height.


FLOOR = np.array([150, 150, 160], np.float32)
WALL = np.array([40, 40, 50], np.float32)
GOAL = np.array([40, 190, 80], np.float32)
ROBOT = np.array([220, 90, 40], np.float32)


class CorridorEnv(gymnasium.Env):
    """Move left or right to reach the door, seeing only a camera picture.

    Args:
        difficulty: str. ``"easy"``, ``"medium"`` or ``"hard"`` (see ``LEVELS``).
        step_cost: float. Reward subtracted at every step.
        goal_reward: float. Reward for reaching the door.
        render_mode: None or ``"rgb_array"``.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 4}

    def __init__(self, difficulty: str = "medium", step_cost: float = 0.01, goal_reward: float = 1.0, render_mode=None):
        if difficulty not in LEVELS:
            raise ValueError(f"difficulty must be one of {sorted(LEVELS)}, got {difficulty!r}")
        self.difficulty = difficulty
        self.level = LEVELS[difficulty]
        self.step_cost = step_cost
        self.goal_reward = goal_reward
        self.render_mode = render_mode
        width = (self.level.length + 2) * CELL
        self.observation_space = gymnasium.spaces.Box(0, 255, (HEIGHT, width, 3), np.uint8)
        self.action_space = gymnasium.spaces.Discrete(len(ACTION_NAMES))
        self.robot = self.goal = 0
        self.steps = 0
        self._floor = FLOOR

    def reset(self, *, seed: int | None = None, options=None):
        super().reset(seed=seed)
        self.robot, self.goal = (int(cell) for cell in self.np_random.choice(self.level.length, size=2, replace=False))
        self.steps = 0
        self._floor = FLOOR + self.np_random.uniform(-self.level.tint, self.level.tint, size=3).astype(np.float32)
        return self._observe(), self._info()

    def step(self, action):
        if not self.action_space.contains(int(action)):
            raise ValueError(f"action must be 0 (left) or 1 (right), got {action!r}")
        move = -1 if int(action) == LEFT else 1
        self.robot = int(np.clip(self.robot + move, 0, self.level.length - 1))
        self.steps += 1
        terminated = self.robot == self.goal
        truncated = not terminated and self.steps >= self.level.max_steps
        reward = -self.step_cost + (self.goal_reward if terminated else 0.0)
        return self._observe(), reward, terminated, truncated, self._info()

    def _info(self) -> dict:
        return {"robot": self.robot, "goal": self.goal, "steps": self.steps, "distance": abs(self.goal - self.robot)}

    def picture(self) -> np.ndarray:
        """The corridor without camera noise, float32 ``(HEIGHT, width, 3)``."""
        width = (self.level.length + 2) * CELL
        image = np.empty((HEIGHT, width, 3), np.float32)
        image[:] = self._floor
        image[:, :CELL] = WALL
        image[:, -CELL:] = WALL
        image[:2] = WALL  # The far wall, for a sense of depth.
        goal_x = (self.goal + 1) * CELL
        image[2:, goal_x : goal_x + CELL] = GOAL  # A door: full height.
        robot_x = (self.robot + 1) * CELL
        image[5:11, robot_x : robot_x + CELL] = ROBOT  # Body.
        image[3:5, robot_x + 1 : robot_x + CELL - 1] = ROBOT  # Head.
        return image

    def _observe(self) -> np.ndarray:
        image = self.picture()
        if self.level.noise:
            image = image + self.np_random.normal(0.0, self.level.noise, image.shape).astype(np.float32)
        return np.clip(np.rint(image), 0, 255).astype(np.uint8)

    def render(self, scale: int = 8) -> np.ndarray:
        """The corridor as a ``scale`` times larger uint8 picture, without noise."""
        image = np.clip(np.rint(self.picture()), 0, 255).astype(np.uint8)
        return np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)
