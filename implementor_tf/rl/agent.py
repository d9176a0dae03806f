"""An actor-critic agent: a small convolutional network from camera picture to action.

The network reads the picture with two convolutions and a dense layer, then
splits into two heads: the **actor** gives a probability to each action (the
policy) and the **critic** estimates the return to expect from here (the
value). Training is advantage actor-critic (A2C; Mnih et al., 2016, "Asynchronous
Methods for Deep Reinforcement Learning", in its synchronous form): an
action that turned out better than the critic expected (positive advantage)
is made more likely, a worse one less likely, while the critic learns to
predict returns, and an entropy bonus keeps the policy exploring early on.

``ActorCritic`` is a ``keras.Model`` with its own ``train_step``, like the
GAN: ``train_on_batch(observations, (actions, returns))`` does one update.

Example:

>>> import numpy as np
>>> agent = ActorCritic.build((12, 36, 3), n_actions=2, seed=0)
>>> agent.compile(optimizer="adam")
>>> probabilities, values = agent.policy_and_value(np.zeros((4, 12, 36, 3), np.uint8))
>>> probabilities.shape, values.shape
((4, 2), (4,))
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf


def build_network(observation_shape, n_actions: int, seed: int = 0) -> keras.Model:
    """Picture (uint8) -> (action logits, value)."""
    initializer = keras.initializers.HeNormal(seed=seed)
    picture = keras.Input(observation_shape, name="picture")
    x = keras.layers.Rescaling(1 / 127.5, offset=-1.0)(picture)
    x = keras.layers.Conv2D(16, 4, strides=(2, 2), padding="same", activation="relu", kernel_initializer=initializer)(x)
    x = keras.layers.Conv2D(32, 3, strides=(2, 2), padding="same", activation="relu", kernel_initializer=initializer)(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(64, activation="relu", kernel_initializer=initializer)(x)
    # Small initial logits: the untrained policy is close to uniform.
    logits = keras.layers.Dense(int(n_actions), kernel_initializer=keras.initializers.RandomNormal(0.0, 0.01, seed=seed), name="actor")(x)
    value = keras.layers.Dense(1, name="critic")(x)
    return keras.Model(picture, [logits, value], name="actor_critic_network")


class ActorCritic(keras.Model):
    """A2C on a picture-to-action network.

    Args:
        network: keras.Model. Picture -> (logits, value), as ``build_network`` makes.
        value_weight: float. Weight of the critic's squared error in the loss.
        entropy_weight: float. Weight of the entropy bonus.
    """

    def __init__(self, network: keras.Model, value_weight: float = 0.5, entropy_weight: float = 0.01, **kwargs):
        super().__init__(**kwargs)
        self.network = network
        self.value_weight = value_weight
        self.entropy_weight = entropy_weight
        self.policy_loss_tracker = keras.metrics.Mean(name="policy_loss")
        self.value_loss_tracker = keras.metrics.Mean(name="value_loss")
        self.entropy_tracker = keras.metrics.Mean(name="entropy")

    @classmethod
    def build(cls, observation_shape, n_actions: int, seed: int = 0, **kwargs) -> ActorCritic:
        return cls(build_network(observation_shape, n_actions, seed), **kwargs)

    @property
    def metrics(self):
        return [self.policy_loss_tracker, self.value_loss_tracker, self.entropy_tracker]

    def call(self, pictures, training=False):
        return self.network(pictures, training=training)

    @tf.function(reduce_retracing=True)
    def _policy_and_value(self, pictures):
        logits, value = self.network(pictures, training=False)
        return tf.nn.softmax(logits), tf.squeeze(value, -1)

    def policy_and_value(self, pictures) -> tuple[np.ndarray, np.ndarray]:
        """Action probabilities ``(n, actions)`` and values ``(n,)`` for a batch of pictures."""
        probabilities, values = self._policy_and_value(tf.convert_to_tensor(pictures))
        return probabilities.numpy(), values.numpy()

    def train_step(self, data):
        pictures, (actions, returns) = data[0], data[1]
        returns = tf.cast(returns, tf.float32)
        with tf.GradientTape() as tape:
            logits, values = self.network(pictures, training=True)
            values = tf.squeeze(values, -1)
            log_probabilities = tf.nn.log_softmax(logits)
            taken = tf.gather(log_probabilities, tf.cast(actions, tf.int32), batch_dims=1)
            advantages = tf.stop_gradient(returns - values)
            policy_loss = -tf.reduce_mean(taken * advantages)
            value_loss = tf.reduce_mean(tf.square(returns - values))
            entropy = -tf.reduce_mean(tf.reduce_sum(tf.exp(log_probabilities) * log_probabilities, axis=-1))
            loss = policy_loss + self.value_weight * value_loss - self.entropy_weight * entropy
        gradients = tape.gradient(loss, self.network.trainable_weights)
        gradients, _ = tf.clip_by_global_norm(gradients, 0.5)
        self.optimizer.apply_gradients(zip(gradients, self.network.trainable_weights))
        self.policy_loss_tracker.update_state(policy_loss)
        self.value_loss_tracker.update_state(value_loss)
        self.entropy_tracker.update_state(entropy)
        return {metric.name: metric.result() for metric in self.metrics}


def discounted_returns(rewards: np.ndarray, dones: np.ndarray, bootstrap: np.ndarray, gamma: float) -> np.ndarray:
    """n-step returns of a rollout ``(steps, envs)``, bootstrapped from the critic after its last step.

    An episode that ended (``dones``) contributes nothing beyond its end.

    >>> discounted_returns(np.array([[0.0], [1.0]]), np.array([[0.0], [1.0]]), np.array([5.0]), 0.5).ravel().tolist()
    [0.5, 1.0]
    """
    returns = np.zeros_like(rewards, dtype=np.float32)
    running = bootstrap.astype(np.float32)
    for step in reversed(range(len(rewards))):
        running = rewards[step] + gamma * running * (1.0 - dones[step])
        returns[step] = running
    return returns
