"""``RLConfig``: every setting of an RL run and its named budgets.

Example:

>>> RLConfig.budget("test").episodes
100
>>> RLConfig(difficulty="impossible")
Traceback (most recent call last):
...
ValueError: difficulty must be one of ('easy', 'hard', 'medium'), got 'impossible'
"""

from __future__ import annotations

import dataclasses

from implementor_tf.run_folder import RunKind
from implementor_tf.settings import Settings, setting


@dataclasses.dataclass(frozen=True)
class Level:
    """One difficulty: corridor length, step limit and camera noise."""

    length: int  # Cells, walls not counted.
    max_steps: int
    noise: float  # Standard deviation of the pixel noise, in 0..255 units.
    tint: float  # Largest random change of the floor colour, in 0..255 units.


LEVELS = {
    "easy": Level(length=7, max_steps=8, noise=0.0, tint=0.0),
    "medium": Level(length=11, max_steps=12, noise=12.0, tint=40.0),
    "hard": Level(length=15, max_steps=16, noise=25.0, tint=70.0),
}


@dataclasses.dataclass
class RLConfig(Settings):
    """Settings of an RL run; the defaults are the README's run (a few minutes on a 2-core CPU)."""

    BUDGETS = {
        # Trains in seconds: the tests' agent.
        "test": dict(difficulty="easy", episodes=100, n_envs=4, n_steps=4, eval_episodes=10),
        # The notebook on a CPU: the medium corridor, under a minute.
        "notebook_cpu": dict(difficulty="medium", episodes=5000),
        # The notebook on a GPU: the README's run (the robot is small: a GPU hardly speeds it up).
        "notebook_gpu": dict(),
        # `implementor rl train` with no flags: the README's run.
        "readme": dict(),
    }

    difficulty: str = setting("hard", "corridor length, step limit and camera noise", choices=tuple(sorted(LEVELS)))
    episodes: int = setting(20000, "training episodes to play", within="[1, inf)")
    n_envs: int = setting(16, "corridors played side by side", within="[1, inf)")
    n_steps: int = setting(8, "steps per corridor between updates (one update sees n_envs x n_steps steps)", within="[1, inf)")
    learning_rate: float = setting(1e-3, "Adam's learning rate", within="(0, inf)")
    gamma: float = setting(0.95, "discount: a reward k steps away counts gamma**k", within="[0, 1]")
    entropy_weight: float = setting(0.01, "weight of the entropy bonus that keeps the agent exploring", within="[0, inf)")
    value_weight: float = setting(0.5, "weight of the critic's loss", within="[0, inf)")
    seed: int = setting(0, "seed of the corridors and the weights")
    eval_episodes: int = setting(100, "held-out corridors for the evaluation", within="[1, inf)")
    checkpoint_every: int = setting(50, "updates between checkpoints", within="[1, inf)")


RL_RUN = RunKind("RL", RLConfig, "implementor rl train", from_command=("episodes",), log="history.jsonl", plot="reward_curve.png")
"""An RL run folder: ``config.json``, ``history.jsonl``, ``reward_curve.png``, ``evaluation.json``,
the two episode GIFs, ``policy.keras`` and ``checkpoints/``."""
