"""Reinforcement learning from the podcast: a robot that learns to act on what its camera sees.

- ``environment``: ``CorridorEnv``, a Gymnasium environment with a camera picture as observation;
- ``agent``: ``ActorCritic``, a convolutional policy and value network with A2C in ``train_step``;
- ``evaluate``: success rate of a policy, the random baseline;
- ``episode_gif``: a film of one episode;
- ``train``: ``train_agent``, the run folder.
"""

from implementor_tf.lazy import lazy_exports

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "ActorCritic": "implementor_tf.rl.agent",
        "CorridorEnv": "implementor_tf.rl.environment",
        "RLConfig": "implementor_tf.rl.config",
        "evaluate_policy": "implementor_tf.rl.evaluate",
        "greedy_policy": "implementor_tf.rl.evaluate",
        "load_policy": "implementor_tf.rl.train",
        "random_policy": "implementor_tf.rl.evaluate",
        "train_agent": "implementor_tf.rl.train",
    },
)
