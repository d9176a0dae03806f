"""Measuring a policy: the share of episodes that reach the door, against a random policy.

A policy here is a function from a batch of camera pictures ``(n, h, w, 3)``
to a batch of actions ``(n,)``. ``evaluate_policy`` plays ``episodes``
episodes side by side (one corridor each, seeded from ``seed`` upwards, the
same corridors for every policy) and reports the success rate, the mean
return and the mean number of steps.

Example:

>>> result = evaluate_policy(random_policy(seed=0), "easy", episodes=50)
>>> 0.2 < result["success_rate"] < 0.8
True
"""

from __future__ import annotations

import numpy as np

from implementor_tf.rl.environment import CorridorEnv

EVALUATION_SEED = 1_000_000  # Evaluation corridors are never training corridors (those are seeded below 1,000,000).


def random_policy(seed: int = 0, n_actions: int = 2):
    """Uniformly random actions: the baseline."""
    rng = np.random.default_rng(seed)
    return lambda pictures: rng.integers(n_actions, size=len(pictures))


def greedy_policy(agent):
    """The trained agent's most probable action."""
    return lambda pictures: agent.policy_and_value(pictures)[0].argmax(axis=-1)


def sampling_policy(agent, seed: int = 0):
    """Actions drawn from the trained agent's probabilities (as during training)."""
    rng = np.random.default_rng(seed)

    def act(pictures):
        probabilities = agent.policy_and_value(pictures)[0]
        return (probabilities.cumsum(axis=-1) > rng.random((len(pictures), 1))).argmax(axis=-1)

    return act


def evaluate_policy(policy, difficulty: str = "medium", episodes: int = 100, seed: int = EVALUATION_SEED) -> dict:
    """Plays ``episodes`` episodes with ``policy``; returns success rate, mean return and mean steps."""
    envs = [CorridorEnv(difficulty) for _ in range(episodes)]
    pictures = np.stack([env.reset(seed=seed + index)[0] for index, env in enumerate(envs)])
    returns = np.zeros(episodes)
    steps = np.zeros(episodes, dtype=int)
    success = np.zeros(episodes, dtype=bool)
    active = np.ones(episodes, dtype=bool)
    while active.any():
        indices = np.flatnonzero(active)
        actions = policy(pictures[indices])
        for index, action in zip(indices, actions):
            picture, reward, terminated, truncated, _ = envs[index].step(int(action))
            pictures[index] = picture
            returns[index] += reward
            steps[index] += 1
            if terminated or truncated:
                active[index] = False
                success[index] = terminated
    return {
        "episodes": episodes,
        "success_rate": float(success.mean()),
        "mean_return": float(returns.mean()),
        "mean_steps": float(steps.mean()),
    }
