"""Reinforcement learning from the podcast: a robot that learns to act on what its camera sees.

- ``environment``: ``CorridorEnv``, a Gymnasium environment with a camera picture as observation;
- ``agent``: ``ActorCritic``, a convolutional policy and value network with A2C in ``train_step``;
- ``evaluate``: success rate of a policy, the random baseline;
- ``episode_gif``: a film of one episode;
- ``train``: ``train_agent``, the run folder.
"""

from implementor_tf.rl.agent import ActorCritic
from implementor_tf.rl.config import RLConfig
from implementor_tf.rl.environment import CorridorEnv
from implementor_tf.rl.evaluate import evaluate_policy, greedy_policy, random_policy
from implementor_tf.rl.train import load_policy, train_agent

__all__ = ["ActorCritic", "CorridorEnv", "RLConfig", "evaluate_policy", "greedy_policy", "load_policy", "random_policy", "train_agent"]
