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

from implementor_tf.rl.environment import LEVELS
from implementor_tf.run_folder import RunKind
from implementor_tf.settings import Settings, positive_int, setting


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
    episodes: int = setting(20000, "training episodes to play", check=positive_int)
    n_envs: int = setting(16, "corridors played side by side", check=positive_int)
    n_steps: int = setting(8, "steps per corridor between updates (one update sees n_envs x n_steps steps)", check=positive_int)
    learning_rate: float = setting(1e-3, "Adam's learning rate")
    gamma: float = setting(0.95, "discount: a reward k steps away counts gamma**k")
    entropy_weight: float = setting(0.01, "weight of the entropy bonus that keeps the agent exploring")
    value_weight: float = setting(0.5, "weight of the critic's loss")
    seed: int = setting(0, "seed of the corridors and the weights")
    eval_episodes: int = setting(100, "held-out corridors for the evaluation", check=positive_int)
    checkpoint_every: int = setting(50, "updates between checkpoints", check=positive_int)

    def __post_init__(self):
        super().__post_init__()
        if self.episodes < 1 or self.n_envs < 1 or self.n_steps < 1:
            raise ValueError("episodes, n_envs and n_steps must be positive")


RL_RUN = RunKind("RL", RLConfig, "implementor rl train", longer="episodes", log="history.jsonl", plot="reward_curve.png")
"""An RL run folder: ``config.json``, ``history.jsonl``, ``reward_curve.png``, ``evaluation.json``,
the two episode GIFs, ``policy.keras`` and ``checkpoints/``."""
